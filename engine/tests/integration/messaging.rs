//! Pub/sub mechanics: fan-out, consumer groups, push vs poll, back-pressure, payload styles,
//! ordering per key.

use crate::common::*;
use stormlab_engine::scenario::*;
use stormlab_engine::{Dist, Simulation};

#[test]
fn every_subscription_gets_every_event() {
    let report = run(&fan_out(2_000, 1_000.0, 3, 200), 1);
    assert_eq!(report.topics[0].published, 2_000);
    for s in &report.subscriptions {
        assert_eq!(s.stats.enqueued, 2_000, "{}", s.name);
        assert_eq!(s.stats.processed, 2_000, "{}", s.name);
    }
    assert_eq!(report.workloads[0].stats.ok, 2_000);
}

#[test]
fn a_consumer_group_spreads_partitions_over_instances() {
    // 2,000 msg/s into a 900 us consumer: one instance cannot keep up, four can.
    let mut one = fan_out(4_000, 2_000.0, 1, 900);
    one.topics[0].partitions = 8;
    let mut four = one.clone();
    four.subscriptions[0].instances = 4;
    let (a, b) = (run(&one, 1), run(&four, 1));
    let (a, b) = (sub(&a, "C1.E"), sub(&b, "C1.E"));
    assert_eq!(a.stats.processed, b.stats.processed);
    assert!(
        b.latency.mean_us * 10.0 < a.latency.mean_us,
        "{} vs {}",
        b.latency.mean_us,
        a.latency.mean_us
    );
    assert!(b.max_lag * 5 < a.max_lag, "{} vs {}", b.max_lag, a.max_lag);
}

#[test]
fn push_has_lower_latency_than_poll() {
    let push = fan_out(3_000, 500.0, 1, 200);
    let mut poll = push.clone();
    poll.subscriptions[0].delivery = Delivery::Poll {
        interval_us: 50_000,
        batch: 100,
    };
    let (a, b) = (run(&push, 4), run(&poll, 4));
    let (a, b) = (sub(&a, "C1.E"), sub(&b, "C1.E"));
    assert_eq!(b.stats.processed, 3_000);
    assert!(
        a.latency.mean_us * 5.0 < b.latency.mean_us,
        "push {} poll {}",
        a.latency.mean_us,
        b.latency.mean_us
    );
    assert!(b.stats.polls > 0 && a.stats.polls == 0);
}

#[test]
fn the_push_window_bounds_what_is_in_flight_at_the_consumer() {
    // A burst far beyond the consumer's speed: with a window of 2 the rest waits in the
    // broker, and the instance never holds more than 2.
    let mut s = fan_out(500, 50_000.0, 1, 1_000);
    s.topics[0].partitions = 1;
    s.subscriptions[0].delivery = Delivery::Push { max_in_flight: 2 };
    let mut sim = Simulation::new(&s, 1).unwrap();
    let mut max_in_jobs = 0;
    let mut max_queued = 0;
    while sim.run_events(50) > 0 {
        let audit = &sim.audit()[0];
        max_in_jobs = max_in_jobs.max(audit.in_jobs);
        max_queued = max_queued.max(audit.queued);
    }
    assert_eq!(max_in_jobs, 2);
    assert!(
        max_queued > 400,
        "the backlog stays in the broker: {max_queued}"
    );
    assert_eq!(sim.report().subscriptions[0].stats.processed, 500);
}

#[test]
fn notification_events_make_each_consumer_call_back_and_fat_events_do_not() {
    let mut fat = fan_out(1_000, 500.0, 3, 100);
    fat.topics[0].payload = Payload {
        style: PayloadStyle::Fat,
        state_bytes: 5_000,
        reference_bytes: 100,
    };
    let mut thin = fat.clone();
    thin.topics[0].payload.style = PayloadStyle::Notification;
    let (f, n) = (run(&fat, 2), run(&thin, 2));
    assert_eq!(f.topics[0].bytes_published, 1_000 * 5_000);
    assert_eq!(n.topics[0].bytes_published, 1_000 * 100);
    assert_eq!(f.services[0].stats.callbacks_served, 0);
    // Every consumer calls back once per event: callbacks grow with the number of consumers.
    assert_eq!(n.services[0].stats.callbacks_served, 3 * 1_000);
    for s in &n.subscriptions {
        assert_eq!(s.stats.callbacks, 1_000);
        assert_eq!(s.stats.processed, 1_000);
    }
    // Callbacks add latency.
    assert!(sub(&n, "C1.E").latency.mean_us > sub(&f, "C1.E").latency.mean_us + 1_000.0);
}

