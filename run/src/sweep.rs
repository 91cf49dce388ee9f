//! Sweeps: one setting moved across a range, both variants replicated at every point, so a
//! curve shows how a metric follows the setting (callbacks against the number of consumers,
//! latency against the poll interval). A setting of the settings table is set on the board
//! where it applies (as a variant sets it) and the board compiled again; the number of
//! consumers, the payload size and an outage's length change the compiled scenarios. The same
//! way in the page and on the command line.

use stormlab_board::overrides::{owner, Overrides, Owner};
use stormlab_board::settings::table::{find, Table, Value};
use stormlab_board::settings::{Given, Range, RunSettings, ServiceSettings, StickySettings};
use stormlab_board::Board;
use stormlab_engine::scenario::Window;
use stormlab_engine::Scenario;

use crate::replicate::{run_all, scenarios, seeds, Replications, Samples};
use crate::variant::Variant;

/// The most points a sweep has.
pub const MAX_STEPS: usize = stormlab_board::experiment::MAX_SWEEP_STEPS as usize;

/// What a sweep moves: a number of the settings table (set on the board where it applies, as a
/// variant sets it), or one of three changes made to the compiled scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// A setting of the settings table, by its key (`interval_ms`).
    Setting(&'static str),
    /// Consumers of the event with the most.
    Consumers,
    /// The full state of every event, in bytes.
    PayloadBytes,
    /// Length of every outage (the variants must have one).
    OutageSeconds,
}

/// The settings of one table that a sweep may move, as axes.
fn table_axes<T: Table>() -> impl Iterator<Item = Axis> {
    T::TABLE
        .iter()
        .filter(|s| s.vary.sweep.is_some())
        .map(|s| Axis::Setting(s.key))
}

/// What a table setting is for a sweep: its command-line name, its label, its range and the
/// range worth looking at first.
struct Facts {
    id: &'static str,
    name: &'static str,
    range: Range,
    suggested: (f64, f64),
}

fn facts_of<T: Table>(key: &str) -> Option<Facts> {
    let setting = find::<T>(key)?;
    let (id, from, to) = setting.vary.sweep?;
    Some(Facts {
        id,
        name: setting.label(),
        range: setting.range(),
        suggested: (from, to),
    })
}

fn facts(key: &str) -> Option<Facts> {
    match owner(key)? {
        Owner::Sticky => facts_of::<StickySettings>(key),
        Owner::Service => facts_of::<ServiceSettings>(key),
        Owner::Run => facts_of::<RunSettings>(key),
    }
}

impl Axis {
    /// Every axis, in menu order: the table's numbers, then the scenario's changes.
    pub fn all() -> Vec<Axis> {
        let mut out: Vec<Axis> = table_axes::<StickySettings>()
            .chain(table_axes::<ServiceSettings>())
            .chain(table_axes::<RunSettings>())
            .collect();
        out.extend([Axis::Consumers, Axis::PayloadBytes, Axis::OutageSeconds]);
        out
    }

    /// The name on the command line (`--setting poll-interval`).
    pub fn id(self) -> &'static str {
        match self {
            Axis::Setting(key) => facts(key).map_or(key, |f| f.id),
            Axis::Consumers => "consumers",
            Axis::PayloadBytes => "payload-bytes",
            Axis::OutageSeconds => "outage",
        }
    }

    /// The axis named `id` on the command line, or by its key in the settings table.
    pub fn parse(id: &str) -> Option<Axis> {
        Axis::all()
            .into_iter()
            .find(|a| a.id() == id || matches!(a, Axis::Setting(key) if *key == id))
    }

    /// The name shown to people, with its unit.
    pub fn name(self) -> &'static str {
        match self {
            Axis::Setting(key) => facts(key).map_or(key, |f| f.name),
            Axis::Consumers => "Consumers of the busiest event",
            Axis::PayloadBytes => "Payload size (bytes)",
            Axis::OutageSeconds => "Outage length (s)",
        }
    }

    /// The values it takes, and whether only whole ones.
    pub fn limits(self) -> (f64, f64, bool) {
        match self {
            Axis::Setting(key) => facts(key).map_or((0.0, 0.0, false), |f| {
                (f.range.min, f.range.max, f.range.whole)
            }),
            Axis::Consumers => (1.0, 50.0, true),
            Axis::PayloadBytes => (0.0, 10_000_000.0, true),
            Axis::OutageSeconds => (0.0, 3_600.0, false),
        }
    }

    /// A range worth looking at first.
    pub fn suggested(self) -> (f64, f64) {
        match self {
            Axis::Setting(key) => facts(key).map_or((0.0, 1.0), |f| f.suggested),
            Axis::Consumers => (1.0, 10.0),
            Axis::PayloadBytes => (100.0, 100_000.0),
            Axis::OutageSeconds => (0.0, 40.0),
        }
    }

    /// Why the axis changes nothing on a board it does not apply to.
    fn inapplicable(self) -> String {
        match self {
            Axis::Setting(key) => match find::<StickySettings>(key).and_then(|s| s.needs) {
                Some(needs) => format!(
                    "No consumer has {} that {} applies to, so this changes nothing: make a variant {} first.",
                    needs.key,
                    self.name(),
                    choice_word(needs.key, needs.words)
                ),
                None => format!("Nothing on this board has {}.", self.name()),
            },
            Axis::OutageSeconds => {
                "No service goes down: choose an outage for A or B first.".into()
            }
            Axis::Consumers => "No policy or read model consumes an event.".into(),
            Axis::PayloadBytes => "The board has no event.".into(),
        }
    }

    /// Changes `scenario` for a scenario axis: false when it has nothing the axis applies to.
    fn apply_to_scenario(self, scenario: &mut Scenario, value: f64) -> bool {
        match self {
            Axis::Setting(_) => false,
            Axis::Consumers => consumers(scenario, value as usize),
            Axis::PayloadBytes => {
                scenario
                    .topics
                    .iter_mut()
                    .for_each(|t| t.payload.state_bytes = value as u32);
                !scenario.topics.is_empty()
            }
            Axis::OutageSeconds => {
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
                any
            }
        }
    }
}

