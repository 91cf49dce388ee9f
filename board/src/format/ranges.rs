//! The ranges a loaded board must respect: every setting within what the property panel
//! offers, positions and sizes finite and bounded, counts within the board limits. Out of
//! range is refused with the field's path and its range, never clamped.

use crate::document::{Board, Sticky};
use crate::settings::{self as s, DeliverySetting, Outcome, Range};

/// The most stickies a board holds.
pub const MAX_STICKIES: usize = 5_000;
/// The most bounded-context frames a board holds.
pub const MAX_CONTEXTS: usize = 1_000;
/// The most links a board holds.
pub const MAX_LINKS: usize = 20_000;
/// The largest id; the next id is at most one more.
pub const MAX_ID: u32 = 1_000_000_000;
/// How far from the origin anything may be placed, in board units.
pub const COORDINATE: Range = Range::of("Position", -10_000_000.0, 10_000_000.0, false);
/// How large a frame may be, in board units.
pub const FRAME_SIZE: Range = Range {
    above_min: true,
    ..Range::of("Frame size", 0.0, 10_000_000.0, false)
};

/// A value out of its range, located by its path in the file.
fn out_of_range(path: &str, whose: &str, value: f64, range: &Range) -> String {
    format!(
        "The board file has a value out of range at {path}{whose}: {value}; {} takes {}.",
        range.label,
        range.describe()
    )
}

struct Checker {
    problem: Option<String>,
}

impl Checker {
    fn check(&mut self, path: impl FnOnce() -> String, whose: &str, value: f64, range: &Range) {
        if self.problem.is_none() && !range.contains(value) {
            self.problem = Some(out_of_range(&path(), whose, value, range));
        }
    }
}

fn whose(sticky: &Sticky) -> String {
    format!(
        " (the {} {:?})",
        sticky.kind.name().to_lowercase(),
        sticky.label
    )
}

/// The first value of `board` out of its range, as a message naming it.
pub fn check(board: &Board) -> Result<(), String> {
    for (what, count, max) in [
        ("stickies", board.stickies.len(), MAX_STICKIES),
        ("contexts", board.contexts.len(), MAX_CONTEXTS),
        ("links", board.links.len(), MAX_LINKS),
    ] {
        if count > max {
            return Err(format!(
                "The board has {count} {what}; a board holds at most {max}."
            ));
        }
    }
    let mut c = Checker { problem: None };
    let id_range = Range::of("An id", 0.0, MAX_ID as f64, true);
    let next_range = Range::of("next_id", 0.0, MAX_ID as f64 + 1.0, true);
    c.check(|| "next_id".into(), "", board.next_id as f64, &next_range);
    let run = &board.run;
    c.check(|| "sim.seed".into(), "", run.seed as f64, &s::SEED);
    c.check(
        || "sim.duration_s".into(),
        "",
        run.duration_s,
        &s::DURATION_S,
    );
    c.check(
        || "sim.network_ms".into(),
        "",
        run.network_ms,
        &s::NETWORK_MS,
    );
    let dup = run.duplicate_rate;
    c.check(|| "sim.duplicate_rate".into(), "", dup, &s::DUPLICATE_RATE);
    c.check(
        || "sim.key_space".into(),
        "",
        run.key_space as f64,
        &s::KEY_SPACE,
    );
    let partitions = run.partitions as f64;
    c.check(|| "sim.partitions".into(), "", partitions, &s::PARTITIONS);
    for (i, st) in board.stickies.iter().enumerate() {
        let who = whose(st);
        let at = |field: &str| format!("stickies[{i}].{field}");
        c.check(|| at("id"), &who, st.id.0 as f64, &id_range);
        c.check(|| at("x"), &who, st.x, &COORDINATE);
        c.check(|| at("y"), &who, st.y, &COORDINATE);
        sticky_settings(&mut c, &at, &who, st);
        if let Some(event) = &st.event {
            for (f, field) in event.fields.iter().enumerate() {
                let path = || at(&format!("event.fields[{f}].bytes"));
                c.check(path, &who, field.bytes as f64, &s::FIELD_BYTES);
            }
            if let Some(v) = event.version {
                c.check(|| at("event.version"), &who, v as f64, &s::EVENT_VERSION);
            }
        }
    }
    for (i, ctx) in board.contexts.iter().enumerate() {
        let who = format!(" (the context {:?})", ctx.name);
        let at = |field: &str| format!("contexts[{i}].{field}");
        c.check(|| at("id"), &who, ctx.id.0 as f64, &id_range);
        c.check(|| at("x"), &who, ctx.x, &COORDINATE);
        c.check(|| at("y"), &who, ctx.y, &COORDINATE);
        c.check(|| at("w"), &who, ctx.w, &FRAME_SIZE);
        c.check(|| at("h"), &who, ctx.h, &FRAME_SIZE);
        let svc = &ctx.service;
        let instances = svc.instances as f64;
        c.check(
            || at("sim.instances"),
            &who,
            instances,
            &s::SERVICE_INSTANCES,
        );
        c.check(
            || at("sim.crash_rate"),
            &who,
            svc.crash_rate,
            &s::CRASH_RATE,
        );
        let relay = svc.relay_interval_ms;
        c.check(
            || at("sim.relay_interval_ms"),
            &who,
            relay,
            &s::RELAY_INTERVAL_MS,
        );
        c.check(
            || at("sim.api_time_ms"),
            &who,
            svc.api_time_ms,
            &s::API_TIME_MS,
        );
        let api = svc.api_concurrency as f64;
        c.check(|| at("sim.api_concurrency"), &who, api, &s::API_CONCURRENCY);
    }
    for (i, link) in board.links.iter().enumerate() {
        c.check(|| format!("links[{i}].id"), "", link.id.0 as f64, &id_range);
    }
    c.problem.map_or(Ok(()), Err)
}

