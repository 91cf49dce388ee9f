//! The board document: stickies, bounded-context frames and links, with the event properties
//! the simulator needs.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::ids::{ContextId, ItemId, LinkId, StickyId};
use crate::kind::Kind;
pub use crate::payload::Payload;
use crate::settings::{skip, RunSettings, ServiceSettings, StickySettings};

/// A whole event-storming board.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Board {
    /// The board's title.
    #[serde(default)]
    pub title: String,
    /// Sticky notes, in creation order.
    #[serde(default)]
    pub stickies: Vec<Sticky>,
    /// Bounded-context frames.
    #[serde(default)]
    pub contexts: Vec<Context>,
    /// Connections between stickies.
    #[serde(default)]
    pub links: Vec<Link>,
    /// The next id to hand out (ids are never reused).
    #[serde(default)]
    pub next_id: u32,
    /// The built-in example this board was opened from (its id), which finds the example's
    /// ready experiment even after the board is renamed or edited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Settings of the simulated run (seed, duration, broker).
    #[serde(default, rename = "sim", skip_serializing_if = "skip")]
    pub run: RunSettings,
    /// The presentation walkthrough as the facilitator ordered and captioned it (empty: the
    /// links in flow order with the captions said from their kinds); see
    /// [`crate::walkthrough`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub walkthrough: Vec<Step>,
    /// The board's experiments (see [`crate::experiment`]), in the order they were kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub experiments: Vec<crate::experiment::Experiment>,
}

/// A sticky note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sticky {
    /// Id.
    pub id: StickyId,
    /// Kind (and so colour).
    pub kind: Kind,
    /// The text on the sticky.
    pub label: String,
    /// Free notes shown in the property panel.
    #[serde(default)]
    pub notes: String,
    /// Left edge, in board units.
    pub x: f64,
    /// Top edge, in board units.
    pub y: f64,
    /// The context frame that owns this sticky (the innermost frame containing its centre).
    #[serde(default)]
    pub context: Option<ContextId>,
    /// What the simulator needs to know about an event (events only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<EventProps>,
    /// Simulation settings (which fields matter depends on the kind).
    #[serde(default, rename = "sim", skip_serializing_if = "skip")]
    pub settings: StickySettings,
}

/// The stickies of a board sorted by the context that holds them (see [`Board::blocks`]).
pub struct Blocks<'a> {
    of: HashMap<ContextId, Vec<&'a Sticky>>,
    /// The stickies in no existing context, in board order.
    pub loose: Vec<&'a Sticky>,
}

impl<'a> Blocks<'a> {
    /// The stickies of the context `id`, in board order (none for a context not on the board).
    pub fn of(&self, id: ContextId) -> &[&'a Sticky] {
        self.of.get(&id).map_or(&[], Vec::as_slice)
    }
}

/// A bounded context: a named frame owning the stickies inside it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// Id.
    pub id: ContextId,
    /// Name, for example "Payment".
    pub name: String,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
    /// Simulation settings of the service this context runs as.
    #[serde(default, rename = "sim", skip_serializing_if = "skip")]
    pub service: ServiceSettings,
}

/// A causal link from one sticky to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Id.
    pub id: LinkId,
    /// Where the arrow starts.
    pub from: StickyId,
    /// Where the arrow points.
    pub to: StickyId,
}

/// Whether an event stays inside its context.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Private to its bounded context.
    #[default]
    Domain,
    /// Published to other contexts: a contract.
    Integration,
}

/// How an event's versions are told apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Versioning {
    /// `OrderPlacedV2`.
    InName,
    /// A `version` attribute in the payload or its metadata.
    InPayload,
    /// One topic per version.
    TopicPerVersion,
    /// A schema id resolved through a registry.
    SchemaRegistry,
    /// Only additive changes; old readers ignore new fields.
    AdditiveOnly,
}

impl Versioning {
    /// Every strategy, for menus.
    pub const ALL: [Versioning; 5] = [
        Versioning::InName,
        Versioning::InPayload,
        Versioning::TopicPerVersion,
        Versioning::SchemaRegistry,
        Versioning::AdditiveOnly,
    ];

    /// The name shown to people.
    pub fn name(self) -> &'static str {
        match self {
            Versioning::InName => "Version in the name",
            Versioning::InPayload => "Version in the payload",
            Versioning::TopicPerVersion => "A topic per version",
            Versioning::SchemaRegistry => "Schema registry",
            Versioning::AdditiveOnly => "Additive changes only",
        }
    }
}