/// "poll" for a delivery's poll.
fn choice_word(key: &str, words: &[usize]) -> String {
    match find::<StickySettings>(key).map(|s| &s.value) {
        Some(Value::Choice { words: all, .. }) => words
            .iter()
            .map(|&i| all[i].replace('_', " "))
            .collect::<Vec<_>>()
            .join(" or "),
        _ => key.to_string(),
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
    /// What moves.
    pub axis: Axis,
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
        let (min, max, whole) = self.axis.limits();
        let name = self.axis.name();
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

/// What a sweep starts from: the board, its two variants and their scenarios as compiled.
#[derive(Clone, Debug)]
pub struct Base {
    board: Board,
    a: Variant,
    b: Variant,
    scenarios: (Scenario, Scenario),
}

impl Base {
    /// The board's two variants compiled, or every problem in one sentence.
    pub fn new(board: &Board, a: &Variant, b: &Variant) -> Result<Base, String> {
        Ok(Base {
            scenarios: scenarios(board, a, b)?,
            board: board.clone(),
            a: a.clone(),
            b: b.clone(),
        })
    }
}

/// Both scenarios with `axis` at `value`.
pub fn at(base: &Base, axis: Axis, value: f64) -> Result<(Scenario, Scenario), String> {
    // A side the axis does not apply to runs as it is (a batch sweep of a polling B against a
    // pushed A); on neither side, the sweep would show nothing.
    let (a, b) = match axis {
        Axis::Setting(key) => {
            let mut one = Overrides::default();
            one.set(key, Given::Number(value))
                .map_err(|e| format!("At {value}: {e}"))?;
            let applies = |v: &Variant| one.clone().apply(&mut v.board(&base.board).into_owned());
            if !(applies(&base.a) | applies(&base.b)) {
                return Err(axis.inapplicable());
            }
            let with = |v: &Variant| Variant {
                settings: v.settings.and(&one),
                ..v.clone()
            };
            scenarios(&base.board, &with(&base.a), &with(&base.b))?
        }
        _ => {
            let (mut a, mut b) = base.scenarios.clone();
            if !(axis.apply_to_scenario(&mut a, value) | axis.apply_to_scenario(&mut b, value)) {
                return Err(axis.inapplicable());
            }
            (a, b)
        }
    };
    for s in [&a, &b] {
        s.check().map_err(|e| format!("At {value}: {e}"))?;
    }
    Ok((a, b))
}

/// Every point, each with its runs spread over `threads` threads (the command line's way).
pub fn run_sweep(base: &Base, spec: &Spec, threads: usize) -> Result<Vec<Point>, String> {
    let seeds = seeds(base.board.run.seed, spec.runs);
    spec.points()?
        .into_iter()
        .map(|value| {
            let pair = at(base, spec.axis, value)?;
            Ok(Point {
                value,
                samples: run_all(&pair, &seeds, threads),
            })
        })
        .collect()
}

/// A sweep advanced a slice of wall time at a time (the page's way).
pub struct Sweep {
    spec: Spec,
    values: Vec<f64>,
    /// Each point's scenarios, worked out (compiled) once when the sweep began.
    pairs: Vec<(Scenario, Scenario)>,
    seeds: Vec<u64>,
    current: Option<Replications>,
    points: Vec<Point>,
    cancelled: bool,
}

impl Sweep {
    /// A sweep of `spec` over the base scenarios, or why it cannot run.
    pub fn new(base: Base, spec: Spec) -> Result<Sweep, String> {
        let values = spec.points()?;
        // Every point must run: checked now rather than halfway, and kept for the runs.
        let pairs = values
            .iter()
            .map(|v| at(&base, spec.axis, *v))
            .collect::<Result<Vec<_>, String>>()?;
        let seeds = seeds(base.board.run.seed, spec.runs);
        Ok(Sweep {
            spec,
            values,
            pairs,
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
                    let pair = self.pairs[self.points.len()].clone();
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
pub fn to_csv(axis: Axis, points: &[Point]) -> String {
    let mut out = String::from(
        "setting,value,metric,a_mean,a_ci95,b_mean,b_ci95,difference_mean,difference_ci95,runs\n",
    );
    let half = |h: Option<f64>| h.map_or(String::new(), |h| h.to_string());
    for p in points {
        for c in p.samples.compared() {
            out.push_str(&format!(
                "{},{},\"{}\",{},{},{},{},{},{},{}\n",
                axis.id(),
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
pub fn to_json(axis: Axis, points: &[Point]) -> serde_json::Value {
    let interval =
        |i: &crate::stats::Interval| serde_json::json!({"mean": i.mean, "ci95": i.half, "n": i.n});
    serde_json::json!({
        "setting": axis.id(),
        "name": axis.name(),
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

    fn base(id: &str) -> Base {
        let board = example(id).unwrap().board();
        let e = for_board(&board).unwrap();
        Base::new(&board, &e.a, &e.b).unwrap()
    }

    const POLL_INTERVAL: Axis = Axis::Setting("interval_ms");

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
            axis: Axis::Consumers,
            from: 1.0,
            to: 4.0,
            steps: 7,
            runs: 2,
        };
        assert_eq!(spec.points().unwrap(), vec![1.0, 2.0, 3.0, 4.0]);
        let spec = Spec {
            axis: POLL_INTERVAL,
            from: 100.0,
            to: 300.0,
            steps: 3,
            runs: 2,
        };
        assert_eq!(spec.points().unwrap(), vec![100.0, 200.0, 300.0]);
        let bad = Spec {
            axis: Axis::Setting("failure_rate"),
            from: 0.0,
            to: 2.0,
            steps: 3,
            runs: 2,
        };
        assert!(bad
            .points()
            .unwrap_err()
            .contains("Failure rate (0–1) goes from 0 to 1"));
        assert!(Axis::all().iter().all(|s| Axis::parse(s.id()) == Some(*s)));
        // The command line's names of before still work, and so do the table's keys.
        for (id, key) in [
            ("rate", "rate_per_sec"),
            ("instances", "instances"),
            ("poll-interval", "interval_ms"),
            ("batch", "batch"),
            ("window", "window"),
            ("failure-rate", "failure_rate"),
            ("crash-rate", "crash_rate"),
            ("lost-acks", "duplicate_rate"),
        ] {
            assert_eq!(Axis::parse(id), Some(Axis::Setting(key)), "{id}");
            assert_eq!(Axis::parse(key), Some(Axis::Setting(key)), "{key}");
        }
    }

    #[test]
    fn callbacks_grow_with_the_consumers_of_a_notification_and_fat_events_need_none() {
        let base = base("review");
        let spec = Spec {
            axis: Axis::Consumers,
            from: 1.0,
            to: 5.0,
            steps: 3,
            runs: 3,
        };
        let points = run_sweep(&base, &spec, 2).unwrap();
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
        let base = base("retail");
        let spec = Spec {
            axis: POLL_INTERVAL,
            from: 100.0,
            to: 900.0,
            steps: 3,
            runs: 3,
        };
        let native = run_sweep(&base, &spec, 2).unwrap();
        let mut page = Sweep::new(base, spec).unwrap();
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
        let csv = to_csv(POLL_INTERVAL, &native);
        assert!(
            csv.lines()
                .nth(1)
                .unwrap()
                .starts_with("poll-interval,100,\"Messages handled\","),
            "{csv}"
        );
        assert_eq!(
            to_json(POLL_INTERVAL, &native)["points"]
                .as_array()
                .unwrap()
                .len(),
            3
        );
    }

    #[test]
    fn a_setting_that_does_not_apply_says_why() {
        let base = base("retail");
        let spec = Spec {
            axis: Axis::OutageSeconds,
            from: 0.0,
            to: 10.0,
            steps: 2,
            runs: 1,
        };
        assert!(Sweep::new(base.clone(), spec)
            .err()
            .unwrap()
            .contains("choose an outage"));
        let spec = Spec {
            axis: Axis::Setting("batch"),
            from: 1.0,
            to: 10.0,
            steps: 2,
            runs: 1,
        };
        // B polls: a batch sweep moves B and leaves A (pushed) as it is.
        assert!(Sweep::new(base.clone(), spec.clone()).is_ok());
        let board = example("retail").unwrap().board();
        let pushed =
            Base::new(&board, &Variant::default(), &Variant::with("delivery=push")).unwrap();
        assert!(Sweep::new(pushed, spec)
            .err()
            .unwrap()
            .contains("make a variant poll first"));
        let board_as_drawn = Base::new(&board, &Variant::default(), &Variant::default()).unwrap();
        let spec = Spec {
            axis: POLL_INTERVAL,
            from: 100.0,
            to: 200.0,
            steps: 2,
            runs: 1,
        };
        assert!(Sweep::new(board_as_drawn, spec)
            .err()
            .unwrap()
            .contains("No consumer has delivery that Poll interval (ms) applies to"));
    }
}
