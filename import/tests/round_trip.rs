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

type Event = (String, String, String, String, Option<u32>, String);

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
            format!("{:?}", p.fields),
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

/// A fat event's fields as its payload schema alone says them (no `x-stormlab`): names, types,
/// whether required, and the parts' names and types.
fn typed(board: &Board) -> BTreeSet<(String, String)> {
    board
        .stickies
        .iter()
        .filter_map(|s| Some((s, s.event.as_ref()?)))
        .filter(|(_, p)| p.scope == Scope::Integration && p.payload == stormlab_board::Payload::Fat)
        .map(|(s, p)| {
            let fields: Vec<String> = p
                .fields
                .iter()
                .filter(|f| f.name != "version" && f.name != "schema_version")
                .map(|f| {
                    let parts: Vec<String> =
                        f.of.iter()
                            .map(|x| format!("{}:{:?}:{}", x.name, x.ty, x.required))
                            .collect();
                    format!("{}:{:?}:{}:{parts:?}", f.name, f.ty, f.required)
                })
                .collect();
            (s.label.clone(), fields.join(", "))
        })
        .collect()
}

/// The types come back from the schemas themselves, as from a document someone else wrote.
fn types_from_schemas(board: &Board) {
    let text = to_asyncapi(board, &Options::default());
    let mut doc: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    for m in doc["components"]["messages"]
        .as_object_mut()
        .unwrap()
        .values_mut()
    {
        m.as_object_mut().unwrap().remove("x-stormlab");
    }
    let imported = import(
        &[Source {
            path: "board.asyncapi.json".into(),
            text: doc.to_string(),
        }],
        &no_files,
    )
    .unwrap();
    // (A claim check reads as a fat event with a uri field: only the fat ones are compared.)
    let want = typed(board);
    let got: BTreeSet<(String, String)> = typed(&imported.board)
        .into_iter()
        .filter(|(l, _)| want.iter().any(|(w, _)| w == l))
        .collect();
    assert_eq!(got, want, "{text}");
}

#[test]
fn the_examples_field_types_come_back_from_their_schemas() {
    for e in EXAMPLES {
        let board = e.board();
        if contract(&board).1.is_empty() {
            continue;
        }
        types_from_schemas(&board);
    }
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
        if !contract(&board).1.is_empty() {
            types_from_schemas(&board);
        }
    }
}
