//! Every AsyncAPI document Stormlab produces, parsed by the official AsyncAPI parser
//! (`@asyncapi/parser`, pinned in tests/js and installed by scripts/setup.sh): every example
//! (the whole board, with domain events, and per context), a board with hostile labels and
//! boards made by random edits. No error may be reported, and every title must read back as
//! the label it came from.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use stormlab_board::examples::EXAMPLES;
use stormlab_board::Board;
use stormlab_export::asyncapi::{document, to_asyncapi, Options};
use stormlab_export::yaml::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// What the parser must read back from a document: its title, and each channel's and
/// message's title.
struct Expected {
    info: String,
    channels: BTreeMap<String, String>,
    messages: BTreeMap<String, String>,
}

fn expected(doc: &Value) -> Expected {
    let titles = |key: &str| {
        let mut out = BTreeMap::new();
        let section = if key == "messages" {
            doc.get("components").and_then(|c| c.get("messages"))
        } else {
            doc.get(key)
        };
        if let Some(Value::Map(items)) = section {
            for (id, item) in items {
                if let Some(Value::Str(t)) = item.get("title") {
                    out.insert(id.clone(), t.clone());
                }
            }
        }
        out
    };
    let Some(Value::Str(info)) = doc.get("info").and_then(|i| i.get("title")) else {
        panic!("no title")
    };
    Expected {
        info: info.clone(),
        channels: titles("channels"),
        messages: titles("messages"),
    }
}

#[test]
fn the_official_parser_accepts_every_document_and_reads_every_label_back() {
    let parser = root().join("tests/js/node_modules/@asyncapi/parser");
    assert!(
        parser.exists(),
        "the AsyncAPI parser is not installed: run scripts/setup.sh"
    );
    let dir = root().join("target/exports/asyncapi");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut boards: Vec<(String, Board)> = EXAMPLES
        .iter()
        .map(|e| (e.id.to_string(), e.board()))
        .collect();
    boards.push(("hostile".into(), common::hostile()));
    let fixed = boards.len();
    for (i, b) in common::random_boards(40).into_iter().enumerate() {
        boards.push((format!("random-{i:03}"), b));
    }
    let mut expect = BTreeMap::new();
    for (n, (name, board)) in boards.iter().enumerate() {
        let mut variants = vec![
            (format!("{name}.yaml"), Options::default()),
            (
                format!("{name}.domain.yaml"),
                Options {
                    context: None,
                    domain_events: true,
                },
            ),
        ];
        // Per context for the examples and the hostile board; a random board's contexts are
        // covered by its whole document.
        for (i, c) in board.contexts.iter().enumerate().filter(|_| n < fixed) {
            variants.push((
                format!("{name}.context-{i}.yaml"),
                Options {
                    context: Some(c.id),
                    domain_events: false,
                },
            ));
        }
        for (file, options) in variants {
            std::fs::write(dir.join(&file), to_asyncapi(board, &options)).unwrap();
            expect.insert(file, expected(&document(board, &options)));
        }
    }
    // A control the parser must refuse: an operation with no valid action.
    let control = "asyncapi: 3.0.0\ninfo:\n  title: control\n  version: 1.0.0\noperations:\n  x:\n    action: sned\n";
    std::fs::write(dir.join("zz-control.yaml"), control).unwrap();
    // Two node processes share the documents (the parser is single-threaded).
    let shards = 2;
    let children: Vec<_> = (0..shards)
        .map(|k| {
            Command::new("node")
                .arg(root().join("tests/js/check-asyncapi.mjs"))
                .arg(&dir)
                .args([k.to_string(), shards.to_string()])
                .current_dir(root().join("tests/js"))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("node runs")
        })
        .collect();
    let mut results = Vec::new();
    let mut version = String::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("the checker prints JSON");
        version = report["parser"].as_str().unwrap().to_string();
        results.extend(report["results"].as_array().unwrap().iter().cloned());
    }
    let (control, results): (Vec<_>, Vec<_>) = results
        .into_iter()
        .partition(|r| r["file"] == "zz-control.yaml");
    assert!(
        !control[0]["error"].as_array().unwrap().is_empty(),
        "the parser refuses a broken document"
    );
    assert_eq!(results.len(), expect.len(), "every document was checked");
    let mut warnings = BTreeMap::<String, usize>::new();
    for r in &results {
        let file = r["file"].as_str().unwrap();
        let errors = r["error"].as_array().unwrap();
        assert!(
            r["parsed"].as_bool().unwrap() && errors.is_empty(),
            "{file}: {errors:#?}"
        );
        for w in r["warning"].as_array().unwrap() {
            *warnings
                .entry(w.as_str().unwrap().split(' ').next().unwrap().to_string())
                .or_default() += 1;
        }
        let e = &expect[file];
        let read = &r["read"];
        assert_eq!(read["info"].as_str(), Some(e.info.as_str()), "{file}");
        for (id, title) in &e.channels {
            assert_eq!(
                read["channels"][id][0].as_str(),
                Some(title.as_str()),
                "{file}: channel {id}"
            );
        }
        for (id, title) in &e.messages {
            assert_eq!(
                read["messages"][id].as_str(),
                Some(title.as_str()),
                "{file}: message {id}"
            );
        }
    }
    println!(
        "@asyncapi/parser {}: {} documents, 0 errors, warnings by rule: {warnings:?}; information: {:?}",
        version,
        results.len(),
        results.iter().flat_map(|r| r["info"].as_array().unwrap()).map(|i| i.as_str().unwrap().split(':').next().unwrap()).collect::<std::collections::BTreeSet<_>>()
    );
    assert!(warnings.is_empty(), "warnings: {warnings:?}");
}
