//! Boards compiled and played the way the Run and Compare views play them: frames at 1×,
//! slices at full speed, scrubbing back and forth, stepping, an outage and a redrive, the
//! metrics, charts and CloudEvents log, and two variants compared. Settings are pushed to the
//! edges of their ranges, where runs are longest and densest.

use std::cell::Cell;
use std::rc::Rc;

use serde_json::{json, Value};
use stormlab_board::examples::EXAMPLES;
use stormlab_board::format::{from_json, to_json};
use stormlab_board::overrides::Overrides;
use stormlab_board::settings::table::{self, Offer, Table, Value as TableValue};
use stormlab_board::settings::{Given, Range, RunSettings, ServiceSettings, StickySettings};
use stormlab_board::{Board, Payload};
use stormlab_engine::rng::Rng;
use stormlab_run::cloudevents::{cloud_event, export};
use stormlab_run::comparison::Comparison;
use stormlab_run::metrics::{charts, Totals};
use stormlab_run::runner::{RunMsg, SPEEDS};
use stormlab_run::variant::Outage;
use stormlab_run::{Runner, Variant};

use super::Outcome;
use crate::mutate::{between, mutate_value, nudge, number, pick};

/// Settings pushed to an edge of their range, and which edge: where runs are longest and
/// densest. The values come from the settings table.
const EDGES: &[(&str, Edge)] = &[
    ("duration_s", Edge::Max),
    ("rate_per_sec", Edge::Max),
    ("queries_per_sec", Edge::Max),
    ("partitions", Edge::Max),
    ("key_space", Edge::Max),
    ("instances", Edge::Max),
    ("window", Edge::Max),
    ("batch", Edge::Max),
    ("interval_ms", Edge::Min),
    ("max_attempts", Edge::Max),
    ("service_time_ms", Edge::Max),
    ("network_ms", Edge::Max),
    ("duplicate_rate", Edge::Max),
    ("failure_rate", Edge::Max),
    ("crash_rate", Edge::Max),
];

/// One end of a setting's range.
#[derive(Clone, Copy)]
enum Edge {
    Min,
    Max,
}

/// The value at `edge` of the setting `key`'s range, from the settings table.
fn edge_value(key: &str, edge: Edge) -> f64 {
    fn range_of<T: Table>(key: &str) -> Option<Range> {
        table::find::<T>(key).map(|s| s.range())
    }
    let range = range_of::<StickySettings>(key)
        .or_else(|| range_of::<ServiceSettings>(key))
        .or_else(|| range_of::<RunSettings>(key))
        .unwrap_or_else(|| panic!("{key}: no such setting in the table"));
    match edge {
        Edge::Min => range.min,
        Edge::Max => range.max,
    }
}

/// Sets some settings of `v` to the edge of their range.
fn push_to_edges(rng: &mut Rng, v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match EDGES.iter().find(|(name, _)| name == key) {
                    Some((name, edge)) if child.is_number() && rng.chance(0.5) => {
                        *child = number(edge_value(name, *edge))
                    }
                    _ => push_to_edges(rng, child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| push_to_edges(rng, item)),
        _ => {}
    }
}

/// Overrides of one table as the Compare view's controls can make them: each offered setting
/// now and then, a number at an edge of its range or inside it.
fn overrides<T: Table>(rng: &mut Rng, out: &mut Overrides) {
    for setting in T::TABLE.iter().filter(|s| s.vary.compare != Offer::No) {
        if !rng.chance(0.25) {
            continue;
        }
        let given = match &setting.value {
            TableValue::Number { range, .. } => {
                let inside = range.min + rng.unit() * (range.max - range.min);
                let v = *pick(rng, &[range.min, range.max, inside]);
                let v = if range.whole { v.round() } else { v };
                let v = if range.above_min && v <= range.min {
                    range.max
                } else {
                    v
                };
                Given::Number(v)
            }
            TableValue::Flag { .. } => Given::Flag(rng.chance(0.5)),
            TableValue::Choice { words, .. } => {
                Given::Choice((rng.unit() * words.len() as f64) as usize % words.len())
            }
        };
        out.set(setting.key, given)
            .expect("a value the table's range allows");
    }
}