fn sticky_settings(c: &mut Checker, at: &dyn Fn(&str) -> String, who: &str, st: &Sticky) {
    let set = &st.settings;
    c.check(
        || at("sim.rate_per_sec"),
        who,
        set.rate_per_sec,
        &s::RATE_PER_SEC,
    );
    let time = set.service_time_ms;
    c.check(|| at("sim.service_time_ms"), who, time, &s::SERVICE_TIME_MS);
    c.check(
        || at("sim.failure_rate"),
        who,
        set.failure_rate,
        &s::FAILURE_RATE,
    );
    let instances = set.instances as f64;
    c.check(
        || at("sim.instances"),
        who,
        instances,
        &s::CONSUMER_INSTANCES,
    );
    let attempts = set.max_attempts as f64;
    c.check(|| at("sim.max_attempts"), who, attempts, &s::ATTEMPTS);
    let queries = set.queries_per_sec;
    c.check(
        || at("sim.queries_per_sec"),
        who,
        queries,
        &s::QUERIES_PER_SEC,
    );
    match set.delivery {
        DeliverySetting::Push { window } => {
            c.check(|| at("sim.delivery.window"), who, window as f64, &s::WINDOW);
        }
        DeliverySetting::Poll { interval_ms, batch } => {
            let interval = || at("sim.delivery.interval_ms");
            c.check(interval, who, interval_ms, &s::POLL_INTERVAL_MS);
            c.check(|| at("sim.delivery.batch"), who, batch as f64, &s::BATCH);
        }
    }
    if let Some(v) = set.accepts_version {
        c.check(
            || at("sim.accepts_version"),
            who,
            v as f64,
            &s::EVENT_VERSION,
        );
    }
    let breaker = set.breaker_failures as f64;
    c.check(
        || at("sim.breaker_failures"),
        who,
        breaker,
        &s::BREAKER_FAILURES,
    );
    let open = set.breaker_open_ms;
    c.check(|| at("sim.breaker_open_ms"), who, open, &s::BREAKER_OPEN_MS);
    let replay = set.replay_ms_per_event;
    c.check(|| at("sim.replay_ms_per_event"), who, replay, &s::REPLAY_MS);
    let every = set.snapshot_every as f64;
    c.check(|| at("sim.snapshot_every"), who, every, &s::SNAPSHOT_EVERY);
    if let Outcome::Alternative { weight } | Outcome::Failure { weight } = set.outcome {
        c.check(|| at("sim.outcome.weight"), who, weight, &s::OUTCOME_WEIGHT);
    }
}
