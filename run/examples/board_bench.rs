//! Benchmark of a large board: the retail example tiled to about 2,000 stickies, then lint,
//! compile (with the engine's plan check), the start of a run, save and open, each the median of 9 runs. Prints
//! figures to compare run to run (not a pass/fail check): `cargo run --release -p stormlab-run
//! --example board_bench`.

use std::time::Instant;

use stormlab_board::examples::{example, tiled};
use stormlab_board::{format, lints};

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
    let copies = 2_000 / example("retail").unwrap().board().stickies.len() as u32 + 1;
    let board = tiled("retail", copies).expect("the retail example");
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
        "board_run_start_ms: {:.2}",
        median_ms(|| drop(stormlab_run::Playback::new(&board, &Default::default(), 1)))
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
