//! Sweeps: one setting moved across a range, both variants replicated at every point, so a
//! curve shows how a metric follows the setting (callbacks against the number of consumers,
//! latency against the poll interval). A setting is applied to the compiled scenarios, the
//! same way in the page and on the command line.

use stormlab_engine::scenario::{Delivery, PublishMode, Window};
use stormlab_engine::Scenario;

use crate::replicate::{run_all, seeds, Replications, Samples};

/// The most points a sweep has.
pub const MAX_STEPS: usize = 25;

/// What a sweep moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// Commands per second of every actor (and saga).
    ArrivalRate,
    /// Consumers of the event with the most.
    Consumers,
    /// Instances of every consumer.
    Instances,
    /// The interval of every polling consumer.
    PollInterval,
    /// Most messages per poll of every polling consumer.
    Batch,
    /// In-flight window of every pushed consumer.
    Window,
    /// The full state of every event, in bytes.
    PayloadBytes,
    /// Probability that a handler's attempt fails.
    FailureRate,
    /// Probability of a crash between commit and publish, in every service.
    CrashRate,
    /// Probability that an acknowledgement is lost.
    LostAcks,
    /// Length of every outage (the variants must have one).
    OutageSeconds,
}

impl Setting {
    /// Every setting, in menu order.
    pub const ALL: [Setting; 11] = [
        Setting::ArrivalRate,
        Setting::Consumers,
        Setting::Instances,
        Setting::PollInterval,
        Setting::Batch,
        Setting::Window,
        Setting::PayloadBytes,
        Setting::FailureRate,
        Setting::CrashRate,
        Setting::LostAcks,
        Setting::OutageSeconds,
    ];

