//! The settings a line of a text board carries, both ways: written as the `key=value` words
//! that differ from the defaults, read back with each value checked against the range the
//! property panel uses.

use super::lex::quote;
use super::TextError;
use crate::document::{EventProps, Field, FieldType, Payload, Scope, Versioning};
use crate::limits::{COORDINATE, FRAME_SIZE};
use crate::settings::table::{applies, find, settle, Given, Setting, Table, Value};
use crate::settings::{self as s, Range, RunSettings, ServiceSettings, StickySettings};

/// One setting as read: `key=value` or a single word.
#[derive(Clone, Debug)]
pub struct Attr {
    /// The key, or the single word.
    pub key: String,
    /// Column of the key.
    pub col: usize,
    /// The value after `=`, if any.
    pub value: Option<Val>,
}

/// A value as read.
#[derive(Clone, Debug)]
pub struct Val {
    /// Its text (unquoted).
    pub text: String,
    /// True when it was quoted.
    pub quoted: bool,
    /// Its column.
    pub col: usize,
    /// A word written right after a quoted value (`field="line items":400` has `:400`).
    pub suffix: Option<String>,
}

/// Reads settings for one line (`line` is its number).
pub struct Reader {
    pub line: usize,
}

impl Reader {
    pub fn err(&self, col: usize, message: impl Into<String>) -> TextError {
        TextError::at(self.line, col, message)
    }

