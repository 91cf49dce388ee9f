//! The AsyncAPI specification's own examples (3.0.0 and 2.6.0, copied from asyncapi/spec under
//! the Apache License 2.0, see `spec/NOTICE`) import into boards that run: what each became is
//! printed, for the note.

use std::path::Path;

use stormlab_board::{Board, Kind};
use stormlab_import::{import, Imported, Source};
use stormlab_run::metrics::Totals;
use stormlab_run::replicate::run_each;
use stormlab_run::{compile, Variant};

fn spec(version: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/spec")
        .join(version)
}

fn load(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

fn import_files(paths: &[std::path::PathBuf]) -> Result<Imported, String> {
    let sources: Vec<Source> = paths
        .iter()
        .map(|p| Source {
            path: p.to_string_lossy().into_owned(),
            text: std::fs::read_to_string(p).unwrap(),
        })
        .collect();
    import(&sources, &load)
}

/// Contexts, events and links of a board, in words.
fn summary(board: &Board) -> String {
    let events: Vec<&str> = board
        .stickies
        .iter()
        .filter(|s| s.kind == Kind::Event)
        .map(|s| s.label.as_str())
        .collect();
    let contexts: Vec<&str> = board.contexts.iter().map(|c| c.name.as_str()).collect();
    let crossing = board
        .links
        .iter()
        .filter(|l| {
            let (a, b) = (board.sticky(l.from).unwrap(), board.sticky(l.to).unwrap());
            a.kind == Kind::Event && b.kind == Kind::Policy
        })
        .count();
    format!("contexts {contexts:?}; events {events:?}; {crossing} event-to-policy links")
}

/// Runs the board for a few seconds of simulated time: it must compile and deliver.
fn runs(board: &Board, name: &str) -> f64 {
    let mut board = board.clone();
    board.run.duration_s = board.run.duration_s.min(20.0);
    let compiled = compile(&board, &Variant::default()).unwrap_or_else(|p| {
        panic!(
            "{name} does not run: {:?}",
            p.iter().map(|p| &p.message).collect::<Vec<_>>()
        )
    });
    let sim = &run_each(&compiled.scenario, &[board.run.seed], 1)[0];
    assert!(sim.halted().is_none(), "{name} halted");
    let totals = Totals::of(&sim.report());
    totals.handled as f64
}

fn every_example(version: &str) {
    let dir = spec(version);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut imported = 0;
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        match import_files(std::slice::from_ref(file)) {
            Ok(i) => {
                let delivered = runs(&i.board, &name);
                println!(
                    "{version} {name}: {}; {delivered} messages handled in 20 s",
                    summary(&i.board)
                );
                imported += 1;
            }
            Err(e) => println!("{version} {name}: refused: {e}"),
        }
    }
    assert!(imported >= files.len() - 2, "most examples import");
    // The social-media example: one document per service, with references to shared files.
    let social = dir.join("social-media");
    let services: Vec<_> = [
        "backend",
        "comments-service",
        "frontend",
        "notification-service",
        "public-api",
    ]
    .iter()
    .map(|s| social.join(s).join("asyncapi.yaml"))
    .collect();
    let joined = import_files(&services).unwrap_or_else(|e| panic!("social media {version}: {e}"));
    let b = &joined.board;
    println!("{version} social-media (5 documents): {}", summary(b));
    for c in [
        "Website Backend",
        "Comments Service",
        "Notifications Service",
    ] {
        assert!(
            b.contexts.iter().any(|x| x.name == c),
            "{c} in {:?}",
            summary(b)
        );
    }
    // The backend sends commentLiked, which the comments service receives: one link between
    // two contexts, not a message from outside.
    let liked = b
        .stickies
        .iter()
        .find(|s| s.kind == Kind::Event && s.label == "CommentLiked")
        .expect("CommentLiked");
    assert_eq!(b.context_name(liked.context), "Website Backend");
    assert!(b.outgoing(liked.id).any(|l| b
        .sticky(l.to)
        .is_some_and(|p| b.context_name(p.context) == "Comments Service")));
    runs(b, "social media");
}

#[test]
fn the_specifications_3_0_examples_import_and_run() {
    every_example("3.0.0");
}

#[test]
fn the_specifications_2_6_examples_import_and_run() {
    every_example("2.6.0");
}
