//! `stormlab check BOARD [--threads N]`: every experiment of the board that states an
//! expectation, run with its own number of runs; one line each (holds, fails or cannot tell,
//! with the metric's intervals), and exit 1 when any expectation fails or the runs cannot tell,
//! so that a team learns in CI when a change to its board breaks what it relied on.

use std::process::ExitCode;

use stormlab_run::experiment::{judge, Expect, Experiment, Judgement, Side};
use stormlab_run::replicate::{run_all, scenarios, seeds};
use stormlab_run::stats::Compared;
use stormlab_run::verdict::{show_difference, show_interval};

use crate::args::{threads_or_all, CheckArgs};
use crate::boards::open_board;
use crate::experiment::judgement_word;

/// What the runs showed about the expectation's side of the metric.
fn evidence(expect: Expect, c: &Compared) -> String {
    match expect {
        Expect::BHigher | Expect::BLower => format!(
            "A {}, B {}, B − A {}",
            show_interval(c.label, &c.a),
            show_interval(c.label, &c.b),
            show_difference(c.label, &c.diff)
        ),
        Expect::Under(s, _) | Expect::Over(s, _) => {
            let (name, i) = if s == Side::A {
                ("A", &c.a)
            } else {
                ("B", &c.b)
            };
            format!("{name} {}", show_interval(c.label, i))
        }
    }
}

/// Runs one experiment; its line and whether it passed. An error when it cannot run.
fn one(
    board: &stormlab_board::Board,
    e: &Experiment,
    expect: Expect,
    threads: usize,
) -> Result<(String, bool), String> {
    let compiled =
        scenarios(board, &e.a, &e.b).map_err(|why| format!("the board cannot run: {why}"))?;
    let samples = run_all(&compiled, &seeds(board.run.seed, e.runs as usize), threads);
    let compared = samples.compared();
    let Some(c) = compared.iter().find(|c| c.label == e.metric) else {
        let known: Vec<&str> = compared.iter().map(|c| c.label).collect();
        return Err(format!(
            "its metric {:?} is none the runs measure; they measure: {}",
            e.metric,
            known.join(", ")
        ));
    };
    let judgement = judge(expect, c);
    let passed = judgement == Judgement::Holds;
    let line = format!(
        "{}: {:?}: {}: expected {expect}; over {} runs {}{}",
        if passed { "ok" } else { "FAILED" },
        e.question,
        e.metric,
        e.runs,
        evidence(expect, c),
        match judgement {
            Judgement::Holds => String::new(),
            j => format!(" ({} at 95%)", judgement_word(j)),
        }
    );
    Ok((line, passed))
}

/// `stormlab check BOARD ...`
pub fn check(args: CheckArgs) -> ExitCode {
    let path = args.board.as_str();
    let threads = threads_or_all(args.threads);
    let board = match open_board(path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let stated: Vec<(&Experiment, Expect)> = board
        .experiments
        .iter()
        .filter_map(|e| e.expect.map(|x| (e, x)))
        .collect();
    if stated.is_empty() {
        eprintln!(
            "check: {path}: no experiment of this board states an expectation; nothing to check"
        );
        return ExitCode::SUCCESS;
    }
    let mut failed = 0;
    for (e, expect) in &stated {
        match one(&board, e, *expect, threads) {
            Ok((line, passed)) => {
                println!("{line}");
                failed += usize::from(!passed);
            }
            Err(why) => {
                println!("FAILED: {:?}: {why}", e.question);
                failed += 1;
            }
        }
    }
    if failed > 0 {
        eprintln!(
            "check: {path}: {failed} of {} expectations not met",
            stated.len()
        );
        ExitCode::from(1)
    } else {
        eprintln!("check: {path}: all {} expectations hold", stated.len());
        ExitCode::SUCCESS
    }
}
