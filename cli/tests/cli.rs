//! The `stormlab` command line: running scenarios, the benchmark, exporting boards and
//! writing the examples.

mod common;
use common::stormlab;

use std::path::PathBuf;

use stormlab_board::examples::EXAMPLES;
use stormlab_board::{format, text};
use stormlab_engine::fixed::bench_scenario;
use stormlab_export::{export, Format, Request};

#[test]
fn run_prints_the_report_as_json_and_honours_the_seed() {
    let dir = std::env::temp_dir().join(format!("stormlab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("scenario.json");
    std::fs::write(&path, bench_scenario(200).to_json()).unwrap();
    let (code, out, err) = stormlab(&["run", path.to_str().unwrap(), "--seed", "3"]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON report");
    assert_eq!(report["seed"], 3);
    assert!(
        report["subscriptions"][0]["processed"].as_u64().unwrap() > 0,
        "{out}"
    );
    assert!(err.starts_with("engine_events: "), "{err}");
    let (_, again, _) = stormlab(&["run", path.to_str().unwrap(), "--seed", "3"]);
    assert_eq!(out, again);
    let (_, other, _) = stormlab(&["run", path.to_str().unwrap(), "--seed", "4"]);
    assert_ne!(out, other);
}

#[test]
fn a_bad_scenario_is_reported_with_its_field_and_exit_code_2() {
    let dir = std::env::temp_dir().join(format!("stormlab-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.json");
    let text = bench_scenario(10).to_json();
    let partitions = text
        .find("\"partitions\": ")
        .expect("topics have partitions");
    let text = format!(
        "{}\"partitions\": -{}",
        &text[..partitions],
        &text[partitions + 14..]
    );
    std::fs::write(&path, text).unwrap();
    let (code, out, err) = stormlab(&["run", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("topics[0].partitions"), "{err}");

    let mut s = bench_scenario(10);
    s.subscriptions[0].topic = "Nope".into();
    std::fs::write(&path, s.to_json()).unwrap();
    let (code, _, err) = stormlab(&["run", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("subscriptions[0].topic: unknown topic \"Nope\""),
        "{err}"
    );

    let (code, _, err) = stormlab(&["run", "/nonexistent/file.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    let (code, _, _) = stormlab(&["frobnicate"]);
    assert_eq!(code, 2);
}

#[test]
fn bench_prints_events_per_second() {
    let (code, out, err) = stormlab(&["bench", "--events", "20000"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("published_events: 20000"), "{out}");
    assert!(out.contains("engine_events: 260000"), "{out}");
    let rate: f64 = out
        .lines()
        .find_map(|l| l.strip_prefix("events_per_sec: "))
        .expect("events_per_sec line")
        .parse()
        .unwrap();
    assert!(rate > 0.0);
}

#[test]
fn bench_mm1_serves_every_customer_in_five_engine_events_each() {
    let (code, out, err) = stormlab(&["bench", "--mm1", "20000"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("customers: 20000\n"), "{out}");
    assert!(out.contains("engine_events: 100000\n"), "{out}");
    let mean: f64 = out
        .lines()
        .find_map(|l| l.strip_prefix("mean_time_in_system_ms: "))
        .and_then(|v| v.split(' ').next())
        .expect("mean time line")
        .parse()
        .unwrap();
    // rho 0.8: 5 ms in theory (20,000 customers land within a few percent).
    assert!((4.0..6.0).contains(&mean), "{out}");
    assert!(out.contains("customers_per_sec: "), "{out}");
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stormlab-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn examples_are_written_as_board_files_that_open_again() {
    let dir = temp("examples");
    for (format, ext) in [("json", "json"), ("text", "stormlab.txt")] {
        let (code, out, err) = stormlab(&["examples", dir.to_str().unwrap(), "--format", format]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(out.lines().count(), EXAMPLES.len());
        for e in EXAMPLES {
            let file = std::fs::read_to_string(dir.join(format!("{}.{ext}", e.id))).unwrap();
            let board = stormlab_board::file::open(&file).unwrap();
            let expected = if format == "json" {
                e.board()
            } else {
                text::normalise(&e.board())
            };
            assert_eq!(board, expected, "{}", e.id);
        }
    }
}

#[test]
fn export_prints_what_the_app_exports_in_every_format() {
    let dir = temp("export");
    let board = EXAMPLES[4].board();
    let path = dir.join("saga.json");
    std::fs::write(&path, format::to_json(&board)).unwrap();
    for f in Format::ALL {
        let (code, out, err) = stormlab(&["export", path.to_str().unwrap(), "--format", f.id()]);
        assert_eq!(code, 0, "{}: {err}", f.id());
        assert_eq!(
            out,
            export(&board, &Request::new(f)).unwrap().text,
            "{}",
            f.id()
        );
    }
    // The view of one context, domain events, a file, and a text board as input.
    let (code, out, _) = stormlab(&[
        "export",
        path.to_str().unwrap(),
        "--format",
        "asyncapi",
        "--context",
        "Payment",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("title: \"Order saga with compensation: Payment\""),
        "{out}"
    );
    let text_path = dir.join("saga.stormlab.txt");
    std::fs::write(&text_path, text::to_text(&board)).unwrap();
    let out_path = dir.join("saga.mmd");
    let (code, _, err) = stormlab(&[
        "export",
        text_path.to_str().unwrap(),
        "--format",
        "mermaid",
        "--output",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&out_path)
        .unwrap()
        .starts_with("flowchart LR"));
}

#[test]
fn export_refuses_bad_boards_and_options_with_a_message() {
    let dir = temp("export-bad");
    let path = dir.join("bad.stormlab.txt");
    std::fs::write(&path, "stormlab 1\nevnt \"x\"\n").unwrap();
    let (code, out, err) = stormlab(&["export", path.to_str().unwrap(), "--format", "svg"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("Line 2, column 1") && err.contains("Did you mean \"event\"?"),
        "{err}"
    );
    let good = dir.join("retail.json");
    std::fs::write(&good, format::to_json(&EXAMPLES[0].board())).unwrap();
    let good = good.to_str().unwrap();
    let (code, _, err) = stormlab(&["export", good, "--format", "pdf"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid value 'pdf' for '--format <F>'")
            && err.contains("[possible values: asyncapi, mermaid, mermaid-saga, svg, text, json]"),
        "{err}"
    );
    let (code, _, err) = stormlab(&[
        "export",
        good,
        "--format",
        "asyncapi",
        "--context",
        "Nowhere",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no context \"Nowhere\"; its contexts: \"Order management\""),
        "{err}"
    );
    let (code, _, err) = stormlab(&["export", good, "--format", "mermaid-saga"]);
    assert_eq!(code, 1);
    assert!(err.contains("no saga"), "{err}");
    let (code, _, err) = stormlab(&["export", good, "--format", "svg", "--frobnicate"]);
    assert_eq!(code, 2);
    assert!(err.contains("unexpected argument '--frobnicate'"), "{err}");
}

#[test]
fn experiment_prints_the_pages_numbers_whatever_the_threads() {
    use stormlab_run::comparison::Comparison;
    use stormlab_run::experiment::for_board;

    let dir = temp("experiment");
    let board = EXAMPLES[0].board();
    let path = dir.join("retail.json");
    std::fs::write(&path, format::to_json(&board)).unwrap();
    let p = path.to_str().unwrap();
    let (code, one, err) = stormlab(&["experiment", p, "--runs", "6", "--threads", "1"]);
    assert_eq!(code, 0, "{err}");
    let (_, two, _) = stormlab(&["experiment", p, "--runs", "6", "--threads", "2"]);
    assert_eq!(one, two, "threads change nothing");
    let report: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(report["runs"], 6);
    // The page's Compare view, natively: the same runs, the same numbers.
    let e = for_board(&board).unwrap();
    let mut page = Comparison::with_runs(&board, &e.a, &e.b, 6, 0.0).unwrap();
    let mut t = 0.0;
    let clock = move || {
        t += 1.0;
        t
    };
    let clock = std::cell::RefCell::new(clock);
    while page.slice(50.0, &|| (clock.borrow_mut())()) {}
    for (c, m) in page
        .summary()
        .iter()
        .zip(report["metrics"].as_array().unwrap())
    {
        assert_eq!(m["metric"], c.label);
        assert_eq!(m["a"]["mean"].as_f64().unwrap(), c.a.mean, "{}", c.label);
        assert_eq!(m["b"]["mean"].as_f64().unwrap(), c.b.mean, "{}", c.label);
        assert_eq!(m["difference"]["ci95"].as_f64(), c.diff.half, "{}", c.label);
    }
    let latency = report["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == "Mean latency")
        .unwrap();
    assert!(
        latency["verdict"]
            .as_str()
            .unwrap()
            .starts_with("B has a higher mean latency"),
        "{latency}"
    );
    let (code, out, err) = stormlab(&["experiment", p, "--experiment", "2", "--runs", "5"]);
    assert_eq!(code, 0, "{err}");
    let second: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(second["metric"], "Commands failed or refused");
    assert!(
        second["verdict"]
            .as_str()
            .unwrap()
            .starts_with("B has more commands failed or refused"),
        "{second}"
    );
    let (code, _, err) = stormlab(&["experiment", p, "--experiment", "9"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("the board has 5 experiments; there is no experiment 9"),
        "{err}"
    );
    let (code, csv, _) = stormlab(&["experiment", p, "--runs", "3", "--csv"]);
    assert_eq!(code, 0);
    assert!(csv.starts_with("metric,a_mean,a_ci95,b_mean,b_ci95,difference_mean,difference_ci95,runs,verdict\n\"Messages handled\","), "{csv}");
    let (code, _, err) = stormlab(&["experiment", p, "--runs", "101"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid value '101' for '--runs <N>': takes a number from 1 to 100"),
        "{err}"
    );
    std::fs::write(&path, format::to_json(&stormlab_board::Board::default())).unwrap();
    let (code, _, err) = stormlab(&["experiment", p]);
    assert_eq!(code, 2);
    assert!(err.contains("this board has no experiments"), "{err}");
}

#[test]
fn sweep_prints_every_point_with_its_intervals() {
    let dir = temp("sweep");
    let path = dir.join("review.json");
    std::fs::write(&path, format::to_json(&EXAMPLES[2].board())).unwrap();
    let p = path.to_str().unwrap();
    let args = [
        "sweep",
        p,
        "--setting",
        "consumers",
        "--from",
        "1",
        "--to",
        "5",
        "--steps",
        "3",
        "--runs",
        "4",
    ];
    let (code, out, err) = stormlab(&args);
    assert_eq!(code, 0, "{err}");
    assert!(err.starts_with("sweep: 3 points x 4 runs"), "{err}");
    let (_, again, _) = stormlab(&[&args[..], &["--threads", "1"]].concat());
    assert_eq!(out, again, "threads change nothing");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let points = report["points"].as_array().unwrap();
    let callbacks: Vec<f64> = points
        .iter()
        .map(|p| {
            p["metrics"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["metric"] == "Callbacks")
                .unwrap()["b"]["mean"]
                .as_f64()
                .unwrap()
        })
        .collect();
    assert_eq!(
        points
            .iter()
            .map(|p| p["value"].as_f64().unwrap())
            .collect::<Vec<_>>(),
        vec![1.0, 3.0, 5.0]
    );
    assert!(
        callbacks[0] > 0.0
            && callbacks[1] > 2.5 * callbacks[0]
            && callbacks[2] > 4.5 * callbacks[0],
        "{callbacks:?}"
    );
    let (code, csv, _) = stormlab(&[&args[..], &["--csv"]].concat());
    assert_eq!(code, 0);
    assert!(csv.starts_with("setting,value,metric,"), "{csv}");
    let (code, _, err) = stormlab(&["sweep", p, "--setting", "colour"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid value 'colour' for '--setting <NAME>'")
            && err.contains("[possible values: rate, failure-rate,")
            && err.contains("consumers"),
        "{err}"
    );
    let (code, _, err) = stormlab(&[
        "sweep",
        p,
        "--setting",
        "outage",
        "--steps",
        "2",
        "--runs",
        "1",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("choose an outage"), "{err}");
}

#[test]
fn the_command_line_gives_its_version_help_and_suggestions() {
    let (code, out, _) = stormlab(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(out, format!("stormlab {}\n", env!("CARGO_PKG_VERSION")));
    // Help for one command: its arguments, each option and the values it takes.
    let (code, out, _) = stormlab(&["help", "export"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Usage: stormlab export [OPTIONS] --format <F> <BOARD>")
            && out.contains("--context <NAME>")
            && out.contains("[possible values: asyncapi, mermaid, mermaid-saga, svg, text, json]"),
        "{out}"
    );
    let (_, same, _) = stormlab(&["export", "--help"]);
    assert_eq!(out, same);
    // A mistyped command, option or value is refused with what was probably meant.
    let (code, _, err) = stormlab(&["exprot", "board.json"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("'exprot'") && err.contains("'export'"),
        "{err}"
    );
    let (code, _, err) = stormlab(&["export", "board.json", "--formt", "svg"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unexpected argument '--formt'")
            && err.contains("a similar argument exists: '--format'"),
        "{err}"
    );
    let (code, _, err) = stormlab(&["export", "board.json", "--format", "mermiad"]);
    assert_eq!(code, 2);
    assert!(err.contains("a similar value exists: 'mermaid'"), "{err}");
    // Stray words are refused, not ignored (a quoted redirection, say).
    let (code, out, err) = stormlab(&["export", "board.json", "--format", "svg", ">", "x.svg"]);
    assert_eq!(code, 2);
    assert!(
        out.is_empty() && err.contains("unexpected argument '>'"),
        "{err}"
    );
    // Options that do not go together.
    let (code, _, err) = stormlab(&["bench", "--mm1", "10", "--events", "10"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
    // Nothing asked: the list of commands, exit 2.
    let (code, _, err) = stormlab(&[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("Commands:") && err.contains("experiment"),
        "{err}"
    );
    // A shell completion script that knows the commands and their options.
    let (code, out, _) = stormlab(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("_stormlab()") && out.contains("--domain-events"),
        "{out}"
    );
}
