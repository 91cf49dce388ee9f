//! Property tests over random scenarios: determinism, conservation of messages, saga
//! atomicity, and exactly-once effects with idempotent consumers.

use proptest::prelude::*;

use crate::common::*;
use stormlab_engine::scenario::*;
use stormlab_engine::sim::{SagaOutcome, StepAction};
use stormlab_engine::{Dist, Simulation};

#[derive(Clone, Debug)]
struct Knobs {
    n: u64,
    rate: f64,
    consumers: usize,
    partitions: u32,
    instances: u32,
    concurrency: u32,
    poll: Option<(u64, u32)>,
    window: u32,
    payload: u8,
    failure: f64,
    duplicates: f64,
    idempotent: bool,
    ordered: bool,
    attempts: u32,
    dead_letter: bool,
    producer_down: Option<(u64, u64)>,
    consumer_down: Option<(u64, u64)>,
    outbox: bool,
    crash: f64,
    redrive: bool,
    saga_failure: f64,
    orchestration: bool,
    stop_fraction: f64,
}

fn knobs() -> impl Strategy<Value = Knobs> {
    (
        (
            50u64..300,
            200.0..4_000.0f64,
            1usize..4,
            1u32..5,
            1u32..4,
            1u32..4,
        ),
        (
            proptest::option::of((1_000u64..40_000, 1u32..20)),
            1u32..20,
            0u8..3,
            0.0..0.4f64,
            0.0..0.3f64,
        ),
        (any::<bool>(), any::<bool>(), 1u32..5, any::<bool>()),
        (
            proptest::option::of((0u64..400_000, 1_000u64..600_000)),
            proptest::option::of((0u64..400_000, 1_000u64..600_000)),
        ),
        (
            any::<bool>(),
            0.0..0.1f64,
            any::<bool>(),
            0.0..0.5f64,
            any::<bool>(),
            0.05..0.95f64,
        ),
    )
        .prop_map(|(a, b, c, d, e)| Knobs {
            n: a.0,
            rate: a.1,
            consumers: a.2,
            partitions: a.3,
            instances: a.4,
            concurrency: a.5,
            poll: b.0,
            window: b.1,
            payload: b.2,
            failure: b.3,
            duplicates: b.4,
            idempotent: c.0,
            ordered: c.1,
            attempts: c.2,
            dead_letter: c.3,
            producer_down: d.0,
            consumer_down: d.1,
            outbox: e.0,
            crash: e.1,
            redrive: e.2,
            saga_failure: e.3,
            orchestration: e.4,
            stop_fraction: e.5,
        })
}

fn scenario(k: &Knobs) -> Scenario {
    let mut s = fan_out(k.n, k.rate, k.consumers, 0);
    s.key_space = 17;
    s.broker.duplicate_rate = k.duplicates;
    s.broker.network_latency = Dist::Uniform {
        min_us: 100,
        max_us: 900,
    };
    s.topics[0].partitions = k.partitions;
    s.topics[0].payload.style = match k.payload {
        0 => PayloadStyle::Fat,
        1 => PayloadStyle::Notification,
        _ => PayloadStyle::ClaimCheck,
    };
    if let Some((from, len)) = k.producer_down {
        s.services[0].downtime = vec![Window {
            from_us: from,
            to_us: from + len,
        }];
    }
    s.services[0].publish = if k.outbox {
        PublishMode::Outbox {
            relay_interval_us: 5_000,
            relay_batch: 7,
            crash_rate: k.crash,
        }
    } else {
        PublishMode::DualWrite {
            crash_rate: k.crash,
        }
    };
    for (i, svc) in s.services.iter_mut().enumerate().skip(1) {
        svc.handlers[0].failure_rate = k.failure;
        svc.handlers[0].service_time = Dist::Exponential { mean_us: 400.0 };
        if i == 1 {
            if let Some((from, len)) = k.consumer_down {
                svc.downtime = vec![Window {
                    from_us: from,
                    to_us: from + len,
                }];
            }
        }
    }
    for b in &mut s.subscriptions {
        b.instances = k.instances;
        b.concurrency = k.concurrency;
        b.idempotent = k.idempotent;
        b.ordered = k.ordered;
        b.delivery = match k.poll {
            Some((interval_us, batch)) => Delivery::Poll { interval_us, batch },
            None => Delivery::Push {
                max_in_flight: k.window,
            },
        };
        b.retry = Retry {
            max_attempts: k.attempts,
            backoff_us: 3_000,
            multiplier: 2,
            max_backoff_us: 50_000,
            dead_letter: k.dead_letter,
        };
        b.redrive_at_us = k.redrive.then_some(s.duration_us);
    }
    let step = |name: &str, service: &str, failure_rate: f64| SagaStep {
        name: name.into(),
        service: service.into(),
        compensation: format!("Undo{name}"),
        service_time: Dist::Exponential { mean_us: 1_000.0 },
        failure_rate,
    };
    s.sagas = vec![Saga {
        name: "Saga".into(),
        mode: if k.orchestration {
            SagaMode::Orchestration
        } else {
            SagaMode::Choreography
        },
        coordinator: None,
        rate_per_sec: 100.0,
        steps: vec![
            step("A", "P", 0.05),
            step("B", "C1", k.saga_failure),
            step("C", "P", k.saga_failure / 2.0),
        ],
        max_attempts: 2,
        retry_backoff_us: 20_000,
    }];
    s.recording.trace_capacity = 0;
    s.recording.saga_log_capacity = 10_000;
    s
}

