//! The `stormlab` command line.

use std::process::Command;

use crate::common::*;

fn stormlab(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_stormlab"))
        .args(args)
        .output()
        .expect("run stormlab");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn run_prints_the_report_as_json_and_honours_the_seed() {
    let dir = std::env::temp_dir().join(format!("stormlab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("scenario.json");
    let mut s = fan_out(200, 500.0, 2, 100);
    s.services[1].handlers[0].failure_rate = 0.2;
    std::fs::write(&path, s.to_json()).unwrap();
    let (code, out, err) = stormlab(&["run", path.to_str().unwrap(), "--seed", "3"]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON report");
    assert_eq!(report["seed"], 3);
    assert_eq!(report["subscriptions"][1]["processed"], 200);
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
    let text = fan_out(10, 100.0, 1, 10)
        .to_json()
        .replace("\"partitions\": 4", "\"partitions\": -4");
    std::fs::write(&path, text).unwrap();
    let (code, out, err) = stormlab(&["run", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("topics[0].partitions"), "{err}");

    let mut s = fan_out(10, 100.0, 1, 10);
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
