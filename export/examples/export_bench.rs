//! Benchmark of every export on a board of 1,000 bounded contexts (the retail example tiled),
//! each the median of 5 runs: the writers must grow with the board, not with its square.
//! Prints figures to compare run to run (not a pass/fail check): `cargo run --release -p
//! stormlab-export --example export_bench`.

use std::time::Instant;

use stormlab_board::examples::{example, tiled};
use stormlab_export::{export, Format, Request};

/// The median wall time of `f` over 5 runs, in milliseconds.
fn median_ms(mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[2]
}

fn main() {
    let per_copy = example("retail").unwrap().board().contexts.len() as u32;
    let board = tiled("retail", 1_000 / per_copy).expect("the retail example");
    println!(
        "export_board_contexts: {} stickies: {} links: {}",
        board.contexts.len(),
        board.stickies.len(),
        board.links.len()
    );
    let mut slowest = ("", 0.0);
    for format in Format::ALL {
        let ms = median_ms(|| drop(export(&board, &Request::new(format))));
        println!("export_{}_ms: {ms:.2}", format.id().replace('-', "_"));
        if ms > slowest.1 {
            slowest = (format.id(), ms);
        }
    }
    println!("export_slowest: {} {:.2} ms", slowest.0, slowest.1);
}