    /// The value of `a`, which must have one.
    pub fn value<'a>(&self, a: &'a Attr) -> Result<&'a Val, TextError> {
        a.value.as_ref().ok_or_else(|| {
            self.err(
                a.col,
                format!("\"{}\" needs a value: write {}=...", a.key, a.key),
            )
        })
    }

    /// A number in `range`.
    pub fn number(&self, a: &Attr, range: &Range) -> Result<f64, TextError> {
        let v = self.value(a)?;
        if v.quoted || v.suffix.is_some() {
            return Err(self.err(v.col, range.message()));
        }
        range.parse(&v.text).map_err(|m| self.err(v.col, m))
    }

    /// A whole number in `range` (whose bounds fit a `u32`).
    pub fn count(&self, a: &Attr, range: &Range) -> Result<u32, TextError> {
        self.number(a, range).map(|v| v as u32)
    }

    /// One of `words` (a bare word), as its index.
    pub fn choice(&self, a: &Attr, words: &[&str]) -> Result<usize, TextError> {
        let v = self.value(a)?;
        words
            .iter()
            .position(|w| !v.quoted && *w == v.text)
            .ok_or_else(|| {
                self.err(
                    v.col,
                    format!("{} takes {}, not {}.", a.key, one_of(words), quote(&v.text)),
                )
            })
    }

    /// `true` or `false`; a bare word means `true`.
    pub fn boolean(&self, a: &Attr) -> Result<bool, TextError> {
        match &a.value {
            None => Ok(true),
            Some(_) => self.choice(a, &["false", "true"]).map(|i| i == 1),
        }
    }

    /// Two numbers joined by `sep` (`120,80`, `900x400`), each in its range.
    pub fn pair(&self, a: &Attr, sep: char, range: &Range) -> Result<(f64, f64), TextError> {
        let v = self.value(a)?;
        let bad = || {
            self.err(
                v.col,
                format!(
                    "{} takes two numbers joined by \"{sep}\" ({}), each {}.",
                    a.key,
                    if sep == ',' {
                        "at=120,80"
                    } else {
                        "size=900x400"
                    },
                    range.describe()
                ),
            )
        };
        let (x, y) = v.text.split_once(sep).ok_or_else(bad)?;
        let parse = |t: &str| range.parse(t).map_err(|_| bad());
        Ok((parse(x)?, parse(y)?))
    }

    /// Any text, quoted or a single word.
    pub fn text(&self, a: &Attr) -> Result<String, TextError> {
        let v = self.value(a)?;
        match &v.suffix {
            Some(_) => Err(self.err(v.col, format!("{} takes one quoted text.", a.key))),
            None => Ok(v.text.clone()),
        }
    }

    /// A payload field, `name:bytes`, `name:type` or `name:type:bytes` (the name a word or
    /// quoted, a `?` after it when messages may leave it out; no type means a string).
    pub fn field(&self, a: &Attr) -> Result<Field, TextError> {
        let v = self.value(a)?;
        let bad = |m: &str| {
            self.err(v.col, format!("{} takes a name, then a type, a size in bytes or both, as {}=id:36, {}=order_id:uuid, {}=total:number:8 or {}=\"line items\":array:400; {m}", a.key, a.key, a.key, a.key, a.key))
        };
        let (mut name, rest) = if v.quoted {
            let rest = v.suffix.clone().unwrap_or_default();
            (v.text.clone(), rest)
        } else {
            let (n, r) = v
                .text
                .split_once(':')
                .ok_or_else(|| bad("the \":\" is missing"))?;
            (n.to_string(), format!(":{r}"))
        };
        let mut rest = rest.as_str();
        let mut required = true;
        if let Some(r) = rest.strip_prefix('?') {
            (required, rest) = (false, r);
        } else if let Some(n) = name.strip_suffix('?').filter(|_| !v.quoted) {
            (required, name) = (false, n.to_string());
        }
        let parts: Vec<&str> = rest.split(':').skip(1).collect();
        if rest.is_empty() || parts.is_empty() || parts.len() > 2 || parts.contains(&"") {
            return Err(bad("the \":\" is missing"));
        }
        let (mut ty, mut bytes) = (None, None);
        for p in parts {
            match FieldType::from_word(p) {
                Some(t) if ty.is_none() => ty = Some(t),
                _ if bytes.is_none()
                    && p.chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_digit() || c == '-') =>
                {
                    bytes = Some(s::FIELD_BYTES.parse(p).map_err(|m| bad(&m))? as u32)
                }
                _ => {
                    return Err(bad(&format!(
                        "{} is neither a size nor a type ({})",
                        quote(p),
                        FieldType::WORDS.join(", ")
                    )))
                }
            }
        }
        let ty = ty.unwrap_or_default();
        let bytes = match (ty.fixed_bytes(), bytes) {
            (Some(fixed), Some(b)) if b != fixed => {
                return Err(bad(&format!(
                    "a {} is always {fixed} bytes: leave the size out",
                    ty.word()
                )))
            }
            (Some(fixed), _) => fixed,
            (None, Some(b)) => b,
            (None, None) => ty.usual_bytes(),
        };
        Ok(Field {
            bytes,
            required,
            ..Field::typed(name, ty)
        })
    }

    /// An error for a key this line does not take.
    pub fn unknown(&self, a: &Attr, what: &str, keys: &[&str]) -> TextError {
        let near = keys.iter().find(|k| close(k, &a.key));
        let hint = near.map_or(String::new(), |k| format!(" Did you mean \"{k}\"?"));
        self.err(
            a.col,
            format!(
                "{what} has no setting \"{}\"; it takes {}.{hint}",
                a.key,
                keys.join(", ")
            ),
        )
    }
}

/// "a, b or c".
pub fn one_of(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// True when `a` and `b` differ by one edit or a swap (a likely typo).
pub fn close(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return a == b;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let longest = a.len().max(b.len());
    let swapped = a.len() == b.len()
        && prefix + 2 <= a.len()
        && a[prefix] == b[prefix + 1]
        && a[prefix + 1] == b[prefix];
    prefix + suffix + 1 >= longest || swapped
}

/// Formats a number so that it reads back to the same value.
pub fn num(v: f64) -> String {
    stormlab_words::number(v)
}

// ---- Settings from the settings table ----------------------------------------------------

/// The keys of a line: its own keys, then every key of the settings table of `T`.
pub fn line_keys<T: Table>(own: &[&'static str], after: &[&'static str]) -> Vec<&'static str> {
    let table = T::TABLE.iter().map(|s| s.key);
    own.iter()
        .copied()
        .chain(table)
        .chain(after.iter().copied())
        .collect()
}

