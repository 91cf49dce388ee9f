//! Sagas with compensation, event-sourced aggregates, CQRS read models, policy chains and the
//! request-response baseline.

use crate::common::*;
use stormlab_engine::scenario::*;
use stormlab_engine::sim::{SagaOutcome, StepAction};
use stormlab_engine::{Dist, Simulation};

fn order_saga(mode: SagaMode, payment_failure: f64) -> Scenario {
    let mut s = fan_out(0, 1.0, 0, 0);
    s.workloads.clear();
    s.duration_us = 5_000_000;
    for name in ["Orders", "Inventory", "Payment"] {
        s.services.push(Service::new(name, vec![]));
    }
    let step = |name: &str, service: &str, compensation: &str, failure_rate: f64| SagaStep {
        name: name.into(),
        service: service.into(),
        compensation: compensation.into(),
        service_time: Dist::Fixed { us: 2_000 },
        failure_rate,
    };
    s.sagas = vec![Saga {
        name: "PlaceOrder".into(),
        mode,
        coordinator: if mode == SagaMode::Orchestration {
            Some("Orders".into())
        } else {
            None
        },
        rate_per_sec: 200.0,
        steps: vec![
            step("CreateOrder", "Orders", "CancelOrder", 0.0),
            step("ReserveStock", "Inventory", "ReleaseStock", 0.0),
            step(
                "ProcessPayment",
                "Payment",
                "RefundPayment",
                payment_failure,
            ),
        ],
        max_attempts: 3,
        retry_backoff_us: 50_000,
    }];
    s.recording.saga_log_capacity = 1_000;
    s
}

#[test]
fn a_failed_payment_compensates_the_committed_steps_in_reverse_order() {
    let mut sim = Simulation::new(&order_saga(SagaMode::Choreography, 0.3), 3).unwrap();
    sim.run_to_end();
    let r = sim.report();
    let g = &r.sagas[0];
    assert_eq!(g.in_progress, 0);
    assert_eq!(g.stats.committed + g.stats.rolled_back, g.stats.started);
    assert!(
        g.stats.rolled_back > 100 && g.stats.committed > 300,
        "{:?}",
        g.stats
    );
    assert_eq!(g.stats.compensations, 2 * g.stats.rolled_back);
    assert_eq!(g.stats.atomicity_violations, 0);
    assert!(g.inconsistency.mean_us > 0.0);
    for record in sim
        .saga_log()
        .iter()
        .filter(|r| r.outcome == SagaOutcome::RolledBack)
    {
        let steps: Vec<(u16, StepAction)> = record.log.iter().map(|e| (e.step, e.action)).collect();
        assert_eq!(
            steps,
            vec![
                (0, StepAction::Committed),
                (1, StepAction::Committed),
                (2, StepAction::Failed),
                (1, StepAction::Compensated),
                (0, StepAction::Compensated),
            ]
        );
    }
}

#[test]
fn a_participant_down_delays_a_choreography_but_makes_an_orchestrator_give_up() {
    let down = |mut s: Scenario| {
        s.services
            .iter_mut()
            .find(|x| x.name == "Payment")
            .unwrap()
            .downtime = vec![Window {
            from_us: 1_000_000,
            to_us: 2_500_000,
        }];
        s
    };
    let choreo = run(&down(order_saga(SagaMode::Choreography, 0.0)), 5);
    let orch = run(&down(order_saga(SagaMode::Orchestration, 0.0)), 5);
    let (c, o) = (&choreo.sagas[0], &orch.sagas[0]);
    assert_eq!(
        c.stats.rolled_back, 0,
        "choreography waits for the participant"
    );
    assert_eq!(c.stats.committed, c.stats.started);
    assert!(c.inconsistency.max_us > 1_000_000, "{:?}", c.inconsistency);
    assert!(
        o.stats.rolled_back > 50,
        "the orchestrator times out: {:?}",
        o.stats
    );
    assert_eq!(
        o.stats.atomicity_violations + c.stats.atomicity_violations,
        0
    );
    assert!(o.inconsistency.max_us < c.inconsistency.max_us);
}