fn assert_conserved(sim: &Simulation) {
    for (b, a) in sim.audit().iter().enumerate() {
        assert!(
            a.conserved(),
            "subscription {b} loses track of messages: {a:?}"
        );
    }
    for (t, a) in sim.topic_audit().iter().enumerate() {
        assert!(a.conserved(), "topic {t} loses track of events: {a:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn same_seed_same_run(k in knobs(), seed in any::<u64>()) {
        let s = scenario(&k);
        let report = |seed| {
            let mut sim = Simulation::new(&s, seed).unwrap();
            sim.run_to_end();
            sim.report().to_json()
        };
        prop_assert_eq!(report(seed), report(seed));
    }

    #[test]
    fn no_message_vanishes(k in knobs(), seed in any::<u64>()) {
        let s = scenario(&k);
        let mut sim = Simulation::new(&s, seed).unwrap();
        sim.run_until((s.duration_us as f64 * k.stop_fraction) as u64);
        assert_conserved(&sim);
        sim.run_to_end();
        assert_conserved(&sim);
        let r = sim.report();
        for (a, sub) in sim.audit().iter().zip(&r.subscriptions) {
            // Drained: nothing is left in flight, so everything ended somewhere.
            prop_assert_eq!(a.queued + a.in_jobs + a.duplicate_jobs, 0);
            prop_assert_eq!(sub.lag_now, 0);
            prop_assert_eq!(a.enqueued, a.processed + a.discarded + a.in_dlq);
        }
        let t = &r.topics[0];
        prop_assert_eq!(t.committed, t.published + t.lost);
    }

    #[test]
    fn every_saga_commits_or_compensates_fully(k in knobs(), seed in any::<u64>()) {
        let s = scenario(&k);
        let mut sim = Simulation::new(&s, seed).unwrap();
        sim.run_to_end();
        let g = &sim.report().sagas[0];
        prop_assert_eq!(g.stats.atomicity_violations, 0);
        prop_assert_eq!(g.stats.committed + g.stats.rolled_back + g.in_progress, g.stats.started);
        for record in sim.saga_log() {
            let committed: Vec<u16> = record.log.iter().filter(|e| e.action == StepAction::Committed).map(|e| e.step).collect();
            let compensated: Vec<u16> = record.log.iter().filter(|e| e.action == StepAction::Compensated).map(|e| e.step).collect();
            match record.outcome {
                SagaOutcome::Committed => {
                    prop_assert_eq!(committed, vec![0, 1, 2]);
                    prop_assert!(compensated.is_empty());
                }
                SagaOutcome::RolledBack => {
                    let mut reversed = committed.clone();
                    reversed.reverse();
                    prop_assert_eq!(compensated, reversed);
                }
            }
        }
    }

    #[test]
    fn idempotent_consumers_take_effect_exactly_once(mut k in knobs(), seed in any::<u64>()) {
        k.idempotent = true;
        k.duplicates = k.duplicates.max(0.1);
        let s = scenario(&k);
        let mut sim = Simulation::new(&s, seed).unwrap();
        sim.run_to_end();
        for sub in sim.report().subscriptions {
            prop_assert_eq!(sub.stats.duplicate_effects, 0);
            prop_assert_eq!(sub.stats.effects, sub.stats.processed);
        }
    }
}
