//! Names the field a reading error points at. The board is read from its pretty-printed JSON,
//! so an error carries a line; the line is walked back to its path in the document
//! (`stickies[3].kind`), the way `serde_json::to_string_pretty` lays values out: a scalar or an
//! empty list takes one line, a list or an object opens on the line of its key, puts each
//! entry on the lines after, and closes on a line of its own.

use serde_json::Value;

/// The path of the innermost value whose printed lines include `line` (counted from 1 in
/// `serde_json::to_string_pretty(value)`); empty for the document itself.
pub fn path_at_line(value: &Value, line: usize) -> String {
    let mut path = String::new();
    let mut at = 1;
    walk(value, line, &mut at, &mut path);
    path
}

/// Walks `value`, which starts on line `*at`, and moves `*at` past it. True when `line` falls
/// within it, with `path` left at the innermost value holding the line.
fn walk(value: &Value, line: usize, at: &mut usize, path: &mut String) -> bool {
    let start = *at;
    let entries: Vec<(String, &Value)> = match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("[{i}]"), v))
            .collect(),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| (format!("{}{k}", if path.is_empty() { "" } else { "." }), v))
            .collect(),
        _ => Vec::new(),
    };
    if entries.is_empty() {
        *at += 1;
    } else {
        *at += 1; // the opening line
        for (step, child) in entries {
            let len = path.len();
            path.push_str(&step);
            if walk(child, line, at, path) {
                return true;
            }
            path.truncate(len);
        }
        *at += 1; // the closing line
    }
    (start..*at).contains(&line)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_line_of_a_pretty_document_maps_to_the_value_printed_there() {
        let doc = json!({
            "title": "t",
            "stickies": [
                { "id": 1, "kind": "event", "fields": [] },
                { "id": 2, "kind": "evnt", "event": { "scope": "domain" } }
            ],
            "next_id": 3
        });
        let printed = serde_json::to_string_pretty(&doc).unwrap();
        let find = |needle: &str| {
            let line = printed.lines().position(|l| l.contains(needle)).unwrap() + 1;
            path_at_line(&doc, line)
        };
        assert_eq!(find("\"evnt\""), "stickies[1].kind");
        assert_eq!(find("\"scope\""), "stickies[1].event.scope");
        assert_eq!(find("\"fields\""), "stickies[0].fields");
        assert_eq!(find("\"next_id\""), "next_id");
        assert_eq!(find("\"title\""), "title");
        assert_eq!(find("\"stickies\""), "stickies");
        // The closing brace of a sticky (where "missing field" points) is the sticky.
        let closing = printed.lines().position(|l| l.trim() == "},").unwrap() + 1;
        assert_eq!(path_at_line(&doc, closing), "stickies[0]");
        assert_eq!(path_at_line(&doc, 1), "");
    }
}
