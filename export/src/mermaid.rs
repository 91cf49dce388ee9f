//! Mermaid diagrams of a board: a flowchart (contexts as subgraphs, stickies as nodes shaped
//! and coloured by kind, links as arrows, those crossing contexts dashed) and, for a board
//! with a saga, a sequence diagram of each saga with its compensations. Every label is written
//! with Mermaid's entity codes, so no label can break the diagram's syntax.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use stormlab_board::settings::Outcome;
use stormlab_board::{Board, ContextId, Kind, Scope, StickyId};
use stormlab_run::compile::compile;
use stormlab_run::variant::Variant;

/// A label as Mermaid text: letters, digits, spaces and plain punctuation as they are, every
/// other character as an entity code (`#35;`), line breaks as `<br>`; an empty label as a
/// space (Mermaid refuses `""`).
pub fn escape(text: &str) -> String {
    if text.is_empty() {
        return " ".into();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("<br>"),
            c if c.is_ascii_alphanumeric() || " .,!?'()_+/@-".contains(c) => out.push(c),
            c => {
                let _ = write!(out, "#{};", c as u32);
            }
        }
    }
    out
}

/// The node's opening and closing brackets for a kind.
fn shape(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Event => ("[", "]"),
        Kind::Command => ("([", "])"),
        Kind::Actor => ("((", "))"),
        Kind::Aggregate => ("[[", "]]"),
        Kind::Policy => ("{{", "}}"),
        Kind::ReadModel => ("[(", ")]"),
        Kind::ExternalSystem => ("[/", "/]"),
        Kind::Hotspot => ("{", "}"),
    }
}

/// The class of a sticky's node.
fn class(kind: Kind, scope: Option<Scope>) -> &'static str {
    match (kind, scope) {
        (Kind::Event, Some(Scope::Integration)) => "integrationEvent",
        (Kind::Event, _) => "domainEvent",
        (Kind::Command, _) => "command",
        (Kind::Actor, _) => "actor",
        (Kind::Aggregate, _) => "aggregate",
        (Kind::Policy, _) => "policy",
        (Kind::ReadModel, _) => "readModel",
        (Kind::ExternalSystem, _) => "external",
        (Kind::Hotspot, _) => "hotspot",
    }
}

/// The classes, with the board's colours.
const CLASSES: [(&str, &str); 9] = [
    ("domainEvent", "fill:#ff9f43,stroke:#b85c00,color:#111"),
    (
        "integrationEvent",
        "fill:#ff9f43,stroke:#7a3db8,stroke-width:3px,color:#111",
    ),
    ("command", "fill:#4ea8de,stroke:#1d5f8a,color:#111"),
    ("actor", "fill:#fff176,stroke:#a89a1d,color:#111"),
    ("aggregate", "fill:#fff4b8,stroke:#d8c76a,color:#111"),
    ("policy", "fill:#c3a6e6,stroke:#6d4a99,color:#111"),
    ("readModel", "fill:#8bd17c,stroke:#3f7a33,color:#111"),
    ("external", "fill:#f48fb1,stroke:#a34a6a,color:#111"),
    ("hotspot", "fill:#e53935,stroke:#8e1b18,color:#fff"),
];

/// The board as a Mermaid flowchart, left to right.
pub fn flowchart(board: &Board) -> String {
    let mut out = String::from("flowchart LR\n");
    let node: HashMap<StickyId, String> = board
        .stickies
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, format!("s{i}")))
        .collect();
    let blocks = board.blocks();
    let by_id: HashMap<StickyId, &stormlab_board::Sticky> =
        board.stickies.iter().map(|s| (s.id, s)).collect();
    let contexts: HashSet<ContextId> = board.contexts.iter().map(|c| c.id).collect();
    let owner = |c: Option<ContextId>| c.filter(|c| contexts.contains(c));
    let sticky_line = |out: &mut String, indent: &str, s: &stormlab_board::Sticky| {
        let (open, close) = shape(s.kind);
        let _ = writeln!(
            out,
            "{indent}{}{open}\"{}\"{close}",
            node[&s.id],
            escape(&s.label)
        );
    };
    for (i, c) in board.contexts.iter().enumerate() {
        let _ = writeln!(out, "  subgraph c{i}[\"{}\"]", escape(&c.name));
        for s in blocks.of(c.id) {
            sticky_line(&mut out, "    ", s);
        }
        out.push_str("  end\n");
    }
    for s in &blocks.loose {
        sticky_line(&mut out, "  ", s);
    }
    for l in &board.links {
        let (Some(from), Some(to)) = (by_id.get(&l.from), by_id.get(&l.to)) else {
            continue;
        };
        let arrow = if owner(from.context) != owner(to.context) {
            "-.->"
        } else {
            "-->"
        };
        let _ = writeln!(out, "  {} {arrow} {}", node[&from.id], node[&to.id]);
    }
    for (name, style) in CLASSES {
        let members: Vec<&str> = board
            .stickies
            .iter()
            .filter(|s| class(s.kind, s.scope()) == name)
            .map(|s| node[&s.id].as_str())
            .collect();
        if !members.is_empty() {
            let _ = writeln!(out, "  classDef {name} {style}");
            let _ = writeln!(out, "  class {} {name}", members.join(","));
        }
    }
    out
}

