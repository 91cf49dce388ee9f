//! The `stormlab` command line: run a board or an engine scenario and print its metrics, run a
//! board's experiments and check their expectations, run the benchmark, export a board
//! (AsyncAPI, Mermaid, SVG, text), import AsyncAPI documents as a board, write the built-in
//! examples as files and host live rooms.

mod board_run;
mod boards;
mod check;
mod experiment;
mod import;

use std::process::ExitCode;
use std::time::Instant;

use stormlab_engine::{fixed, Scenario, Simulation};

pub(crate) const USAGE: &str = "usage:
  stormlab run SCENARIO.json [--seed N]   run an engine scenario, print the metrics report as
                                         JSON (and the engine's speed on standard error)
  stormlab run BOARD [--seed N] [--runs N] [--threads N]
                                         run a board (JSON or text) as drawn, print its
                                         metrics as JSON (with --runs, over N seeds: each
                                         metric's mean and 95% interval)
  stormlab bench [--events N]            run the benchmark scenario (default 1000000 events)
  stormlab bench --mm1 N                 time an M/M/1 queue (rho 0.8) of N customers, the work
                                         scripts/bench-simpy.sh also gives SimPy
  stormlab export BOARD --format F [--context NAME] [--domain-events] [--saga N]
                  [--no-legend] [--output FILE]
                                         export a board file (JSON or text; - reads standard
                                         input) to F: asyncapi, mermaid, mermaid-saga, svg,
                                         text or json; to standard output unless --output
  stormlab import FILE... [--output BOARD]
                                         read AsyncAPI 3.0 or 2.6 documents (YAML or JSON; one
                                         per service joins into one board; references to files
                                         beside them followed) into a board file (JSON); what
                                         to review on standard error
  stormlab examples DIR [--format json|text]
                                         write every built-in example as a board file
  stormlab experiment BOARD [--experiment K|QUESTION] [--a WORDS --b WORDS] [--runs N]
                      [--threads N] [--csv]
                                         run one of the board's experiments (by number from 1,
                                         or its question; default the first), or one defined
                                         here by what A and B set (delivery=poll
                                         payload=notification outage=Shipping@10..30), over N
                                         seeds (default the experiment's runs, up to 100) on
                                         every core; print each metric's mean, 95% interval,
                                         B - A and verdict as JSON (or CSV)
  stormlab check BOARD [--threads N]     run every experiment of the board that states an
                                         expectation; exit 1 naming each one the runs
                                         contradict or cannot tell
  stormlab sweep BOARD --setting NAME [--from A] [--to B] [--steps K] [--runs N]
                 [--threads N] [--csv]
                                         move one setting over a range (K points, default 10),
                                         both variants replicated at each point; settings: rate,
                                         consumers, instances, poll-interval, batch, window,
                                         payload-bytes, failure-rate, crash-rate, lost-acks,
                                         outage
  stormlab relay [--port N] [--host H] [--data DIR]
                                         host live rooms at ws://H:N/ROOM (default 127.0.0.1:1234;
                                         --host 0.0.0.0 for the room's network), as a y-websocket
                                         server does; with --data each room is kept in DIR";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("bench") => bench(&args[1..]),
        Some("export") => boards::export(&args[1..]),
        Some("examples") => boards::examples(&args[1..]),
        Some("experiment") => experiment::experiment(&args[1..]),
        Some("check") => check::check(&args[1..]),
        Some("import") => import::import(&args[1..]),
        Some("sweep") => experiment::sweep(&args[1..]),
        Some("relay") => relay(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Writes `text` to standard output; a closed pipe (`| head`) is not an error.
pub(crate) fn print_out(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Reads the value after `flag`, if present.
pub(crate) fn flag<T: std::str::FromStr>(args: &[String], flag: &str) -> Result<Option<T>, String> {
    match args.iter().position(|a| a == flag) {
        None => Ok(None),
        Some(i) => {
            let value = args.get(i + 1).ok_or(format!("{flag} needs a value"))?;
            value
                .parse()
                .map(Some)
                .map_err(|_| format!("{flag}: not a number: {value:?}"))
        }
    }
}

fn relay(args: &[String]) -> ExitCode {
    let mut options = stormlab_relay::Options::default();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let value = rest.next();
        let problem = match (arg.as_str(), value) {
            ("--port", Some(v)) => v
                .parse()
                .map(|p| options.port = p)
                .err()
                .map(|_| format!("--port takes a port number from 0 to 65535, found {v:?}")),
            ("--host", Some(v)) => {
                options.host = v.clone();
                None
            }
            ("--data", Some(v)) => {
                options.data = Some(v.into());
                None
            }
            (flag @ ("--port" | "--host" | "--data"), None) => {
                Some(format!("{flag} needs a value"))
            }
            (other, _) => Some(format!("relay: unknown argument {other:?}")),
        };
        if let Some(problem) = problem {
            eprintln!("error: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    match stormlab_relay::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> ExitCode {
    let Some(path) = args.first().filter(|a| !a.starts_with("--")) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
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
            Ok(board) => board_run::run_board(path, board, &args[1..]),
            Err(e) => {
                eprintln!("error: {path}: {e}");
                ExitCode::from(2)
            }
        };
    }
    let seed = match flag::<u64>(args, "--seed") {
        Ok(seed) => seed,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let scenario = match Scenario::from_json(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let seed = seed.unwrap_or(scenario.seed);
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

fn bench(args: &[String]) -> ExitCode {
    match flag::<u64>(args, "--mm1") {
        Ok(Some(customers)) => return bench_mm1(customers),
        Ok(None) => {}
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    }
    let events = match flag::<u64>(args, "--events") {
        Ok(n) => n.unwrap_or(1_000_000),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let scenario = fixed::bench_scenario(events);
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
