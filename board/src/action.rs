//! Board changes as actions, and the pure reducer that applies them.

use std::collections::HashSet;

use crate::document::{Board, Context, EventProps, Link, Rect, Scope, Sticky};
use crate::format::{check_ranges, saved_mb_over_limit};
use crate::grammar::check_link;
use crate::ids::{ContextId, ItemId, LinkId, StickyId};
use crate::kind::Kind;
use crate::limits::{MAX_BYTES, MAX_CONTEXTS, MAX_LINKS, MAX_STICKIES};
use crate::settings::{table, RunSettings, ServiceSettings, StickySettings};
use crate::walkthrough::{check_walkthrough, Step};

/// Smallest frame size.
pub const MIN_CONTEXT: (f64, f64) = (160.0, 120.0);

/// One user intention that changes the board.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Adds a sticky with its top-left corner at (x, y).
    AddSticky {
        /// Kind.
        kind: Kind,
        /// Left.
        x: f64,
        /// Top.
        y: f64,
        /// Label (the kind's placeholder when `None`).
        label: Option<String>,
        /// For events: domain or integration.
        scope: Option<Scope>,
    },
    /// Adds a bounded-context frame.
    AddContext {
        /// Name.
        name: String,
        /// Where and how big.
        rect: Rect,
    },
    /// Moves stickies and frames (a frame carries the stickies it owns).
    Move {
        /// What moves.
        items: Vec<ItemId>,
        /// Horizontal offset.
        dx: f64,
        /// Vertical offset.
        dy: f64,
    },
    /// Moves or resizes a frame.
    ResizeContext {
        /// Which.
        id: ContextId,
        /// Its new rectangle.
        rect: Rect,
    },
    /// Changes a sticky's text.
    SetLabel {
        /// Which.
        id: StickyId,
        /// New text.
        label: String,
    },
    /// Changes a sticky's notes.
    SetNotes {
        /// Which.
        id: StickyId,
        /// New notes.
        notes: String,
    },
    /// Changes an event's properties.
    SetEvent {
        /// Which.
        id: StickyId,
        /// New properties.
        props: EventProps,
    },
    /// Renames a frame.
    RenameContext {
        /// Which.
        id: ContextId,
        /// New name.
        name: String,
    },
    /// Renames the board.
    SetTitle(String),
    /// Changes a sticky's simulation settings.
    SetStickySettings {
        /// Which.
        id: StickyId,
        /// New settings.
        settings: StickySettings,
    },
    /// Changes the simulation settings of the service a context runs as.
    SetServiceSettings {
        /// Which.
        id: ContextId,
        /// New settings.
        settings: ServiceSettings,
    },
    /// Changes the run's settings (seed, duration, broker).
    SetRunSettings(RunSettings),
    /// Links two stickies (refused when the grammar forbids it).
    Connect {
        /// Start.
        from: StickyId,
        /// End.
        to: StickyId,
    },
    /// Deletes items; deleting a sticky deletes its links too.
    Delete(Vec<ItemId>),
    /// Replaces the whole board (open a file, a link or an example).
    Replace(Board),
    /// Sets the presentation walkthrough (its order and captions).
    SetWalkthrough(Vec<Step>),
    /// Sets the board's experiments (one saved from Compare, one removed, their order).
    SetExperiments(Vec<crate::experiment::Experiment>),
}

/// The result of applying an action.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    /// The new board.
    pub board: Board,
    /// What the action created, if anything (to select it).
    pub created: Option<ItemId>,
}

const GONE_STICKY: &str = "That sticky no longer exists.";
const GONE_CONTEXT: &str = "That context no longer exists.";

/// Applies an action to a board, returning the new board or why the action is refused.
pub fn apply(board: &Board, action: &Action) -> Result<Applied, String> {
    let mut b = board.clone();
    let mut created = None;
    match action {
        Action::AddSticky {
            kind,
            x,
            y,
            label,
            scope,
        } => {
            if b.stickies.len() >= MAX_STICKIES {
                return Err(format!("A board holds at most {MAX_STICKIES} stickies."));
            }
            created = Some(add_sticky(&mut b, *kind, (*x, *y), label, *scope));
        }
        Action::AddContext { name, rect } => {
            if b.contexts.len() >= MAX_CONTEXTS {
                return Err(format!("A board holds at most {MAX_CONTEXTS} contexts."));
            }
            let id = ContextId(b.fresh_id());
            b.contexts.push(Context {
                id,
                name: name.clone(),
                x: rect.x,
                y: rect.y,
                w: rect.w.max(MIN_CONTEXT.0),
                h: rect.h.max(MIN_CONTEXT.1),
                service: Default::default(),
            });
            created = Some(ItemId::Context(id));
        }
        Action::Move { items, dx, dy } => move_items(&mut b, items, *dx, *dy),
        Action::ResizeContext { id, rect } => {
            let c = context_mut(&mut b, *id)?;
            c.x = rect.x;
            c.y = rect.y;
            c.w = rect.w.max(MIN_CONTEXT.0);
            c.h = rect.h.max(MIN_CONTEXT.1);
        }
        Action::SetLabel { id, label } => {
            b.sticky_mut(*id).ok_or(GONE_STICKY)?.label = label.clone()
        }
        Action::SetNotes { id, notes } => {
            b.sticky_mut(*id).ok_or(GONE_STICKY)?.notes = notes.clone()
        }
        Action::SetEvent { id, props } => {
            let s = b.sticky_mut(*id).ok_or(GONE_STICKY)?;
            if s.kind != Kind::Event {
                return Err("Only events have event properties.".into());
            }
            s.event = Some(props.clone());
        }
        Action::RenameContext { id, name } => context_mut(&mut b, *id)?.name = name.clone(),
        Action::SetTitle(title) => b.title = title.clone(),
        Action::SetStickySettings { id, settings } => {
            table::check(settings)?;
            b.sticky_mut(*id).ok_or(GONE_STICKY)?.settings = settings.clone();
        }
        Action::SetServiceSettings { id, settings } => {
            table::check(settings)?;
            context_mut(&mut b, *id)?.service = settings.clone();
        }
        Action::SetRunSettings(settings) => {
            table::check(settings)?;
            b.run = settings.clone();
        }
        Action::Connect { from, to } => created = Some(connect(&mut b, *from, *to)?),
        Action::Delete(items) => delete(&mut b, items),
        Action::Replace(new) => {
            check_ranges(new)?;
            b = new.clone();
        }
        Action::SetWalkthrough(steps) => {
            check_walkthrough(&b, steps)?;
            b.walkthrough = steps.clone();
        }
        Action::SetExperiments(experiments) => {
            crate::experiment::check_all(experiments)?;
            b.experiments = experiments.clone();
        }
    }
    b.assign_contexts();
    if let Some(mb) = adds_text(action).then(|| saved_mb_over_limit(&b)).flatten() {
        return Err(format!(
            "That would make the board {mb:.1} MB when saved, over the {} MB a board may hold; shorten the text.",
            MAX_BYTES / 1_048_576
        ));
    }
    Ok(Applied { board: b, created })
}

