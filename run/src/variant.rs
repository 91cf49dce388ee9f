//! Variants: settings applied over the whole board at compile time, so the same board can run
//! twice (same seed, same workload) with one thing changed.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use stormlab_board::overrides::Overrides;
use stormlab_board::{Board, ContextId, Payload};
use stormlab_words::number;

/// A service outage during the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outage {
    /// The bounded context (service) that goes down, by id: renaming it keeps the outage.
    pub context: ContextId,
    /// From this second of simulated time.
    pub from_s: f64,
    /// Until this second.
    pub to_s: f64,
}

impl Outage {
    /// The labels of the outage's fields in the Compare view.
    pub const FROM: &'static str = "From (s)";
    pub const TO: &'static str = "To (s)";

    /// What is wrong with the window, in the Compare view's words: both ends within the
    /// longest run, From before To. `None` when it can run.
    pub fn problem(&self) -> Option<String> {
        let longest = stormlab_board::settings::table::DURATION_S.range();
        for (label, value) in [(Outage::FROM, self.from_s), (Outage::TO, self.to_s)] {
            if !(value.is_finite() && (0.0..=longest.max).contains(&value)) {
                return Some(format!(
                    "The outage's {label} takes a number of seconds from 0 to {}, found {}.",
                    number(longest.max),
                    number(value)
                ));
            }
        }
        (self.from_s >= self.to_s).then(|| {
            format!(
                "The outage's {} ({}) must come before its {} ({}).",
                Outage::FROM,
                number(self.from_s),
                Outage::TO,
                number(self.to_s)
            )
        })
    }
}

/// One side of a comparison: settings of the table set over the whole board at compile time
/// (every consumer polls, every service has an outbox, ...), and the few changes that are no
/// setting of a sticky (a payload style for every integration event, an outage, a version bump,
/// circuit breakers), so the same board can run twice (same seed, same workload) with one thing
/// changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Variant {
    /// Settings of the settings table, set everywhere they apply (by their keys).
    #[serde(flatten)]
    pub settings: Overrides,
    /// Every integration event carries this payload.
    pub payload: Option<Payload>,
    /// A service down for a while.
    pub outage: Option<Outage>,
    /// Every integration event is published this many versions above what the board says.
    pub version_bump: Option<u32>,
    /// Every consumer has a circuit breaker on its callbacks (or none).
    pub circuit_breaker: Option<bool>,
}

impl Variant {
    /// A variant that sets these settings (`key=value` words as the text format writes them);
    /// a panic for a word no setting takes (for variants written in code, which tests run).
    pub fn with(words: &str) -> Variant {
        Variant {
            settings: Overrides::from_words(words)
                .unwrap_or_else(|e| panic!("a variant written in code: {e}")),
            ..Variant::default()
        }
    }

    /// What this variant changes on `board`, one short phrase per override ("as drawn" when
    /// nothing).
    pub fn describe(&self, board: &Board) -> Vec<String> {
        let mut out = self.settings.describe();
        if let Some(p) = self.payload {
            out.push(format!("every event: {}", p.name().to_lowercase()));
        }
        if let Some(v) = self.version_bump {
            out.push(format!(
                "events published {v} version{} up",
                if v == 1 { "" } else { "s" }
            ));
        }
        if let Some(v) = self.circuit_breaker {
            out.push(
                if v {
                    "circuit breakers on callbacks"
                } else {
                    "no circuit breakers"
                }
                .into(),
            );
        }
        if let Some(o) = &self.outage {
            let name = board
                .context(o.context)
                .map_or("a deleted context", |c| &c.name);
            out.push(format!("{name} down from {} s to {} s", o.from_s, o.to_s));
        }
        if out.is_empty() {
            out.push("as drawn".into());
        }
        out
    }

    /// `board` with this variant's settings applied (borrowed when it sets none).
    pub fn board<'a>(&self, board: &'a Board) -> Cow<'a, Board> {
        if self.settings.is_empty() {
            Cow::Borrowed(board)
        } else {
            let mut b = board.clone();
            self.settings.apply(&mut b);
            Cow::Owned(b)
        }
    }
}
