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

/// `value` as a YAML document.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Map(map) if !map.is_empty() => object(map, 0, &mut out),
        Value::List(items) if !items.is_empty() => array(items, 0, &mut out),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
    out
}

fn object(map: &[(String, Value)], indent: usize, out: &mut String) {
    for (k, v) in map {
        out.push_str(&" ".repeat(indent));
        out.push_str(&string(k));
        out.push(':');
        nested(v, indent, out);
    }
}

fn array(items: &[Value], indent: usize, out: &mut String) {
    for v in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match v {
            Value::Map(map) if !map.is_empty() => {
                // The first key on the dash's line, the rest under it.
                let mut first = true;
                for (k, v) in map {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        out.push_str(&" ".repeat(indent + 2));
                    }
                    out.push_str(&string(k));
                    out.push(':');
                    nested(v, indent + 2, out);
                }
            }
            other => nested(other, indent, out),
        }
    }
}

/// The value after `key:` or `-`: on the same line if a scalar, else on the lines below.
fn nested(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Map(map) if !map.is_empty() => {
            out.push('\n');
            object(map, indent + 2, out);
        }
        Value::List(items) if !items.is_empty() => {
            out.push('\n');
            array(items, indent + 2, out);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Bool(b) => b.to_string(),
        Value::Int(n) => n.to_string(),
        Value::Str(s) => string(s),
        Value::List(_) => "[]".into(),
        Value::Map(_) => "{}".into(),
    }
}

/// Words YAML may read as something other than a string.
const RESERVED: [&str; 12] = [
    "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", "nan", "inf",
];

/// A string, plain when it is an identifier-like word, else double-quoted (invisible
/// characters by their code, so a reader of the YAML sees them).
fn string(s: &str) -> String {
    let plain = s
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '$' || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./$".contains(c))
        && !RESERVED.contains(&s.to_ascii_lowercase().as_str());
    if plain {
        return s.to_string();
    }
    // YAML's double-quoted scalars take JSON's escapes: the same as every message quotes.
    stormlab_words::quoted(s)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(
            to_yaml(&doc),
            "asyncapi: \"3.0.0\"\ninfo:\n  title: \"a: b # c\"\n  version: \"1.0.0\"\nlist:\n  - name: x\n    \"n\": 2\n  - \"yes\"\n  - []\n  - {}\n$ref: \"#/components/messages/x\"\n"
        );
        assert_eq!(
            string("line\nbreak \u{2028}\"q\""),
            "\"line\\nbreak \\u2028\\\"q\\\"\""
        );
    }
}
