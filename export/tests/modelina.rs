//! Stormlab's AsyncAPI documents fed to a real consumer, the code generator Modelina
//! (`@asyncapi/modelina`, pinned in tests/js with TypeScript's `tsc`, installed by
//! scripts/setup.sh), as a team would to get message classes: for every example, a board with
//! hostile names and boards made by random edits, every model is named after its event (none
//! anonymous), no field is `any` (TypeScript) or `Object` (Java), the TypeScript type-checks
//! (`tsc --noEmit --strict`) and the Java compiles when a JDK is at hand (else it says so);
//! the hostile board's code is not compiled (see the test).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use stormlab_board::examples::EXAMPLES;
use stormlab_board::Board;
use stormlab_export::asyncapi::{document, to_asyncapi, Options};
use stormlab_export::yaml::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The names of a document's messages (each a payload schema of that name).
fn messages(board: &Board) -> Vec<String> {
    match document(board, &Options::default())
        .get("components")
        .and_then(|c| c.get("messages"))
    {
        Some(Value::Map(items)) => items.iter().map(|(k, _)| k.clone()).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn modelina_names_every_model_after_its_event_types_every_field_and_the_code_compiles() {
    let modelina = root().join("tests/js/node_modules/@asyncapi/modelina");
    assert!(
        modelina.exists(),
        "Modelina is not installed: run scripts/setup.sh"
    );
    let dir = root().join("target/exports/modelina");
    let _ = std::fs::remove_dir_all(&dir);
    let (input, output) = (dir.join("in"), dir.join("out"));
    std::fs::create_dir_all(&input).unwrap();
    let mut boards: Vec<(String, Board)> = EXAMPLES
        .iter()
        .map(|e| (e.id.to_string(), e.board()))
        .collect();
    boards.push(("hostile".into(), common::hostile()));
    for (i, b) in common::random_boards(12).into_iter().enumerate() {
        boards.push((format!("random-{i:03}"), b));
    }
    // In the checker's order (by file name).
    boards.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, board) in &boards {
        std::fs::write(
            input.join(format!("{name}.yaml")),
            to_asyncapi(board, &Options::default()),
        )
        .unwrap();
    }
    let out = Command::new("node")
        .arg(root().join("tests/js/check-modelina.mjs"))
        .args([&input, &output])
        .current_dir(root().join("tests/js"))
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("the checker prints JSON");
    let results = report["results"].as_array().unwrap();
    assert_eq!(results.len(), boards.len());
    let mut models = 0;
    for ((name, board), r) in boards.iter().zip(results) {
        assert_eq!(r["file"], format!("{name}.yaml"));
        assert!(
            r["error"].is_null(),
            "{name}: Modelina failed: {}",
            r["error"]
        );
        let untyped = r["untyped"].as_array().unwrap();
        assert!(untyped.is_empty(), "{name}: untyped fields {untyped:#?}");
        // Open to more fields only where the board says changes are additive only.
        let additive = board
            .stickies
            .iter()
            .filter_map(|s| s.event.as_ref())
            .any(|e| e.versioning == Some(stormlab_board::Versioning::AdditiveOnly));
        let open = r["open"].as_array().unwrap();
        assert!(open.is_empty() || additive, "{name}: open models {open:?}");
        for language in ["typescript", "java"] {
            let names: Vec<&str> = r[language]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_str().unwrap())
                .collect();
            assert!(
                !names.iter().any(|n| n.to_lowercase().contains("anonymous")),
                "{name} ({language}): anonymous models {names:?}"
            );
            // Every message's payload is a model of its name (as Modelina spells names).
            for m in messages(board) {
                let wanted: String = m.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
                assert!(
                    names.iter().any(|n| n.eq_ignore_ascii_case(&wanted)
                        || n.to_lowercase().ends_with(&wanted.to_lowercase())),
                    "{name} ({language}): no model for {m} in {names:?}"
                );
            }
            models += names.len();
        }
    }
    // The code compiles: every document's but the hostile board's, whose Arabic field name
    // Modelina 5.10 turns into an empty property name (`?: ...`), which no compiler takes.
    let compiled: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r["file"] != "hostile.yaml")
        .collect();
    // TypeScript: every document's models type-check, strictly.
    let ts_files: Vec<PathBuf> = compiled
        .iter()
        .map(|r| {
            output
                .join(r["file"].as_str().unwrap())
                .join("ts/models.ts")
        })
        .collect();
    let tsc = Command::new(root().join("tests/js/node_modules/.bin/tsc"))
        .args(["--noEmit", "--strict", "--skipLibCheck"])
        .args(&ts_files)
        .output()
        .expect("tsc runs");
    assert!(
        tsc.status.success(),
        "tsc: {}{}",
        String::from_utf8_lossy(&tsc.stdout),
        String::from_utf8_lossy(&tsc.stderr)
    );
    // Java: each document's classes compile, when a JDK is at hand.
    let javac = Command::new("javac").arg("-version").output();
    let java = match javac {
        Ok(v) if v.status.success() => {
            for r in &compiled {
                let dir = output.join(r["file"].as_str().unwrap()).join("java");
                let sources: Vec<PathBuf> = std::fs::read_dir(&dir)
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .collect();
                if sources.is_empty() {
                    continue; // A board with no integration event: no model.
                }
                let compiled = Command::new("javac")
                    .arg("-d")
                    .arg(dir.join("classes"))
                    .args(&sources)
                    .output()
                    .expect("javac runs");
                assert!(
                    compiled.status.success(),
                    "javac {}: {}",
                    r["file"],
                    String::from_utf8_lossy(&compiled.stderr)
                );
            }
            "compiles (javac)".to_string()
        }
        _ => "skipped: no JDK here (Debian's default-jdk-headless gives one)".to_string(),
    };
    println!(
        "modelina {}: {} documents, {models} models (TypeScript and Java), no anonymous model, no untyped field; TypeScript type-checks (tsc --strict); Java {java}",
        report["modelina"].as_str().unwrap_or("?"),
        boards.len()
    );
}
