//! Board files: the examples and every saved version's fixture, mutated; whatever opens must
//! save within the limit and reopen equal, as a file, compact and as a share link.

use std::sync::OnceLock;

use serde_json::Value;
use stormlab_board::examples::EXAMPLES;
use stormlab_board::format::{from_json, to_compact_json, to_json};
use stormlab_board::limits::MAX_BYTES;
use stormlab_board::{lints, share, Board};
use stormlab_engine::rng::Rng;

use super::Outcome;
use crate::mutate::{between, mutate_text, mutate_value, nudge, pick};

/// The valid files mutations start from.
pub fn corpus() -> &'static [String] {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut files: Vec<String> = EXAMPLES.iter().map(|e| to_json(&e.board())).collect();
        files.push(to_compact_json(&EXAMPLES[0].board()));
        files.push(to_json(&Board::default()));
        files.extend(
            [
                include_str!("../../../board/tests/fixtures/board-v1.json"),
                include_str!("../../../board/tests/fixtures/board-v2.json"),
                include_str!("../../../board/tests/fixtures/board-v3.json"),
                include_str!("../../../board/tests/fixtures/board-v4.json"),
                include_str!("../../../board/tests/fixtures/board-v5.json"),
            ]
            .map(String::from),
        );
        files
    })
}

/// A valid file with numbers moved and up to two structural mutations, written pretty or
/// compact.
pub fn mutated_json(rng: &mut Rng) -> String {
    let mut v: Value =
        serde_json::from_str(pick(rng, corpus()).as_str()).expect("the corpus is JSON");
    nudge(rng, &mut v, |_| true);
    for _ in 0..between(rng, 0, 3) {
        nudge(rng, &mut v, |_| true);
    }
    for _ in 0..between(rng, 0, 2) {
        mutate_value(rng, &mut v);
    }
    if rng.chance(0.5) {
        serde_json::to_string_pretty(&v).expect("a value serializes")
    } else {
        v.to_string()
    }
}

/// A hostile board file.
pub fn generate(rng: &mut Rng) -> String {
    if rng.chance(0.8) {
        let text = mutated_json(rng);
        if rng.chance(0.15) {
            mutate_text(rng, &text)
        } else {
            text
        }
    } else {
        let mut text = pick(rng, corpus()).clone();
        for _ in 0..between(rng, 1, 3) {
            text = mutate_text(rng, &text);
        }
        text
    }
}

/// Opens the file; what opens must survive every way the app writes it back.
pub fn check(text: &str) -> Outcome {
    match from_json(text) {
        Err(e) => Outcome::refused(e.0),
        Ok(board) => round_trip(&board),
    }
}

/// The promises an opened board keeps: its saved file is within the limit and reopens equal,
/// compact and as a share link, and the lints run.
pub fn round_trip(board: &Board) -> Outcome {
    let file = to_json(board);
    if file.len() > MAX_BYTES {
        return Outcome::Broken(format!(
            "opened, but saves to {} bytes, over the limit",
            file.len()
        ));
    }
    for (how, text) in [("file", file), ("compact", to_compact_json(board))] {
        match from_json(&text) {
            Ok(again) if again == *board => {}
            Ok(_) => return Outcome::Broken(format!("saved as a {how}, it reopens different")),
            Err(e) => return Outcome::Broken(format!("saved as a {how}, it will not reopen: {e}")),
        }
    }
    match share::decode(&share::encode(board)) {
        Ok(again) if again == *board => {}
        Ok(_) => return Outcome::Broken("its share link opens a different board".into()),
        Err(e) => return Outcome::Broken(format!("its share link will not open: {e}")),
    }
    lints::lint(board);
    Outcome::Accepted
}
