//! Reading a document (YAML or JSON) into a JSON value with every `$ref` replaced by what it
//! points to: inside the document (`#/components/...`) or in a file beside it
//! (`../common/messages.yaml#/commentLiked`), itself resolved relative to that file. A
//! reference that cannot be followed is refused with where it is in the document.

use std::collections::HashMap;

use serde_json::Value;

use crate::shown;

/// Files a document refers to, by path (the referring file's directory joined with the
/// reference, `..` resolved): their text, or why they cannot be read.
pub type Load<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// Parses YAML (JSON is YAML too, but is read as JSON first for its clearer errors).
pub fn parse(text: &str, path: &str) -> Result<Value, String> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        return serde_json::from_str(text)
            .map_err(|e| format!("{path} is not valid JSON: {}", first_line(&e.to_string())));
    }
    serde_saphyr::from_str::<Value>(text)
        .map_err(|e| format!("{path} is not valid YAML: {}", first_line(&e.to_string())))
}

/// A reader's error in plain words: its first line (the place and what is wrong, without the
/// excerpt of the document that follows it).
fn first_line(error: &str) -> String {
    let line = error.lines().next().unwrap_or_default();
    if line.contains("budget breached") {
        // The YAML reader's guard against aliases that expand (a "billion laughs").
        return "its aliases (*name) expand to more than a contract could hold".into();
    }
    // The reader's advice to programmers ("set DuplicateKeyPolicy in Options") is not for
    // the person who opened the document.
    let line = match line.find(", set ") {
        Some(cut) if line[cut..].contains("Options") => &line[..cut],
        _ => line,
    };
    let line = line.replacen("duplicate mapping key: ", "a key given twice: ", 1);
    stormlab_words::plain(line.trim_start_matches("error: "))
}

/// Follows `$ref`s, keeping the files it read.
pub struct Resolver<'a> {
    load: Load<'a>,
    files: HashMap<String, Value>,
    /// Values still to be written before the resolved document is too large to be a contract.
    budget: usize,
}

/// Parts of a document a board has no use for: their references are not followed (a missing
/// servers file does not refuse a document).
const SKIPPED: [&str; 3] = ["servers", "externalDocs", "tags"];

/// How deep references may nest before a cycle is assumed.
const MAX_DEPTH: usize = 64;

/// The most values a resolved document may hold: references that expand beyond it (each
/// schema naming the next twice, say) are refused rather than followed for ever.
const MAX_VALUES: usize = 500_000;

impl<'a> Resolver<'a> {
    pub fn new(load: Load<'a>) -> Resolver<'a> {
        Resolver {
            load,
            files: HashMap::new(),
            budget: MAX_VALUES,
        }
    }

    /// The document at `path` (already parsed as `root`) with every reference resolved.
    pub fn resolve_document(&mut self, path: &str, root: &Value) -> Result<Value, String> {
        self.files.insert(path.to_string(), root.clone());
        let mut stack = Vec::new();
        self.walk(path, root, "", &mut stack)
    }

    /// The value at `pointer` in the file at `path` (read once), or `None` when it points to
    /// nothing. Only the target is copied, not the file.
    fn target(&mut self, path: &str, pointer: &str) -> Result<Option<Value>, String> {
        if !self.files.contains_key(path) {
            let text = (self.load)(path)?;
            let value = parse(&text, path)?;
            self.files.insert(path.to_string(), value);
        }
        Ok(self.files.get(path).and_then(|doc| lookup(doc, pointer)))
    }

    /// `value` (found in `file` at `at`) with its references resolved; `stack` holds the
    /// references being followed (a reference back into one of them is a recursive schema:
    /// it stays an object with no detail).
    fn walk(
        &mut self,
        file: &str,
        value: &Value,
        at: &str,
        stack: &mut Vec<String>,
    ) -> Result<Value, String> {
        self.budget = self.budget.checked_sub(1).ok_or_else(|| {
            format!(
                "{}: its references expand to more than {MAX_VALUES} values, too many for a contract (do schemas refer to each other over and over?)",
                if at.is_empty() { "the document" } else { at }
            )
        })?;
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    return self.follow(file, reference, at, stack);
                }
                let mut out = serde_json::Map::new();
                for (k, v) in map {
                    if at.is_empty() && SKIPPED.contains(&k.as_str()) {
                        continue;
                    }
                    let here = if at.is_empty() {
                        k.clone()
                    } else {
                        format!("{at}.{k}")
                    };
                    out.insert(k.clone(), self.walk(file, v, &here, stack)?);
                }
                Ok(Value::Object(out))
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| self.walk(file, v, &format!("{at}[{i}]"), stack))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            other => Ok(other.clone()),
        }
    }

    fn follow(
        &mut self,
        file: &str,
        reference: &str,
        at: &str,
        stack: &mut Vec<String>,
    ) -> Result<Value, String> {
        let (target_file, pointer) = match reference.split_once('#') {
            Some(("", pointer)) => (file.to_string(), pointer.to_string()),
            Some((other, pointer)) => (join(file, other), pointer.to_string()),
            None => (join(file, reference), String::new()),
        };
        let key = format!("{target_file}#{pointer}");
        if stack.contains(&key) || stack.len() >= MAX_DEPTH {
            // A recursive schema: its own detail is not followed again.
            return Ok(serde_json::json!({ "type": "object" }));
        }
        let where_ = if at.is_empty() { "the document" } else { at };
        if reference.starts_with("http://") || reference.starts_with("https://") {
            return Err(format!("{where_}: the reference {} is on the web, and references are not downloaded: save it beside the document and refer to the file", shown(reference)));
        }
        let target = self
            .target(&target_file, &pointer)
            .map_err(|e| {
                format!(
                    "{where_}: the reference {} cannot be followed: {e}",
                    shown(reference)
                )
            })?
            .ok_or_else(|| {
                format!(
                    "{where_}: the reference {} points to nothing in {target_file}",
                    shown(reference)
                )
            })?;
        stack.push(key);
        let resolved = self.walk(&target_file, &target, at, stack);
        stack.pop();
        resolved
    }
}

