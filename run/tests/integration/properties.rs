//! Compiling never panics: every board the editor can produce, from an empty board or an
//! example, compiles to a scenario or to a list of problems, with and without a variant, and a
//! board that compiles also starts a playback and runs a few simulated seconds.

use proptest::prelude::*;
use stormlab_board::examples::EXAMPLES;
use stormlab_board::generate::{action, NUMBERS_PER_ACTION};
use stormlab_board::{Board, Editor};
use stormlab_run::compile::compile;
use stormlab_run::experiment;
use stormlab_run::playback::Playback;
use stormlab_run::variant::Variant;

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn compile_never_panics_on_an_edited_board(
        start in 0..=EXAMPLES.len(),
        numbers in prop::collection::vec(any::<u32>(), 0..30 * NUMBERS_PER_ACTION),
    ) {
        let board = EXAMPLES.get(start).map_or_else(Board::default, |e| e.board());
        let mut editor = Editor::new(board);
        for n in numbers.chunks(NUMBERS_PER_ACTION) {
            let _ = editor.apply(&action(&editor.board, n));
        }
        let board = &editor.board;
        let b_side = experiment::for_board(board).map(|e| e.b).unwrap_or_default();
        for variant in [Variant::default(), b_side] {
            match compile(board, &variant) {
                Ok(c) => {
                    prop_assert!(c.scenario.check().is_ok());
                    let mut p = Playback::new(board, &variant, 1).expect("compiled");
                    p.advance(2_000_000, 200_000);
                    p.animate(0.0);
                }
                Err(problems) => prop_assert!(!problems.is_empty()),
            }
        }
    }
}
