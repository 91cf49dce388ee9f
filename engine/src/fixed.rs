//! Fixed scenarios: the benchmark, the M/M/1 queue timed against SimPy, the determinism run,
//! and small ones used in docs and tests
//! (the example boards are the board crate's; these are engine scenarios).

use crate::dist::Dist;
use crate::scenario::*;

/// The benchmark scenario behind `stormlab bench`.
///
/// One topic (`OrderPlaced`, 8 partitions, fat payload) fed by 10 producers (10 workloads of
/// 5,000 commands per second each, Poisson arrivals, on a 10-worker `Orders` service taking
/// 20 µs per command), and 5 push subscriptions (Inventory, Payment, Shipping, Analytics,
/// Notifications), each a consumer group of 8 instances taking 100 µs per message, with a
/// 500 µs network hop. `published_events` in all are published, spread evenly over the
/// producers; the trace is off. Each published event costs 13 engine events: arrival,
/// command completion, publish, and a delivery plus a handling per subscription.
pub fn bench_scenario(published_events: u64) -> Scenario {
    let producers = 10u64;
    let rate_per_producer = 5_000.0;
    let per_producer = published_events.div_ceil(producers);
    let duration_us = (per_producer as f64 / rate_per_producer * 1e6 * 2.0) as u64 + 10_000;
    let consumer = |name: &str| {
        Service::new(
            name,
            vec![Handler::new("OnOrderPlaced", Dist::Fixed { us: 100 }, &[])],
        )
    };
    let consumers = [
        "Inventory",
        "Payment",
        "Shipping",
        "Analytics",
        "Notifications",
    ];
    let mut services = vec![Service {
        instances: 10,
        ..Service::new(
            "Orders",
            vec![Handler::new(
                "PlaceOrder",
                Dist::Fixed { us: 20 },
                &["OrderPlaced"],
            )],
        )
    }];
    services.extend(consumers.iter().map(|c| consumer(c)));
    Scenario {
        kind: SCENARIO_KIND.into(),
        version: SCENARIO_VERSION,
        name: "bench: 1 topic, 8 partitions, 5 subscriptions, 10 producers".into(),
        seed: 1,
        duration_us,
        drain_us: None,
        key_space: 10_000,
        style: Style::EventDriven,
        broker: Broker {
            network_latency: Dist::Fixed { us: 500 },
            ..Broker::default()
        },
        services,
        topics: vec![Topic {
            name: "OrderPlaced".into(),
            producer: "Orders".into(),
            partitions: 8,
            payload: Payload::default(),
            versions: vec![VersionShare {
                version: 1,
                weight: 1.0,
            }],
        }],
        subscriptions: consumers
            .iter()
            .map(|c| Subscription {
                delivery: Delivery::Push { max_in_flight: 16 },
                instances: 8,
                ..Subscription::new(
                    &format!("{c}.OrderPlaced"),
                    "OrderPlaced",
                    c,
                    "OnOrderPlaced",
                )
            })
            .collect(),
        workloads: (0..producers)
            .map(|i| Workload {
                name: format!("producer-{i}"),
                service: "Orders".into(),
                handler: "PlaceOrder".into(),
                rate_per_sec: rate_per_producer,
                arrivals: Arrivals::Poisson,
                start_us: 0,
                stop_us: None,
                max_count: Some(per_producer),
            })
            .collect(),
        sagas: vec![],
        recording: Recording {
            trace_capacity: 0,
            series_points: 200,
            sample_interval_us: 0,
            saga_log_capacity: 0,
        },
    }
}

