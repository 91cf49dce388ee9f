//! Boards the export tests share: the examples, one with labels hostile to every format, and
//! boards made by random edits.

#![allow(dead_code)]

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use stormlab_board::examples::EXAMPLES;
use stormlab_board::generate::{action, NUMBERS_PER_ACTION};
use stormlab_board::settings::Outcome;
use stormlab_board::{Board, Editor, Field, FieldType, Payload, Scope, Versioning};

/// Labels that break naive exporters: quotes, markup, new lines, YAML and Mermaid syntax,
/// right-to-left text.
pub const HOSTILE: [&str; 10] = [
    "Order \"placed\" <b>&amp;</b>",
    "line one\nline two",
    "key: value # comment",
    "- [ ] {x} |y| >z",
    "end",
    "A-->B; click A call alert(1)",
    "مرحبا بالعالم",
    "%%{init: {}}%% `code` ;",
    "yes",
    "\u{202e}reversed\u{202c} \\ back\\slash",
];

/// The retail example with every sticky and context given a hostile label, every event
/// integration, and each payload style and versioning strategy used.
pub fn hostile() -> Board {
    let mut b = EXAMPLES[0].board();
    b.title = "Retail \"hostile\" <title>\n: # edition".into();
    for (i, c) in b.contexts.iter_mut().enumerate() {
        c.name = HOSTILE[(i + 3) % HOSTILE.len()].into();
    }
    for (i, s) in b.stickies.iter_mut().enumerate() {
        s.label = format!("{} {i}", HOSTILE[i % HOSTILE.len()]);
        if let Some(e) = &mut s.event {
            e.scope = Scope::Integration;
            e.payload = Payload::ALL[i % 3];
            e.versioning = Some(Versioning::ALL[i % 5]);
            e.version = Some(1 + i as u32 % 3);
            e.fields
                .push(Field::new(HOSTILE[(i + 1) % HOSTILE.len()], 10));
            e.fields.push(Field::new("id", 36));
            // Parts with hostile names, in a list and in an object.
            e.fields.push(Field {
                required: i % 2 == 0,
                of: vec![
                    Field::typed(HOSTILE[(i + 2) % HOSTILE.len()], FieldType::DateTime),
                    Field::typed("id", FieldType::Uuid),
                ],
                ..Field::typed(
                    HOSTILE[(i + 3) % HOSTILE.len()],
                    [FieldType::Array, FieldType::Object][i % 2],
                )
            });
        }
        if i % 5 == 0 {
            s.settings.outcome = Outcome::Failure { weight: 0.1 };
        }
    }
    b
}

/// `n` boards made by up to 40 random edits of an example or an empty board (seeded, so the
/// same boards every run).
pub fn random_boards(n: usize) -> Vec<Board> {
    let strategy = (
        0..=EXAMPLES.len(),
        proptest::collection::vec(
            proptest::arbitrary::any::<u32>(),
            0..40 * NUMBERS_PER_ACTION,
        ),
    );
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    (0..n)
        .map(|_| {
            let (start, numbers) = strategy.new_tree(&mut runner).expect("a value").current();
            let start = EXAMPLES
                .get(start)
                .map_or_else(Board::default, |e| e.board());
            let mut editor = Editor::new(start);
            for chunk in numbers.chunks(NUMBERS_PER_ACTION) {
                let _ = editor.apply(&action(&editor.board, chunk));
            }
            editor.board
        })
        .collect()
}