/// One field of an event's payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Field name.
    pub name: String,
    /// Approximate size in bytes (what the simulation carries).
    pub bytes: u32,
    /// What it holds (a string unless said).
    #[serde(default, rename = "type", skip_serializing_if = "FieldType::is_string")]
    pub ty: FieldType,
    /// Whether every message has it.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub required: bool,
    /// The fields of an object, or of each element of an array (one level).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub of: Vec<Field>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl Field {
    /// A required string field of `bytes` bytes.
    pub fn new(name: impl Into<String>, bytes: u32) -> Field {
        Field {
            name: name.into(),
            bytes,
            ty: FieldType::String,
            required: true,
            of: Vec::new(),
        }
    }

    /// A required field of type `ty`, its size the type's usual one.
    pub fn typed(name: impl Into<String>, ty: FieldType) -> Field {
        Field {
            ty,
            ..Field::new(name, ty.usual_bytes())
        }
    }
}

/// What a payload field holds, as JSON Schema says it (`type` and `format`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldType {
    #[default]
    String,
    Uuid,
    DateTime,
    Email,
    Uri,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
}

impl FieldType {
    /// Every type, for menus.
    pub const ALL: [FieldType; 10] = [
        FieldType::String,
        FieldType::Uuid,
        FieldType::DateTime,
        FieldType::Email,
        FieldType::Uri,
        FieldType::Integer,
        FieldType::Number,
        FieldType::Boolean,
        FieldType::Array,
        FieldType::Object,
    ];

    /// Each type's word in the board file and the text format, in the order of [`FieldType::ALL`].
    pub const WORDS: [&'static str; 10] = [
        "string",
        "uuid",
        "date-time",
        "email",
        "uri",
        "integer",
        "number",
        "boolean",
        "array",
        "object",
    ];

    /// The type's word ([`FieldType::WORDS`]).
    pub fn word(self) -> &'static str {
        FieldType::WORDS[FieldType::ALL.iter().position(|t| *t == self).unwrap_or(0)]
    }

    /// The name shown to people (the property panel's menu).
    pub fn name(self) -> &'static str {
        match self {
            FieldType::String => "text",
            FieldType::Boolean => "true/false",
            FieldType::Array => "list",
            other => other.word(),
        }
    }

    /// The type a word names.
    pub fn from_word(word: &str) -> Option<FieldType> {
        FieldType::WORDS
            .iter()
            .position(|w| *w == word)
            .map(|i| FieldType::ALL[i])
    }

    fn is_string(&self) -> bool {
        *self == FieldType::String
    }

    /// JSON Schema's `type` and `format` for it.
    pub fn schema(self) -> (&'static str, Option<&'static str>) {
        match self {
            FieldType::String => ("string", None),
            FieldType::Uuid => ("string", Some("uuid")),
            FieldType::DateTime => ("string", Some("date-time")),
            FieldType::Email => ("string", Some("email")),
            FieldType::Uri => ("string", Some("uri")),
            FieldType::Integer => ("integer", None),
            FieldType::Number => ("number", None),
            FieldType::Boolean => ("boolean", None),
            FieldType::Array => ("array", None),
            FieldType::Object => ("object", None),
        }
    }

    /// The size the type fixes, in JSON: a uuid is 36 characters, a date-time 24
    /// (`2026-12-06T10:30:00.000Z`), a boolean at most 5 (`false`).
    pub fn fixed_bytes(self) -> Option<u32> {
        match self {
            FieldType::Uuid => Some(36),
            FieldType::DateTime => Some(24),
            FieldType::Boolean => Some(5),
            _ => None,
        }
    }

    /// The size a new field of this type starts with.
    pub fn usual_bytes(self) -> u32 {
        self.fixed_bytes().unwrap_or(match self {
            FieldType::Integer | FieldType::Number => 8,
            FieldType::Email => 48,
            FieldType::Uri => 80,
            FieldType::Array | FieldType::Object => 200,
            _ => 32,
        })
    }

    /// True for the types that hold fields of their own.
    pub fn nests(self) -> bool {
        matches!(self, FieldType::Array | FieldType::Object)
    }
}

/// Event properties used by the simulator and the lints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventProps {
    /// Domain or integration event.
    #[serde(default)]
    pub scope: Scope,
    /// Payload style.
    #[serde(default)]
    pub payload: Payload,
    /// Payload fields with sizes.
    #[serde(default)]
    pub fields: Vec<Field>,
    /// Current version, if the event is versioned.
    #[serde(default)]
    pub version: Option<u32>,
    /// How versions are distinguished.
    #[serde(default)]
    pub versioning: Option<Versioning>,
}

impl EventProps {
    /// Properties of a new event of the given scope.
    pub fn new(scope: Scope) -> EventProps {
        EventProps {
            scope,
            payload: Payload::Fat,
            fields: vec![Field::typed("id", FieldType::Uuid)],
            version: (scope == Scope::Integration).then_some(1),
            versioning: (scope == Scope::Integration).then_some(Versioning::InPayload),
        }
    }

    /// The approximate size of the full payload.
    pub fn state_bytes(&self) -> u32 {
        self.fields
            .iter()
            .fold(0u32, |sum, f| sum.saturating_add(f.bytes))
    }
}

