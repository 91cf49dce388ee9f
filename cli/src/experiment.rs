//! `stormlab experiment BOARD [--experiment K|QUESTION] [--a WORDS --b WORDS] [--runs N]
//! [--threads N] [--csv]`: one of the board's experiments (or one defined on the spot) run over
//! N seeds on every core, printed as JSON (or CSV) with each metric's mean, its 95% interval,
//! the difference B − A, the verdict and, when the experiment states one, whether its
//! expectation holds, and its sweep when it has one; the same numbers as the page's Compare
//! view. Also `stormlab sweep`.

use std::process::ExitCode;
use std::time::Instant;

use serde_json::{json, Value};
use stormlab_board::Board;
use stormlab_run::experiment::{self, Experiment};
use stormlab_run::replicate::{run_all, scenarios, seeds, Samples, DEFAULT_RUNS};
use stormlab_run::stats::Interval;
use stormlab_run::verdict::verdict;
use stormlab_run::Variant;

use crate::args::{threads_or_all, ExperimentArgs, SweepArgs};
use crate::boards::open_board;

fn interval(i: &Interval) -> Value {
    json!({"mean": i.mean, "ci95": i.half, "n": i.n})
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

/// The experiment the arguments name: one defined by `--a`/`--b`, or one of the board's.
fn chosen(board: &Board, args: &ExperimentArgs) -> Result<(Experiment, Option<usize>), String> {
    let (a, b) = (args.a.as_deref(), args.b.as_deref());
    if a.is_some() || b.is_some() {
        let side = |words: Option<&str>, name: &str| {
            Variant::from_words(words.unwrap_or_default(), board)
                .map_err(|e| format!("--{name}: {e}"))
        };
        let mut e = Experiment::new("A or B?", "");
        (e.a, e.b) = (side(a, "a")?, side(b, "b")?);
        return Ok((e, None));
    }
    let which = args.experiment.as_deref().unwrap_or("1");
    let e = experiment::find(board, which).map_err(|e| {
        if board.experiments.is_empty() {
            "this board has no experiments: save one in the Compare view, write one in the text format, or define one here with --a and --b".to_string()
        } else {
            e
        }
    })?;
    let k = board.experiments.iter().position(|x| x == e);
    Ok((e.clone(), k))
}

/// `stormlab experiment BOARD ...`
pub fn experiment(args: ExperimentArgs) -> ExitCode {
    let path = args.board.as_str();
    let board = match open_board(path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let (e, k) = match chosen(&board, &args) {
        Ok(c) => c,
        Err(why) => {
            eprintln!("error: {path}: {why}");
            return ExitCode::from(2);
        }
    };
    let runs = args.replication.runs.unwrap_or(e.runs as usize);
    let threads = threads_or_all(args.replication.threads);
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
    if args.csv {
        crate::print_out(&metrics_csv(&samples));
        return ExitCode::SUCCESS;
    }
    let answer = samples.compared().into_iter().find(|c| c.label == e.metric);
    let swept = match e
        .sweep
        .as_ref()
        .map(|p| sweep_of(&board, &e, p, runs, threads))
    {
        None => None,
        Some(Ok(v)) => Some(v),
        Some(Err(why)) => {
            eprintln!("error: {path}: the experiment's sweep: {why}");
            return ExitCode::from(1);
        }
    };
    let mut out = json!({
        "board": board.title,
        "question": e.question,
        "watch": e.watch,
        "experiment": k.map(|k| k + 1),
        "experiments": board.experiments.iter().map(|x| &x.question).collect::<Vec<_>>(),
        "metric": (!e.metric.is_empty()).then_some(&e.metric),
        "verdict": answer.as_ref().and_then(verdict),
        "expect": e.expect.map(|x| x.to_string()),
        "expectation": match (e.expect, &answer) {
            (Some(x), Some(c)) => Some(judgement_word(experiment::judge(x, c))),
            _ => None,
        },
        "a": e.a.describe(&board),
        "b": e.b.describe(&board),
        "runs": runs,
        "seeds": seeds,
        "metrics": metrics_json(&samples),
        "halted": samples.halted,
    });
    if let Some(swept) = swept {
        out["sweep"] = swept;
    }
    crate::print_out(&(serde_json::to_string_pretty(&out).expect("JSON") + "\n"));
    ExitCode::SUCCESS
}

/// The sweep an experiment states, run with its sides and runs, as `stormlab sweep` prints it.
fn sweep_of(
    board: &Board,
    e: &Experiment,
    plan: &stormlab_board::experiment::SweepPlan,
    runs: usize,
    threads: usize,
) -> Result<Value, String> {
    use stormlab_run::sweep::{run_sweep, to_json, Axis, Base, Spec};
    let axis = Axis::parse(&plan.setting).ok_or_else(|| {
        let ids: Vec<&str> = Axis::all().iter().map(|s| s.id()).collect();
        format!(
            "unknown setting {:?}; settings: {}",
            plan.setting,
            ids.join(", ")
        )
    })?;
    let spec = Spec {
        axis,
        from: plan.from,
        to: plan.to,
        steps: plan.steps as usize,
        runs,
    };
    let base = Base::new(board, &e.a, &e.b)?;
    let start = Instant::now();
    let points = run_sweep(&base, &spec, threads)?;
    eprintln!(
        "sweep: {} points x {runs} runs of each variant in {:.3} s",
        points.len(),
        start.elapsed().as_secs_f64()
    );
    Ok(to_json(axis, &points))
}

/// A judgement as the output says it.
pub fn judgement_word(j: experiment::Judgement) -> &'static str {
    match j {
        experiment::Judgement::Holds => "holds",
        experiment::Judgement::Fails => "fails",
        experiment::Judgement::CannotTell => "cannot tell",
    }
}

/// `stormlab sweep BOARD --setting NAME --from A --to B --steps K [--runs N] [--threads N] [--csv]`
pub fn sweep(args: SweepArgs) -> ExitCode {
    use stormlab_run::sweep::{run_sweep, to_csv, to_json, Axis, Base, Spec};
    let path = args.board.as_str();
    let axis = Axis::parse(&args.setting).expect("clap checks the setting");
    let (from, to) = axis.suggested();
    let spec = Spec {
        axis,
        from: args.from.unwrap_or(from),
        to: args.to.unwrap_or(to),
        steps: args.steps,
        runs: args.replication.runs.unwrap_or(DEFAULT_RUNS),
    };
    if let Err(e) = spec.points() {
        return crate::args::usage_error("sweep", &e);
    }
    let threads = threads_or_all(args.replication.threads);
    let board = match open_board(path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    // The board's ready experiment when it has one, else the board as drawn on both sides.
    let e = experiment::for_board(&board);
    let (a, b) = e
        .as_ref()
        .map_or_else(Default::default, |e| (e.a.clone(), e.b.clone()));
    let base = match Base::new(&board, &a, &b) {
        Ok(s) => s,
        Err(why) => {
            eprintln!("error: {path}: the board cannot run: {why}");
            return ExitCode::from(1);
        }
    };
    let start = Instant::now();
    let points = match run_sweep(&base, &spec, threads) {
        Ok(p) => p,
        Err(why) => {
            eprintln!("error: {path}: {why}");
            return ExitCode::from(1);
        }
    };
    let secs = start.elapsed().as_secs_f64();
    let events: u64 = points.iter().map(|p| p.samples.events).sum();
    eprintln!(
        "sweep: {} points x {} runs of each variant on {threads} threads in {secs:.3} s ({:.1} M engine events/s)",
        points.len(),
        spec.runs,
        events as f64 / secs.max(1e-9) / 1e6
    );
    if args.csv {
        crate::print_out(&to_csv(spec.axis, &points));
    } else {
        let mut out = to_json(spec.axis, &points);
        out["board"] = json!(board.title);
        out["a"] = json!(a.describe(&board));
        out["b"] = json!(b.describe(&board));
        out["runs"] = json!(spec.runs);
        crate::print_out(&(serde_json::to_string_pretty(&out).expect("JSON") + "\n"));
    }
    ExitCode::SUCCESS
}
