//! Settings of the table set over a whole board: every sticky that carries a setting, every
//! service, or the run. What one side of a comparison or one point of a sweep changes, by the
//! same keys, ranges and words as the panel, the files and the text format.

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use stormlab_words::quoted;

use crate::settings::table::{find, Given, Setting, Table, Value};
use crate::settings::{RunSettings, ServiceSettings, StickySettings};

/// Which table a key belongs to (a sticky's first: `instances` is a consumer's instances).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// Every sticky that carries the setting.
    Sticky,
    /// Every context's service.
    Service,
    /// The run.
    Run,
}

/// Settings set everywhere they apply, in the order given (keys of the settings table). Two
/// are equal when they set the same keys to the same values, in whatever order (a file's
/// object does not keep it).
#[derive(Clone, Debug, Default)]
pub struct Overrides(Vec<(&'static str, Given)>);

impl PartialEq for Overrides {
    fn eq(&self, other: &Overrides) -> bool {
        self.0.len() == other.0.len() && self.0.iter().all(|(k, g)| other.get(k) == Some(*g))
    }
}

/// The owner of `key` and its setting's label, or `None` for a key no table has.
pub fn owner(key: &str) -> Option<Owner> {
    if find::<StickySettings>(key).is_some() {
        Some(Owner::Sticky)
    } else if find::<ServiceSettings>(key).is_some() {
        Some(Owner::Service)
    } else if find::<RunSettings>(key).is_some() {
        Some(Owner::Run)
    } else {
        None
    }
}

/// The setting `key` as the same functions over any table.
struct Any {
    key: &'static str,
    label: &'static str,
    value_words: Option<&'static [&'static str]>,
    is_number: bool,
    shown: String,
}

fn any<T: Table>(setting: &'static Setting<T>, given: Option<Given>) -> Any {
    Any {
        key: setting.key,
        label: setting.name(),
        value_words: match &setting.value {
            Value::Choice { words, .. } => Some(words),
            _ => None,
        },
        is_number: matches!(setting.value, Value::Number { .. }),
        shown: given.map(|g| setting.shown(g)).unwrap_or_default(),
    }
}

fn lookup(key: &str, given: Option<Given>) -> Option<Any> {
    match owner(key)? {
        Owner::Sticky => find::<StickySettings>(key).map(|s| any(s, given)),
        Owner::Service => find::<ServiceSettings>(key).map(|s| any(s, given)),
        Owner::Run => find::<RunSettings>(key).map(|s| any(s, given)),
    }
}

impl Overrides {
    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value given to `key`.
    pub fn get(&self, key: &str) -> Option<Given> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, g)| *g)
    }

    /// Every key given, in order.
    pub fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().map(|(k, _)| *k)
    }

    /// Sets `key` to `given` (replacing what it had), or says why not: a key no table has, or a
    /// value out of its range or of another kind, in the panel's words.
    pub fn set(&mut self, key: &str, given: Given) -> Result<(), String> {
        fn check<T: Table>(key: &str, given: Given) -> Option<(&'static str, Result<(), String>)> {
            let s = find::<T>(key)?;
            Some((
                s.key,
                if s.accepts(given) {
                    Ok(())
                } else {
                    Err(s.refusal(given))
                },
            ))
        }
        let ok = match owner(key) {
            Some(Owner::Sticky) => check::<StickySettings>(key, given),
            Some(Owner::Service) => check::<ServiceSettings>(key, given),
            Some(Owner::Run) => check::<RunSettings>(key, given),
            None => None,
        };
        match ok {
            None => Err(format!("No setting is called {}.", quoted(key))),
            Some((_, Err(refusal))) => Err(refusal),
            Some((key, Ok(()))) => {
                self.0.retain(|(k, _)| *k != key);
                self.0.push((key, given));
                Ok(())
            }
        }
    }

    /// Forgets `key` (as drawn again).
    pub fn clear(&mut self, key: &str) {
        self.0.retain(|(k, _)| *k != key);
    }

    /// `self` with `other`'s settings over it.
    pub fn and(&self, other: &Overrides) -> Overrides {
        let mut out = self.clone();
        for (k, g) in &other.0 {
            out.0.retain(|(key, _)| key != k);
            out.0.push((k, *g));
        }
        out
    }

    pub(crate) fn of<T: Table>(&self) -> Vec<(&'static Setting<T>, Given)> {
        self.0
            .iter()
            .filter_map(|(k, g)| find::<T>(k).map(|s| (s, *g)))
            .collect()
    }

    /// What the settings change, one phrase each ("Poll interval: 200 ms").
    pub fn describe(&self) -> Vec<String> {
        self.0
            .iter()
            .filter_map(|(k, g)| lookup(k, Some(*g)))
            .map(|a| format!("{}: {}", a.label, a.shown))
            .collect()
    }

    /// The settings as the text format writes them (`poll interval_ms=200 idempotent`).
    pub fn to_words(&self) -> String {
        let words: Vec<String> = self
            .0
            .iter()
            .map(
                |(k, g)| match (g, lookup(k, None).and_then(|a| a.value_words)) {
                    (Given::Number(v), _) => format!("{k}={v}"),
                    (Given::Flag(v), _) => format!("{k}={v}"),
                    (Given::Choice(i), Some(words)) => format!("{k}={}", words[*i]),
                    (Given::Choice(i), None) => format!("{k}={i}"),
                },
            )
            .collect();
        words.join(" ")
    }

    /// Reads `key=value` words (a flag's key alone means yes), each checked against its setting.
    pub fn from_words(text: &str) -> Result<Overrides, String> {
        let mut out = Overrides::default();
        for word in text.split_whitespace() {
            let (key, value) = word.split_once('=').unwrap_or((word, "true"));
            let a = lookup(key, None)
                .ok_or_else(|| format!("No setting is called {}.", quoted(key)))?;
            let given = if let Some(words) = a.value_words {
                let i = words.iter().position(|w| *w == value).ok_or_else(|| {
                    format!(
                        "{} takes {}, not {}.",
                        a.key,
                        words.join(" or "),
                        quoted(value)
                    )
                })?;
                Given::Choice(i)
            } else if a.is_number {
                Given::Number(
                    value
                        .parse()
                        .map_err(|_| format!("{} takes a number, not {}.", a.key, quoted(value)))?,
                )
            } else {
                Given::Flag(match value {
                    "true" | "yes" => true,
                    "false" | "no" => false,
                    _ => {
                        return Err(format!(
                            "{} takes true or false, not {}.",
                            a.key,
                            quoted(value)
                        ))
                    }
                })
            };
            out.set(key, given)?;
        }
        Ok(out)
    }
}

