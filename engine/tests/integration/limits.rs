//! Hostile numbers: every one is refused by its range or by the budget before a simulation
//! allocates, naming the field; what is accepted runs without losing a message.

use stormlab_engine::dist::Dist;
use stormlab_engine::limits::*;
use stormlab_engine::scenario::*;
use stormlab_engine::Simulation;

use crate::common::fan_out;

fn refused(scenario: &Scenario) -> (String, String) {
    let e = Simulation::new(scenario, 1)
        .err()
        .expect("the scenario is refused");
    (e.path, e.message)
}

#[test]
fn counts_beyond_their_range_are_refused_naming_the_field() {
    let mut s = fan_out(10, 100.0, 1, 10);
    s.key_space = u32::MAX;
    assert_eq!(refused(&s).0, "key_space");
    let mut s = fan_out(10, 100.0, 1, 10);
    s.topics[0].partitions = 1_000_000_000;
    let (path, message) = refused(&s);
    assert_eq!(path, "topics[0].partitions");
    assert!(message.contains("at most 100000"), "{message}");
    let mut s = fan_out(10, 100.0, 1, 10);
    s.subscriptions[0].instances = 1_000_000_000;
    assert_eq!(refused(&s).0, "subscriptions[0].instances");
    let mut s = fan_out(10, 100.0, 1, 10);
    s.workloads[0].rate_per_sec = 1e12;
    assert_eq!(refused(&s).0, "workloads[0].rate_per_sec");
}

#[test]
fn delays_that_could_overflow_the_clock_are_refused() {
    let mut s = fan_out(10, 100.0, 1, 10);
    s.broker.network_latency = Dist::Fixed { us: u64::MAX };
    assert_eq!(refused(&s).0, "broker.network_latency");
    let mut s = fan_out(10, 100.0, 1, 10);
    s.services[1].handlers[0].service_time = Dist::Exponential { mean_us: 1e308 };
    assert_eq!(refused(&s).0, "services[1].handlers[0].service_time");
    let mut s = fan_out(10, 100.0, 1, 10);
    s.duration_us = u64::MAX;
    assert_eq!(refused(&s).0, "duration_us");
    let mut s = fan_out(10, 100.0, 1, 10);
    s.subscriptions[0].delivery = Delivery::Poll {
        interval_us: MAX_DELAY_US + 1,
        batch: 10,
    };
    assert_eq!(refused(&s).0, "subscriptions[0].delivery.interval_us");
}

#[test]
fn a_scenario_over_the_memory_budget_is_refused_naming_its_largest_part() {
    let mut s = fan_out(10, 100.0, 8, 10);
    s.key_space = MAX_KEY_SPACE; // in range, but 9 per-key tables of 10 million keys
    let (path, message) = refused(&s);
    assert_eq!(path, "key_space");
    assert!(message.contains("budget is 256 MB"), "{message}");
}

#[test]
fn arrivals_too_dense_for_time_to_advance_are_refused_naming_the_densest() {
    let mut s = fan_out(10, 100.0, 1, 10);
    let mut second = s.workloads[0].clone();
    second.name = "more".into();
    second.rate_per_sec = 900_000.0;
    s.workloads[0].rate_per_sec = 300_000.0;
    s.workloads.push(second);
    let (path, message) = refused(&s);
    assert_eq!(path, "workloads[1].rate_per_sec");
    assert!(message.contains("too dense"), "{message}");
}

#[test]
fn more_instances_than_a_u16_counts_lose_no_message() {
    let mut s = fan_out(3_000, 1_000.0, 1, 10);
    s.topics[0].partitions = 70_000;
    s.subscriptions[0].instances = 70_000;
    s.key_space = 100_000;
    let mut sim = Simulation::new(&s, 3).expect("in range and in budget");
    sim.run_to_end();
    let audit = &sim.audit()[0];
    assert!(audit.conserved(), "{audit:?}");
    assert_eq!(audit.enqueued, 3_000);
    assert_eq!(audit.processed, 3_000, "{audit:?}");
}

#[test]
fn an_overloaded_run_stops_within_its_backlog_budget_naming_where_work_piles_up() {
    // 200,000 messages a second for a consumer that handles 1,000: its queue grows without end.
    let mut s = fan_out(1, 200_000.0, 1, 1_000);
    s.workloads[0].max_count = None;
    s.duration_us = 3_600_000_000;
    let mut sim = Simulation::new(&s, 1).unwrap();
    let events = sim.run_to_end();
    let halt = sim.halted().expect("the run stopped").clone();
    assert!(halt.at < s.duration_us && sim.finished());
    assert!(
        halt.message.contains("messages waiting for C1.E")
            && halt
                .message
                .contains(&format!("{} MB", BACKLOG_BUDGET_BYTES >> 20)),
        "{}",
        halt.message
    );
    // Stopped means stopped: no event runs and the clock stays where it was.
    sim.run_until(s.duration_us);
    assert_eq!((sim.events(), sim.now()), (events, halt.at));
    assert!(!sim.step());
    let report = sim.report();
    assert_eq!(report.halted.as_deref(), Some(halt.message.as_str()));
    assert!(
        sim.audit().iter().all(|a| a.conserved()),
        "every message is still counted"
    );
    // Under the budget nothing changes: the same run, shorter, ends normally.
    s.duration_us = 1_000_000;
    let mut sim = Simulation::new(&s, 1).unwrap();
    sim.run_to_end();
    assert!(sim.halted().is_none());
}