/// The settings of `t` that differ from their defaults, as `key=value` words in table order (a
/// choice's word alone where the table allows it, a flag's key alone when it is on).
pub fn write_table<T: Table>(t: &T, out: &mut Vec<String>) {
    for setting in T::TABLE {
        if !applies(setting, t) || setting.is_default(t) {
            continue;
        }
        let key = setting.key;
        match &setting.value {
            Value::Number { get, .. } => {
                if let Some(v) = get(t) {
                    out.push(format!("{key}={}", num(v)));
                }
            }
            Value::Flag { get, .. } => out.push(if get(t) {
                key.to_string()
            } else {
                format!("{key}=false")
            }),
            Value::Choice {
                words, bare, get, ..
            } => {
                let word = words[get(t)];
                out.push(if *bare {
                    word.to_string()
                } else {
                    format!("{key}={word}")
                });
            }
        }
    }
}

/// The table's settings read from one line, applied together by [`Settings::settle`] (a
/// choice first, then what depends on it, whatever their order on the line).
pub struct Settings<T: 'static> {
    given: Vec<(&'static Setting<T>, Given)>,
    cols: Vec<usize>,
}

impl<T: Table> Default for Settings<T> {
    fn default() -> Settings<T> {
        Settings {
            given: Vec::new(),
            cols: Vec::new(),
        }
    }
}

impl<T: Table> Settings<T> {
    /// Reads `a` when it is a setting of the table (`key=value`, or a choice's word alone);
    /// false when it is not.
    pub fn read(&mut self, r: &Reader, a: &Attr) -> Result<bool, TextError> {
        if let Some(setting) = find::<T>(&a.key) {
            let given = match &setting.value {
                Value::Number { range, .. } => Given::Number(r.number(a, range)?),
                Value::Flag { .. } => Given::Flag(r.boolean(a)?),
                Value::Choice { words, .. } => Given::Choice(r.choice(a, words)?),
            };
            self.given.push((setting, given));
            self.cols.push(a.col);
            return Ok(true);
        }
        if a.value.is_none() {
            for setting in T::TABLE {
                if let Value::Choice {
                    words, bare: true, ..
                } = &setting.value
                {
                    if let Some(i) = words.iter().position(|w| *w == a.key) {
                        self.given.push((setting, Given::Choice(i)));
                        self.cols.push(a.col);
                        return Ok(true);
                    }
                }
            }
        }
        Ok(false)
    }

    /// Applies what was read to `t`: the choices, then the settings that need one (a setting
    /// that fits only one word of a choice nobody wrote implies it: `interval_ms=200` polls).
    pub fn settle(self, r: &Reader, t: &mut T) -> Result<(), TextError> {
        settle(t, &self.given, true).map_err(|(i, message)| r.err(self.cols[i], message))
    }
}

// ---- The board line -------------------------------------------------------------------------

/// The `board` line's settings that differ from the defaults.
pub fn write_run(run: &RunSettings, example: Option<&str>, out: &mut Vec<String>) {
    write_table(run, out);
    if let Some(example) = example {
        out.push(format!("example={}", super::write::word_or_quote(example)));
    }
}

/// Applies the settings of the `board` line.
pub fn read_run(
    r: &Reader,
    attrs: &[Attr],
    run: &mut RunSettings,
    example: &mut Option<String>,
) -> Result<(), TextError> {
    let mut settings = Settings::<RunSettings>::default();
    for a in attrs {
        if settings.read(r, a)? {
            continue;
        }
        match a.key.as_str() {
            "example" => *example = Some(r.text(a)?),
            _ => {
                let keys = line_keys::<RunSettings>(&[], &["example"]);
                return Err(r.unknown(a, "The board line", &keys));
            }
        }
    }
    settings.settle(r, run)
}

// ---- Contexts -------------------------------------------------------------------------------

