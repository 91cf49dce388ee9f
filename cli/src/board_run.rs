//! `stormlab run BOARD [--seed N] [--runs N] [--threads N]`: a board (JSON or text) run as
//! drawn, its headline metrics printed as JSON; with `--runs`, over that many seeds with each
//! metric's mean and 95% interval. The same numbers as the page's Run view.

use std::process::ExitCode;
use std::time::Instant;

use serde_json::{json, Value};
use stormlab_board::Board;
use stormlab_run::metrics::Totals;
use stormlab_run::replicate::{run_each, seeds};
use stormlab_run::stats::Interval;
use stormlab_run::{compile, Variant};

use crate::args::{threads_or_all, RunArgs};

/// True when `text` is a board (a board file's JSON, or the text format), not an engine
/// scenario: a scenario is JSON without the board's `kind`.
pub fn is_board(text: &str) -> bool {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => v.get("kind").and_then(Value::as_str) == Some(stormlab_board::format::BOARD_KIND),
        Err(_) => !text.trim_start().starts_with('{'),
    }
}

/// Runs `board` (read from `path`) as the options say.
pub fn run_board(path: &str, board: Board, args: &RunArgs) -> ExitCode {
    let (seed, runs, threads) = (args.seed, args.runs, threads_or_all(args.threads));
    let scenario = match compile(&board, &Variant::default()) {
        Ok(c) => c.scenario,
        Err(problems) => {
            let all: Vec<String> = problems.into_iter().map(|p| p.message).collect();
            eprintln!("error: {path}: the board cannot run: {}", all.join(" "));
            return ExitCode::from(1);
        }
    };
    let seed = seed.unwrap_or(board.run.seed);
    let seeds = seeds(seed, runs.unwrap_or(1));
    let start = Instant::now();
    let sims = run_each(&scenario, &seeds, threads);
    let events: u64 = sims.iter().map(|s| s.events()).sum();
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "run: {} run{} of {events} engine events in {secs:.3} s",
        seeds.len(),
        if seeds.len() == 1 { "" } else { "s" }
    );
    let headlines: Vec<_> = sims
        .iter()
        .map(|s| Totals::of(&s.report()).headline())
        .collect();
    let halted: Vec<String> = sims
        .iter()
        .zip(&seeds)
        .filter_map(|(s, seed)| s.halted().map(|h| format!("seed {seed}: {}", h.message)))
        .collect();
    let metrics: Vec<Value> = match runs {
        None => headlines[0]
            .iter()
            .map(|h| json!({"metric": h.label, "value": h.value, "shown": h.text}))
            .collect(),
        Some(_) => (0..headlines[0].len())
            .map(|i| {
                let values: Vec<f64> = headlines.iter().map(|h| h[i].value).collect();
                let interval = Interval::of(&values);
                json!({
                    "metric": headlines[0][i].label,
                    "mean": interval.mean,
                    "ci95": interval.half,
                    "n": interval.n,
                })
            })
            .collect(),
    };
    let out = json!({
        "board": board.title,
        "seeds": seeds,
        "metrics": metrics,
        "halted": halted,
    });
    crate::print_out(&(serde_json::to_string_pretty(&out).expect("JSON") + "\n"));
    if halted.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