    /// The name on the command line (`--setting consumers`).
    pub fn id(self) -> &'static str {
        match self {
            Setting::ArrivalRate => "rate",
            Setting::Consumers => "consumers",
            Setting::Instances => "instances",
            Setting::PollInterval => "poll-interval",
            Setting::Batch => "batch",
            Setting::Window => "window",
            Setting::PayloadBytes => "payload-bytes",
            Setting::FailureRate => "failure-rate",
            Setting::CrashRate => "crash-rate",
            Setting::LostAcks => "lost-acks",
            Setting::OutageSeconds => "outage",
        }
    }

    /// The setting named `id`.
    pub fn parse(id: &str) -> Option<Setting> {
        Setting::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The name shown to people, with its unit.
    pub fn name(self) -> &'static str {
        match self {
            Setting::ArrivalRate => "Commands per second",
            Setting::Consumers => "Consumers of the busiest event",
            Setting::Instances => "Instances of every consumer",
            Setting::PollInterval => "Poll interval (ms)",
            Setting::Batch => "Batch per poll",
            Setting::Window => "In-flight window",
            Setting::PayloadBytes => "Payload size (bytes)",
            Setting::FailureRate => "Failure rate",
            Setting::CrashRate => "Crash after commit",
            Setting::LostAcks => "Lost acknowledgements",
            Setting::OutageSeconds => "Outage length (s)",
        }
    }

    /// The values it takes, and whether only whole ones.
    pub fn limits(self) -> (f64, f64, bool) {
        match self {
            Setting::ArrivalRate => (0.01, 10_000.0, false),
            Setting::Consumers => (1.0, 50.0, true),
            Setting::Instances => (1.0, 64.0, true),
            Setting::PollInterval => (1.0, 60_000.0, false),
            Setting::Batch => (1.0, 10_000.0, true),
            Setting::Window => (1.0, 10_000.0, true),
            Setting::PayloadBytes => (0.0, 10_000_000.0, true),
            Setting::FailureRate | Setting::CrashRate | Setting::LostAcks => (0.0, 0.99, false),
            Setting::OutageSeconds => (0.0, 3_600.0, false),
        }
    }

    /// A range worth looking at first.
    pub fn suggested(self) -> (f64, f64) {
        match self {
            Setting::ArrivalRate => (5.0, 50.0),
            Setting::Consumers => (1.0, 10.0),
            Setting::Instances => (1.0, 8.0),
            Setting::PollInterval => (50.0, 1_000.0),
            Setting::Batch => (1.0, 100.0),
            Setting::Window => (1.0, 32.0),
            Setting::PayloadBytes => (100.0, 100_000.0),
            Setting::FailureRate | Setting::CrashRate | Setting::LostAcks => (0.0, 0.2),
            Setting::OutageSeconds => (0.0, 40.0),
        }
    }

    /// Why the setting changes nothing on a scenario it does not apply to.
    fn inapplicable(self) -> &'static str {
        match self {
            Setting::Batch | Setting::PollInterval => {
                "No consumer polls, so this changes nothing: make a variant poll first."
            }
            Setting::Window => "No consumer is pushed to, so the window changes nothing.",
            Setting::OutageSeconds => "No service goes down: choose an outage for A or B first.",
            Setting::Consumers => "No policy or read model consumes an event.",
            _ => "The setting changes nothing on this board.",
        }
    }

    /// Sets the setting to `value` in `scenario`: false when it has nothing the setting
    /// applies to (no polling consumer for a batch, no outage for its length).
    pub fn apply(self, scenario: &mut Scenario, value: f64) -> bool {
        let ms = |v: f64| (v * 1e3).round() as u64;
        match self {
            Setting::ArrivalRate => {
                scenario
                    .workloads
                    .iter_mut()
                    .for_each(|w| w.rate_per_sec = value);
                scenario
                    .sagas
                    .iter_mut()
                    .for_each(|s| s.rate_per_sec = value);
            }
            Setting::Consumers => return consumers(scenario, value as usize),
            Setting::Instances => scenario
                .subscriptions
                .iter_mut()
                .for_each(|s| s.instances = value as u32),
            Setting::PollInterval => {
                let mut any = false;
                for s in &mut scenario.subscriptions {
                    if let Delivery::Poll { interval_us, .. } = &mut s.delivery {
                        *interval_us = ms(value);
                        any = true;
                    }
                }
                return any;
            }
            Setting::Batch => {
                let mut any = false;
                for s in &mut scenario.subscriptions {
                    if let Delivery::Poll { batch, .. } = &mut s.delivery {
                        *batch = value as u32;
                        any = true;
                    }
                }
                return any;
            }
            Setting::Window => {
                let mut any = false;
                for s in &mut scenario.subscriptions {
                    if let Delivery::Push { max_in_flight } = &mut s.delivery {
                        *max_in_flight = value as u32;
                        any = true;
                    }
                }
                return any;
            }
            Setting::PayloadBytes => scenario
                .topics
                .iter_mut()
                .for_each(|t| t.payload.state_bytes = value as u32),
            Setting::FailureRate => scenario
                .services
                .iter_mut()
                .flat_map(|s| s.handlers.iter_mut())
                .for_each(|h| h.failure_rate = value),
            Setting::CrashRate => {
                for s in &mut scenario.services {
                    match &mut s.publish {
                        PublishMode::DualWrite { crash_rate }
                        | PublishMode::Outbox { crash_rate, .. } => *crash_rate = value,
                    }
                }
            }
            Setting::LostAcks => scenario.broker.duplicate_rate = value,
            Setting::OutageSeconds => {
                let mut any = false;
                for s in &mut scenario.services {
                    if let Some(w) = s.downtime.first_mut() {
                        *w = Window {
                            from_us: w.from_us,
                            to_us: w.from_us + (value * 1e6).round() as u64,
                        };
                        any = true;
                    }
                }
                return any;
            }
        }
        true
    }
}

/// Gives the topic with the most subscriptions `n` of them: the first copied, or the last
/// removed.
fn consumers(scenario: &mut Scenario, n: usize) -> bool {
    let Some(busiest) = scenario
        .topics
        .iter()
        .max_by_key(|t| {
            scenario
                .subscriptions
                .iter()
                .filter(|s| s.topic == t.name)
                .count()
        })
        .map(|t| t.name.clone())
    else {
        return false;
    };
    let of_topic: Vec<usize> = (0..scenario.subscriptions.len())
        .filter(|&i| scenario.subscriptions[i].topic == busiest)
        .collect();
    let Some(&first) = of_topic.first() else {
        return false;
    };
    if n < of_topic.len() {
        for &i in of_topic[n..].iter().rev() {
            scenario.subscriptions.remove(i);
        }
    }
    for k in of_topic.len()..n {
        let mut copy = scenario.subscriptions[first].clone();
        copy.name = format!("{} (copy {})", copy.name, k + 1 - of_topic.len());
        scenario.subscriptions.push(copy);
    }
    true
}