#[test]
fn notification_consumers_fail_while_the_producer_is_down_but_fat_consumers_do_not() {
    let mut fat = fan_out(2_000, 1_000.0, 1, 100);
    fat.services[0].downtime = vec![Window {
        from_us: 500_000,
        to_us: 1_000_000,
    }];
    // Commands still need somewhere to go: the producer is only down for its API.
    fat.workloads[0].start_us = 0;
    let mut thin = fat.clone();
    thin.topics[0].payload.style = PayloadStyle::Notification;
    let (f, n) = (run(&fat, 3), run(&thin, 3));
    assert_eq!(sub(&f, "C1.E").stats.callback_failures, 0);
    assert!(sub(&n, "C1.E").stats.callback_failures > 0);
    assert!(n.services[0].stats.callbacks_refused > 0);
}

#[test]
fn claim_checks_fetch_the_payload_from_the_store() {
    let mut s = fan_out(800, 400.0, 2, 100);
    s.topics[0].payload = Payload {
        style: PayloadStyle::ClaimCheck,
        state_bytes: 1_000_000,
        reference_bytes: 64,
    };
    let r = run(&s, 1);
    assert_eq!(r.topics[0].bytes_published, 800 * 64);
    for c in &r.subscriptions {
        assert_eq!(c.stats.store_fetches, 800);
        assert_eq!(c.stats.bytes_fetched, 800 * 1_000_000);
        assert_eq!(c.stats.callbacks, 0);
    }
    assert_eq!(r.services[0].stats.callbacks_served, 0);
}

#[test]
fn ordering_per_key_holds_when_ordered_and_breaks_with_concurrency() {
    let mut unordered = fan_out(5_000, 4_000.0, 1, 0);
    unordered.key_space = 5;
    unordered.topics[0].partitions = 1;
    unordered.services[1].handlers[0].service_time = Dist::Exponential { mean_us: 800.0 };
    unordered.subscriptions[0].ordered = false;
    unordered.subscriptions[0].concurrency = 4;
    let mut ordered = unordered.clone();
    ordered.subscriptions[0].ordered = true;
    // Failures and retries must not reorder an ordered consumer either.
    ordered.services[1].handlers[0].failure_rate = 0.2;
    ordered.subscriptions[0].retry.max_attempts = 50;
    ordered.subscriptions[0].retry.backoff_us = 1_000;
    let (u, o) = (run(&unordered, 8), run(&ordered, 8));
    assert!(
        sub(&u, "C1.E").stats.out_of_order > 100,
        "{}",
        sub(&u, "C1.E").stats.out_of_order
    );
    let o = sub(&o, "C1.E");
    assert!(o.stats.retries > 100);
    assert_eq!(o.stats.out_of_order, 0);
    assert_eq!(o.stats.processed, 5_000);
}

#[test]
fn the_trace_is_bounded_and_resumable() {
    let mut s = fan_out(1_000, 1_000.0, 2, 100);
    s.recording.trace_capacity = 500;
    let mut sim = Simulation::new(&s, 1).unwrap();
    sim.run_to_end();
    let total = sim.trace_total();
    assert!(total > 5_000);
    let kept = sim.trace_since(0);
    assert_eq!(kept.len(), 500);
    assert_eq!(kept.last().unwrap().index, total - 1);
    assert_eq!(sim.trace_since(total - 10).len(), 10);
    assert!(kept.windows(2).all(|w| w[0].time <= w[1].time));
}

#[test]
fn network_jitter_never_swaps_two_events_of_one_key() {
    // A jittery network (0.5 to 1.5 ms a hop), few keys and a busy producer: two events of a
    // key often leave within a hop of each other. The producer's connection to the broker and
    // the broker's to each instance keep their order, so an ordered consumer sees each key's
    // events in the order they were committed.
    let mut s = fan_out(5_000, 4_000.0, 1, 100);
    s.key_space = 3;
    s.broker.network_latency = Dist::Uniform {
        min_us: 500,
        max_us: 1_500,
    };
    s.subscriptions[0].instances = 2;
    let r = run(&s, 5);
    let c = sub(&r, "C1.E");
    assert_eq!(c.stats.processed, 5_000);
    assert_eq!(c.stats.out_of_order, 0);
    // Handled in parallel without ordering, the same events do overtake each other.
    s.subscriptions[0].ordered = false;
    s.subscriptions[0].concurrency = 4;
    s.services[1].handlers[0].service_time = Dist::Exponential { mean_us: 800.0 };
    assert!(sub(&run(&s, 5), "C1.E").stats.out_of_order > 0);
}
