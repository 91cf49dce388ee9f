//! Engine scenarios: the engine's own examples and every example board compiled with its
//! experiment's variants, mutated; what plans must run with time moving forward only and every
//! message and event accounted for.

use std::sync::OnceLock;

use serde_json::{json, Value};
use stormlab_board::examples::EXAMPLES;
use stormlab_engine::fixed::{bench_scenario, determinism_scenario};
use stormlab_engine::rng::Rng;
use stormlab_engine::{Scenario, Simulation};
use stormlab_run::experiment::for_example;
use stormlab_run::{compile, Variant};

use super::Outcome;
use crate::mutate::{between, mutate_text, mutate_value, nudge, number, pick};

/// Engine events one input may run (enough to fill queues, bounded so a check stays short).
const EVENTS: u64 = 60_000;

fn corpus() -> &'static [String] {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut scenarios = vec![
            bench_scenario(2_000).to_json(),
            determinism_scenario().to_json(),
        ];
        for example in EXAMPLES {
            let board = example.board();
            let mut variants = vec![Variant::default()];
            if let Some(e) = for_example(example.id) {
                variants.extend([e.a, e.b]);
            }
            for variant in variants {
                let compiled = compile(&board, &variant).expect("the examples compile");
                scenarios.push(compiled.scenario.to_json());
            }
        }
        scenarios
    })
}

/// Rates near and past the smallest the engine takes (one arrival per longest delay).
const TINY_RATES: [f64; 5] = [1e-300, 5e-324, 1e-7, 1e-6, 1.5e-6];

/// Pushes the scenario towards the engine's budgets: rates of about zero, many instances
/// polling often, many workloads (what an independent fuzz run found past them).
fn stretch(rng: &mut Rng, v: &mut Value) {
    match rng.below(3) {
        0 => {
            let lists = [("workloads", "rate_per_sec"), ("sagas", "rate_per_sec")];
            let (list, key) = *pick(rng, &lists);
            if let Some(items) = v[list].as_array_mut() {
                for item in items.iter_mut() {
                    if rng.chance(0.5) {
                        item[key] = number(*pick(rng, &TINY_RATES));
                    }
                }
            }
        }
        1 => {
            if let Some(subs) = v["subscriptions"].as_array_mut() {
                for sub in subs.iter_mut() {
                    if rng.chance(0.5) {
                        let interval = *pick(rng, &[1u64, 10, 1_000, 100_000]);
                        sub["delivery"] =
                            json!({ "mode": "poll", "interval_us": interval, "batch": 1 });
                        sub["instances"] = json!(*pick(rng, &[1u32, 64, 1_000, 65_536, 100_000]));
                    }
                }
            }
        }
        _ => {
            let copies = *pick(rng, &[100usize, 2_000, 17_000, 40_000]);
            if let Some(first) = v["workloads"].as_array().and_then(|w| w.first()).cloned() {
                let many: Vec<Value> = (0..copies)
                    .map(|i| {
                        let mut w = first.clone();
                        w["name"] = json!(format!("w{i}"));
                        w["rate_per_sec"] = json!(0.001);
                        w
                    })
                    .collect();
                v["workloads"] = Value::Array(many);
            }
        }
    }
}

/// A hostile scenario file.
pub fn generate(rng: &mut Rng) -> String {
    let mut v: Value =
        serde_json::from_str(pick(rng, corpus()).as_str()).expect("the corpus is JSON");
    if rng.chance(0.2) {
        stretch(rng, &mut v);
    }
    for _ in 0..between(rng, 0, 6) {
        nudge(rng, &mut v, |_| true);
    }
    for _ in 0..between(rng, 0, 2) {
        mutate_value(rng, &mut v);
    }
    let text = serde_json::to_string_pretty(&v).expect("a value serializes");
    if rng.chance(0.15) {
        mutate_text(rng, &text)
    } else {
        text
    }
}

/// Parses, plans and runs the scenario.
pub fn check(text: &str) -> Outcome {
    let scenario = match Scenario::from_json(text) {
        Ok(s) => s,
        Err(e) => return Outcome::refused(format!("{}: {}", e.path, e.message)),
    };
    match Scenario::from_json(&scenario.to_json()) {
        Ok(again) if again == scenario => {}
        Ok(_) => return Outcome::Broken("saved again, the scenario reads back different".into()),
        Err(e) => {
            return Outcome::Broken(format!("saved again, the scenario will not read back: {e}"))
        }
    }
    match Simulation::new(&scenario, 7) {
        Ok(mut sim) => drive(&mut sim, EVENTS),
        Err(e) => Outcome::refused(format!("{}: {}", e.path, e.message)),
    }
}

/// Runs at most `events` events in chunks, checking that time never goes back and, after every
/// chunk, that every message and committed event is accounted for; then builds the report.
pub fn drive(sim: &mut Simulation, events: u64) -> Outcome {
    let mut done = 0;
    let mut last_trace = 0;
    let mut last_time = 0;
    while done < events {
        let before = sim.now();
        let ran = sim.run_events(events.div_ceil(6));
        done += ran;
        if sim.now() < before {
            return Outcome::Broken(format!(
                "the clock went back from {before} to {} µs",
                sim.now()
            ));
        }
        for entry in sim.trace_since(last_trace) {
            if entry.time < last_time {
                return Outcome::Broken(format!("trace entry {} goes back in time", entry.index));
            }
            last_time = entry.time;
        }
        last_trace = sim.trace_total();
        if let Some(problem) = unaccounted(sim) {
            return Outcome::Broken(problem);
        }
        if ran == 0 {
            break;
        }
    }
    let report = sim.report();
    if report.to_json().is_empty() {
        return Outcome::Broken("the report is empty".into());
    }
    Outcome::Accepted
}

/// A message or event the audits cannot account for, if any.
fn unaccounted(sim: &Simulation) -> Option<String> {
    let names = sim.names();
    for (i, audit) in sim.audit().iter().enumerate() {
        if !audit.conserved() {
            return Some(format!(
                "subscription {} loses messages: {audit:?}",
                names.subscriptions[i]
            ));
        }
    }
    for (i, audit) in sim.topic_audit().iter().enumerate() {
        if !audit.conserved() {
            return Some(format!("topic {} loses events: {audit:?}", names.topics[i]));
        }
    }
    None
}