impl Serialize for Overrides {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, g) in &self.0 {
            match (g, lookup(k, None).and_then(|a| a.value_words)) {
                (Given::Number(v), _) => map.serialize_entry(k, v)?,
                (Given::Flag(v), _) => map.serialize_entry(k, v)?,
                (Given::Choice(i), Some(words)) => map.serialize_entry(k, words[*i])?,
                (Given::Choice(i), None) => map.serialize_entry(k, i)?,
            }
        }
        map.end()
    }
}

/// A setting's value as a file gives it: a word, a number or a flag.
enum Written {
    Word(String),
    Number(f64),
    Flag(bool),
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Written, D::Error> {
        struct Any;
        impl Visitor<'_> for Any {
            type Value = Written;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a word, a number or true/false")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Written, E> {
                Ok(Written::Word(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Written, E> {
                Ok(Written::Number(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Written, E> {
                Ok(Written::Number(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Written, E> {
                Ok(Written::Number(v as f64))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Written, E> {
                Ok(Written::Flag(v))
            }
        }
        deserializer.deserialize_any(Any)
    }
}

impl<'de> Deserialize<'de> for Overrides {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Overrides, D::Error> {
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = Overrides;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("settings by their keys")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Overrides, M::Error> {
                let mut out = Overrides::default();
                while let Some(key) = map.next_key::<String>()? {
                    let a = lookup(&key, None).ok_or_else(|| {
                        de::Error::custom(format!("No setting is called {}.", quoted(&key)))
                    })?;
                    let given = match (map.next_value::<Written>()?, a.value_words) {
                        (Written::Word(w), Some(words)) => {
                            let i = words.iter().position(|x| *x == w).ok_or_else(|| {
                                de::Error::custom(format!(
                                    "{key} takes {}, not {}.",
                                    words.join(" or "),
                                    quoted(&w)
                                ))
                            })?;
                            Given::Choice(i)
                        }
                        (Written::Number(n), None) if a.is_number => Given::Number(n),
                        (Written::Flag(f), None) if !a.is_number => Given::Flag(f),
                        _ => {
                            return Err(de::Error::custom(format!(
                                "{key} takes {}.",
                                match a.value_words {
                                    Some(words) => words.join(" or "),
                                    None if a.is_number => "a number".into(),
                                    None => "true or false".into(),
                                }
                            )))
                        }
                    };
                    out.set(&key, given).map_err(de::Error::custom)?;
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(Keys)
    }
}