/// An axis-aligned rectangle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// True when the point is inside.
    pub fn contains(&self, px: f64, py: f64) -> bool {
        px >= self.x && px <= self.x + self.w && py >= self.y && py <= self.y + self.h
    }

    /// True when the two overlap.
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    /// The centre.
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, o: &Rect) -> Rect {
        let x = self.x.min(o.x);
        let y = self.y.min(o.y);
        Rect {
            x,
            y,
            w: (self.x + self.w).max(o.x + o.w) - x,
            h: (self.y + self.h).max(o.y + o.h) - y,
        }
    }
}

impl Sticky {
    /// The sticky's rectangle.
    pub fn rect(&self) -> Rect {
        let (w, h) = self.kind.size();
        Rect {
            x: self.x,
            y: self.y,
            w,
            h,
        }
    }

    /// The scope of an event sticky (`None` for other kinds).
    pub fn scope(&self) -> Option<Scope> {
        self.event.as_ref().map(|e| e.scope)
    }
}

impl Context {
    /// The frame's rectangle.
    pub fn rect(&self) -> Rect {
        Rect {
            x: self.x,
            y: self.y,
            w: self.w,
            h: self.h,
        }
    }
}

impl Board {
    /// The sticky with this id.
    pub fn sticky(&self, id: StickyId) -> Option<&Sticky> {
        self.stickies.iter().find(|s| s.id == id)
    }

    /// The sticky with this id, mutably.
    pub fn sticky_mut(&mut self, id: StickyId) -> Option<&mut Sticky> {
        self.stickies.iter_mut().find(|s| s.id == id)
    }

    /// The context with this id.
    pub fn context(&self, id: ContextId) -> Option<&Context> {
        self.contexts.iter().find(|c| c.id == id)
    }

    /// The link with this id.
    pub fn link(&self, id: LinkId) -> Option<&Link> {
        self.links.iter().find(|l| l.id == id)
    }

    /// The stickies of each context in board order, and those in none (or in a context that
    /// no longer exists), sorted out in one pass: writers that go context by context use it
    /// instead of looking every sticky's context up again for every context.
    pub fn blocks(&self) -> Blocks<'_> {
        let mut of: HashMap<ContextId, Vec<&Sticky>> =
            self.contexts.iter().map(|c| (c.id, Vec::new())).collect();
        let mut loose = Vec::new();
        for s in &self.stickies {
            match s.context.and_then(|c| of.get_mut(&c)) {
                Some(block) => block.push(s),
                None => loose.push(s),
            }
        }
        Blocks { of, loose }
    }

    /// True when the item exists.
    pub fn contains(&self, item: ItemId) -> bool {
        match item {
            ItemId::Sticky(id) => self.sticky(id).is_some(),
            ItemId::Context(id) => self.context(id).is_some(),
            ItemId::Link(id) => self.link(id).is_some(),
        }
    }

    /// Hands out a fresh id number.
    pub fn fresh_id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The innermost (smallest) frame containing the point, if any.
    pub fn context_at(&self, px: f64, py: f64) -> Option<ContextId> {
        self.contexts
            .iter()
            .filter(|c| c.rect().contains(px, py))
            .min_by(|a, b| (a.w * a.h).total_cmp(&(b.w * b.h)))
            .map(|c| c.id)
    }

    /// Recomputes which frame owns each sticky (from the sticky's centre).
    pub fn assign_contexts(&mut self) {
        let owners: Vec<Option<ContextId>> = self
            .stickies
            .iter()
            .map(|s| {
                let (cx, cy) = s.rect().center();
                self.context_at(cx, cy)
            })
            .collect();
        for (sticky, owner) in self.stickies.iter_mut().zip(owners) {
            sticky.context = owner;
        }
    }

    /// The links leaving a sticky.
    pub fn outgoing(&self, id: StickyId) -> impl Iterator<Item = &Link> {
        self.links.iter().filter(move |l| l.from == id)
    }

    /// The links arriving at a sticky.
    pub fn incoming(&self, id: StickyId) -> impl Iterator<Item = &Link> {
        self.links.iter().filter(move |l| l.to == id)
    }

    /// The bounding box of everything on the board, if anything is on it.
    pub fn bounds(&self) -> Option<Rect> {
        let rects = self
            .stickies
            .iter()
            .map(Sticky::rect)
            .chain(self.contexts.iter().map(Context::rect));
        rects.reduce(|a, b| a.union(&b))
    }

    /// The name of a sticky's context, or "no context".
    pub fn context_name(&self, id: Option<ContextId>) -> &str {
        id.and_then(|c| self.context(c))
            .map_or("no context", |c| c.name.as_str())
    }
}

/// A step the facilitator placed or captioned. The saved walkthrough lists only the links the
/// facilitator ordered; links it does not name follow in flow order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The link this step shows.
    pub link: LinkId,
    /// What to say; empty for the caption said from the kinds.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub caption: String,
}
