//! The SVG image: a group per sticky and frame drawn, links only between what is drawn, the
//! legend on request, hostile labels escaped as XML (Chromium parses every example's image in
//! the browser tests).

mod common;

use stormlab_board::examples::EXAMPLES;
use stormlab_board::Kind;
use stormlab_export::svg::{to_svg, xml, Options};

#[test]
fn everything_is_drawn_with_a_legend_of_the_kinds_used() {
    for e in EXAMPLES {
        let board = e.board();
        let svg = to_svg(&board, &Options::default());
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert_eq!(
            svg.matches("<g class=\"sticky ").count(),
            board.stickies.len(),
            "{}",
            e.id
        );
        assert_eq!(
            svg.matches("<g class=\"context\">").count(),
            board.contexts.len()
        );
        assert_eq!(
            svg.matches("<path class=\"link\"").count(),
            board.links.len()
        );
        for k in Kind::ALL {
            let used = board.stickies.iter().any(|s| s.kind == k);
            assert_eq!(
                svg.contains(&format!(">{}</text>", k.name())),
                used,
                "{}: {k:?}",
                e.id
            );
        }
        let bare = to_svg(
            &board,
            &Options {
                legend: false,
                ..Options::default()
            },
        );
        assert!(!bare.contains("class=\"legend\""));
    }
}

#[test]
fn a_selection_draws_only_itself_and_the_links_between_its_stickies() {
    let board = EXAMPLES[0].board();
    let chosen: Vec<_> = board.stickies.iter().take(3).map(|s| s.id).collect();
    let svg = to_svg(
        &board,
        &Options {
            selection: Some((chosen.clone(), vec![])),
            legend: false,
        },
    );
    assert_eq!(svg.matches("<g class=\"sticky ").count(), 3);
    assert_eq!(svg.matches("<g class=\"context\">").count(), 0);
    let inner = board
        .links
        .iter()
        .filter(|l| chosen.contains(&l.from) && chosen.contains(&l.to))
        .count();
    assert_eq!(svg.matches("<path class=\"link\"").count(), inner);
}

#[test]
fn hostile_labels_stay_text() {
    let board = common::hostile();
    let svg = to_svg(&board, &Options::default());
    assert!(!svg.contains("<b>") && svg.contains("&lt;b&gt;"));
    assert_eq!(
        svg.matches('<').count(),
        svg.matches('>').count(),
        "every tag closed"
    );
    for s in &board.stickies {
        let first_word = s.label.split_whitespace().next().unwrap_or("");
        assert!(
            svg.contains(&xml(first_word)) || first_word.chars().count() > 12,
            "{first_word}"
        );
    }
}

#[test]
fn short_labels_are_drawn_whole() {
    let board = common::hostile();
    let svg = to_svg(&board, &Options::default());
    let cut = svg.matches('…').count();
    assert!(
        cut * 4 < board.stickies.len(),
        "{cut} of {} labels cut short",
        board.stickies.len()
    );
}
