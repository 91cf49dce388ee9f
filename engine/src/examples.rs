//! Ready-made scenarios: the fixed benchmark, and small ones used in docs and tests.

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
    let consumer = |name: &str| Service {
        name: name.into(),
        instances: 1,
        handlers: vec![Handler {
            name: "OnOrderPlaced".into(),
            service_time: Dist::Fixed { us: 100 },
            failure_rate: 0.0,
            emits: vec![],
            outcomes: vec![],
            event_sourcing: None,
        }],
        downtime: vec![],
        publish: PublishMode::default(),
        api: Api::default(),
    };
    let consumers = [
        "Inventory",
        "Payment",
        "Shipping",
        "Analytics",
        "Notifications",
    ];
    let mut services = vec![Service {
        name: "Orders".into(),
        instances: 10,
        handlers: vec![Handler {
            name: "PlaceOrder".into(),
            service_time: Dist::Fixed { us: 20 },
            failure_rate: 0.0,
            emits: vec!["OrderPlaced".into()],
            outcomes: vec![],
            event_sourcing: None,
        }],
        downtime: vec![],
        publish: PublishMode::default(),
        api: Api::default(),
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
                name: format!("{c}.OrderPlaced"),
                topic: "OrderPlaced".into(),
                service: (*c).into(),
                handler: "OnOrderPlaced".into(),
                delivery: Delivery::Push { max_in_flight: 16 },
                instances: 8,
                concurrency: 1,
                idempotent: false,
                ordered: true,
                retry: Retry::default(),
                accepts: None,
                upcast: false,
                tolerant_reader: false,
                circuit_breaker: None,
                read_model: None,
                redrive_at_us: None,
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