/// Where and how large a frame is, when given.
#[derive(Default)]
pub struct Place {
    pub at: Option<(f64, f64)>,
    pub size: Option<(f64, f64)>,
}

/// Applies the settings of a `context` line.
pub fn read_service(
    r: &Reader,
    attrs: &[Attr],
    svc: &mut ServiceSettings,
    place: &mut Place,
) -> Result<(), TextError> {
    let mut settings = Settings::<ServiceSettings>::default();
    for a in attrs {
        if settings.read(r, a)? {
            continue;
        }
        match a.key.as_str() {
            "at" => place.at = Some(r.pair(a, ',', &COORDINATE)?),
            "size" => place.size = Some(r.pair(a, 'x', &FRAME_SIZE)?),
            _ => {
                let keys = line_keys::<ServiceSettings>(&["at", "size"], &[]);
                return Err(r.unknown(a, "A context", &keys));
            }
        }
    }
    settings.settle(r, svc)
}

// ---- Stickies -------------------------------------------------------------------------------

/// A sticky line's own keys, before the settings table's.
const STICKY_OWN_KEYS: [&str; 3] = ["at", "ref", "notes"];
/// An event's keys, after the settings table's.
const EVENT_KEYS: [&str; 7] = [
    "scope",
    "payload",
    "field",
    "fields",
    "part",
    "version",
    "versioning",
];
const SCOPES: [&str; 2] = ["domain", "integration"];
const PAYLOADS: [&str; 3] = Payload::WORDS;
const VERSIONINGS: [&str; 6] = [
    "in_name",
    "in_payload",
    "topic_per_version",
    "schema_registry",
    "additive_only",
    "none",
];

/// An event's properties that differ from those of a new event of its scope.
pub fn write_event(e: &EventProps, out: &mut Vec<String>) {
    let d = EventProps::new(e.scope);
    if e.scope == Scope::Integration {
        out.push("integration".into());
    }
    if e.payload != d.payload {
        out.push(
            PAYLOADS[Payload::ALL
                .iter()
                .position(|p| *p == e.payload)
                .unwrap_or(0)]
            .into(),
        );
    }
    if e.fields != d.fields {
        if e.fields.is_empty() {
            out.push("fields=none".into());
        }
        for f in &e.fields {
            out.push(field_text("field", f));
            out.extend(f.of.iter().map(|p| field_text("part", p)));
        }
    }
    if e.version != d.version {
        out.push(format!(
            "version={}",
            e.version.map_or("none".into(), |v| v.to_string())
        ));
    }
    if e.versioning != d.versioning {
        let i = e
            .versioning
            .and_then(|v| Versioning::ALL.iter().position(|x| *x == v))
            .unwrap_or(5);
        out.push(format!("versioning={}", VERSIONINGS[i]));
    }
}

/// What a sticky line says beyond its kind and text, before it is built.
#[derive(Default)]
pub struct StickyAttrs {
    pub at: Option<(f64, f64)>,
    pub reference: Option<(String, usize)>,
    pub notes: String,
    pub settings: StickySettings,
    pub scope: Option<Scope>,
    pub payload: Option<Payload>,
    pub fields: Option<Vec<Field>>,
    pub version: Option<Option<u32>>,
    pub versioning: Option<Option<Versioning>>,
    /// The column of the first event-only setting (refused on other kinds).
    pub event_only: Option<(usize, String)>,
    table: Settings<StickySettings>,
}

