//! Same scenario and seed: the same trace and report, bit for bit; another seed: another run.

use crate::common::*;
use stormlab_engine::scenario::*;
use stormlab_engine::Simulation;

fn busy_scenario() -> Scenario {
    let mut s = fan_out(3_000, 2_000.0, 3, 300);
    s.broker.duplicate_rate = 0.05;
    s.broker.network_latency = stormlab_engine::Dist::Exponential { mean_us: 400.0 };
    s.services[1].handlers[0].failure_rate = 0.1;
    s.services[1].handlers[0].service_time = stormlab_engine::Dist::Exponential { mean_us: 300.0 };
    s.services[2].downtime = vec![Window {
        from_us: 200_000,
        to_us: 500_000,
    }];
    s.subscriptions[1].delivery = Delivery::Poll {
        interval_us: 20_000,
        batch: 10,
    };
    s.subscriptions[2].ordered = false;
    s.subscriptions[2].concurrency = 3;
    s.topics[0].payload.style = PayloadStyle::Notification;
    s.recording.trace_capacity = 1_000_000;
    s
}

fn trace_and_report(seed: u64) -> (String, String) {
    let mut sim = Simulation::new(&busy_scenario(), seed).unwrap();
    sim.run_to_end();
    let trace = serde_json::to_string(&sim.trace_since(0)).unwrap();
    (trace, sim.report().to_json())
}

#[test]
fn same_seed_gives_the_same_trace_and_report() {
    let (trace_a, report_a) = trace_and_report(99);
    let (trace_b, report_b) = trace_and_report(99);
    assert!(trace_a.len() > 10_000, "the trace should be substantial");
    assert_eq!(trace_a, trace_b);
    assert_eq!(report_a, report_b);
}

#[test]
fn another_seed_gives_another_run() {
    let (trace_a, _) = trace_and_report(1);
    let (trace_b, _) = trace_and_report(2);
    assert_ne!(trace_a, trace_b);
}

#[test]
fn stepping_and_running_to_a_time_reach_the_same_state_as_one_run() {
    let scenario = busy_scenario();
    let mut whole = Simulation::new(&scenario, 5).unwrap();
    whole.run_to_end();
    let mut pieces = Simulation::new(&scenario, 5).unwrap();
    for _ in 0..1_000 {
        assert!(pieces.step());
    }
    pieces.run_until(300_000);
    assert_eq!(pieces.now(), 300_000);
    pieces.run_events(5_000);
    pieces.run_to_end();
    assert!(pieces.finished());
    assert_eq!(whole.report().to_json(), pieces.report().to_json());
}

/// The digest every platform must reproduce (the wasm test in `tests/wasm_determinism.rs`
/// checks the same file). If the engine's behaviour changes on purpose, regenerate it with
/// `STORMLAB_BLESS=1 cargo test -p stormlab-engine golden`.
#[test]
fn the_golden_run_is_reproduced() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/determinism.digest"
    );
    let digest =
        stormlab_engine::fixed::run_digest(&stormlab_engine::fixed::determinism_scenario(), 42);
    if std::env::var_os("STORMLAB_BLESS").is_some() {
        std::fs::write(path, format!("{digest:016x}\n")).unwrap();
    }
    let golden = std::fs::read_to_string(path).expect("golden digest file");
    assert_eq!(
        format!("{digest:016x}"),
        golden.trim(),
        "the engine's run changed (see the doc comment to regenerate)"
    );
}

#[test]
fn the_golden_scenario_exercises_the_mechanisms_it_claims() {
    let scenario = stormlab_engine::fixed::determinism_scenario();
    let mut sim = Simulation::new(&scenario, 42).unwrap();
    sim.run_to_end();
    let r = sim.report();
    let total = |f: fn(&stormlab_engine::report::SubStats) -> u64| {
        r.subscriptions.iter().map(|s| f(&s.stats)).sum::<u64>()
    };
    assert!(total(|s| s.callbacks) > 1_000);
    assert!(total(|s| s.polls) > 10);
    assert!(total(|s| s.duplicates_delivered) > 10);
    assert!(total(|s| s.retries) > 10);
    assert!(total(|s| s.version_mismatches) > 10);
    assert!(total(|s| s.stale_reads) > 0);
    assert!(total(|s| s.crashed_handlings) + r.services[2].stats.outages > 0);
    assert!(r.sagas[0].stats.rolled_back > 10 && r.sagas[0].stats.committed > 10);
    assert!(r.topics[0].relay_delay.count > 1_000);
}

#[test]
fn running_in_slices_gives_the_same_run_as_running_at_once() {
    let mut whole = Simulation::new(&busy_scenario(), 5).unwrap();
    whole.run_to_end();
    let mut sliced = Simulation::new(&busy_scenario(), 5).unwrap();
    let mut t = 0;
    let mut slices = 0;
    while !sliced.finished() {
        // Small budgets stop short of the target; the next call picks up where it stopped.
        if sliced.run_until_within(t, 97) {
            t += 7_000;
        }
        slices += 1;
        assert!(sliced.now() <= t);
    }
    assert!(slices > 100);
    assert_eq!(sliced.events(), whole.events());
    assert_eq!(
        serde_json::to_string(&sliced.trace_since(0)).unwrap(),
        serde_json::to_string(&whole.trace_since(0)).unwrap()
    );
}
