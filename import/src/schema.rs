//! A message's payload schema (JSON Schema, references resolved) as a board's fields: one
//! field per top-level property, its size in bytes from Stormlab's own `x-stormlab-bytes`
//! when present, else estimated from its type as it would travel in JSON.

use serde_json::Value;
use stormlab_board::document::{Field, FieldType};
use stormlab_board::settings::FIELD_BYTES;

/// Bytes of a JSON value of unknown shape.
const UNKNOWN: u32 = 32;
/// Elements assumed in an array with no `maxItems`.
const ARRAY_ITEMS: u32 = 4;

/// The fields of a payload schema; a schema that is not an object gives one field, `value`.
pub fn fields(schema: &Value) -> Vec<Field> {
    let schema = merged(schema);
    match schema.get("properties").and_then(Value::as_object) {
        Some(_) => properties(&schema, 0),
        None if schema.as_object().is_some_and(|o| !o.is_empty()) => {
            vec![field("value", &schema, true, 1)]
        }
        None => Vec::new(),
    }
}

/// The properties of an object schema as fields (`depth` 1: parts, which have none).
fn properties(schema: &Value, depth: usize) -> Vec<Field> {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|props| {
            props
                .iter()
                .map(|(name, s)| field(name, s, required.contains(&name.as_str()), depth))
                .collect()
        })
        .unwrap_or_default()
}

/// A property as a field: its type from `type` and `format`, its size, its parts (an object's
/// properties, an array's items' properties) one level down.
fn field(name: &str, schema: &Value, required: bool, depth: usize) -> Field {
    let schema = merged(schema);
    let ty = field_type(&schema);
    let of = match ty {
        FieldType::Object if depth == 0 => properties(&schema, 1),
        FieldType::Array if depth == 0 => schema
            .get("items")
            .map(|items| properties(&merged(items), 1))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    Field {
        name: name.to_string(),
        bytes: ty.fixed_bytes().unwrap_or_else(|| bytes(&schema, 0)),
        ty,
        required,
        // Parts hold no parts of their own: deeper detail is sized, not typed.
        of: if depth == 0 { of } else { Vec::new() },
    }
}

/// The JSON type a schema says, or implies by what it has (`""` when it says nothing).
fn kind(schema: &Value) -> &str {
    match schema.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema.get("properties").is_some() => "object",
        _ if schema.get("items").is_some() => "array",
        _ if schema.get("enum").is_some() || schema.get("const").is_some() => "string",
        _ => "",
    }
}

/// The field type a schema's `type` and `format` say (a string when they say nothing known).
fn field_type(schema: &Value) -> FieldType {
    let kind = match kind(schema) {
        "" => "string",
        k => k,
    };
    match (kind, schema.get("format").and_then(Value::as_str)) {
        ("string", Some("uuid")) => FieldType::Uuid,
        ("string", Some("date-time")) => FieldType::DateTime,
        ("string", Some("email")) => FieldType::Email,
        ("string", Some("uri" | "url")) => FieldType::Uri,
        ("integer", _) => FieldType::Integer,
        ("number", _) => FieldType::Number,
        ("boolean", _) => FieldType::Boolean,
        ("array", _) => FieldType::Array,
        ("object", _) => FieldType::Object,
        _ => FieldType::String,
    }
}

/// The schema with `allOf` merged and the largest of `oneOf`/`anyOf` taken.
fn merged(schema: &Value) -> Value {
    let mut out = schema.clone();
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut props = serde_json::Map::new();
        for p in parts {
            if let Some(o) = merged(p).get("properties").and_then(Value::as_object) {
                props.extend(o.clone());
            }
        }
        if let Some(o) = out.as_object_mut() {
            let mut own = o
                .get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            own.extend(props);
            o.insert("type".into(), "object".into());
            o.insert("properties".into(), Value::Object(own));
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(parts) = schema.get(key).and_then(Value::as_array) {
            if let Some(largest) = parts.iter().map(merged).max_by_key(|p| bytes(p, 0)) {
                return largest;
            }
        }
    }
    out
}