/// True for the actions that can make the saved board larger by more than a few bytes, so the
/// size limit is checked after them.
fn adds_text(action: &Action) -> bool {
    matches!(
        action,
        Action::AddSticky { .. }
            | Action::AddContext { .. }
            | Action::SetLabel { .. }
            | Action::SetNotes { .. }
            | Action::SetEvent { .. }
            | Action::RenameContext { .. }
            | Action::SetTitle(_)
            | Action::Replace(_)
            | Action::SetWalkthrough(_)
            | Action::SetExperiments(_)
    )
}

fn context_mut(b: &mut Board, id: ContextId) -> Result<&mut Context, String> {
    b.contexts
        .iter_mut()
        .find(|c| c.id == id)
        .ok_or_else(|| GONE_CONTEXT.to_string())
}

fn add_sticky(
    b: &mut Board,
    kind: Kind,
    (x, y): (f64, f64),
    label: &Option<String>,
    scope: Option<Scope>,
) -> ItemId {
    let id = StickyId(b.fresh_id());
    let event = (kind == Kind::Event).then(|| EventProps::new(scope.unwrap_or(Scope::Domain)));
    b.stickies.push(Sticky {
        id,
        kind,
        label: label
            .clone()
            .unwrap_or_else(|| kind.placeholder().to_string()),
        notes: String::new(),
        x,
        y,
        context: None,
        event,
        settings: Default::default(),
    });
    ItemId::Sticky(id)
}

/// Moves stickies and contexts; a moved context carries the stickies inside it, and a sticky
/// both selected and inside a moved context moves once.
fn move_items(b: &mut Board, items: &[ItemId], dx: f64, dy: f64) {
    let mut stickies: Vec<StickyId> = Vec::new();
    for item in items {
        match item {
            ItemId::Sticky(id) => stickies.push(*id),
            ItemId::Context(id) => {
                let Some(c) = b.contexts.iter_mut().find(|c| c.id == *id) else {
                    continue;
                };
                c.x += dx;
                c.y += dy;
                stickies.extend(
                    b.stickies
                        .iter()
                        .filter(|s| s.context == Some(*id))
                        .map(|s| s.id),
                );
            }
            ItemId::Link(_) => {}
        }
    }
    stickies.sort();
    stickies.dedup();
    for id in stickies {
        if let Some(s) = b.sticky_mut(id) {
            s.x += dx;
            s.y += dy;
        }
    }
}

fn connect(b: &mut Board, from: StickyId, to: StickyId) -> Result<ItemId, String> {
    if b.links.len() >= MAX_LINKS {
        return Err(format!("A board holds at most {MAX_LINKS} links."));
    }
    if from == to {
        return Err("A sticky cannot be linked to itself.".into());
    }
    let (Some(a), Some(z)) = (b.sticky(from), b.sticky(to)) else {
        return Err(GONE_STICKY.into());
    };
    check_link(a.kind, z.kind)?;
    if b.links.iter().any(|l| l.from == from && l.to == to) {
        return Err("These two stickies are already linked.".into());
    }
    let id = LinkId(b.fresh_id());
    b.links.push(Link { id, from, to });
    Ok(ItemId::Link(id))
}

/// Deletes items; a deleted sticky takes its links with it.
fn delete(b: &mut Board, items: &[ItemId]) {
    for item in items {
        match item {
            ItemId::Sticky(id) => {
                b.stickies.retain(|s| s.id != *id);
                b.links.retain(|l| l.from != *id && l.to != *id);
            }
            ItemId::Context(id) => b.contexts.retain(|c| c.id != *id),
            ItemId::Link(id) => b.links.retain(|l| l.id != *id),
        }
    }
    // The walkthrough keeps only steps whose links remain.
    let links: HashSet<LinkId> = b.links.iter().map(|l| l.id).collect();
    b.walkthrough.retain(|s| links.contains(&s.link));
}
