//! Failures and recovery: retries, dead letters and re-drive, circuit breaker, duplicates and
//! idempotency, outbox vs dual write, outages, event versions.

use crate::common::*;
use stormlab_engine::scenario::*;
use stormlab_engine::Simulation;

#[test]
fn failing_handlers_retry_then_dead_letter_or_drop() {
    let mut s = fan_out(300, 300.0, 2, 100);
    s.services[1].handlers[0].failure_rate = 1.0;
    s.services[2].handlers[0].failure_rate = 1.0;
    s.subscriptions[1].retry.dead_letter = false;
    let r = run(&s, 1);
    let dlq = sub(&r, "C1.E");
    assert_eq!(dlq.stats.failed_attempts, 900);
    assert_eq!(dlq.stats.retries, 600);
    assert_eq!(dlq.stats.dead_lettered, 300);
    assert_eq!(dlq.dlq_now, 300);
    assert_eq!(dlq.stats.processed, 0);
    let dropped = sub(&r, "C2.E");
    assert_eq!(dropped.stats.discarded, 300);
    assert_eq!(dropped.dlq_now, 0);
}

#[test]
fn back_off_grows_between_attempts() {
    let mut s = fan_out(1, 10.0, 1, 0);
    s.broker.network_latency = stormlab_engine::Dist::Fixed { us: 0 };
    s.services[1].handlers[0].failure_rate = 1.0;
    s.subscriptions[0].retry = Retry {
        max_attempts: 4,
        backoff_us: 1_000,
        multiplier: 3,
        max_backoff_us: 5_000,
        dead_letter: true,
    };
    s.recording.trace_capacity = 1_000;
    let mut sim = Simulation::new(&s, 1).unwrap();
    sim.run_to_end();
    let failures: Vec<u64> = sim
        .trace_since(0)
        .iter()
        .filter(|e| e.kind == stormlab_engine::trace::TraceKind::Failed)
        .map(|e| e.time)
        .collect();
    let gaps: Vec<u64> = failures.windows(2).map(|w| w[1] - w[0]).collect();
    assert_eq!(gaps, vec![1_000, 3_000, 5_000]);
}

#[test]
fn dead_letters_are_redriven_once_the_cause_is_gone() {
    // Notification consumer; the producer's API is down for a while, so callbacks fail until
    // messages dead-letter. After it is back, a re-drive handles them all.
    let mut s = fan_out(400, 1_000.0, 1, 100);
    s.topics[0].payload.style = PayloadStyle::Notification;
    s.services[0].downtime = vec![Window {
        from_us: 100_000,
        to_us: 2_000_000,
    }];
    s.subscriptions[0].retry.max_attempts = 2;
    s.subscriptions[0].redrive_at_us = Some(3_000_000);
    let r = run(&s, 5);
    let c = sub(&r, "C1.E");
    assert!(c.stats.dead_lettered > 0);
    assert_eq!(c.stats.redriven, c.stats.dead_lettered);
    assert_eq!(c.dlq_now, 0);
    assert_eq!(c.stats.processed, r.topics[0].published);
}

#[test]
fn a_circuit_breaker_stops_hammering_a_producer_that_is_down() {
    let mut plain = fan_out(2_000, 2_000.0, 1, 50);
    plain.topics[0].payload.style = PayloadStyle::Notification;
    plain.services[0].downtime = vec![Window {
        from_us: 200_000,
        to_us: 3_000_000,
    }];
    plain.subscriptions[0].retry = Retry {
        max_attempts: 10,
        backoff_us: 20_000,
        multiplier: 1,
        max_backoff_us: 20_000,
        dead_letter: true,
    };
    let mut guarded = plain.clone();
    guarded.subscriptions[0].circuit_breaker = Some(CircuitBreaker {
        failure_threshold: 5,
        open_us: 500_000,
    });
    let (p, g) = (run(&plain, 9), run(&guarded, 9));
    let (pc, gc) = (sub(&p, "C1.E"), sub(&g, "C1.E"));
    assert!(gc.stats.breaker_opened > 0);
    assert!(gc.stats.breaker_rejections > 0);
    assert!(
        g.services[0].stats.callbacks_refused * 5 < p.services[0].stats.callbacks_refused,
        "guarded {} vs plain {}",
        g.services[0].stats.callbacks_refused,
        p.services[0].stats.callbacks_refused
    );
    assert_eq!(pc.stats.breaker_opened, 0);
}

#[test]
fn duplicates_repeat_side_effects_unless_the_consumer_is_idempotent() {
    let mut s = fan_out(5_000, 2_000.0, 2, 50);
    s.broker.duplicate_rate = 0.2;
    s.subscriptions[1].idempotent = true;
    let r = run(&s, 11);
    let naive = sub(&r, "C1.E");
    let idem = sub(&r, "C2.E");
    assert!(
        naive.stats.duplicates_delivered > 800,
        "{}",
        naive.stats.duplicates_delivered
    );
    assert_eq!(
        naive.stats.duplicate_effects,
        naive.stats.duplicates_delivered
    );
    assert_eq!(naive.stats.effects, 5_000 + naive.stats.duplicate_effects);
    assert!(idem.stats.duplicates_delivered > 800);
    assert_eq!(
        idem.stats.duplicates_skipped,
        idem.stats.duplicates_delivered
    );
    assert_eq!(idem.stats.duplicate_effects, 0);
    assert_eq!(idem.stats.effects, 5_000);
}