/// A variant as the Compare view's controls can make it.
fn variant(rng: &mut Rng, board: &Board) -> Variant {
    let mut v = Variant::default();
    overrides::<StickySettings>(rng, &mut v.settings);
    overrides::<ServiceSettings>(rng, &mut v.settings);
    overrides::<RunSettings>(rng, &mut v.settings);
    if rng.chance(0.3) {
        v.payload = Some(*pick(
            rng,
            &[Payload::Fat, Payload::Notification, Payload::ClaimCheck],
        ));
    }
    if !board.contexts.is_empty() && rng.chance(0.3) {
        let from_s = rng.unit() * board.run.duration_s;
        v.outage = Some(Outage {
            context: pick(rng, &board.contexts).id,
            from_s,
            to_s: from_s + rng.unit() * board.run.duration_s,
        });
    }
    v
}

/// A variant as code could build it through the run layer's API, past what the Compare view
/// offers: settings out of their range, many instances polling often, an outage window the
/// wrong way round or past the longest run.
fn hostile_variant(rng: &mut Rng, board: &Board, v: &mut Value) {
    match rng.below(3) {
        0 => {
            v["instances"] = json!(*pick(rng, &[64u32, 65, 65_536]));
            v["delivery"] = json!("poll");
            v["interval_ms"] = number(*pick(rng, &[0.0, -1.0, 1.0, 1e-9, f64::MAX]));
        }
        1 => {
            let key = *pick(
                rng,
                &[
                    "rate_per_sec",
                    "queries_per_sec",
                    "duration_s",
                    "partitions",
                ],
            );
            v[key] = number(*pick(rng, &[0.0, -1.0, 1e-300, 1e308, 4_294_967_296.0]));
        }
        _ => {
            if let Some(c) = board.contexts.first() {
                let ends = [-1.0, 0.0, 30.0, 86_400.0, 86_401.0, 1e18];
                v["outage"] = json!({
                    "context": c.id,
                    "from_s": number(*pick(rng, &ends)),
                    "to_s": number(*pick(rng, &ends)),
                });
            }
        }
    }
}

/// An example board with some settings at their edges and a few mutations, and two variants.
pub fn generate(rng: &mut Rng) -> String {
    let board = pick(rng, EXAMPLES).board();
    let mut v: Value = serde_json::from_str(&to_json(&board)).expect("a saved board is JSON");
    if rng.chance(0.5) {
        v["sim"] = json!({ "duration_s": *pick(rng, &[1.0, 600.0, 86_400.0]) });
    }
    if let Some(stickies) = v["stickies"].as_array_mut() {
        for sticky in stickies.iter_mut().filter(|s| s["kind"] == "command") {
            if rng.chance(0.3) {
                sticky["sim"] =
                    json!({ "rate_per_sec": *pick(rng, &[0.0, 50.0, 5_000.0, 100_000.0]) });
            }
        }
    }
    if rng.chance(0.6) {
        push_to_edges(rng, &mut v);
    }
    for _ in 0..between(rng, 0, 6) {
        nudge(rng, &mut v, |at| {
            at.starts_with("/run/") || at.contains("/sim/")
        });
    }
    for _ in 0..between(rng, 0, 2) {
        mutate_value(rng, &mut v);
    }
    let (mut a, mut b) = (json!(variant(rng, &board)), json!(variant(rng, &board)));
    if rng.chance(0.1) {
        let side = if rng.chance(0.5) { &mut a } else { &mut b };
        hostile_variant(rng, &board, side);
    }
    let board = serde_json::to_string_pretty(&v).expect("a value serializes");
    let case = json!({ "a": a, "b": b, "scrub": [rng.unit(), rng.unit()], "board": board });
    serde_json::to_string_pretty(&case).expect("a case serializes")
}

/// A clock that moves one millisecond each time it is read: the work a budget allows is the
/// same on every machine, so a failure found once is found again.
struct Ticks(Cell<f64>);

impl Ticks {
    fn read(&self) -> f64 {
        self.0.set(self.0.get() + 1.0);
        self.0.get()
    }
}

