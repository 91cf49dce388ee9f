//! Scenario files with mistakes are refused with the path of the field that is wrong.

use crate::common::*;
use stormlab_engine::{Scenario, Simulation};

fn json_error(text: &str) -> String {
    Scenario::from_json(text).unwrap_err().to_string()
}

fn plan_error(edit: impl FnOnce(&mut Scenario)) -> String {
    let mut s = fan_out(10, 100.0, 2, 10);
    edit(&mut s);
    match Simulation::new(&s, 1) {
        Ok(_) => panic!("the scenario should be refused"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn parse_errors_name_the_field() {
    let good = fan_out(10, 100.0, 1, 10).to_json();
    assert!(Scenario::from_json(&good).is_ok());

    let e = json_error(&good.replace("\"partitions\": 4", "\"partitions\": \"four\""));
    assert!(e.starts_with("topics[0].partitions:"), "{e}");

    let e = json_error(&good.replace("\"duplicate_rate\"", "\"duplicate_rat\""));
    assert!(
        e.starts_with("broker.duplicate_rat: unknown field \"duplicate_rat\""),
        "{e}"
    );

    let e = json_error(&good.replace("\"mode\": \"push\"", "\"mode\": \"shove\""));
    assert!(
        e.starts_with("subscriptions[0].delivery") && e.contains("shove"),
        "{e}"
    );

    let e = json_error(&good.replace("\"duration_us\"", "\"duration\""));
    assert!(e.contains("duration"), "{e}");

    let e = json_error("{ \"version\": 1, ");
    assert!(e.contains("ends too early"), "{e}");
}

#[test]
fn version_and_kind_are_checked() {
    let good = fan_out(10, 100.0, 1, 10).to_json();
    let e = json_error(&good.replace("\"version\": 1", "\"version\": 9"));
    assert!(e.starts_with("version:") && e.contains("9"), "{e}");
    let e = json_error(&good.replace("\"stormlab-scenario\"", "\"stormlab-board\""));
    assert!(e.starts_with("kind:"), "{e}");
    let marked = format!("\u{feff}{good}");
    assert!(
        Scenario::from_json(&marked).is_ok(),
        "a byte-order mark is not an error"
    );
}

#[test]
fn semantic_errors_name_the_field() {
    let e = plan_error(|s| s.subscriptions[1].topic = "Missing".into());
    assert_eq!(e, "subscriptions[1].topic: unknown topic \"Missing\"");
    let e = plan_error(|s| s.services[0].handlers[0].emits.push("Nope".into()));
    assert_eq!(
        e,
        "services[0].handlers[0].emits[1]: unknown topic \"Nope\""
    );
    let e = plan_error(|s| s.services[1].handlers[0].failure_rate = 1.5);
    assert!(
        e.starts_with("services[1].handlers[0].failure_rate: must be a probability"),
        "{e}"
    );
    let e = plan_error(|s| s.subscriptions[0].handler = "Other".into());
    assert!(
        e.starts_with("subscriptions[0].handler: unknown handler of service \"C1\""),
        "{e}"
    );
    let e = plan_error(|s| s.services[2].name = "C1".into());
    assert_eq!(e, "services[2].name: the name \"C1\" is used twice");
    let e = plan_error(|s| s.topics[0].partitions = 0);
    assert_eq!(e, "topics[0].partitions: must be at least 1");
    let e = plan_error(|s| s.workloads[0].rate_per_sec = -3.0);
    assert!(e.starts_with("workloads[0].rate_per_sec:"), "{e}");
    let e = plan_error(|s| {
        s.services[1].downtime = vec![stormlab_engine::scenario::Window {
            from_us: 5,
            to_us: 5,
        }]
    });
    assert_eq!(e, "services[1].downtime[0]: from_us must be before to_us");
}

#[test]
fn the_budgets_count_tiny_rates_polls_and_every_part() {
    // A rate of about zero: its gap would be longer than any delay the clock allows.
    let e = plan_error(|s| s.workloads[0].rate_per_sec = 1e-300);
    assert!(
        e.starts_with("workloads[0].rate_per_sec: must be from 1e-6"),
        "{e}"
    );
    assert!(e.contains("found 1e-300"), "{e}");
    // Polls come by themselves: many instances polling often are too dense.
    let e = plan_error(|s| {
        s.subscriptions[0].delivery = stormlab_engine::scenario::Delivery::Poll {
            interval_us: 1,
            batch: 1,
        };
        s.subscriptions[0].instances = 100_000;
    });
    assert!(
        e.starts_with("subscriptions[0].delivery.interval_us"),
        "{e}"
    );
    assert!(
        e.contains("100000 consumer instances polling every 1 µs"),
        "{e}"
    );
    // Workloads cost their histograms: twenty thousand of them pass the memory budget.
    let e = plan_error(|s| {
        let w = s.workloads[0].clone();
        s.workloads = (0..20_000)
            .map(|i| stormlab_engine::scenario::Workload {
                name: format!("w{i}"),
                rate_per_sec: 0.001,
                ..w.clone()
            })
            .collect();
    });
    assert!(e.starts_with("workloads: the run would need about"), "{e}");
}
