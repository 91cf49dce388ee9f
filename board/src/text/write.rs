//! Writes a board as text: the version, the board line, one block per context with a line per
//! sticky, the stickies in no context, then one line per link.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::attrs;
use super::lex::quote;
use super::TEXT_VERSION;
use crate::document::{Board, Sticky};
use crate::ids::StickyId;
use crate::kind::Kind;
use crate::unique::Unique;

/// The word a sticky line starts with.
pub fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Event => "event",
        Kind::Command => "command",
        Kind::Actor => "actor",
        Kind::Aggregate => "aggregate",
        Kind::Policy => "policy",
        Kind::ReadModel => "read_model",
        Kind::ExternalSystem => "external",
        Kind::Hotspot => "hotspot",
    }
}

/// The board as text (see the module documentation for the format).
pub fn to_text(board: &Board) -> String {
    let version = if !board.experiments.is_empty() {
        TEXT_VERSION
    } else if !board.walkthrough.is_empty() {
        2
    } else {
        1
    };
    let mut out = format!("stormlab {version}\n");
    let mut attrs = Vec::new();
    attrs::write_run(&board.run, board.example.as_deref(), &mut attrs);
    if !board.title.is_empty() || !attrs.is_empty() {
        line(
            &mut out,
            0,
            &format!("board {}", quote(&board.title)),
            &attrs,
        );
    }
    // A sticky whose text another sticky shares is linked by a ref instead.
    let mut uses: HashMap<&str, u32> = HashMap::new();
    for s in &board.stickies {
        *uses.entry(s.label.as_str()).or_default() += 1;
    }
    let mut names: HashMap<StickyId, String> = HashMap::new();
    let mut refs = Unique::default();
    let mut sticky = |out: &mut String, s: &Sticky, indent: usize| {
        let mut attrs = Vec::new();
        if uses[s.label.as_str()] > 1 {
            let name = fresh_ref(&s.label, &mut refs);
            attrs.push(format!("ref={name}"));
            names.insert(s.id, name);
        } else {
            names.insert(s.id, quote(&s.label));
        }
        attrs.push(format!("at={},{}", attrs::num(s.x), attrs::num(s.y)));
        if let Some(e) = &s.event {
            attrs::write_event(e, &mut attrs);
        }
        attrs::write_table(&s.settings, &mut attrs);
        if !s.notes.is_empty() {
            attrs.push(format!("notes={}", quote(&s.notes)));
        }
        let head = format!("{} {}", kind_word(s.kind), quote(&s.label));
        line(out, indent, &head, &attrs);
    };
    let blocks = board.blocks();
    for c in &board.contexts {
        out.push('\n');
        let mut attrs = vec![
            format!("at={},{}", attrs::num(c.x), attrs::num(c.y)),
            format!("size={}x{}", attrs::num(c.w), attrs::num(c.h)),
        ];
        attrs::write_table(&c.service, &mut attrs);
        attrs.push("{".into());
        line(&mut out, 0, &format!("context {}", quote(&c.name)), &attrs);
        for s in blocks.of(c.id) {
            sticky(&mut out, s, 2);
        }
        out.push_str("}\n");
    }
    if !blocks.loose.is_empty() {
        out.push('\n');
    }
    for s in &blocks.loose {
        sticky(&mut out, s, 0);
    }
    if !board.links.is_empty() {
        out.push('\n');
    }
    for l in &board.links {
        if let (Some(from), Some(to)) = (names.get(&l.from), names.get(&l.to)) {
            let _ = writeln!(out, "{from} -> {to}");
        }
    }
    if !board.walkthrough.is_empty() {
        out.push('\n');
    }
    for step in &board.walkthrough {
        let Some(l) = board.link(step.link) else {
            continue;
        };
        if let (Some(from), Some(to)) = (names.get(&l.from), names.get(&l.to)) {
            let mut attrs = Vec::new();
            if !step.caption.is_empty() {
                attrs.push(format!("caption={}", quote(&step.caption)));
            }
            line(&mut out, 0, &format!("step {from} -> {to}"), &attrs);
        }
    }
    super::experiments::write(board, &mut out);
    out
}

/// A ref made from `label` ("Order" gives `order`, then `order-2`), unique among `used`.
fn fresh_ref(label: &str, used: &mut Unique) -> String {
    let mut stem = String::new();
    for word in label
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if stem.len() > 24 {
            break;
        }
        if !stem.is_empty() {
            stem.push('-');
        }
        stem.push_str(&word.to_ascii_lowercase());
    }
    if stem.is_empty() {
        stem.push_str("sticky");
    }
    used.take(stem, "-")
}

/// `text` as a bare word when it is one (letters, digits, `_`, `-`, `.`), else quoted.
pub fn word_or_quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || "_-.".contains(c));
    if plain {
        text.to_string()
    } else {
        quote(text)
    }
}

fn line(out: &mut String, indent: usize, head: &str, attrs: &[String]) {
    out.push_str(&" ".repeat(indent));
    out.push_str(head);
    for a in attrs {
        out.push(' ');
        out.push_str(a);
    }
    out.push('\n');
}