/// Opens the board and plays it as the views do.
pub fn check(text: &str) -> Outcome {
    let Ok(case) = serde_json::from_str::<Value>(text) else {
        return Outcome::Broken("the case is not a playback case".into());
    };
    let variants = (
        serde_json::from_value::<Variant>(case["a"].clone()),
        serde_json::from_value::<Variant>(case["b"].clone()),
    );
    // A variant is built through the run layer's API: one it refuses is refused here.
    let (a, b) = match variants {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) => return Outcome::refused(format!("Variant A: {e}")),
        (_, Err(e)) => return Outcome::refused(format!("Variant B: {e}")),
    };
    let scrub = [0, 1].map(|i| case["scrub"][i].as_f64().unwrap_or(0.5));
    let board = match from_json(case["board"].as_str().unwrap_or_default()) {
        Ok(board) => Rc::new(board),
        Err(e) => return Outcome::refused(e.0),
    };
    let ticks = Ticks(Cell::new(0.0));
    let clock = || ticks.read();
    let mut runner = Runner::new(board.clone());
    if let Err(problems) = runner.playback() {
        let message: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        return Outcome::refused(message.join(" "));
    }
    if let Some(broken) = run_view(&mut runner, scrub, &clock) {
        return Outcome::Broken(broken);
    }
    // The page keeps the Run view's run while Compare runs its two: so does this check.
    compare_view(&board, &a, &b, &clock)
}

/// What the Run view does with a board; a broken promise, if any.
fn run_view(runner: &mut Runner, scrub: [f64; 2], clock: &dyn Fn() -> f64) -> Option<String> {
    runner.update(RunMsg::TogglePlay);
    for frame in 0..12 {
        runner.frame(f64::from(frame) * 16.0, clock);
    }
    runner.update(RunMsg::SetSpeed(SPEEDS.len() - 1));
    let mut slices = 0;
    while runner.slice(10.0, clock) && slices < 4 {
        slices += 1;
    }
    let horizon = runner.playback().ok()?.horizon() as f64;
    for at in scrub {
        runner.update(RunMsg::Scrub((at * horizon) as u64));
        let mut slices = 0;
        while runner.slice(10.0, clock) && slices < 8 {
            slices += 1;
        }
    }
    runner.update(RunMsg::Step);
    let names = runner.playback().ok()?.simulation().names();
    if !names.services.is_empty() {
        runner.update(RunMsg::SetServiceUp(0, false));
    }
    if !names.subscriptions.is_empty() {
        runner.update(RunMsg::Redrive(0));
    }
    runner.update(RunMsg::SetSpeed(0));
    runner.update(RunMsg::TogglePlay);
    runner.frame(1_000.0, clock);
    let p = runner.playback().ok()?;
    let sim = p.simulation();
    let report = sim.report();
    Totals::of(&report).headline();
    charts(p, None);
    let names = sim.names();
    let mut last = 0;
    let events: Vec<_> = sim
        .trace_since(0)
        .iter()
        .take(500)
        .map(|e| cloud_event(e, &names))
        .collect();
    export(&events);
    for e in sim.trace_since(0) {
        if e.time < last {
            return Some(format!("trace entry {} goes back in time", e.index));
        }
        last = e.time;
    }
    (!sim.audit().iter().all(|a| a.conserved())).then(|| "a subscription lost messages".into())
}

/// What the Compare view does with two variants; a broken promise, if any.
fn compare_view(board: &Board, a: &Variant, b: &Variant, clock: &dyn Fn() -> f64) -> Outcome {
    let mut comparison = match Comparison::new(board, a, b, 0.0) {
        Ok(c) => c,
        Err(message) => return Outcome::refused(message),
    };
    let mut slices = 0;
    while comparison.slice(10.0, clock) && slices < 4 {
        slices += 1;
    }
    comparison.rows();
    comparison.latency_lines();
    comparison.status();
    Outcome::Accepted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_edge_is_a_setting_of_the_table_at_the_end_of_its_range() {
        let values: Vec<f64> = EDGES.iter().map(|(k, e)| edge_value(k, *e)).collect();
        assert_eq!(
            values,
            [
                86_400.0,
                100_000.0,
                100_000.0,
                1_000.0,
                1_000_000.0,
                64.0,
                10_000.0,
                10_000.0,
                1.0,
                100.0,
                600_000.0,
                60_000.0,
                1.0,
                1.0,
                1.0
            ]
        );
    }
}
