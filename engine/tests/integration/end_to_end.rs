//! End-to-end latency: from a command's arrival to each end of the causal chain it starts,
//! checked against a chain whose every delay is fixed, worked out by hand.

use crate::common::*;
use stormlab_engine::scenario::*;
use stormlab_engine::Dist;

/// Commands to `P.Make` (1 ms) publish `E`; `C` handles it (2 ms) and publishes `F`; `D`
/// handles `F` (3 ms) and commits nothing: the chain ends there. Every network hop takes
/// 0.5 ms, arrivals come one a second (nothing waits).
fn chain() -> Scenario {
    let mut s = fan_out(20, 1.0, 1, 2_000);
    s.broker.network_latency = Dist::Fixed { us: 500 };
    s.workloads[0].arrivals = Arrivals::Constant;
    s.services[0].handlers[0] = handler("Make", 1_000, &["E"]);
    s.services[1].handlers[0] = handler("On", 2_000, &["F"]);
    s.services
        .push(Service::new("D", vec![handler("On", 3_000, &[])]));
    s.topics.push(Topic {
        name: "F".into(),
        producer: "C1".into(),
        ..s.topics[0].clone()
    });
    s.subscriptions.push(subscription("D.F", "F", "D"));
    s
}

#[test]
fn end_to_end_latency_follows_the_chain_to_its_end() {
    let r = run(&chain(), 1);
    let flow = &r.workloads[0].end_to_end;
    // By hand: the command (1 ms), then per event a hop to the broker and one to the consumer
    // (0.5 + 0.5 ms) and its handler: 2 ms for C, 3 ms for D.
    let by_hand = 1_000 + (500 + 500 + 2_000) + (500 + 500 + 3_000);
    assert_eq!(flow.count, 20, "one end per command");
    assert_eq!((flow.min_us, flow.max_us), (by_hand, by_hand), "{flow:?}");
    // It is more than any one subscription's latency, which starts at its event's commit.
    let d = sub(&r, "D.F");
    assert!(d.latency.max_us < by_hand);
    assert_eq!(by_hand - d.latency.max_us, 1_000 + 500 + 500 + 2_000);
}

#[test]
fn a_fan_out_ends_once_per_branch() {
    let mut s = chain();
    s.subscriptions.push(subscription("C2.E", "E", "C2"));
    s.services
        .push(Service::new("C2", vec![handler("On", 4_000, &[])]));
    let r = run(&s, 1);
    let flow = &r.workloads[0].end_to_end;
    assert_eq!(flow.count, 40, "two ends per command");
    assert_eq!(flow.min_us, 1_000 + 500 + 500 + 4_000);
    assert_eq!(flow.max_us, 8_000);
}

#[test]
fn polling_adds_about_half_its_interval_of_waiting_in_the_broker() {
    let mut s = fan_out(2_000, 10.0, 1, 100);
    let pushed = run(&s, 3);
    assert!(sub(&pushed, "C1.E").mean_broker_wait_us < 10.0);
    s.subscriptions[0].delivery = Delivery::Poll {
        interval_us: 100_000,
        batch: 100,
    };
    let polled = run(&s, 3);
    let wait = sub(&polled, "C1.E").mean_broker_wait_us;
    // Events arrive at random times between two polls: on average half the interval.
    assert!((40_000.0..60_000.0).contains(&wait), "{wait}");
}
