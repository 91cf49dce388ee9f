//! The applications of one or more documents joined into one board: each application a bounded
//! context; each message it sends an integration event, made by a command and an aggregate
//! that the contract does not describe (so they are marked as assumed, and linted); each message
//! it receives a policy linked from that event, issuing a command to its own aggregate; a
//! request it answers a notification whose callback is the reply. A message received that no
//! document sends comes from a context named [`OUTSIDE`].

use std::collections::{HashMap, HashSet};

use stormlab_board::document::{Context, EventProps, Link};
use stormlab_board::lints::ASSUMED;
use stormlab_board::{Board, ContextId, Kind, LinkId, Payload, Scope, Sticky, StickyId};

use crate::read::{upper_first, App, Flow};
use crate::shown;

/// The context of the senders no document describes.
pub const OUTSIDE: &str = "Outside these documents";
/// Stormlab's export tags what belongs to no context so.
const NO_CONTEXT: &str = "No context";

const COL: f64 = 200.0;
const ROW: f64 = 140.0;
const BAND_GAP: f64 = 100.0;

/// An event on the board and what it was made from.
struct Made {
    sticky: StickyId,
    app: usize,
    address: String,
    name: String,
    /// Stormlab's own export, whose fields are the board's as drawn.
    ours: bool,
}

struct Builder {
    board: Board,
    /// Per context: its id (None: no frame) and the rows used on the send and receive sides.
    contexts: Vec<(Option<ContextId>, String, u32, u32)>,
    events: Vec<Made>,
    /// Each context's actor.
    actors: HashMap<usize, StickyId>,
    /// How many policies each context has for each event so far.
    consumed: HashMap<(usize, StickyId), usize>,
    /// The events' labels so far (each event is a topic named after its label), and the next
    /// number to try after each label made unique by its context.
    event_labels: HashSet<String>,
    suffixes: HashMap<String, u32>,
    pub review: Vec<String>,
}

/// The board of `apps`, titled `title`, and what to review in it.
pub fn board(apps: &[App], title: &str) -> (Board, Vec<String>) {
    let mut b = Builder {
        board: Board {
            title: title.to_string(),
            ..Board::default()
        },
        contexts: Vec::new(),
        events: Vec::new(),
        actors: HashMap::new(),
        consumed: HashMap::new(),
        event_labels: HashSet::new(),
        suffixes: HashMap::new(),
        review: Vec::new(),
    };
    for app in apps {
        b.context(&app.name);
    }
    for (i, app) in apps.iter().enumerate() {
        for f in &app.sends {
            b.event(i, f, None);
        }
    }
    for (i, app) in apps.iter().enumerate() {
        for (request, reply) in &app.answers {
            // Stormlab's own callback of a notification event: the reply is its state.
            let own = b
                .events
                .iter()
                .position(|e| e.app == i && format!("{}State", e.name) == reply.message.name);
            match own {
                Some(e) if b.events[e].ours => {}
                Some(e) => {
                    let id = b.events[e].sticky;
                    if let Some(props) = b.board.sticky_mut(id).and_then(|s| s.event.as_mut()) {
                        // Consumers call back for its state: a notification.
                        props.fields = reply.message.fields.clone();
                        props.payload = Payload::Notification;
                    }
                }
                None => {
                    b.event(i, reply, Some(Payload::Notification));
                    // Matched to its askers by the request.
                    let made = b.events.last_mut().expect("just made");
                    made.address = request.address.clone();
                    made.name = request.message.name.clone();
                }
            }
        }
    }
    for (i, app) in apps.iter().enumerate() {
        for f in &app.receives {
            let event = b.find(f).unwrap_or_else(|| b.outside(f, apps.len()));
            b.consume(i, event);
        }
        for (request, reply) in &app.asks {
            let answered = b
                .events
                .iter()
                .any(|e| format!("{}State", e.name) == reply.message.name);
            if answered {
                continue; // Stormlab's own callback: the consumer's policy is there already.
            }
            let event = b
                .find(request)
                .unwrap_or_else(|| b.outside_answer(reply, request, apps.len()));
            b.consume(i, event);
        }
    }
    b.finish();
    (b.board, b.review)
}

impl Builder {
    fn context(&mut self, name: &str) -> usize {
        if name == NO_CONTEXT {
            self.contexts.push((None, name.to_string(), 0, 0));
            return self.contexts.len() - 1;
        }
        let mut unique = name.to_string();
        let mut n = 2;
        while self.contexts.iter().any(|c| c.1 == unique) {
            unique = format!("{name} {n}");
            n += 1;
        }
        let id = ContextId(self.board.fresh_id());
        self.board.contexts.push(Context {
            id,
            name: unique.clone(),
            x: 0.0,
            y: 0.0,
            w: 1.0,
            h: 1.0,
            service: Default::default(),
        });
        self.contexts.push((Some(id), unique, 0, 0));
        self.contexts.len() - 1
    }

