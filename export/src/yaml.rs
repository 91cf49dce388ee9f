//! A small YAML writer: block style, keys in the order given, keys and strings quoted whenever
//! a plain scalar could be read as something else, so any label comes back as the same string.

/// A YAML value whose maps keep their keys in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A string.
    Str(String),
    /// A whole number.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A list.
    List(Vec<Value>),
    /// A map, in order.
    Map(Vec<(String, Value)>),
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(s)
    }
}

impl From<u32> for Value {
    fn from(n: u32) -> Value {
        Value::Int(i64::from(n))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

/// A map from `(key, value)` pairs.
pub fn map<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

impl Value {
    /// Sets `key: value` in a map, replacing a value it had (does nothing to other values).
    pub fn set(&mut self, key: &str, value: impl Into<Value>) {
        if let Value::Map(pairs) = self {
            let value = value.into();
            match pairs.iter_mut().find(|(k, _)| k == key) {
                Some((_, v)) => *v = value,
                None => pairs.push((key.to_string(), value)),
            }
        }
    }

    /// The value at `key` of a map.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap as _, SerializeSeq as _};
        match self {
            Value::Str(s) => serializer.serialize_str(s),
            Value::Int(n) => serializer.serialize_i64(*n),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Map(pairs) => {
                let mut map = serializer.serialize_map(Some(pairs.len()))?;
                for (k, v) in pairs {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// `value` as a YAML document, written by serde-saphyr (the library the importer reads YAML
/// with): block style, two-space indents, keys in the order given, strings quoted wherever a
/// reader could take them for something else, control characters escaped.
pub fn to_yaml(value: &Value) -> String {
    let options = serde_saphyr::ser_options! {
        // Long descriptions stay one quoted line, as in the AsyncAPI specification's examples.
        prefer_block_scalars: false,
    };
    serde_saphyr::to_string_with_options(value, options)
        .expect("a tree of strings, numbers, lists and maps is always YAML")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> serde_json::Value {
        serde_saphyr::from_str(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
    }

    #[test]
    fn nests_blocks_and_quotes_what_could_be_misread() {
        let doc = map([
            ("asyncapi", "3.0.0".into()),
            (
                "info",
                map([("title", "a: b # c".into()), ("version", "1.0.0".into())]),
            ),
            (
                "list",
                Value::List(vec![
                    map([("name", "x".into()), ("n", 2u32.into())]),
                    "yes".into(),
                    Value::List(vec![]),
                    Value::Map(vec![]),
                ]),
            ),
            ("$ref", "#/components/messages/x".into()),
        ]);
        let yaml = to_yaml(&doc);
        assert_eq!(
            read(&yaml),
            serde_json::json!({
                "asyncapi": "3.0.0",
                "info": {"title": "a: b # c", "version": "1.0.0"},
                "list": [{"name": "x", "n": 2}, "yes", [], {}],
                "$ref": "#/components/messages/x"
            }),
            "{yaml}"
        );
        // Keys in the order given.
        let order: Vec<&str> = yaml
            .lines()
            .filter(|l| !l.starts_with(' ') && !l.starts_with('-'))
            .collect();
        assert_eq!(order.len(), 4, "{yaml}");
        assert!(
            order[0].starts_with("asyncapi:") && order[3].starts_with("$ref:"),
            "{yaml}"
        );
    }

    #[test]
    fn every_string_comes_back_as_written() {
        // One path for both ways: what the exporter writes, the importer's reader reads.
        let strings = [
            "line\nbreak \u{2028} \"q\" 'single' back\\slash",
            "tab\there\r\u{0}\u{7}\u{1b}\u{7f}\u{85}\u{a0}",
            "bidi \u{202e}evil\u{202c} \u{2066}isolate\u{2069} \u{200f}",
            "zero\u{200b}width\u{200d}joiner\u{feff}bom\u{2060}",
            "  leading and trailing  ",
            "- looks like a list",
            "? key",
            "key: value # comment",
            "&anchor *alias !tag %directive @at `tick` |pipe >fold",
            "[flow] {map}",
            "yes",
            "No",
            "~",
            "null",
            "0x1F",
            "1_000",
            "12:30:00",
            "2026-12-06",
            ".inf",
            "-.5e3",
            "",
            "Σ ünïcödé 🍕 日本語",
            &"very long ".repeat(40),
        ];
        let doc = Value::Map(
            strings
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("{s}{i}"), Value::Str((*s).to_string())))
                .collect(),
        );
        let yaml = to_yaml(&doc);
        let back = read(&yaml);
        for (i, s) in strings.iter().enumerate() {
            assert_eq!(
                back[format!("{s}{i}")],
                serde_json::json!(s),
                "{s:?} in\n{yaml}"
            );
        }
        // Control characters are escaped, never written raw.
        assert!(!yaml.chars().any(|c| c.is_control() && c != '\n'), "{yaml}");
    }
}
