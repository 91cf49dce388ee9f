//! `stormlab experiment BOARD [--runs N] [--threads N] [--csv]`: the board's ready experiment
//! run over N seeds on every core, printed as JSON (or CSV) with each metric's mean, its 95%
//! interval, the difference B − A and the verdict; the same numbers as the page's Compare view.

use std::process::ExitCode;
use std::time::Instant;

use serde_json::{json, Value};
use stormlab_run::experiment;
use stormlab_run::replicate::{run_all, scenarios, seeds, Samples, DEFAULT_RUNS, MAX_RUNS};
use stormlab_run::stats::Interval;
use stormlab_run::verdict::verdict;

use crate::boards::{known, open_board, usage_error, value};

fn interval(i: &Interval) -> Value {
    json!({"mean": i.mean, "ci95": i.half, "n": i.n})
}

/// The threads to use: every core unless told.
pub fn threads(asked: Option<&str>) -> Result<usize, String> {
    match asked {
        None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
        Some(t) => t
            .parse()
            .ok()
            .filter(|n| (1..=256).contains(n))
            .ok_or_else(|| "--threads takes a number from 1 to 256".to_string()),
    }
}

/// Each metric as a JSON object.
pub fn metrics_json(samples: &Samples) -> Vec<Value> {
    samples
        .compared()
        .iter()
        .map(|c| {
            json!({
                "metric": c.label,
                "a": interval(&c.a),
                "b": interval(&c.b),
                "difference": interval(&c.diff),
                "verdict": verdict(c),
            })
        })
        .collect()
}

/// Each metric as a CSV line (with a header line).
pub fn metrics_csv(samples: &Samples) -> String {
    let mut out = String::from(
        "metric,a_mean,a_ci95,b_mean,b_ci95,difference_mean,difference_ci95,runs,verdict\n",
    );
    let half = |i: &Interval| i.half.map_or(String::new(), |h| h.to_string());
    for c in samples.compared() {
        let v = verdict(&c).unwrap_or_default().replace('"', "\"\"");
        out.push_str(&format!(
            "\"{}\",{},{},{},{},{},{},{},\"{v}\"\n",
            c.label,
            c.a.mean,
            half(&c.a),
            c.b.mean,
            half(&c.b),
            c.diff.mean,
            half(&c.diff),
            c.diff.n
        ));
    }
    out
}

/// `stormlab experiment BOARD ...`
pub fn experiment(args: &[String]) -> ExitCode {
    if let Err(e) = known(args, &["--csv"], &["--runs", "--threads"]) {
        return usage_error(&e);
    }
    let Some(path) = args
        .first()
        .filter(|a| !a.starts_with("--") || a.as_str() == "-")
    else {
        return usage_error("experiment needs a board file");
    };
    let options = (|| -> Result<(usize, usize), String> {
        let runs = match value(args, "--runs")? {
            None => DEFAULT_RUNS,
            Some(n) => n
                .parse()
                .ok()
                .filter(|n| (1..=MAX_RUNS).contains(n))
                .ok_or(format!("--runs takes a number from 1 to {MAX_RUNS}"))?,
        };
        Ok((runs, threads(value(args, "--threads")?)?))
    })();
    let (runs, threads) = match options {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    let board = match open_board(path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let Some(e) = experiment::for_board(&board) else {
        eprintln!("error: {path}: this board has no ready experiment (the built-in examples each have one); use the Compare view to choose two variants");
        return ExitCode::from(2);
    };
    let compiled = match scenarios(&board, &e.a, &e.b) {
        Ok(s) => s,
        Err(why) => {
            eprintln!("error: {path}: the board cannot run: {why}");
            return ExitCode::from(1);
        }
    };
    let seeds = seeds(board.run.seed, runs);
    let start = Instant::now();
    let samples = run_all(&compiled, &seeds, threads);
    let secs = start.elapsed().as_secs_f64();
    eprintln!("experiment: {runs} runs of each variant on {threads} threads in {secs:.3} s");
    if args.iter().any(|a| a == "--csv") {
        crate::print_out(&metrics_csv(&samples));
    } else {
        let out = json!({
            "board": board.title,
            "question": e.question,
            "a": e.a.describe(&board),
            "b": e.b.describe(&board),
            "runs": runs,
            "seeds": seeds,
            "metrics": metrics_json(&samples),
            "halted": samples.halted,
        });
        crate::print_out(&(serde_json::to_string_pretty(&out).expect("JSON") + "\n"));
    }
    ExitCode::SUCCESS
}