    fn sticky(&mut self, ctx: usize, kind: Kind, label: &str, col: f64, row: u32) -> StickyId {
        let id = StickyId(self.board.fresh_id());
        let (w, h) = kind.size();
        self.board.stickies.push(Sticky {
            id,
            kind,
            label: label.to_string(),
            notes: String::new(),
            x: col * COL + (160.0 - w) / 2.0,
            // Placed in its band by `finish`.
            y: f64::from(row) * ROW + (100.0 - h) / 2.0,
            context: self.contexts[ctx].0,
            event: None,
            settings: Default::default(),
        });
        id
    }

    fn link(&mut self, from: StickyId, to: StickyId) {
        let id = LinkId(self.board.fresh_id());
        self.board.links.push(Link { id, from, to });
    }

    fn note(&mut self, id: StickyId, line: String) {
        if let Some(s) = self.board.sticky_mut(id) {
            if !s.notes.is_empty() {
                s.notes.push('\n');
            }
            s.notes.push_str(&line);
        }
    }

    /// A label no other event has (each event is a topic named after it).
    fn unique_label(&mut self, label: &str, name: &str, ctx: usize) -> String {
        let by_name = upper_first(name);
        let chosen = if !self.event_labels.contains(label) {
            label.to_string()
        } else if !by_name.is_empty() && !self.event_labels.contains(&by_name) {
            // Two messages with one title: their names tell them apart.
            by_name
        } else {
            let base = format!("{label} ({})", self.contexts[ctx].1);
            let n = self.suffixes.entry(base.clone()).or_insert(1);
            let mut unique = base.clone();
            while self.event_labels.contains(&unique) {
                *n += 1;
                unique = format!("{base} {n}");
            }
            unique
        };
        self.event_labels.insert(chosen.clone());
        chosen
    }

    /// The integration event `f` sent by context `ctx`, with the command and aggregate that
    /// make it (assumed) and the context's actor issuing the command.
    fn event(&mut self, ctx: usize, f: &Flow, style: Option<Payload>) -> StickyId {
        let m = &f.message;
        let row = self.contexts[ctx].2;
        self.contexts[ctx].2 += 1;
        let label = self.unique_label(&m.label, &m.name, ctx);
        let event = self.sticky(ctx, Kind::Event, &label, 3.0, row);
        let mut props = EventProps::new(Scope::Integration);
        props.fields = m.fields.clone();
        if let Some((payload, version, versioning)) = m.stormlab {
            props.payload = payload;
            props.version = version;
            props.versioning = versioning;
        }
        if let Some(style) = style {
            props.payload = style;
        }
        let context = self.contexts[ctx].1.clone();
        if let Some(s) = self.board.sticky_mut(event) {
            s.event = Some(props);
            s.notes = m.notes.clone();
        }
        let actor = match self.actors.get(&ctx) {
            Some(a) => *a,
            None => {
                let a = self.sticky(ctx, Kind::Actor, &format!("Caller of {context}"), 0.0, row);
                self.note(a, format!("{ASSUMED} who makes {context} send its messages (the contract does not say)."));
                self.actors.insert(ctx, a);
                a
            }
        };
        let command = self.sticky(ctx, Kind::Command, &format!("Publish {label}"), 1.0, row);
        self.note(command, format!("{ASSUMED} what makes {context} send {label}, and how often (Stormlab's default rate): the contract says only that it is sent."));
        let aggregate = self.sticky(ctx, Kind::Aggregate, &context, 2.0, row);
        self.link(actor, command);
        self.link(command, aggregate);
        self.link(aggregate, event);
        self.events.push(Made {
            sticky: event,
            app: ctx,
            address: f.address.clone(),
            name: m.name.clone(),
            ours: m.stormlab.is_some(),
        });
        event
    }

    /// The event a received flow is: the same message on the same channel, else the only
    /// message of that name, else the only message on that channel.
    fn find(&self, f: &Flow) -> Option<StickyId> {
        let name = &f.message.name;
        let exact = self
            .events
            .iter()
            .find(|e| e.address == f.address && &e.name == name);
        fn only(hits: Vec<&Made>) -> Option<&Made> {
            (hits.len() == 1).then(|| hits[0])
        }
        exact
            .or_else(|| only(self.events.iter().filter(|e| &e.name == name).collect()))
            .or_else(|| {
                only(
                    self.events
                        .iter()
                        .filter(|e| e.address == f.address)
                        .collect(),
                )
            })
            .map(|e| e.sticky)
    }