/// An M/M/1 queue of `customers`: Poisson arrivals at `lambda` per second into one consumer
/// serving one at a time, exponential service at `mu` per second, no network delay, an
/// unbounded push window, one partition and no trace. The work the SimPy comparison times
/// (`stormlab bench --mm1`, `scripts/bench-simpy.sh`), and the fidelity tests' queue.
pub fn mm1_scenario(customers: u64, lambda: f64, mu: f64) -> Scenario {
    Scenario {
        kind: SCENARIO_KIND.into(),
        version: SCENARIO_VERSION,
        name: format!("M/M/1: {customers} customers, lambda {lambda}/s, mu {mu}/s"),
        seed: 7,
        duration_us: (customers as f64 / lambda * 1e6 * 1.5) as u64 + 1_000_000,
        drain_us: None,
        key_space: 100,
        style: Style::EventDriven,
        broker: Broker {
            network_latency: Dist::Fixed { us: 0 },
            ..Broker::default()
        },
        services: vec![
            Service::new(
                "P",
                vec![Handler::new("Make", Dist::Fixed { us: 0 }, &["E"])],
            ),
            Service::new(
                "C1",
                vec![Handler::new(
                    "On",
                    Dist::Exponential { mean_us: 1e6 / mu },
                    &[],
                )],
            ),
        ],
        topics: vec![Topic {
            name: "E".into(),
            producer: "P".into(),
            partitions: 1,
            payload: Payload::default(),
            versions: vec![VersionShare {
                version: 1,
                weight: 1.0,
            }],
        }],
        subscriptions: vec![Subscription {
            delivery: Delivery::Push {
                max_in_flight: u32::MAX,
            },
            ..Subscription::new("C1.E", "E", "C1", "On")
        }],
        workloads: vec![Workload {
            name: "users".into(),
            service: "P".into(),
            handler: "Make".into(),
            rate_per_sec: lambda,
            arrivals: Arrivals::Poisson,
            start_us: 0,
            stop_us: None,
            max_count: Some(customers),
        }],
        sagas: vec![],
        recording: Recording {
            trace_capacity: 0,
            ..Recording::default()
        },
    }
}

/// A scenario that exercises most mechanisms at once (random service times and hops,
/// callbacks, polling, duplicates, failures with retries, an outage, an outbox, a read model
/// and a saga), used to check that runs are identical natively and in wasm.
pub fn determinism_scenario() -> Scenario {
    let mut s = bench_scenario(3_000);
    s.name = "determinism: every mechanism at once".into();
    s.recording.trace_capacity = 1_000_000;
    s.recording.saga_log_capacity = 100;
    s.broker.duplicate_rate = 0.05;
    s.broker.network_latency = Dist::Exponential { mean_us: 400.0 };
    s.topics[0].payload.style = PayloadStyle::Notification;
    s.topics[0].versions = vec![
        VersionShare {
            version: 1,
            weight: 3.0,
        },
        VersionShare {
            version: 2,
            weight: 1.0,
        },
    ];
    s.services[0].publish = PublishMode::Outbox {
        relay_interval_us: 2_000,
        relay_batch: 20,
        crash_rate: 0.01,
    };
    s.services[1].handlers[0].failure_rate = 0.1;
    s.services[1].handlers[0].service_time = Dist::Exponential { mean_us: 300.0 };
    s.services[2].downtime = vec![Window {
        from_us: 100_000,
        to_us: 250_000,
    }];
    s.services[3].handlers[0].service_time = Dist::Uniform {
        min_us: 50,
        max_us: 500,
    };
    s.subscriptions[1].delivery = Delivery::Poll {
        interval_us: 10_000,
        batch: 20,
    };
    s.subscriptions[2].ordered = false;
    s.subscriptions[2].concurrency = 3;
    s.subscriptions[2].idempotent = true;
    s.subscriptions[3].accepts = Some(VersionRange { min: 1, max: 1 });
    s.subscriptions[3].circuit_breaker = Some(CircuitBreaker {
        failure_threshold: 3,
        open_us: 50_000,
    });
    s.subscriptions[4].read_model = Some(ReadModel {
        queries_per_sec: 500.0,
    });
    s.sagas = vec![Saga {
        name: "order".into(),
        mode: SagaMode::Orchestration,
        coordinator: Some("Orders".into()),
        rate_per_sec: 300.0,
        steps: vec![
            SagaStep {
                name: "Reserve".into(),
                service: "Inventory".into(),
                compensation: "Release".into(),
                service_time: Dist::Exponential { mean_us: 800.0 },
                failure_rate: 0.05,
            },
            SagaStep {
                name: "Charge".into(),
                service: "Payment".into(),
                compensation: "Refund".into(),
                service_time: Dist::Exponential { mean_us: 800.0 },
                failure_rate: 0.2,
            },
        ],
        max_attempts: 2,
        retry_backoff_us: 20_000,
    }];
    s
}

/// A 64-bit FNV-1a digest of the run's whole trace and report, to compare runs across
/// platforms without shipping the trace.
pub fn run_digest(scenario: &Scenario, seed: u64) -> u64 {
    let mut sim = crate::sim::Simulation::new(scenario, seed).expect("a valid scenario");
    sim.run_to_end();
    let text = serde_json::to_string(&sim.trace_since(0)).expect("trace serializes")
        + &sim.report().to_json();
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}
