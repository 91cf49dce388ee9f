//! A team's own board from the command line: a vet clinic written by hand in the text format
//! runs as drawn (`stormlab run`), runs its saved experiments and one defined on the spot
//! (`stormlab experiment`), and `stormlab check` passes on the expectations its runs support,
//! and fails, naming the experiment, the metric, the intervals and what was expected, on one
//! they contradict and on one they cannot tell.

mod common;
use common::stormlab;

use serde_json::Value;

const CLINIC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/clinic.stormlab.txt"
);

fn json(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// The clinic with one line changed, in a file of its own.
fn clinic_with(name: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(CLINIC).unwrap();
    assert!(text.contains(from), "{from}");
    let path = std::env::temp_dir().join(format!("stormlab-{name}-{}.txt", std::process::id()));
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn a_board_runs_as_drawn_once_or_over_seeds() {
    let (code, out, err) = stormlab(&["run", CLINIC]);
    assert_eq!(code, 0, "{err}");
    let once = json(&out);
    assert_eq!(once["board"], "Vet clinic");
    assert_eq!(once["seeds"], serde_json::json!([11]));
    let handled = once["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == "Messages handled")
        .unwrap();
    assert!(handled["value"].as_f64().unwrap() > 0.0, "{handled}");
    let (code, out, _) = stormlab(&["run", CLINIC, "--runs", "4", "--seed", "5"]);
    assert_eq!(code, 0);
    let over = json(&out);
    assert_eq!(over["seeds"].as_array().unwrap().len(), 4);
    assert_eq!(over["seeds"][0], 5);
    let m = &over["metrics"][0];
    assert!(
        m["mean"].is_number() && m["ci95"].is_number() && m["n"] == 4,
        "{m}"
    );
    // A wrong option is named.
    let (code, _, err) = stormlab(&["run", CLINIC, "--runs", "0"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid value '0' for '--runs <N>': takes a number from 1 to 100"),
        "{err}"
    );
}

#[test]
fn saved_experiments_and_one_defined_here_run_with_their_verdicts() {
    let (code, out, err) = stormlab(&[
        "experiment",
        CLINIC,
        "--experiment",
        "pushing",
        "--runs",
        "4",
    ]);
    assert_eq!(code, 0, "{err}");
    let e = json(&out);
    assert_eq!(e["question"], "Does pushing reminders cut their latency?");
    assert_eq!(e["experiment"], 1);
    assert_eq!(e["metric"], "Mean latency");
    assert_eq!(e["expect"], "b lower");
    assert_eq!(e["expectation"], "holds");
    assert_eq!(e["runs"], 4);
    let (code, out, _) = stormlab(&["experiment", CLINIC, "--experiment", "2", "--runs", "3"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["metric"], "Callbacks");
    // Defined on the spot: what each side sets, an outage by the context's name.
    let (code, out, err) = stormlab(&[
        "experiment",
        CLINIC,
        "--a",
        "delivery=push",
        "--b",
        "delivery=push outage=\"Front desk\"@5..15",
        "--runs",
        "3",
    ]);
    assert_eq!(code, 0, "{err}");
    let here = json(&out);
    assert_eq!(here["experiment"], Value::Null);
    assert_eq!(here["b"][1], "Front desk down from 5 s to 15 s");
    // Mistakes are named.
    for (args, says) in [
        (
            vec!["--experiment", "billing"],
            "no experiment of the board asks",
        ),
        (
            vec!["--experiment", "3"],
            "the board has 2 experiments; there is no experiment 3",
        ),
        (
            vec!["--a", "outage=Nowhere@1..2"],
            "--a: outage names \"Nowhere\"",
        ),
        (
            vec!["--b", "delivery=sometimes"],
            "--b: delivery takes push or poll",
        ),
        (
            vec!["--a", "x=1", "--experiment", "1"],
            "the argument '--a <WORDS>' cannot be used with '--experiment <K|QUESTION>'",
        ),
    ] {
        let mut all = vec!["experiment", CLINIC];
        all.extend(args);
        let (code, _, err) = stormlab(&all);
        assert_eq!(code, 2, "{all:?}");
        assert!(err.contains(says), "{all:?}: {err}");
    }
}

#[test]
fn check_passes_on_expectations_the_runs_support_and_fails_naming_the_others() {
    let (code, out, err) = stormlab(&["check", CLINIC]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out.lines().filter(|l| l.starts_with("ok: ")).count(),
        2,
        "{out}"
    );
    assert!(err.contains("all 2 expectations hold"), "{err}");
    // Pushing does not make reminders slower: the runs contradict it.
    let wrong = clinic_with("wrong", "expect=\"b lower\"", "expect=\"b higher\"");
    let (code, out, err) = stormlab(&["check", &wrong]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAILED: \"Does pushing reminders cut their latency?\": Mean latency: expected b higher; over 10 runs A "),
        "{out}"
    );
    assert!(out.contains("(fails at 95%)"), "{out}");
    assert!(
        out.contains(" ms ± ") && out.contains("B − A −"),
        "times in their unit: {out}"
    );
    assert!(err.contains("1 of 2 expectations not met"), "{err}");
    // A bound the runs straddle cannot be told: that fails too, and says so.
    let (_, out, _) = stormlab(&["experiment", CLINIC, "--experiment", "1"]);
    let a_mean = json(&out)["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == "Mean latency")
        .unwrap()["a"]["mean"]
        .as_f64()
        .unwrap();
    let bound = format!("expect=\"a under {} ms\"", (a_mean / 1000.0).round());
    let straddled = clinic_with("straddled", "expect=\"b lower\"", &bound);
    let (code, out, _) = stormlab(&["check", &straddled]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("(cannot tell at 95%)"), "{out}");
    // A metric the runs do not measure is named with those they do.
    let unknown = clinic_with("unknown", "metric=\"Callbacks\"", "metric=\"Happiness\"");
    let (code, out, _) = stormlab(&["check", &unknown]);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "its metric \"Happiness\" is none the runs measure; they measure: Messages handled"
        ),
        "{out}"
    );
}

#[test]
fn an_experiment_with_a_sweep_runs_it_with_its_sides() {
    let board = clinic_with(
        "sweep",
        "metric=\"Callbacks\" expect=\"b higher\" {",
        "metric=\"Callbacks\" expect=\"b higher\" sweep=\"consumers 1..3, 3 points\" {",
    );
    let (code, out, err) = stormlab(&["experiment", &board, "--experiment", "2", "--runs", "3"]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let points = v["sweep"]["points"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(points.len(), 3, "{v}");
    // The text format writes the sweep back as it was read.
    let (code, text, err) = stormlab(&["export", &board, "--format", "text"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        text.contains("sweep=\"consumers 1..3, 3 points\""),
        "{text}"
    );
    let bad = clinic_with(
        "bad-sweep",
        "metric=\"Callbacks\"",
        "metric=\"Callbacks\" sweep=\"consumers 1-3\"",
    );
    let (code, _, err) = stormlab(&["experiment", &bad]);
    assert_ne!(code, 0);
    assert!(err.contains("consumers 1..10, 5 points"), "{err}");
    let _ = std::fs::remove_file(board);
    let _ = std::fs::remove_file(bad);
}