    fn outside_context(&mut self, apps: usize) -> usize {
        match self.contexts.iter().position(|c| c.1 == OUTSIDE) {
            Some(i) if i >= apps => i,
            _ => self.context(OUTSIDE),
        }
    }

    /// A message received that no document sends: sent from [`OUTSIDE`].
    fn outside(&mut self, f: &Flow, apps: usize) -> StickyId {
        let ctx = self.outside_context(apps);
        let id = self.event(ctx, f, None);
        self.review.push(format!(
            "{} is received but no document given sends it: it comes from the context {}.",
            shown(&f.message.label),
            shown(OUTSIDE)
        ));
        id
    }

    /// A request no document answers: a notification from [`OUTSIDE`].
    fn outside_answer(&mut self, reply: &Flow, request: &Flow, apps: usize) -> StickyId {
        let ctx = self.outside_context(apps);
        let id = self.event(ctx, reply, Some(Payload::Notification));
        let made = self.events.last_mut().expect("just made");
        made.address = request.address.clone();
        made.name = request.message.name.clone();
        self.review.push(format!(
            "{} is asked for but no document given answers it: it comes from the context {}.",
            shown(&request.message.label),
            shown(OUTSIDE)
        ));
        id
    }

    /// Context `ctx` reacts to `event` (one operation of it that receives it): a policy linked
    /// from it issuing a command to its own aggregate (assumed).
    fn consume(&mut self, ctx: usize, event: StickyId) {
        let times = *self.consumed.entry((ctx, event)).or_default();
        self.consumed.insert((ctx, event), times + 1);
        let nth = if times == 0 {
            String::new()
        } else {
            format!(" {}", times + 1)
        };
        let label = self
            .board
            .sticky(event)
            .map(|s| s.label.clone())
            .unwrap_or_default();
        let context = self.contexts[ctx].1.clone();
        let row = self.contexts[ctx].3;
        self.contexts[ctx].3 += 1;
        let policy = self.sticky(
            ctx,
            Kind::Policy,
            &format!("Whenever {label}{nth}"),
            4.5,
            row,
        );
        let command = self.sticky(
            ctx,
            Kind::Command,
            &format!("Handle {label}{nth}"),
            5.5,
            row,
        );
        self.note(command, format!("{ASSUMED} what {context} does when {label} arrives: the contract says only that it receives it."));
        let aggregate = self.sticky(ctx, Kind::Aggregate, &context, 6.5, row);
        self.link(event, policy);
        self.link(policy, command);
        self.link(command, aggregate);
    }

    /// Each context in its own band, top to bottom, its frame around its stickies.
    fn finish(&mut self) {
        let mut top = 0.0;
        let mut bands = Vec::new();
        for (id, _, sends, receives) in &self.contexts {
            let rows = (*sends).max(*receives).max(1);
            bands.push((*id, top));
            top += f64::from(rows) * ROW + BAND_GAP;
        }
        let band_of: HashMap<Option<ContextId>, f64> = bands.iter().copied().collect();
        for s in &mut self.board.stickies {
            s.y += band_of.get(&s.context).copied().unwrap_or(0.0);
        }
        for c in &mut self.board.contexts {
            let members: Vec<&Sticky> = self
                .board
                .stickies
                .iter()
                .filter(|s| s.context == Some(c.id))
                .collect();
            let Some(first) = members.first() else {
                continue;
            };
            let mut r = first.rect();
            for m in &members[1..] {
                r = r.union(&m.rect());
            }
            (c.x, c.y, c.w, c.h) = (r.x - 30.0, r.y - 40.0, r.w + 60.0, r.h + 70.0);
        }
        let unheard: Vec<String> = self
            .events
            .iter()
            .filter(|e| self.board.outgoing(e.sticky).next().is_none())
            .filter_map(|e| self.board.sticky(e.sticky).map(|s| shown(&s.label)))
            .collect();
        if !unheard.is_empty() {
            self.review.push(format!(
                "No document given receives {}: add the documents of the services that do, or draw their policies.",
                unheard.join(", ")
            ));
        }
        let assumed = self
            .board
            .stickies
            .iter()
            .filter(|s| s.kind == Kind::Command)
            .count();
        if assumed > 0 {
            self.review.insert(
                0,
                format!("{assumed} commands, with the aggregates that handle them and their rates, are not in the contracts: they were added with Stormlab's defaults, each marked \u{201c}{ASSUMED}\u{201d} in its notes (listed as advice on the board). Review them, then delete that line."),
            );
        }
    }
}
