//! Small scenarios for the tests: a producer `P` publishing topic `E`, consumed by `C`.

use stormlab_engine::dist::Dist;
use stormlab_engine::report::{Report, SubReport};
use stormlab_engine::scenario::*;
use stormlab_engine::Simulation;

/// A handler with a fixed service time that emits the given topics.
pub fn handler(name: &str, us: u64, emits: &[&str]) -> Handler {
    Handler::new(name, Dist::Fixed { us }, emits)
}

/// A push subscription of `service` (handler `On`) to `topic`.
pub fn subscription(name: &str, topic: &str, service: &str) -> Subscription {
    Subscription::new(name, topic, service, "On")
}

/// `n` commands at `rate_per_sec` (Poisson) to `P.Make`, which publishes `E`; consumers
/// `C1..=Ck` each subscribe with handler `On` taking `consumer_us`.
pub fn fan_out(n: u64, rate_per_sec: f64, consumers: usize, consumer_us: u64) -> Scenario {
    let mut services = vec![Service::new("P", vec![handler("Make", 0, &["E"])])];
    let mut subscriptions = vec![];
    for k in 1..=consumers {
        let name = format!("C{k}");
        services.push(Service::new(&name, vec![handler("On", consumer_us, &[])]));
        subscriptions.push(subscription(&format!("{name}.E"), "E", &name));
    }
    let duration_us = (n as f64 / rate_per_sec * 1e6 * 1.5) as u64 + 1_000_000;
    Scenario {
        kind: SCENARIO_KIND.into(),
        version: SCENARIO_VERSION,
        name: "test".into(),
        seed: 7,
        duration_us,
        drain_us: None,
        key_space: 100,
        style: Style::EventDriven,
        broker: Broker::default(),
        services,
        topics: vec![Topic {
            name: "E".into(),
            producer: "P".into(),
            partitions: 4,
            payload: Payload::default(),
            versions: vec![VersionShare {
                version: 1,
                weight: 1.0,
            }],
        }],
        subscriptions,
        workloads: vec![Workload {
            name: "users".into(),
            service: "P".into(),
            handler: "Make".into(),
            rate_per_sec,
            arrivals: Arrivals::Poisson,
            start_us: 0,
            stop_us: None,
            max_count: Some(n),
        }],
        sagas: vec![],
        recording: Recording::default(),
    }
}

/// Runs to the end with `seed` and returns the report.
pub fn run(scenario: &Scenario, seed: u64) -> Report {
    let mut sim = Simulation::new(scenario, seed).expect("valid scenario");
    sim.run_to_end();
    sim.report()
}

/// The report of the subscription called `name`.
pub fn sub<'a>(report: &'a Report, name: &str) -> &'a SubReport {
    report
        .subscriptions
        .iter()
        .find(|s| s.name == name)
        .expect("subscription in report")
}
