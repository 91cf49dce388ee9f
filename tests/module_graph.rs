//! No import circles inside a crate: for each crate of the workspace, the graph of its top-level
//! modules (an edge where a module's code, outside comments and tests, names `crate::other`)
//! has no cycle. A circle means two modules that can only be understood together; the fix is a
//! ground-floor module both use (as `limits`, `time` and `document::Step` are).

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each crate's source folder and how its modules name each other; the page's modules sit in
/// `src/ui/` and name each other through `super::` (the format worker is one module).
const CRATES: [(&str, &str); 9] = [
    ("engine/src", "crate::"),
    ("board/src", "crate::"),
    ("run/src", "crate::"),
    ("export/src", "crate::"),
    ("cli/src", "crate::"),
    ("robust/src", "crate::"),
    ("ui-common/src", "crate::"),
    ("lazy/src", "crate::"),
    ("src/ui", "super::"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crate's top-level modules and the files of each (`foo.rs` and everything in `foo/`).
fn modules(src: &Path) -> BTreeMap<String, Vec<PathBuf>> {
    let mut out: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in std::fs::read_dir(src).unwrap().flatten() {
        let path = entry.path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if ["lib", "main", "bin"].contains(&name.as_str()) {
            continue;
        }
        let files = out.entry(name).or_default();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    out
}

/// The code of a file without its comments and its `#[cfg(test)]` part.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules `text` names through `prefix` (`crate::`, also inside `use crate::{a, b::c}`).
fn named(text: &str, prefix: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    for (i, _) in text.match_indices(prefix) {
        let rest = &text[i + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for part in inner.split(',') {
                if let Some(first) = words(part).into_iter().next() {
                    out.insert(first);
                }
            }
        } else if let Some(first) = words(rest).into_iter().next() {
            out.insert(first);
        }
    }
    out.retain(|m| modules.contains(m));
    out
}

/// A cycle in `graph`, if any, as the path that closes it.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        path.push(node.to_string());
        for next in &graph[node] {
            match state.get(next) {
                Some(1) => {
                    let start = path.iter().position(|p| p == next).unwrap();
                    let mut found = path[start..].to_vec();
                    found.push(next.clone());
                    return Some(found);
                }
                Some(_) => {}
                None => {
                    if let Some(found) = visit(next, graph, state, path) {
                        return Some(found);
                    }
                }
            }
        }
        path.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if !state.contains_key(node) {
            if let Some(found) = visit(node, graph, &mut state, &mut Vec::new()) {
                return Some(found);
            }
        }
    }
    None
}

#[test]
fn no_crate_has_an_import_circle_between_its_modules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (krate, prefix) in CRATES {
        let mods = modules(&root.join(krate));
        let names: BTreeSet<String> = mods.keys().cloned().collect();
        let graph: BTreeMap<String, BTreeSet<String>> = mods
            .iter()
            .map(|(m, files)| {
                let mut uses = BTreeSet::new();
                for f in files {
                    uses.extend(named(&code(f), prefix, &names));
                }
                uses.remove(m);
                (m.clone(), uses)
            })
            .collect();
        assert!(!graph.is_empty(), "{krate}: modules found");
        if let Some(found) = cycle(&graph) {
            panic!("{krate}: an import circle: {}", found.join(" → "));
        }
    }
}

#[test]
fn the_checker_finds_a_circle() {
    let names: BTreeSet<String> = ["a", "b", "c"].map(String::from).into();
    assert_eq!(
        named(
            "use crate::{a, b::X};\nlet y = crate::c::f();",
            "crate::",
            &names
        ),
        names
    );
    let graph: BTreeMap<String, BTreeSet<String>> =
        [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["a"])]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
            .collect();
    assert_eq!(
        cycle(&graph),
        Some(["a", "b", "c", "a"].map(String::from).to_vec())
    );
}