/// One sequence diagram per saga the board runs (none when it has no saga or cannot run).
pub fn saga_sequences(board: &Board) -> Vec<String> {
    let Ok(compiled) = compile(board, &Variant::default()) else {
        return Vec::new();
    };
    let map = &compiled.map;
    map.saga_steps
        .iter()
        .zip(&map.saga_compensations)
        .map(|(steps, compensations)| sequence(board, steps, compensations))
        .collect()
}

/// A saga's steps from its first command, each step's success and failure, and on failure
/// the compensations of the earlier steps in reverse order.
fn sequence(board: &Board, steps: &[StickyId], compensations: &[Option<StickyId>]) -> String {
    let label = |id: StickyId| board.sticky(id).map_or(String::new(), |s| escape(&s.label));
    let mut participants: Vec<Option<ContextId>> = Vec::new();
    let mut part = |id: StickyId| -> String {
        let ctx = board.sticky(id).and_then(|s| s.context);
        let i = participants
            .iter()
            .position(|p| *p == ctx)
            .unwrap_or_else(|| {
                participants.push(ctx);
                participants.len() - 1
            });
        format!("p{i}")
    };
    // What each command's handler emits, split into successes and failures.
    let events = |command: StickyId| -> (Vec<StickyId>, Vec<StickyId>) {
        let handlers = board.outgoing(command).map(|l| l.to);
        let emitted: Vec<StickyId> = handlers
            .flat_map(|h| board.outgoing(h).map(|l| l.to).collect::<Vec<_>>())
            .filter(|e| board.sticky(*e).is_some_and(|s| s.kind == Kind::Event))
            .collect();
        emitted.into_iter().partition(|e| {
            !matches!(
                board.sticky(*e).map(|s| s.settings.outcome),
                Some(Outcome::Failure { .. })
            )
        })
    };
    let mut body = String::new();
    let coordinator = part(steps[0]);
    let actor = board
        .incoming(steps[0])
        .filter_map(|l| board.sticky(l.from))
        .find(|s| s.kind == Kind::Actor);
    if let Some(a) = actor {
        let _ = writeln!(
            body,
            "  {coordinator}->>{coordinator}: {} (by {})",
            label(steps[0]),
            escape(&a.label)
        );
    } else {
        let _ = writeln!(body, "  {coordinator}->>{coordinator}: {}", label(steps[0]));
    }
    for (k, &step) in steps.iter().enumerate() {
        let here = part(step);
        if k > 0 {
            let _ = writeln!(body, "  {coordinator}->>{here}: {}", label(step));
        }
        let (ok, failed) = events(step);
        let said = |e: &[StickyId]| e.iter().map(|e| label(*e)).collect::<Vec<_>>().join(" or ");
        if failed.is_empty() {
            if !ok.is_empty() {
                let _ = writeln!(body, "  {here}-->>{coordinator}: {}", said(&ok));
            }
            continue;
        }
        let _ = writeln!(
            body,
            "  alt {}",
            if ok.is_empty() {
                "success".into()
            } else {
                said(&ok)
            }
        );
        if !ok.is_empty() {
            let _ = writeln!(body, "    {here}-->>{coordinator}: {}", said(&ok));
        }
        let _ = writeln!(body, "  else {}", said(&failed));
        let _ = writeln!(body, "    {here}-->>{coordinator}: {}", said(&failed));
        let undo: Vec<StickyId> = (0..k)
            .rev()
            .filter_map(|j| compensations.get(j).copied().flatten())
            .collect();
        if undo.is_empty() {
            let _ = writeln!(body, "    Note over {coordinator}: nothing to compensate");
        } else {
            let _ = writeln!(
                body,
                "    Note over {coordinator}: compensate the earlier steps, latest first"
            );
        }
        for d in undo {
            let target = part(d);
            let _ = writeln!(body, "    {coordinator}->>{target}: {}", label(d));
            let (done, _) = events(d);
            if !done.is_empty() {
                let _ = writeln!(body, "    {target}-->>{coordinator}: {}", said(&done));
            }
        }
        body.push_str("  end\n");
    }
    let mut out = String::from("sequenceDiagram\n");
    for (i, p) in participants.iter().enumerate() {
        let name = board.context_name(*p);
        let _ = writeln!(out, "  participant p{i} as {}", escape(name));
    }
    out.push_str(&body);
    out
}
