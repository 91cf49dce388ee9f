//! Reading a document (YAML or JSON) into a JSON value with every `$ref` replaced by what it
//! points to: inside the document (`#/components/...`) or in a file beside it
//! (`../common/messages.yaml#/commentLiked`), itself resolved relative to that file. A
//! reference that cannot be followed is refused with where it is in the document.

use std::collections::HashMap;

use serde_json::Value;

/// Files a document refers to, by path (the referring file's directory joined with the
/// reference, `..` resolved): their text, or why they cannot be read.
pub type Load<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// Parses YAML (JSON is YAML too, but is read as JSON first for its clearer errors).
pub fn parse(text: &str, path: &str) -> Result<Value, String> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        return serde_json::from_str(text).map_err(|e| format!("{path} is not valid JSON: {e}"));
    }
    serde_saphyr::from_str::<Value>(text).map_err(|e| format!("{path} is not valid YAML: {e}"))
}

/// Follows `$ref`s, keeping the files it read.
pub struct Resolver<'a> {
    load: Load<'a>,
    files: HashMap<String, Value>,
}

/// Parts of a document a board has no use for: their references are not followed (a missing
/// servers file does not refuse a document).
const SKIPPED: [&str; 3] = ["servers", "externalDocs", "tags"];

/// How deep references may nest before a cycle is assumed.
const MAX_DEPTH: usize = 64;

impl<'a> Resolver<'a> {
    pub fn new(load: Load<'a>) -> Resolver<'a> {
        Resolver {
            load,
            files: HashMap::new(),
        }
    }

    /// The document at `path` (already parsed as `root`) with every reference resolved.
    pub fn resolve_document(&mut self, path: &str, root: Value) -> Result<Value, String> {
        self.files.insert(path.to_string(), root.clone());
        let mut stack = Vec::new();
        self.walk(path, &root, "", &mut stack)
    }

    fn file(&mut self, path: &str) -> Result<Value, String> {
        if let Some(v) = self.files.get(path) {
            return Ok(v.clone());
        }
        let text = (self.load)(path)?;
        let value = parse(&text, path)?;
        self.files.insert(path.to_string(), value.clone());
        Ok(value)
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
            return Err(format!("{where_}: the reference {reference:?} is on the web, and references are not downloaded: save it beside the document and refer to the file"));
        }
        let doc = self.file(&target_file).map_err(|e| {
            format!("{where_}: the reference {reference:?} cannot be followed: {e}")
        })?;
        let target = lookup(&doc, &pointer).ok_or_else(|| {
            format!("{where_}: the reference {reference:?} points to nothing in {target_file}")
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
        let v = r.resolve_document("dir/doc.yaml", doc).unwrap();
        assert_eq!(v["a"]["x"], 1);
        assert_eq!(v["c"]["payload"]["type"], "string");
        let broken = parse("channels:\n  x:\n    $ref: 'gone.yaml#/y'\n", "doc.yaml").unwrap();
        let e = Resolver::new(&files)
            .resolve_document("doc.yaml", broken)
            .unwrap_err();
        assert!(
            e.starts_with("channels.x: the reference \"gone.yaml#/y\""),
            "{e}"
        );
        let dangling = parse("a:\n  $ref: '#/nowhere'\n", "doc.yaml").unwrap();
        let e = Resolver::new(&files)
            .resolve_document("doc.yaml", dangling)
            .unwrap_err();
        assert!(e.contains("points to nothing"), "{e}");
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
            .resolve_document("d.yaml", doc)
            .unwrap();
        assert_eq!(
            v["node"]["properties"]["child"]["properties"]["child"]["type"],
            "object"
        );
    }
}