/// What a sweep moves, and over what.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// The setting.
    pub setting: Setting,
    /// The first value.
    pub from: f64,
    /// The last value.
    pub to: f64,
    /// How many points, from `from` to `to` (2 to [`MAX_STEPS`]).
    pub steps: usize,
    /// Runs of each variant at every point.
    pub runs: usize,
}

impl Spec {
    /// The values of the points, evenly spaced (rounded and without repeats for whole
    /// settings), or why the range is not one the setting takes.
    pub fn points(&self) -> Result<Vec<f64>, String> {
        let (min, max, whole) = self.setting.limits();
        let name = self.setting.name();
        for v in [self.from, self.to] {
            if !(v.is_finite() && (min..=max).contains(&v)) {
                return Err(format!("{name} goes from {min} to {max}; {v} is outside."));
            }
        }
        if !(2..=MAX_STEPS).contains(&self.steps) {
            return Err(format!("A sweep has 2 to {MAX_STEPS} points."));
        }
        let mut out: Vec<f64> = (0..self.steps)
            .map(|i| self.from + (self.to - self.from) * i as f64 / (self.steps - 1) as f64)
            .map(|v| if whole { v.round() } else { v })
            .collect();
        out.dedup();
        Ok(out)
    }
}

/// One point of a sweep: the value and what the runs there measured.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// The setting's value.
    pub value: f64,
    /// Both variants' runs.
    pub samples: Samples,
}

/// The base scenarios with the setting at `value`.
pub fn at(
    base: &(Scenario, Scenario),
    setting: Setting,
    value: f64,
) -> Result<(Scenario, Scenario), String> {
    let (mut a, mut b) = base.clone();
    // A side the setting does not apply to runs as it is (a batch sweep of a polling B
    // against a pushed A); on neither side, the sweep would show nothing.
    if !(setting.apply(&mut a, value) | setting.apply(&mut b, value)) {
        return Err(setting.inapplicable().into());
    }
    for s in [&a, &b] {
        s.check().map_err(|e| format!("At {value}: {e}"))?;
    }
    Ok((a, b))
}

/// Every point, each with its runs spread over `threads` threads (the command line's way).
pub fn run_sweep(
    base: &(Scenario, Scenario),
    spec: &Spec,
    board_seed: u64,
    threads: usize,
) -> Result<Vec<Point>, String> {
    let seeds = seeds(board_seed, spec.runs);
    spec.points()?
        .into_iter()
        .map(|value| {
            let pair = at(base, spec.setting, value)?;
            Ok(Point {
                value,
                samples: run_all(&pair, &seeds, threads),
            })
        })
        .collect()
}

/// A sweep advanced a slice of wall time at a time (the page's way).
pub struct Sweep {
    base: (Scenario, Scenario),
    spec: Spec,
    values: Vec<f64>,
    seeds: Vec<u64>,
    current: Option<Replications>,
    points: Vec<Point>,
    cancelled: bool,
}

impl Sweep {
    /// A sweep of `spec` over the base scenarios, or why it cannot run.
    pub fn new(base: (Scenario, Scenario), spec: Spec, board_seed: u64) -> Result<Sweep, String> {
        let values = spec.points()?;
        // Every point must run: checked now rather than halfway.
        for v in &values {
            at(&base, spec.setting, *v)?;
        }
        let seeds = seeds(board_seed, spec.runs);
        Ok(Sweep {
            base,
            spec,
            values,
            seeds,
            current: None,
            points: vec![],
            cancelled: false,
        })
    }

