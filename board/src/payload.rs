//! What an integration event carries: its whole state, a notification the consumer calls back
//! for, or a claim check.

use serde::{Deserialize, Serialize};

/// What an integration event carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Payload {
    /// Event-carried state transfer: the full state.
    #[default]
    Fat,
    /// A notification: consumers call the producer back for the data.
    Notification,
    /// A claim check: a reference to a payload kept in a store.
    ClaimCheck,
}

impl Payload {
    /// Every style, for menus.
    pub const ALL: [Payload; 3] = [Payload::Fat, Payload::Notification, Payload::ClaimCheck];

    /// Each style's word in the text format and in a variant's words, in the order of
    /// [`Payload::ALL`].
    pub const WORDS: [&'static str; 3] = ["fat", "notification", "claim_check"];

    /// The style's word ([`Payload::WORDS`]).
    pub fn word(self) -> &'static str {
        Payload::WORDS[Payload::ALL.iter().position(|p| *p == self).unwrap_or(0)]
    }

    /// The style a word names.
    pub fn from_word(word: &str) -> Option<Payload> {
        Payload::WORDS
            .iter()
            .position(|w| *w == word)
            .map(|i| Payload::ALL[i])
    }

    /// The name shown to people.
    pub fn name(self) -> &'static str {
        match self {
            Payload::Fat => "Fat (event-carried state)",
            Payload::Notification => "Notification (callback)",
            Payload::ClaimCheck => "Claim check",
        }
    }
}