/// Estimated bytes of a value of `schema` in JSON (`x-stormlab-bytes` when given).
fn bytes(schema: &Value, depth: usize) -> u32 {
    if let Some(b) = schema.get("x-stormlab-bytes").and_then(Value::as_u64) {
        return clamp(b);
    }
    if depth > 8 {
        return UNKNOWN;
    }
    let schema = merged(schema);
    let kind = kind(&schema);
    let estimate = match kind {
        "string" => match schema.get("format").and_then(Value::as_str) {
            Some("uuid") => 36,
            Some("date-time") => 24,
            Some("date") => 10,
            Some("email") | Some("uri") | Some("url") => 48,
            _ => schema
                .get("maxLength")
                .and_then(Value::as_u64)
                .map_or(UNKNOWN as u64, |m| m.min(4096)) as u32,
        },
        "integer" | "number" => 8,
        "boolean" => 5,
        "null" => 4,
        "array" => {
            let items = schema
                .get("maxItems")
                .and_then(Value::as_u64)
                .map_or(ARRAY_ITEMS, |n| n.min(1000) as u32);
            let each = schema.get("items").map_or(UNKNOWN, |i| bytes(i, depth + 1));
            items.saturating_mul(each)
        }
        "object" => schema
            .get("properties")
            .and_then(Value::as_object)
            .map_or(UNKNOWN, |props| {
                props
                    .iter()
                    .map(|(k, v)| k.len() as u32 + 4 + bytes(v, depth + 1))
                    .sum()
            }),
        _ => UNKNOWN,
    };
    clamp(u64::from(estimate))
}

fn clamp(b: u64) -> u32 {
    b.clamp(1, FIELD_BYTES.max as u64) as u32
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn each_property_is_a_field_sized_by_its_type() {
        let f = fields(&json!({
            "type": "object",
            "properties": {
                "id": { "type": "string", "format": "uuid" },
                "count": { "type": "integer" },
                "sentAt": { "type": "string", "format": "date-time" },
                "tags": { "type": "array", "items": { "type": "string", "maxLength": 10 } },
                "sized": { "x-stormlab-bytes": 300 }
            }
        }));
        let got: Vec<(&str, u32)> = f.iter().map(|f| (f.name.as_str(), f.bytes)).collect();
        assert_eq!(
            got,
            vec![
                ("id", 36),
                ("count", 8),
                ("sentAt", 24),
                ("tags", 40),
                ("sized", 300)
            ]
        );
    }

    #[test]
    fn required_and_parts_are_read_one_level_down() {
        let f = fields(&json!({
            "type": "object",
            "required": ["lines"],
            "properties": {
                "lines": { "type": "array", "items": { "type": "object", "properties": {
                    "sku": { "type": "string", "maxLength": 12 },
                    "deep": { "type": "object", "properties": { "x": { "type": "integer" } } }
                } } },
                "note": { "type": "string" }
            }
        }));
        assert!(f[0].required && !f[1].required);
        let parts: Vec<(&str, FieldType, usize)> = f[0]
            .of
            .iter()
            .map(|p| (p.name.as_str(), p.ty, p.of.len()))
            .collect();
        assert_eq!(
            parts,
            vec![
                ("sku", FieldType::String, 0),
                ("deep", FieldType::Object, 0)
            ]
        );
    }

    #[test]
    fn all_of_merges_one_of_takes_the_largest_and_a_scalar_is_one_field() {
        let f = fields(&json!({ "allOf": [
            { "properties": { "a": { "type": "integer" } } },
            { "properties": { "b": { "type": "boolean" } } }
        ]}));
        assert_eq!(f.len(), 2);
        let f = fields(&json!({ "oneOf": [
            { "properties": { "small": { "type": "integer" } } },
            { "properties": { "big": { "type": "string", "maxLength": 500 } } }
        ]}));
        assert_eq!(f[0].name, "big");
        let f = fields(&json!({ "type": "string" }));
        assert_eq!((f[0].name.as_str(), f[0].bytes), ("value", UNKNOWN));
        assert!(fields(&json!({})).is_empty());
    }
}