#[test]
fn snapshots_bound_the_replay_of_event_sourced_aggregates() {
    let mut s = fan_out(4_000, 500.0, 0, 0);
    s.key_space = 10;
    s.services[0].handlers[0].event_sourcing = Some(EventSourcing {
        replay_us_per_event: 10,
        snapshot_every: 0,
    });
    let mut snap = s.clone();
    snap.services[0].handlers[0].event_sourcing = Some(EventSourcing {
        replay_us_per_event: 10,
        snapshot_every: 20,
    });
    let (full, snapped) = (run(&s, 1), run(&snap, 1));
    let (a, b) = (
        full.services[0].stats.events_replayed,
        snapped.services[0].stats.events_replayed,
    );
    // 4,000 commands over 10 streams: a full replay reads about 4000 * 400 / 2 events.
    assert!(a > 700_000, "{a}");
    assert!(b < 4_000 * 20, "{b}");
    assert!(snapped.workloads[0].latency.mean_us * 10.0 < full.workloads[0].latency.mean_us);
}

#[test]
fn a_lagging_projection_serves_stale_reads() {
    let mut s = fan_out(4_000, 1_000.0, 2, 0);
    s.key_space = 20;
    s.services[1].handlers[0].service_time = Dist::Fixed { us: 100 };
    s.services[2].handlers[0].service_time = Dist::Fixed { us: 900 };
    for b in &mut s.subscriptions {
        b.read_model = Some(ReadModel {
            queries_per_sec: 2_000.0,
        });
    }
    let r = run(&s, 2);
    let (fast, slow) = (sub(&r, "C1.E"), sub(&r, "C2.E"));
    assert!(fast.stats.reads > 5_000 && slow.stats.reads > 5_000);
    assert!(
        slow.stats.stale_reads > fast.stats.stale_reads * 2,
        "{} vs {}",
        slow.stats.stale_reads,
        fast.stats.stale_reads
    );
    assert!(slow.staleness.mean_us > fast.staleness.mean_us);
}

#[test]
fn policies_chain_events_across_contexts() {
    // P publishes E; C1 reacts and publishes F; C2 consumes F.
    let mut s = fan_out(500, 500.0, 1, 100);
    s.services[1].handlers[0].emits = vec!["F".into()];
    s.services
        .push(Service::new("C2", vec![handler("On", 100, &[])]));
    s.topics.push(Topic {
        name: "F".into(),
        producer: "C1".into(),
        ..s.topics[0].clone()
    });
    s.subscriptions.push(subscription("C2.F", "F", "C2"));
    let r = run(&s, 1);
    assert_eq!(r.topics[1].published, 500);
    assert_eq!(sub(&r, "C2.F").stats.processed, 500);
    // End-to-end latency of the second hop counts from its own commit.
    assert!(sub(&r, "C2.F").latency.mean_us < 5_000.0);
}

#[test]
fn request_response_fails_the_whole_chain_when_one_service_is_down() {
    let mut s = fan_out(3_000, 1_000.0, 3, 200);
    s.services[3].downtime = vec![Window {
        from_us: 1_000_000,
        to_us: 2_000_000,
    }];
    let mut rr = s.clone();
    rr.style = Style::RequestResponse;
    let (ev, rq) = (run(&s, 6), run(&rr, 6));
    // Event-driven: the producer is unaffected and the lagging consumer catches up.
    assert_eq!(ev.workloads[0].stats.ok, 3_000);
    assert_eq!(sub(&ev, "C3.E").stats.processed, 3_000);
    // Request-response: about a third of the requests hit the outage and fail.
    let w = &rq.workloads[0].stats;
    assert_eq!(w.ok + w.failed + w.rejected, 3_000);
    assert!(w.failed > 700 && w.failed < 1_300, "{w:?}");
    // And every request pays for every downstream call in sequence.
    assert!(rq.workloads[0].latency.mean_us > ev.workloads[0].latency.mean_us + 3.0 * 200.0);
}
