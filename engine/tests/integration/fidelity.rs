//! Fidelity against queueing theory: M/M/1, Little's law, and the delay added by polling.

use crate::common::*;
use stormlab_engine::scenario::*;
use stormlab_engine::{Dist, Simulation};

/// Poisson arrivals at `lambda` per second into one consumer with exponential service at
/// `mu` per second, no network delay and an unbounded push window: an M/M/1 queue.
fn mm1(n: u64, lambda: f64, mu: f64) -> Scenario {
    let mut s = fan_out(n, lambda, 1, 0);
    s.broker.network_latency = Dist::Fixed { us: 0 };
    s.topics[0].partitions = 1;
    s.services[1].handlers[0].service_time = Dist::Exponential { mean_us: 1e6 / mu };
    s.subscriptions[0].delivery = Delivery::Push {
        max_in_flight: u32::MAX,
    };
    s.recording.trace_capacity = 0;
    s
}

#[test]
fn mm1_mean_time_in_system_matches_theory_and_littles_law_holds() {
    let (lambda, mu) = (800.0, 1_000.0); // rho = 0.8
    let n = 2_000_000;
    let report = run(&mm1(n, lambda, mu), 2024);
    let c = sub(&report, "C1.E");
    assert_eq!(c.stats.processed, n);
    let theory_us = 1e6 / (mu - lambda);
    let mean = c.latency.mean_us;
    assert!(
        rel(mean, theory_us) < 0.02,
        "mean time in system {mean:.1} us vs theory {theory_us:.1} us"
    );

    // Little's law: the time-averaged number in the system equals arrival rate x mean time.
    let secs = report.time_us as f64 / 1e6;
    let arrival_rate = c.stats.enqueued as f64 / secs;
    let little = arrival_rate * mean / 1e6;
    assert!(
        rel(c.mean_lag, little) < 0.02,
        "L = {:.4} vs lambda*W = {little:.4}",
        c.mean_lag
    );
    // And both agree with the M/M/1 value rho / (1 - rho) = 4 (looser: it includes the drain).
    assert!(
        rel(c.mean_lag / (secs / (n as f64 / lambda)), 4.0) < 0.05,
        "L = {}",
        c.mean_lag
    );
}

#[test]
fn polling_adds_half_the_interval_on_average() {
    let interval = 10_000;
    let mut s = fan_out(100_000, 50.0, 1, 0);
    s.broker.network_latency = Dist::Fixed { us: 0 };
    s.subscriptions[0].delivery = Delivery::Poll {
        interval_us: interval,
        batch: 100,
    };
    s.recording.trace_capacity = 0;
    let report = run(&s, 3);
    let c = sub(&report, "C1.E");
    assert_eq!(c.stats.processed, 100_000);
    let half = interval as f64 / 2.0;
    assert!(
        rel(c.latency.mean_us, half) < 0.05,
        "mean added delay {} vs {half}",
        c.latency.mean_us
    );
    assert!(c.stats.empty_polls > 0, "an idle poller polls for nothing");
}

#[test]
fn a_run_of_the_engine_can_be_sampled_while_it_goes() {
    let mut sim = Simulation::new(&mm1(10_000, 800.0, 1_000.0), 1).unwrap();
    sim.run_until(sim.duration() / 2);
    let half = sim.report().subscriptions[0].stats.processed;
    sim.run_to_end();
    let all = sim.report().subscriptions[0].stats.processed;
    assert!(half > 1_000 && half < all, "{half} of {all}");
    let series = sim.sub_series(0);
    assert!(series.len() > 10);
    assert!(series
        .windows(2)
        .all(|w| w[0].t < w[1].t && w[0].processed <= w[1].processed));
}
