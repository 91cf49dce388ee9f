//! The ranges a loaded board must respect: every setting within what the property panel
//! offers, positions and sizes finite and bounded, counts within the board limits. Out of
//! range is refused with the field's path and its range, never clamped.

use crate::document::{Board, Sticky};
use crate::limits::{COORDINATE, FRAME_SIZE, MAX_CONTEXTS, MAX_ID, MAX_LINKS, MAX_STICKIES};
use crate::settings::table::{Table, Value};
use crate::settings::{self as s, Range};
use stormlab_words::quoted;

/// A value out of its range, located by its path in the file.
fn out_of_range(path: &str, whose: &str, value: f64, range: &Range) -> String {
    format!(
        "The board file has a value out of range at {path}{whose}: {}; {} takes {}.",
        stormlab_words::number(value),
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
        " (the {} {})",
        sticky.kind.name().to_ascii_lowercase(),
        quoted(&sticky.label)
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
    table(&mut c, &|key| format!("sim.{key}"), "", &board.run);
    for (i, st) in board.stickies.iter().enumerate() {
        let who = whose(st);
        let at = |field: &str| format!("stickies[{i}].{field}");
        c.check(|| at("id"), &who, st.id.0 as f64, &id_range);
        c.check(|| at("x"), &who, st.x, &COORDINATE);
        c.check(|| at("y"), &who, st.y, &COORDINATE);
        table(&mut c, &|key| at(&format!("sim.{key}")), &who, &st.settings);
        if let Some(event) = &st.event {
            for (f, field) in event.fields.iter().enumerate() {
                let path = || at(&format!("event.fields[{f}].bytes"));
                c.check(path, &who, field.bytes as f64, &s::FIELD_BYTES);
                if c.problem.is_none() {
                    c.problem = field_shape(field).map(|m| {
                        format!(
                            "The board file has a bad field at {}{who}: {m}",
                            at(&format!("event.fields[{f}]"))
                        )
                    });
                }
                for (p, part) in field.of.iter().enumerate() {
                    let path = || at(&format!("event.fields[{f}].of[{p}].bytes"));
                    c.check(path, &who, part.bytes as f64, &s::FIELD_BYTES);
                }
            }
            if let Some(v) = event.version {
                c.check(|| at("event.version"), &who, v as f64, &s::EVENT_VERSION);
            }
        }
    }
    for (i, ctx) in board.contexts.iter().enumerate() {
        let who = format!(" (the context {})", quoted(&ctx.name));
        let at = |field: &str| format!("contexts[{i}].{field}");
        c.check(|| at("id"), &who, ctx.id.0 as f64, &id_range);
        c.check(|| at("x"), &who, ctx.x, &COORDINATE);
        c.check(|| at("y"), &who, ctx.y, &COORDINATE);
        c.check(|| at("w"), &who, ctx.w, &FRAME_SIZE);
        c.check(|| at("h"), &who, ctx.h, &FRAME_SIZE);
        table(&mut c, &|key| at(&format!("sim.{key}")), &who, &ctx.service);
    }
    for (i, link) in board.links.iter().enumerate() {
        c.check(|| format!("links[{i}].id"), "", link.id.0 as f64, &id_range);
    }
    c.problem.map_or(Ok(()), Err)
}

/// Every number of the settings `t` that applies, against its range in the settings table.
fn table<T: Table>(c: &mut Checker, at: &dyn Fn(&str) -> String, who: &str, t: &T) {
    for setting in T::TABLE {
        if let Value::Number { range, get, .. } = &setting.value {
            if let Some(v) = get(t) {
                c.check(|| at(setting.file), who, v, range);
            }
        }
    }
}

/// What is wrong with a field's type and parts: a size its type fixes otherwise, parts on a
/// field that holds none, or parts of parts (one level).
fn field_shape(f: &crate::document::Field) -> Option<String> {
    let fixed = |f: &crate::document::Field| {
        f.ty.fixed_bytes().filter(|b| *b != f.bytes).map(|b| {
            format!(
                "{} is a {}, which is always {b} bytes, not {}.",
                quoted(&f.name),
                f.ty.word(),
                f.bytes
            )
        })
    };
    if let Some(m) = fixed(f) {
        return Some(m);
    }
    if !f.of.is_empty() && !f.ty.nests() {
        return Some(format!(
            "{} is a {}, which has no parts.",
            quoted(&f.name),
            f.ty.word()
        ));
    }
    for p in &f.of {
        if let Some(m) = fixed(p) {
            return Some(m);
        }
        if !p.of.is_empty() {
            return Some(format!(
                "{} is a part of {}, and parts have no parts of their own (one level).",
                quoted(&p.name),
                quoted(&f.name)
            ));
        }
    }
    None
}