/// The value at a JSON pointer (`/components/messages/x`, `~1` and `~0` unescaped).
fn lookup(doc: &Value, pointer: &str) -> Option<Value> {
    if pointer.is_empty() || pointer == "/" {
        return Some(doc.clone());
    }
    let pointer = if pointer.starts_with('/') {
        pointer.to_string()
    } else {
        format!("/{pointer}")
    };
    let decoded = pointer
        .split('/')
        .map(|p| {
            p.replace("%7B", "{")
                .replace("%7D", "}")
                .replace("%20", " ")
        })
        .collect::<Vec<_>>()
        .join("/");
    doc.pointer(&decoded).cloned()
}

/// `reference` relative to the directory of `file`, with `.` and `..` resolved.
pub fn join(file: &str, reference: &str) -> String {
    let mut parts: Vec<&str> = file.split('/').collect();
    parts.pop();
    if reference.starts_with('/') {
        parts.clear();
        parts.push("");
    }
    for p in reference.split('/') {
        match p {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| !l.is_empty() && *l != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_relative_to_the_file_that_holds_them() {
        assert_eq!(
            join("social/backend/asyncapi.yaml", "../common/messages.yaml"),
            "social/common/messages.yaml"
        );
        assert_eq!(
            join("social/common/messages.yaml", "./schemas.yaml"),
            "social/common/schemas.yaml"
        );
        assert_eq!(join("asyncapi.yaml", "../x.yaml"), "../x.yaml");
        assert_eq!(join("/srv/a/doc.yaml", "b.yaml"), "/srv/a/b.yaml");
    }

    #[test]
    fn refs_inside_and_beside_the_document_are_followed_and_a_missing_one_is_named() {
        let files = |path: &str| match path {
            "dir/common.yaml" => {
                Ok("thing:\n  payload:\n    $ref: './more.yaml#/schema'\n".to_string())
            }
            "dir/more.yaml" => Ok("schema:\n  type: string\n".to_string()),
            other => Err(format!("{other} is not there")),
        };
        let doc = parse(
            "a:\n  $ref: '#/b'\nb:\n  x: 1\nc:\n  $ref: 'common.yaml#/thing'\n",
            "dir/doc.yaml",
        )
        .unwrap();
        let mut r = Resolver::new(&files);
        let v = r.resolve_document("dir/doc.yaml", &doc).unwrap();
        assert_eq!(v["a"]["x"], 1);
        assert_eq!(v["c"]["payload"]["type"], "string");
        let broken = parse("channels:\n  x:\n    $ref: 'gone.yaml#/y'\n", "doc.yaml").unwrap();
        let e = Resolver::new(&files)
            .resolve_document("doc.yaml", &broken)
            .unwrap_err();
        assert!(
            e.starts_with("channels.x: the reference \"gone.yaml#/y\""),
            "{e}"
        );
        let dangling = parse("a:\n  $ref: '#/nowhere'\n", "doc.yaml").unwrap();
        let e = Resolver::new(&files)
            .resolve_document("doc.yaml", &dangling)
            .unwrap_err();
        assert!(e.contains("points to nothing"), "{e}");
    }

    #[test]
    fn references_that_expand_without_end_are_refused_and_a_long_chain_resolves() {
        // Each schema names the next twice: 2^40 values if followed.
        let mut doc = String::from("payload:\n  $ref: '#/s0'\n");
        for i in 0..40 {
            doc += &format!(
                "s{i}:\n  properties:\n    a:\n      $ref: '#/s{n}'\n    b:\n      $ref: '#/s{n}'\n",
                n = i + 1
            );
        }
        doc += "s40:\n  type: string\n";
        let none = |_: &str| Err(String::new());
        let e = Resolver::new(&none)
            .resolve_document("d.yaml", &parse(&doc, "d.yaml").unwrap())
            .unwrap_err();
        assert!(e.contains("expand to more than"), "{e}");
        // A chain of 2,000 references, each to the next, resolves: each link ends where the
        // nesting limit stops it, or at the object.
        let mut chain = String::new();
        for i in 0..2_000 {
            chain += &format!("s{i}:\n  $ref: '#/s{}'\n", i + 1);
        }
        chain += "s2000:\n  type: object\n";
        let v = Resolver::new(&none)
            .resolve_document("c.yaml", &parse(&chain, "c.yaml").unwrap())
            .unwrap();
        assert_eq!(v["s1999"]["type"], "object");
    }

    #[test]
    fn a_recursive_schema_stops_instead_of_looping() {
        let doc = parse(
            "node:\n  type: object\n  properties:\n    child:\n      $ref: '#/node'\n",
            "d.yaml",
        )
        .unwrap();
        let none = |_: &str| Err(String::new());
        let v = Resolver::new(&none)
            .resolve_document("d.yaml", &doc)
            .unwrap();
        assert_eq!(
            v["node"]["properties"]["child"]["properties"]["child"]["type"],
            "object"
        );
    }
}
