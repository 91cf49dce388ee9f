//! Lints: modelling advice drawn from event-driven design, shown on the sticky and in a list.

use serde::Serialize;

use crate::document::{Board, Payload, Scope, Sticky};
use crate::ids::StickyId;
use crate::kind::Kind;

/// Consumers in other contexts from which an event's payload style starts to hurt.
pub const MANY_SUBSCRIBERS: usize = 3;

/// Which rule a lint comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LintCode {
    /// An event not named in the past tense.
    EventNotPastTense,
    /// A command not named in the imperative.
    CommandNotImperative,
    /// A domain event used by another context.
    DomainEventLeaks,
    /// A fat event with many subscribers.
    FatEventCoupling,
    /// A notification event with many subscribers.
    NotificationCallbackLoad,
    /// An integration event without a version.
    UnversionedIntegrationEvent,
    /// A command that leads to no event.
    CommandWithoutEvent,
    /// A policy no event triggers.
    UntriggeredPolicy,
    /// Something an import assumed (a line of the notes starting with [`ASSUMED`]).
    Assumed,
}

/// How a line of a sticky's notes starts when an import assumed what it says: each such line is
/// advice to review, until it is deleted from the notes.
pub const ASSUMED: &str = "Assumed on import:";

/// One piece of advice about one sticky.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Lint {
    /// The sticky concerned.
    pub sticky: StickyId,
    /// The rule.
    pub code: LintCode,
    /// What is wrong and why it matters, in one sentence.
    pub message: String,
}

/// Splits `OrderPlaced`, `order placed` or `order-placed` into lower-case words.
pub fn words(label: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in label.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase() || c.is_numeric();
        // ASCII only: the page carries no Unicode case tables for a tense heuristic.
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

const IRREGULAR_PAST: &[&str] = &[
    "paid",
    "sent",
    "made",
    "built",
    "held",
    "sold",
    "bought",
    "won",
    "lost",
    "taken",
    "given",
    "done",
    "seen",
    "begun",
    "chosen",
    "frozen",
    "written",
    "drawn",
    "run",
    "set",
    "put",
    "cut",
    "shut",
    "kept",
    "left",
    "met",
    "found",
    "told",
    "brought",
    "caught",
    "thought",
    "taught",
    "got",
    "gotten",
    "hidden",
    "broken",
    "spoken",
    "stolen",
    "known",
    "shown",
    "grown",
    "thrown",
    "flown",
    "driven",
    "ridden",
    "risen",
    "fallen",
    "eaten",
    "forgotten",
    "read",
    "spent",
    "lent",
    "bent",
    "dealt",
    "felt",
    "meant",
    "sent",
    "slept",
    "swept",
    "withdrawn",
    "undone",
    "overdrawn",
    "rebuilt",
    "resent",
    "reset",
    "upheld",
    "wound",
    "bound",
    "ground",
    "split",
    "quit",
    "cast",
    "forecast",
    "broadcast",
    "hung",
    "struck",
    "stuck",
    "spun",
    "won",
    "sunk",
    "shrunk",
    "became",
    "born",
];

fn is_past(word: &str) -> bool {
    (word.len() > 3 && word.ends_with("ed")) || IRREGULAR_PAST.contains(&word)
}

/// True when the label reads as something that happened: a past participle anywhere
/// ("OrderPlaced", "PostedToX", "Payment failed") or a negated state ("StockNotAvailable").
pub fn is_past_tense(label: &str) -> bool {
    words(label).iter().any(|w| is_past(w) || w == "not")
}

/// True when the label starts like an instruction ("PlaceOrder", "Reserve stock").
pub fn is_imperative(label: &str) -> bool {
    let words = words(label);
    match (words.first(), words.last()) {
        (Some(first), Some(last)) => {
            !(is_past(first) || first.ends_with("ing") && first.len() > 4 || is_past(last))
        }
        _ => false,
    }
}

/// Contexts other than the event's own that consume it (through policies or read models).
pub fn foreign_consumers<'a>(board: &'a Board, event: &Sticky) -> Vec<&'a Sticky> {
    board
        .outgoing(event.id)
        .filter_map(|l| board.sticky(l.to))
        .filter(|t| matches!(t.kind, Kind::Policy | Kind::ReadModel) && t.context != event.context)
        .collect()
}

