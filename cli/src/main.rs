//! The `stormlab` command line: run a board or an engine scenario and print its metrics, run a
//! board's experiments and check their expectations, run the benchmark, export a board
//! (AsyncAPI, Mermaid, SVG, text), import AsyncAPI documents as a board, write the built-in
//! examples as files and host live rooms.

mod args;
mod board_run;
mod boards;
mod check;
mod experiment;
mod import;

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser as _;
use stormlab_engine::{fixed, Scenario, Simulation};

use crate::args::{BenchArgs, Cli, Command, RelayArgs, RunArgs};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(a) => run(a),
        Command::Bench(a) => bench(a),
        Command::Export(a) => boards::export(a),
        Command::Examples(a) => boards::examples(a),
        Command::Experiment(a) => experiment::experiment(a),
        Command::Check(a) => check::check(a),
        Command::Import(a) => import::import(a),
        Command::Sweep(a) => experiment::sweep(a),
        Command::Relay(a) => relay(a),
        Command::Completions(a) => {
            use clap::CommandFactory as _;
            let mut out = Vec::new();
            clap_complete::generate(a.shell, &mut Cli::command(), "stormlab", &mut out);
            print_out(&String::from_utf8_lossy(&out));
            ExitCode::SUCCESS
        }
    }
}

/// Writes `text` to standard output; a closed pipe (`| head`) is not an error.
pub(crate) fn print_out(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn relay(args: RelayArgs) -> ExitCode {
    let options = stormlab_relay::Options {
        host: args.host,
        port: args.port,
        data: args.data,
    };
    match stormlab_relay::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: RunArgs) -> ExitCode {
    let path = args.file.as_str();
    // Refused before reading: a scenario file is small (the CLI reads at most this much).
    const MAX_SCENARIO_BYTES: u64 = 16 * 1024 * 1024;
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > MAX_SCENARIO_BYTES {
            eprintln!(
                "error: {path} is {} bytes; a scenario file may be at most {MAX_SCENARIO_BYTES}",
                meta.len()
            );
            return ExitCode::from(2);
        }
    }
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    if board_run::is_board(&text) {
        return match stormlab_board::file::open(&text) {
            Ok(board) => board_run::run_board(path, board, &args),
            Err(e) => {
                eprintln!("error: {path}: {e}");
                ExitCode::from(2)
            }
        };
    }
    if args.runs.is_some() || args.threads.is_some() {
        return args::usage_error("run", "--runs and --threads are for boards, not scenarios");
    }
    let scenario = match Scenario::from_json(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let seed = args.seed.unwrap_or(scenario.seed);
    let mut sim = match Simulation::new(&scenario, seed) {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let start = Instant::now();
    let events = sim.run_to_end();
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "engine_events: {events} wall_seconds: {secs:.4} events_per_sec: {:.0}",
        events as f64 / secs
    );
    println!("{}", sim.report().to_json());
    if let Some(halt) = sim.halted() {
        eprintln!("error: {}", halt.message);
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn bench(args: BenchArgs) -> ExitCode {
    if let Some(customers) = args.mm1 {
        return bench_mm1(customers);
    }
    let scenario = fixed::bench_scenario(args.events);
    let mut sim = Simulation::new(&scenario, scenario.seed).expect("the bench scenario is valid");
    let start = Instant::now();
    let processed = sim.run_to_end();
    let secs = start.elapsed().as_secs_f64();
    let report = sim.report();
    let published: u64 = report.topics.iter().map(|t| t.published).sum();
    println!("scenario: {}", report.scenario);
    println!("published_events: {published}");
    println!("engine_events: {processed}");
    println!("wall_seconds: {secs:.3}");
    println!("events_per_sec: {:.0}", processed as f64 / secs);
    ExitCode::SUCCESS
}

/// The M/M/1 queue SimPy is timed on (`scripts/bench-simpy.sh`): rho 0.8 (800 arrivals a
/// second, 1,000 served), `customers` of them, one thread.
fn bench_mm1(customers: u64) -> ExitCode {
    let (lambda, mu) = (800.0, 1_000.0);
    let scenario = fixed::mm1_scenario(customers, lambda, mu);
    let mut sim = Simulation::new(&scenario, scenario.seed).expect("the M/M/1 scenario is valid");
    let start = Instant::now();
    let processed = sim.run_to_end();
    let secs = start.elapsed().as_secs_f64();
    let report = sim.report();
    let served = report
        .subscriptions
        .first()
        .map_or(0, |s| s.stats.processed);
    let mean_us = report
        .subscriptions
        .first()
        .map_or(0.0, |s| s.latency.mean_us);
    println!("scenario: {}", report.scenario);
    println!("customers: {served}");
    println!(
        "mean_time_in_system_ms: {:.3} (theory {:.3})",
        mean_us / 1e3,
        1e3 / (mu - lambda)
    );
    println!("engine_events: {processed}");
    println!("wall_seconds: {secs:.3}");
    println!("customers_per_sec: {:.0}", served as f64 / secs);
    println!("events_per_sec: {:.0}", processed as f64 / secs);
    ExitCode::SUCCESS
}
