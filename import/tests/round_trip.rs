//! Stormlab's own AsyncAPI export imported again gives back the board's contexts, integration
//! events (with their payload settings and fields) and which contexts consume each: on every
//! example, and on examples changed by random edits.

use std::collections::BTreeSet;

use proptest::prelude::*;
use stormlab_board::examples::EXAMPLES;
use stormlab_board::generate::{action, NUMBERS_PER_ACTION};
use stormlab_board::{apply, Board, Kind, Scope};
use stormlab_export::asyncapi::{to_asyncapi, Options};
use stormlab_import::{import, no_files, Source};

type Event = (
    String,
    String,
    String,
    Vec<(String, u32)>,
    Option<u32>,
    String,
);

/// What the contract says of a board: its contexts, its integration events (label, producer,
/// payload, fields, version, versioning) and which context consumes which event.
fn contract(board: &Board) -> (BTreeSet<String>, BTreeSet<Event>, Vec<(String, String)>) {
    let ctx = |s: &stormlab_board::Sticky| {
        s.context
            .and_then(|c| board.context(c))
            .map_or("No context".to_string(), |c| c.name.clone())
    };
    let mut contexts = BTreeSet::new();
    let mut events = BTreeSet::new();
    let mut links = Vec::new();
    for s in &board.stickies {
        let Some(p) = s.event.as_ref().filter(|p| p.scope == Scope::Integration) else {
            continue;
        };
        contexts.insert(ctx(s));
        events.insert((
            s.label.clone(),
            ctx(s),
            format!("{:?}", p.payload),
            p.fields.iter().map(|f| (f.name.clone(), f.bytes)).collect(),
            p.version,
            format!("{:?}", p.versioning),
        ));
        for l in board.outgoing(s.id) {
            let c = board.sticky(l.to).unwrap();
            if matches!(c.kind, Kind::Policy | Kind::ReadModel) {
                contexts.insert(ctx(c));
                links.push((s.label.clone(), ctx(c)));
            }
        }
    }
    contexts.remove("No context");
    links.sort();
    (contexts, events, links)
}

fn round_trip(board: &Board) {
    let text = to_asyncapi(board, &Options::default());
    let Ok(imported) = import(
        &[Source {
            path: "board.asyncapi.yaml".into(),
            text: text.clone(),
        }],
        &no_files,
    ) else {
        // A board with no integration event exports a document with nothing to import.
        assert!(contract(board).1.is_empty(), "refused:\n{text}");
        return;
    };
    let (want, got) = (contract(board), contract(&imported.board));
    assert_eq!(got.0, want.0, "contexts\n{text}");
    assert_eq!(got.1, want.1, "events\n{text}");
    assert_eq!(got.2, want.2, "links\n{text}");
}

#[test]
fn every_examples_export_imports_to_the_same_contract() {
    for e in EXAMPLES {
        round_trip(&e.board());
    }
}

/// Labels made unique and trimmed (an event is a topic named after its label, so two events of
/// one label cannot both come back, and a contract's titles are trimmed).
fn distinct_labels(board: &mut Board) {
    for s in &mut board.stickies {
        s.label = format!("{} {}", s.label.trim(), s.id.0).trim().to_string();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn an_edited_boards_export_imports_to_the_same_contract(
        example in 0..EXAMPLES.len(),
        numbers in proptest::collection::vec(any::<u32>(), 0..(30 * NUMBERS_PER_ACTION)),
    ) {
        let mut board = EXAMPLES[example].board();
        for n in numbers.chunks(NUMBERS_PER_ACTION) {
            let a = action(&board, n);
            if let Ok(applied) = apply(&board, &a) {
                board = applied.board;
            }
        }
        distinct_labels(&mut board);
        round_trip(&board);
    }
}
