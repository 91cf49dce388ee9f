//! Sticky kinds: the event-storming vocabulary, its colours, sizes and legend.

use serde::{Deserialize, Serialize};

/// What a sticky stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Something that happened (orange); domain or integration event, see its scope.
    Event,
    /// An intention to change something (blue).
    Command,
    /// A person or role who issues commands (small yellow).
    Actor,
    /// The thing that decides and emits events (pale yellow).
    Aggregate,
    /// "Whenever this happens, do that" (lilac).
    Policy,
    /// Data someone looks at to decide (green).
    ReadModel,
    /// A system outside our control (pink).
    ExternalSystem,
    /// A question, risk or disagreement (red).
    Hotspot,
}

impl Kind {
    /// Every kind, in palette order.
    pub const ALL: [Kind; 8] = [
        Kind::Event,
        Kind::Command,
        Kind::Actor,
        Kind::Aggregate,
        Kind::Policy,
        Kind::ReadModel,
        Kind::ExternalSystem,
        Kind::Hotspot,
    ];

    /// The name shown to people.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Event => "Event",
            Kind::Command => "Command",
            Kind::Actor => "Actor",
            Kind::Aggregate => "Aggregate",
            Kind::Policy => "Policy",
            Kind::ReadModel => "Read model",
            Kind::ExternalSystem => "External system",
            Kind::Hotspot => "Hotspot",
        }
    }

    /// A CSS-friendly name (`read-model`).
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Event => "event",
            Kind::Command => "command",
            Kind::Actor => "actor",
            Kind::Aggregate => "aggregate",
            Kind::Policy => "policy",
            Kind::ReadModel => "read-model",
            Kind::ExternalSystem => "external",
            Kind::Hotspot => "hotspot",
        }
    }

    /// The colour name used in event storming.
    pub fn colour(self) -> &'static str {
        match self {
            Kind::Event => "orange",
            Kind::Command => "blue",
            Kind::Actor => "small yellow",
            Kind::Aggregate => "pale yellow",
            Kind::Policy => "lilac",
            Kind::ReadModel => "green",
            Kind::ExternalSystem => "pink",
            Kind::Hotspot => "red",
        }
    }

    /// One line for the legend.
    pub fn meaning(self) -> &'static str {
        match self {
            Kind::Event => "a fact that happened, named in the past tense",
            Kind::Command => "a request to do something, named in the imperative",
            Kind::Actor => "who issues a command",
            Kind::Aggregate => "what accepts a command and records events",
            Kind::Policy => "reacts to an event by issuing a command",
            Kind::ReadModel => "what someone reads before deciding",
            Kind::ExternalSystem => "a system outside the team's control",
            Kind::Hotspot => "an open question or a risk",
        }
    }

    /// Default width and height on the board.
    pub fn size(self) -> (f64, f64) {
        match self {
            Kind::Actor => (120.0, 72.0),
            Kind::Aggregate => (180.0, 110.0),
            _ => (160.0, 100.0),
        }
    }

    /// The label a new sticky of this kind starts with.
    pub fn placeholder(self) -> &'static str {
        match self {
            Kind::Event => "Something happened",
            Kind::Command => "Do something",
            Kind::Actor => "Someone",
            Kind::Aggregate => "Aggregate",
            Kind::Policy => "Whenever…",
            Kind::ReadModel => "Read model",
            Kind::ExternalSystem => "External system",
            Kind::Hotspot => "Question?",
        }
    }
}