impl StickyAttrs {
    /// Applies one setting of a sticky line.
    pub fn read(&mut self, r: &Reader, a: &Attr) -> Result<(), TextError> {
        let bare = a.value.is_none();
        let key = a.key.as_str();
        if matches!(
            key,
            "scope"
                | "payload"
                | "field"
                | "fields"
                | "part"
                | "version"
                | "versioning"
                | "domain"
                | "integration"
                | "fat"
                | "notification"
                | "claim_check"
        ) && self.event_only.is_none()
        {
            self.event_only = Some((a.col, key.to_string()));
        }
        if self.table.read(r, a)? {
            return Ok(());
        }
        match key {
            "at" => self.at = Some(r.pair(a, ',', &COORDINATE)?),
            "ref" => {
                let v = r.value(a)?;
                let ok = !v.quoted
                    && v.suffix.is_none()
                    && v.text
                        .chars()
                        .all(|c| c.is_alphanumeric() || "_-.".contains(c));
                if !ok {
                    return Err(r.err(v.col, "ref takes a name of letters, digits, \"_\", \"-\" or \".\", as ref=paid2, to link by it."));
                }
                self.reference = Some((v.text.clone(), v.col));
            }
            "notes" => self.notes = r.text(a)?,
            "scope" => {
                self.scope = Some([Scope::Domain, Scope::Integration][r.choice(a, &SCOPES)?])
            }
            "domain" | "integration" if bare => {
                self.scope = Some(if key == "domain" {
                    Scope::Domain
                } else {
                    Scope::Integration
                });
            }
            "payload" => self.payload = Some(Payload::ALL[r.choice(a, &PAYLOADS)?]),
            "fat" | "notification" | "claim_check" if bare => {
                let i = PAYLOADS.iter().position(|p| *p == key).unwrap_or(0);
                self.payload = Some(Payload::ALL[i]);
            }
            "field" => {
                let field = r.field(a)?;
                self.fields.get_or_insert_with(Vec::new).push(field);
            }
            "part" => {
                let part = r.field(a)?;
                match self.fields.as_mut().and_then(|f| f.last_mut()) {
                    Some(parent) if parent.ty.nests() => parent.of.push(part),
                    _ => {
                        return Err(r.err(
                            a.col,
                            "part= adds a field to the array or object written just before it (field=lines:array part=sku:12).",
                        ))
                    }
                }
            }
            "fields" => {
                r.choice(a, &["none"])?;
                self.fields = Some(Vec::new());
            }
            "version" => {
                let v = r.value(a)?;
                self.version = Some(if !v.quoted && v.text == "none" {
                    None
                } else {
                    Some(r.count(a, &s::EVENT_VERSION)?)
                });
            }
            "versioning" => {
                let i = r.choice(a, &VERSIONINGS)?;
                self.versioning = Some(Versioning::ALL.get(i).copied());
            }
            _ => {
                let keys = line_keys::<StickySettings>(&STICKY_OWN_KEYS, &EVENT_KEYS);
                return Err(r.unknown(a, "A sticky", &keys));
            }
        }
        Ok(())
    }

    /// Applies the settings read (a choice before the settings that depend on it).
    pub fn finish(&mut self, r: &Reader) -> Result<(), TextError> {
        std::mem::take(&mut self.table).settle(r, &mut self.settings)
    }

    /// The event properties this line describes.
    pub fn event(&self) -> EventProps {
        let scope = self.scope.unwrap_or_default();
        let mut e = EventProps::new(scope);
        if let Some(p) = self.payload {
            e.payload = p;
        }
        if let Some(f) = &self.fields {
            e.fields = f.clone();
        }
        if let Some(v) = self.version {
            e.version = v;
        }
        if let Some(v) = self.versioning {
            e.versioning = v;
        }
        e
    }
}

/// A field as the text format writes it: `name:bytes` for a string (the form older boards
/// use), `name:type` when the type fixes the size, else `name:type:bytes`; `?` after the name
/// when it may be left out.
fn field_text(key: &str, f: &Field) -> String {
    let name = super::write::word_or_quote(&f.name);
    let optional = if f.required { "" } else { "?" };
    match (f.ty, f.ty.fixed_bytes()) {
        (FieldType::String, _) => format!("{key}={name}{optional}:{}", f.bytes),
        (ty, Some(_)) => format!("{key}={name}{optional}:{}", ty.word()),
        (ty, None) => format!("{key}={name}{optional}:{}:{}", ty.word(), f.bytes),
    }
}
