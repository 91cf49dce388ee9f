//! Fidelity against queueing theory: M/M/1, Little's law, and the delay added by polling.

use crate::common::*;
use stormlab_engine::scenario::*;
use stormlab_engine::{Dist, Simulation};

/// Poisson arrivals at `lambda` per second into one consumer with exponential service at
/// `mu` per second, no network delay and an unbounded push window: an M/M/1 queue (the one
/// `stormlab bench --mm1` times against SimPy).
fn mm1(n: u64, lambda: f64, mu: f64) -> Scenario {
    stormlab_engine::fixed::mm1_scenario(n, lambda, mu)
}

/// Student's t for a two-sided 95% interval with `df` degrees of freedom (df 1 to 30).
fn t95(df: usize) -> f64 {
    const T: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    T[df - 1]
}

/// The mean of `xs` and the half-width of its 95% interval (independent runs, one per seed).
fn interval(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, t95(xs.len() - 1) * (var / n).sqrt())
}

/// Asserts that `theory` lies inside the 95% interval of `xs`, and that the interval is narrow
/// enough (within `width` of the theory, relatively) to have tested something.
fn inside(what: &str, xs: &[f64], theory: f64, width: f64) {
    let (mean, half) = interval(xs);
    assert!(
        (mean - theory).abs() <= half,
        "{what}: theory {theory:.3} outside the interval {mean:.3} ± {half:.3} over {} seeds",
        xs.len()
    );
    assert!(
        half / theory < width,
        "{what}: the interval ± {half:.3} is too wide to test {theory:.3}"
    );
}

/// The seeds of the replications: the first ten, none left out.
const SEEDS: std::ops::RangeInclusive<u64> = 1..=10;

#[test]
fn mm1_mean_time_in_system_matches_theory_and_littles_law_holds_over_seeds() {
    let (lambda, mu) = (800.0, 1_000.0); // rho = 0.8
    let n = 200_000;
    let (mut sojourn, mut little_gap, mut in_system) = (vec![], vec![], vec![]);
    for seed in SEEDS {
        let report = run(&mm1(n, lambda, mu), seed);
        let c = sub(&report, "C1.E");
        assert_eq!(c.stats.processed, n);
        let mean = c.latency.mean_us;
        sojourn.push(mean);
        // Little's law on each run's own path: the time-averaged number in the system against
        // the observed arrival rate times the mean time in it.
        let secs = report.time_us as f64 / 1e6;
        let arrival_rate = c.stats.enqueued as f64 / secs;
        little_gap.push(c.mean_lag - arrival_rate * mean / 1e6);
        // The number in the system over the arrivals' span (the run also drains).
        in_system.push(c.mean_lag * secs / (n as f64 / lambda));
    }
    let theory_us = 1e6 / (mu - lambda);
    inside("M/M/1 mean time in system (us)", &sojourn, theory_us, 0.05);
    let (gap, half) = interval(&little_gap);
    assert!(
        gap.abs() <= half.max(1e-9) && half < 0.05,
        "Little's law: L - lambda*W = {gap:.4} ± {half:.4}"
    );
    // And both agree with the M/M/1 value rho / (1 - rho) = 4.
    inside("M/M/1 mean number in system", &in_system, 4.0, 0.05);
}

#[test]
fn polling_adds_half_the_interval_on_average_over_seeds() {
    let interval_us = 10_000;
    let mut delays = vec![];
    for seed in SEEDS {
        let mut s = fan_out(20_000, 50.0, 1, 0);
        s.broker.network_latency = Dist::Fixed { us: 0 };
        s.subscriptions[0].delivery = Delivery::Poll {
            interval_us,
            batch: 100,
        };
        s.recording.trace_capacity = 0;
        let report = run(&s, seed);
        let c = sub(&report, "C1.E");
        assert_eq!(c.stats.processed, 20_000);
        assert!(c.stats.empty_polls > 0, "an idle poller polls for nothing");
        delays.push(c.latency.mean_us);
    }
    inside(
        "mean delay added by polling (us)",
        &delays,
        interval_us as f64 / 2.0,
        0.02,
    );
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