#[test]
fn dual_write_loses_events_on_a_crash_and_an_outbox_does_not() {
    let mut dual = fan_out(10_000, 2_000.0, 1, 50);
    dual.services[0].publish = PublishMode::DualWrite { crash_rate: 0.03 };
    let mut outbox = dual.clone();
    outbox.services[0].publish = PublishMode::Outbox {
        relay_interval_us: 10_000,
        relay_batch: 100,
        crash_rate: 0.03,
    };
    let (d, o) = (run(&dual, 21), run(&outbox, 21));
    let lost = d.topics[0].lost;
    assert!(
        (200..=400).contains(&lost),
        "about 3% of 10,000 lost: {lost}"
    );
    assert_eq!(d.topics[0].published + lost, 10_000);
    assert_eq!(sub(&d, "C1.E").stats.processed, 10_000 - lost);
    assert_eq!(o.topics[0].lost, 0);
    assert_eq!(o.topics[0].published, 10_000);
    assert!(o.services[0].stats.outbox_crashes > 200);
    let relay = &o.topics[0].relay_delay;
    assert!(
        relay.count == 10_000 && relay.max_us <= 10_000 && relay.mean_us > 2_000.0,
        "{relay:?}"
    );
    assert!(sub(&o, "C1.E").latency.mean_us > sub(&d, "C1.E").latency.mean_us);
}

#[test]
fn taking_a_consumer_down_grows_its_lag_and_bringing_it_back_drains_it() {
    let s = fan_out(3_000, 1_000.0, 1, 100);
    let mut sim = Simulation::new(&s, 3).unwrap();
    sim.run_until(500_000);
    let before = sim.lags()[0];
    sim.set_service_up(1, false);
    sim.run_until(1_500_000);
    assert!(!sim.service_up(1));
    let during = sim.lags()[0];
    assert!(during > before + 500, "lag {before} -> {during}");
    sim.set_service_up(1, true);
    sim.run_to_end();
    assert_eq!(sim.lags()[0], 0);
    let r = sim.report();
    assert_eq!(r.subscriptions[0].stats.processed, 3_000);
    assert_eq!(r.services[1].stats.outages, 1);
    assert!(r.services[1].stats.downtime_us >= 1_000_000);
}

#[test]
fn unknown_versions_fail_unless_upcast_or_read_tolerantly() {
    let mut s = fan_out(1_000, 1_000.0, 3, 50);
    s.topics[0].versions = vec![
        VersionShare {
            version: 1,
            weight: 1.0,
        },
        VersionShare {
            version: 2,
            weight: 1.0,
        },
    ];
    // C1 only knows v2 (so v1 must be upcast), C2 only knows v1 and is strict, C3 knows v1 and
    // tolerates additions.
    s.subscriptions[0].accepts = Some(VersionRange { min: 2, max: 2 });
    s.subscriptions[0].upcast = true;
    s.subscriptions[1].accepts = Some(VersionRange { min: 1, max: 1 });
    s.subscriptions[2].accepts = Some(VersionRange { min: 1, max: 1 });
    s.subscriptions[2].tolerant_reader = true;
    for b in &mut s.subscriptions {
        b.retry.backoff_us = 1_000;
    }
    let r = run(&s, 4);
    let (up, strict, tolerant) = (sub(&r, "C1.E"), sub(&r, "C2.E"), sub(&r, "C3.E"));
    assert!(
        up.stats.upcasts > 400 && up.stats.processed == 1_000 && up.stats.version_mismatches == 0
    );
    assert!(strict.stats.version_mismatches > 400);
    assert_eq!(strict.stats.processed + strict.stats.dead_lettered, 1_000);
    assert_eq!(
        strict.stats.version_mismatches,
        strict.stats.dead_lettered * 3
    );
    assert_eq!(tolerant.stats.processed, 1_000);
}

#[test]
fn poison_messages_block_an_ordered_partition_but_not_an_unordered_one() {
    // Half the events are a version the consumer cannot read. Ordered, each poison message
    // holds its partition through every back-off; unordered, the rest flows past it.
    let mut ordered = fan_out(400, 400.0, 1, 100);
    ordered.topics[0].partitions = 1;
    ordered.topics[0].versions = vec![
        VersionShare {
            version: 1,
            weight: 1.0,
        },
        VersionShare {
            version: 2,
            weight: 1.0,
        },
    ];
    ordered.subscriptions[0].accepts = Some(VersionRange { min: 1, max: 1 });
    // About 200 poison messages x 300 ms of back-off each: let the run drain for long enough.
    ordered.drain_us = Some(200_000_000);
    let mut unordered = ordered.clone();
    unordered.subscriptions[0].ordered = false;
    let (o, u) = (run(&ordered, 2), run(&unordered, 2));
    let (o, u) = (sub(&o, "C1.E"), sub(&u, "C1.E"));
    assert_eq!(o.stats.processed + o.stats.dead_lettered, 400);
    assert_eq!(u.stats.processed + u.stats.dead_lettered, 400);
    assert!(
        o.latency.mean_us > 20.0 * u.latency.mean_us,
        "ordered {} vs unordered {}",
        o.latency.mean_us,
        u.latency.mean_us
    );
}