    /// Runs for at most `budget_ms` of wall time; true while there is more to do.
    pub fn slice(&mut self, budget_ms: f64, clock: &dyn Fn() -> f64) -> bool {
        let start = clock();
        while !self.done() && clock() - start < budget_ms {
            let value = self.values[self.points.len()];
            let reps = match &mut self.current {
                Some(r) => r,
                None => {
                    let pair = at(&self.base, self.spec.setting, value)
                        .expect("checked when the sweep began");
                    self.current.insert(Replications::new(
                        pair,
                        self.seeds.clone(),
                        Samples::default(),
                    ))
                }
            };
            let left = budget_ms - (clock() - start);
            if !reps.slice(left.max(1.0), clock) {
                let samples = reps.samples().clone();
                self.current = None;
                self.points.push(Point { value, samples });
            }
        }
        !self.done()
    }

    /// True when every point is done or the rest was cancelled.
    pub fn done(&self) -> bool {
        self.cancelled || self.points.len() >= self.values.len()
    }

    /// Stops after the points done so far.
    pub fn cancel(&mut self) {
        self.cancelled = true;
    }

    /// True when cancelled before the end.
    pub fn cancelled(&self) -> bool {
        self.cancelled && self.points.len() < self.values.len()
    }

    /// What was asked.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// Points done and points in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.points.len(), self.values.len())
    }

    /// The finished points.
    pub fn points(&self) -> &[Point] {
        &self.points
    }
}

/// The points as CSV: one line per point and metric.
pub fn to_csv(setting: Setting, points: &[Point]) -> String {
    let mut out = String::from(
        "setting,value,metric,a_mean,a_ci95,b_mean,b_ci95,difference_mean,difference_ci95,runs\n",
    );
    let half = |h: Option<f64>| h.map_or(String::new(), |h| h.to_string());
    for p in points {
        for c in p.samples.compared() {
            out.push_str(&format!(
                "{},{},\"{}\",{},{},{},{},{},{},{}\n",
                setting.id(),
                p.value,
                c.label,
                c.a.mean,
                half(c.a.half),
                c.b.mean,
                half(c.b.half),
                c.diff.mean,
                half(c.diff.half),
                c.a.n
            ));
        }
    }
    out
}

