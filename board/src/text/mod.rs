//! The board as plain text: a format people read, write by hand and diff line by line.
//!
//! ```text
//! stormlab 1
//! board "Coffee" seed=7
//!
//! context "Ordering" {
//!   actor "Customer"
//!   command "Order coffee" rate_per_sec=2
//!   aggregate "Order"
//!   event "Coffee ordered" integration
//! }
//! context "Bar" {
//!   policy "Brew what is ordered"
//!   command "Brew coffee"
//!   aggregate "Barista"
//!   event "Coffee brewed"
//! }
//! "Customer" -> "Order coffee" -> "Order" -> "Coffee ordered" -> "Brew what is ordered"
//! "Brew what is ordered" -> "Brew coffee" -> "Barista" -> "Coffee brewed"
//! ```
//!
//! - `stormlab 1` (optional) is the format's version; `#` starts a comment.
//! - `board "Title"` (optional) carries the run settings: `seed=`, `duration_s=`, ...
//! - `context "Name" { ... }` is a bounded context; the stickies inside the braces are its own.
//! - One line per sticky: its kind, its text in quotes, then the settings that differ from the
//!   defaults, as `key=value` or a single word (`integration`, `poll`, `idempotent`).
//! - Links are arrows between stickies, named by their text or by a `ref=` given to them
//!   (needed when two stickies read the same); a line may chain several arrows.
//! - `at=X,Y` places an item and `size=WxH` sizes a frame; whatever has no place is laid out
//!   left to right along its links, so a board written by hand needs none.
//! - `step "A" -> "B" caption="..."` (version 2) is a step of the presentation's walkthrough,
//!   in order, naming a link written above; steps not written follow in flow order.
//! - `experiment "Question?" metric="..." { a ... b ... }` (version 3) is an experiment of the
//!   board: see [`experiments`].
//!
//! Writing then reading a board keeps everything it holds, with its ids renumbered in reading
//! order and its stickies grouped by context: see [`normalise`].

mod attrs;
mod experiments;
mod layout;
mod lex;
mod read;
mod write;

use std::fmt;

pub use lex::quote;
pub use read::from_text;
pub use write::to_text;

use crate::document::Board;
use crate::ids::{ContextId, LinkId, StickyId};

/// The newest version of the text format this build reads. It writes the oldest version that
/// holds the board: 1, or 2 with a walkthrough (its `step` lines came with version 2), or 3
/// with experiments (their blocks came with version 3).
pub const TEXT_VERSION: u32 = 3;

/// Why a text board could not be read: where, and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong, and what was expected.
    pub message: String,
}

impl TextError {
    pub(crate) fn at(line: usize, column: usize, message: impl Into<String>) -> TextError {
        TextError {
            line,
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for TextError {}

/// True when `text` looks like a text board rather than a JSON file (it does not open with
/// `{` or `[`).
pub fn is_text(text: &str) -> bool {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    !(start.starts_with('{') || start.starts_with('['))
}

/// `board` as its text holds it: the stickies grouped by context, in frame order (those in no
/// context last), each group in board order; ids renumbered in reading order (each context,
/// then its stickies; the loose stickies; the links); `next_id` just past them.
/// `from_text(&to_text(b))` equals `normalise(b)`.
pub fn normalise(board: &Board) -> Board {
    let mut out = Board {
        stickies: Vec::with_capacity(board.stickies.len()),
        contexts: Vec::with_capacity(board.contexts.len()),
        links: Vec::with_capacity(board.links.len()),
        next_id: 0,
        ..board.clone()
    };
    let mut sticky_ids = std::collections::HashMap::new();
    let mut next = 0u32;
    let mut take = || {
        next += 1;
        next - 1
    };
    let blocks = board.blocks();
    let mut context_ids = std::collections::HashMap::new();
    for c in &board.contexts {
        let id = ContextId(take());
        context_ids.insert(c.id, id);
        out.contexts.push(crate::Context { id, ..c.clone() });
        for &s in blocks.of(c.id) {
            let sid = StickyId(take());
            sticky_ids.insert(s.id, sid);
            out.stickies.push(crate::Sticky {
                id: sid,
                context: Some(id),
                ..s.clone()
            });
        }
    }
    for &s in &blocks.loose {
        let sid = StickyId(take());
        sticky_ids.insert(s.id, sid);
        out.stickies.push(crate::Sticky {
            id: sid,
            context: None,
            ..s.clone()
        });
    }
    let mut link_ids = std::collections::HashMap::new();
    for l in &board.links {
        if let (Some(&from), Some(&to)) = (sticky_ids.get(&l.from), sticky_ids.get(&l.to)) {
            let id = LinkId(take());
            link_ids.insert(l.id, id);
            out.links.push(crate::Link { id, from, to });
        }
    }
    out.walkthrough = board
        .walkthrough
        .iter()
        .filter_map(|s| {
            Some(crate::walkthrough::Step {
                link: *link_ids.get(&s.link)?,
                caption: s.caption.clone(),
            })
        })
        .collect();
    // An outage names its context by name in the text (the first of that name, when several
    // share it); a deleted context's is left out.
    let first_named = |id: ContextId| {
        let name = &board.context(id)?.name;
        let first = board.contexts.iter().find(|c| c.name == *name)?;
        context_ids.get(&first.id).copied()
    };
    for e in &mut out.experiments {
        for v in [&mut e.a, &mut e.b] {
            v.outage = v.outage.take().and_then(|o| {
                Some(crate::variant::Outage {
                    context: first_named(o.context)?,
                    ..o
                })
            });
        }
    }
    out.next_id = next;
    out
}