/// Every lint of the board, in sticky order.
pub fn lint(board: &Board) -> Vec<Lint> {
    let mut out = Vec::new();
    for s in &board.stickies {
        let mut push = |code, message: String| {
            out.push(Lint {
                sticky: s.id,
                code,
                message,
            })
        };
        for line in s.notes.lines().filter(|l| l.starts_with(ASSUMED)) {
            push(
                LintCode::Assumed,
                format!(
                    "Review: {} Delete this line from the notes once it is right.",
                    line[ASSUMED.len()..].trim()
                ),
            );
        }
        match s.kind {
            Kind::Event => {
                if !s.label.trim().is_empty() && !is_past_tense(&s.label) {
                    push(
                        LintCode::EventNotPastTense,
                        "Name events in the past tense (\"OrderPlaced\"): an event records a fact that already happened.".into(),
                    );
                }
                let consumers = foreign_consumers(board, s);
                let props = s
                    .event
                    .clone()
                    .unwrap_or_else(|| crate::document::EventProps::new(Scope::Domain));
                if props.scope == Scope::Domain && !consumers.is_empty() {
                    push(
                        LintCode::DomainEventLeaks,
                        format!(
                            "This domain event is consumed in {}: make it an integration event, a published contract, so its own context can change it freely.",
                            board.context_name(consumers[0].context)
                        ),
                    );
                }
                if props.scope == Scope::Integration {
                    if consumers.len() >= MANY_SUBSCRIBERS && props.payload == Payload::Fat {
                        push(
                            LintCode::FatEventCoupling,
                            format!(
                                "{} contexts depend on this fat event's full schema: every change to it ripples to all of them.",
                                consumers.len()
                            ),
                        );
                    }
                    if consumers.len() >= MANY_SUBSCRIBERS && props.payload == Payload::Notification
                    {
                        push(
                            LintCode::NotificationCallbackLoad,
                            format!(
                                "{} consumers will each call the producer back for the data: the producer's load grows with every new subscriber.",
                                consumers.len()
                            ),
                        );
                    }
                    if props.version.is_none() || props.versioning.is_none() {
                        push(
                            LintCode::UnversionedIntegrationEvent,
                            "Integration events are contracts: give this one a version and a versioning strategy before consumers rely on it.".into(),
                        );
                    }
                }
            }
            Kind::Command => {
                if !s.label.trim().is_empty() && !is_imperative(&s.label) {
                    push(
                        LintCode::CommandNotImperative,
                        "Name commands in the imperative (\"PlaceOrder\"): a command asks for something that may still be refused.".into(),
                    );
                }
                let produces_event =
                    board
                        .outgoing(s.id)
                        .filter_map(|l| board.sticky(l.to))
                        .any(|target| {
                            board
                                .outgoing(target.id)
                                .any(|l| board.sticky(l.to).is_some_and(|e| e.kind == Kind::Event))
                        });
                if !produces_event {
                    push(
                        LintCode::CommandWithoutEvent,
                        "This command leads to no event: link it to the aggregate or external system that handles it, and on to what happens.".into(),
                    );
                }
            }
            Kind::Policy => {
                let triggered = board
                    .incoming(s.id)
                    .any(|l| board.sticky(l.from).is_some_and(|e| e.kind == Kind::Event));
                if !triggered {
                    push(
                        LintCode::UntriggeredPolicy,
                        "No event triggers this policy: link the event it reacts to (\"whenever X happened, do Y\").".into(),
                    );
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_camel_case_and_separators() {
        assert_eq!(words("OrderPlaced"), vec!["order", "placed"]);
        assert_eq!(words("order placed"), vec!["order", "placed"]);
        assert_eq!(words("ship-order_now"), vec!["ship", "order", "now"]);
        assert_eq!(words("HTTPCallMade"), vec!["httpcall", "made"]);
        assert!(words("  ").is_empty());
    }

    #[test]
    fn tense_heuristics() {
        for past in [
            "OrderPlaced",
            "Payment failed",
            "Budget frozen",
            "ReviewPublished",
            "InvoiceSent",
            "Paid",
        ] {
            assert!(is_past_tense(past), "{past}");
        }
        for not_past in ["PlaceOrder", "Order", "Payment", "Publish review"] {
            assert!(!is_past_tense(not_past), "{not_past}");
        }
        for imperative in [
            "PlaceOrder",
            "Reserve stock",
            "ProcessPayment",
            "Freeze budget",
        ] {
            assert!(is_imperative(imperative), "{imperative}");
        }
        for not_imperative in ["OrderPlaced", "Placed order", "Processing payment", ""] {
            assert!(!is_imperative(not_imperative), "{not_imperative}");
        }
    }
}
