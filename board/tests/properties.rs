//! Property tests of the editor on boards built by random sequences of edits: undo restores,
//! redo re-applies, and every board the editor can produce saves and reloads equal.

use proptest::prelude::*;
use stormlab_board::examples::EXAMPLES;
use stormlab_board::generate::{action, NUMBERS_PER_ACTION};
use stormlab_board::{format, share, Board, Editor};

/// Numbers for up to 40 edits.
fn edits() -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(any::<u32>(), 0..40 * NUMBERS_PER_ACTION)
}

/// The start: an empty board or one of the examples.
fn start() -> impl Strategy<Value = Board> {
    (0..=EXAMPLES.len()).prop_map(|i| EXAMPLES.get(i).map_or_else(Board::default, |e| e.board()))
}

/// Applies the edits (refused ones change nothing); returns the editor and how many changed
/// the board.
fn edit(board: Board, numbers: &[u32]) -> (Editor, usize) {
    let mut editor = Editor::new(board);
    let mut changed = 0;
    for n in numbers.chunks(NUMBERS_PER_ACTION) {
        let before = editor.revision;
        let _ = editor.apply(&action(&editor.board, n));
        changed += usize::from(editor.revision != before);
    }
    (editor, changed)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn undoing_every_edit_restores_the_board_and_redoing_restores_the_edits(
        board in start(),
        numbers in edits(),
    ) {
        let (mut editor, changed) = edit(board.clone(), &numbers);
        let edited = editor.board.clone();
        for _ in 0..changed {
            prop_assert!(editor.undo());
        }
        prop_assert!(!editor.undo(), "one undo entry per change");
        prop_assert_eq!(&editor.board, &board);
        for _ in 0..changed {
            prop_assert!(editor.redo());
        }
        prop_assert!(!editor.redo());
        prop_assert_eq!(&editor.board, &edited);
    }

    #[test]
    fn every_board_the_editor_makes_saves_and_reloads_equal(
        board in start(),
        numbers in edits(),
    ) {
        let (editor, _) = edit(board, &numbers);
        let board = &editor.board;
        let file = format::from_json(&format::to_json(board));
        prop_assert_eq!(file.as_ref(), Ok(board));
        let compact = format::from_json(&format::to_compact_json(board));
        prop_assert_eq!(compact.as_ref(), Ok(board));
        let link = share::decode(&share::encode(board));
        prop_assert_eq!(link.as_ref().ok(), Some(board));
    }
}

#[test]
fn the_generator_reaches_every_kind_of_edit() {
    // A fixed run of numbers: the editor ends with stickies, links and contexts, so the
    // properties above are tested on boards with all three, not only on empty ones.
    let numbers: Vec<u32> = (0..600u32)
        .map(|i| i.wrapping_mul(2_654_435_761) >> 7)
        .collect();
    let (editor, changed) = edit(Board::default(), &numbers);
    let b = &editor.board;
    assert!(changed > 40, "{changed}");
    assert!(!b.stickies.is_empty() && !b.contexts.is_empty(), "{b:?}");
}