/// The points as JSON.
pub fn to_json(setting: Setting, points: &[Point]) -> serde_json::Value {
    let interval =
        |i: &crate::stats::Interval| serde_json::json!({"mean": i.mean, "ci95": i.half, "n": i.n});
    serde_json::json!({
        "setting": setting.id(),
        "name": setting.name(),
        "points": points.iter().map(|p| serde_json::json!({
            "value": p.value,
            "seeds": p.samples.seeds,
            "metrics": p.samples.compared().iter().map(|c| serde_json::json!({
                "metric": c.label,
                "a": interval(&c.a),
                "b": interval(&c.b),
                "difference": interval(&c.diff),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use stormlab_board::examples::example;

    use super::*;
    use crate::experiment::for_board;
    use crate::replicate::scenarios;

    fn base(id: &str) -> ((Scenario, Scenario), u64) {
        let board = example(id).unwrap().board();
        let e = for_board(&board).unwrap();
        (scenarios(&board, &e.a, &e.b).unwrap(), board.run.seed)
    }

    fn metric(p: &Point, label: &str) -> (f64, f64) {
        let c = p
            .samples
            .compared()
            .into_iter()
            .find(|c| c.label == label)
            .unwrap();
        (c.a.mean, c.b.mean)
    }

    #[test]
    fn points_are_even_and_whole_settings_round() {
        let spec = Spec {
            setting: Setting::Consumers,
            from: 1.0,
            to: 4.0,
            steps: 7,
            runs: 2,
        };
        assert_eq!(spec.points().unwrap(), vec![1.0, 2.0, 3.0, 4.0]);
        let spec = Spec {
            setting: Setting::PollInterval,
            from: 100.0,
            to: 300.0,
            steps: 3,
            runs: 2,
        };
        assert_eq!(spec.points().unwrap(), vec![100.0, 200.0, 300.0]);
        let bad = Spec {
            setting: Setting::FailureRate,
            from: 0.0,
            to: 2.0,
            steps: 3,
            runs: 2,
        };
        assert!(bad
            .points()
            .unwrap_err()
            .contains("Failure rate goes from 0 to 0.99"));
        assert!(Setting::ALL
            .iter()
            .all(|s| Setting::parse(s.id()) == Some(*s)));
    }

    #[test]
    fn callbacks_grow_with_the_consumers_of_a_notification_and_fat_events_need_none() {
        let (base, seed) = base("review");
        let spec = Spec {
            setting: Setting::Consumers,
            from: 1.0,
            to: 5.0,
            steps: 3,
            runs: 3,
        };
        let points = run_sweep(&base, &spec, seed, 2).unwrap();
        let callbacks: Vec<(f64, f64)> = points.iter().map(|p| metric(p, "Callbacks")).collect();
        // A is fat: no callbacks. B notifies: callbacks in proportion to the consumers.
        assert!(callbacks.iter().all(|c| c.0 == 0.0), "{callbacks:?}");
        let per_consumer: Vec<f64> = points
            .iter()
            .zip(&callbacks)
            .map(|(p, c)| c.1 / p.value)
            .collect();
        assert!(
            callbacks[0].1 > 0.0
                && callbacks[2].1 > callbacks[1].1
                && callbacks[1].1 > callbacks[0].1
        );
        let spread = per_consumer.iter().cloned().fold(f64::MIN, f64::max)
            / per_consumer.iter().cloned().fold(f64::MAX, f64::min);
        assert!(spread < 1.1, "linear in the consumers: {per_consumer:?}");
    }

    #[test]
    fn the_page_and_the_command_line_sweep_alike() {
        let (base, seed) = base("retail");
        let spec = Spec {
            setting: Setting::PollInterval,
            from: 100.0,
            to: 900.0,
            steps: 3,
            runs: 3,
        };
        let native = run_sweep(&base, &spec, seed, 2).unwrap();
        let mut page = Sweep::new(base, spec, seed).unwrap();
        let t = Cell::new(0.0);
        let clock = || {
            t.set(t.get() + 3.0);
            t.get()
        };
        while page.slice(25.0, &clock) {}
        assert_eq!(page.points(), &native[..]);
        // Polling less often makes B wait longer, about half the interval; A is pushed to and
        // stays as it is.
        let latency: Vec<(f64, f64)> = native.iter().map(|p| metric(p, "Mean latency")).collect();
        assert!(
            latency[0].1 < latency[1].1 && latency[1].1 < latency[2].1,
            "{latency:?}"
        );
        assert!(
            latency.iter().all(|l| l.0 == latency[0].0 && l.0 < l.1),
            "{latency:?}"
        );
        let csv = to_csv(Setting::PollInterval, &native);
        assert!(
            csv.lines()
                .nth(1)
                .unwrap()
                .starts_with("poll-interval,100,\"Messages handled\","),
            "{csv}"
        );
        assert_eq!(
            to_json(Setting::PollInterval, &native)["points"]
                .as_array()
                .unwrap()
                .len(),
            3
        );
    }

    #[test]
    fn a_setting_that_does_not_apply_says_why() {
        let (base, seed) = base("retail");
        let spec = Spec {
            setting: Setting::OutageSeconds,
            from: 0.0,
            to: 10.0,
            steps: 2,
            runs: 1,
        };
        assert!(Sweep::new(base.clone(), spec, seed)
            .err()
            .unwrap()
            .contains("choose an outage"));
        let spec = Spec {
            setting: Setting::Batch,
            from: 1.0,
            to: 10.0,
            steps: 2,
            runs: 1,
        };
        // B polls: a batch sweep moves B and leaves A (pushed) as it is.
        assert!(Sweep::new(base.clone(), spec.clone(), seed).is_ok());
        let mut pushed = base.clone();
        for s in &mut pushed.1.subscriptions {
            s.delivery = Delivery::Push { max_in_flight: 8 };
        }
        assert!(Sweep::new(pushed, spec, seed)
            .err()
            .unwrap()
            .contains("No consumer polls"));
        let (board_as_drawn, _) = {
            let board = example("retail").unwrap().board();
            (
                scenarios(&board, &Default::default(), &Default::default()).unwrap(),
                0,
            )
        };
        let spec = Spec {
            setting: Setting::PollInterval,
            from: 100.0,
            to: 200.0,
            steps: 2,
            runs: 1,
        };
        assert!(Sweep::new(board_as_drawn, spec, seed)
            .err()
            .unwrap()
            .contains("No consumer polls"));
    }
}
