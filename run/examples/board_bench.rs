//! Benchmark of a large board: the retail example tiled to about 2,000 stickies, then lint,
//! compile (with the engine's plan check), save and open, each the median of 9 runs. Prints
//! figures to compare run to run (not a pass/fail check): `cargo run --release -p stormlab-run
//! --example board_bench`.

use std::time::Instant;

use stormlab_board::examples::example;
use stormlab_board::{format, lints, Board, ContextId, LinkId, StickyId};

/// The retail example copied `copies` times side by side, every name made unique.
fn tiled(copies: u32) -> Board {
    let base = example("retail").expect("the retail example").board();
    let mut board = Board::default();
    for copy in 0..copies {
        let shift = 100_000 * copy;
        let (dx, dy) = (f64::from(copy % 10) * 1_500.0, f64::from(copy / 10) * 900.0);
        for s in &base.stickies {
            let mut s = s.clone();
            s.id = StickyId(s.id.0 + shift);
            s.context = s.context.map(|c| ContextId(c.0 + shift));
            s.label = format!("{}{copy}", s.label);
            (s.x, s.y) = (s.x + dx, s.y + dy);
            board.stickies.push(s);
        }
        for c in &base.contexts {
            let mut c = c.clone();
            c.id = ContextId(c.id.0 + shift);
            c.name = format!("{} {copy}", c.name);
            (c.x, c.y) = (c.x + dx, c.y + dy);
            board.contexts.push(c);
        }
        for l in &base.links {
            let mut l = l.clone();
            l.id = LinkId(l.id.0 + shift);
            (l.from, l.to) = (StickyId(l.from.0 + shift), StickyId(l.to.0 + shift));
            board.links.push(l);
        }
    }
    board.next_id = 100_000 * copies;
    board
}

/// The median wall time of `f` over 9 runs, in milliseconds.
fn median_ms(mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..9)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[4]
}

fn main() {
    let board = tiled(2_000 / example("retail").unwrap().board().stickies.len() as u32 + 1);
    let file = format::to_json(&board);
    let compiled = stormlab_run::compile(&board, &Default::default());
    assert!(compiled.is_ok(), "the tiled board compiles");
    println!(
        "board_stickies: {} board_links: {} board_file_bytes: {}",
        board.stickies.len(),
        board.links.len(),
        file.len()
    );
    println!(
        "board_lint_ms: {:.2}",
        median_ms(|| drop(lints::lint(&board)))
    );
    println!(
        "board_compile_ms: {:.2}",
        median_ms(|| drop(stormlab_run::compile(&board, &Default::default())))
    );
    println!(
        "board_save_ms: {:.2}",
        median_ms(|| drop(format::to_compact_json(&board)))
    );
    println!(
        "board_open_ms: {:.2}",
        median_ms(|| drop(format::from_json(&file)))
    );
}
