//! The Mermaid texts' structure (Mermaid itself parses and renders them in the browser tests):
//! one node per sticky inside its context's subgraph, an arrow per link, dashed across
//! contexts, and a saga's compensations in reverse order.

mod common;

use stormlab_board::examples::{example, EXAMPLES};
use stormlab_export::mermaid::{escape, flowchart, saga_sequences};

#[test]
fn a_node_per_sticky_an_arrow_per_link_dashed_across_contexts() {
    for e in EXAMPLES {
        let board = e.board();
        let text = flowchart(&board);
        assert!(text.starts_with("flowchart LR\n"));
        assert_eq!(
            text.matches("  subgraph c").count(),
            board.contexts.len(),
            "{}",
            e.id
        );
        let arrows = text.matches(" --> ").count() + text.matches(" -.-> ").count();
        assert_eq!(arrows, board.links.len(), "{}", e.id);
        let crossing = board
            .links
            .iter()
            .filter(|l| {
                board.sticky(l.from).unwrap().context != board.sticky(l.to).unwrap().context
            })
            .count();
        assert_eq!(text.matches(" -.-> ").count(), crossing, "{}", e.id);
        for s in &board.stickies {
            assert!(
                text.contains(&format!("\"{}\"", escape(&s.label))),
                "{}: {}",
                e.id,
                s.label
            );
        }
    }
}

#[test]
fn the_saga_sequence_compensates_in_reverse_order() {
    let board = example("saga").unwrap().board();
    let seqs = saga_sequences(&board);
    assert_eq!(seqs.len(), 1);
    let s = &seqs[0];
    assert!(s.starts_with("sequenceDiagram\n"), "{s}");
    let release = s.find("ReleaseInventory").expect(s);
    let cancel = s.find("CancelOrder").expect(s);
    let failed = s.find("else PaymentFailed").expect(s);
    assert!(failed < release && release < cancel, "{s}");
    assert!(saga_sequences(&example("retail").unwrap().board()).is_empty());
}

#[test]
fn labels_cannot_break_the_syntax() {
    for label in common::HOSTILE {
        let e = escape(label).replace("<br>", " ");
        // What remains besides entity codes is letters, digits, spaces and plain punctuation.
        let mut rest = String::new();
        let mut chars = e.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '#' {
                let code: String = chars.by_ref().take_while(|c| *c != ';').collect();
                assert!(code.parse::<u32>().is_ok(), "{e}");
            } else {
                rest.push(c);
            }
        }
        assert!(
            rest.chars()
                .all(|c| c.is_ascii_alphanumeric() || " .,!?'()_+/@-".contains(c)),
            "{e}"
        );
    }
    assert_eq!(escape("a \"b\"\nc;"), "a #34;b#34;<br>c#59;");
    assert_eq!(escape(""), " ", "Mermaid refuses an empty string");
}
