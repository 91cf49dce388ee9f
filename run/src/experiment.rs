//! The ready experiment of each built-in example: two variants of the board and what comparing
//! them shows. Found by the example's id, which the board keeps when it is renamed or edited.

use stormlab_board::examples::example;
use stormlab_board::settings::{DeliverySetting, PublishSetting};
use stormlab_board::{Board, ContextId, Payload};

use crate::variant::{Outage, Variant};

/// Two variants of one board and what comparing them shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Experiment {
    /// The question the experiment answers.
    pub question: &'static str,
    /// Left side.
    pub a: Variant,
    /// Right side.
    pub b: Variant,
    /// What to look at in the comparison table.
    pub watch: &'static str,
}

/// The experiment of the example `board` was opened from, if any.
pub fn for_board(board: &Board) -> Option<Experiment> {
    for_example(board.example.as_deref()?)
}

/// The experiment of the example with this id. An outage names its context by the id it has on
/// the example's board, so a board opened from the example keeps it when the context is renamed.
pub fn for_example(id: &str) -> Option<Experiment> {
    let board = example(id)?.board();
    let experiment = match id {
        "retail" => Experiment {
            question: "Push or poll: how much latency does polling add, and what does push need?",
            a: Variant { delivery: Some(DeliverySetting::Push { window: 16 }), ..Variant::default() },
            b: Variant { delivery: Some(DeliverySetting::POLL), ..Variant::default() },
            watch: "Mean and p95 latency: push delivers at once, poll waits half an interval on average and makes empty polls; push relies on its in-flight window for back-pressure.",
        },
        "pizza" => Experiment {
            question: "A lost acknowledgement delivers an event twice: what does an idempotent consumer save?",
            a: Variant { duplicate_rate: Some(0.05), idempotent: Some(false), ..Variant::default() },
            b: Variant { duplicate_rate: Some(0.05), idempotent: Some(true), ..Variant::default() },
            watch: "Duplicate effects: without idempotency some pizzas are cooked twice and points awarded twice; with it, duplicates are skipped.",
        },
        "review" => Experiment {
            question: "Fat event or notification: what does each consumer cost the editorial service?",
            a: Variant { payload: Some(Payload::Fat), ..Variant::default() },
            b: Variant { payload: Some(Payload::Notification), ..Variant::default() },
            watch: "Callbacks: with notifications every consumer calls Editorial back, five calls per review, and latency grows with the callback queue; fat events carry the data and need none.",
        },
        "budget" => Experiment {
            question: "Dual write or outbox when Projects crashes between commit and publish?",
            a: Variant { publish: Some(PublishSetting::DualWrite), crash_rate: Some(0.02), ..Variant::default() },
            b: Variant { publish: Some(PublishSetting::Outbox), crash_rate: Some(0.02), ..Variant::default() },
            watch: "Events lost: dual write loses about 2% of the events, so Finance never freezes those budgets; the outbox loses none and pays a relay delay.",
        },
        "saga" => Experiment {
            question: "Payment is down for 20 seconds: what happens to the orders in flight?",
            a: Variant::default(),
            b: Variant {
                outage: context_named(&board, "Payment")
                    .map(|context| Outage { context, from_s: 10.0, to_s: 30.0 }),
                ..Variant::default()
            },
            watch: "Sagas rolled back and compensations: the coordinator gives up on Payment, releases the stock and cancels the order, in reverse order.",
        },
        _ => return None,
    };
    Some(experiment)
}

fn context_named(board: &Board, name: &str) -> Option<ContextId> {
    board.contexts.iter().find(|c| c.name == name).map(|c| c.id)
}

#[cfg(test)]
mod tests {
    use stormlab_board::examples::EXAMPLES;
    use stormlab_board::Action;

    use super::*;

    #[test]
    fn every_example_has_an_experiment_found_by_its_id() {
        for ex in EXAMPLES {
            let board = ex.board();
            let e = for_board(&board).unwrap_or_else(|| panic!("{} has none", ex.id));
            assert_ne!(e.a, e.b, "{}: both sides alike", ex.id);
        }
        assert_eq!(for_board(&Board::default()), None);
    }

    #[test]
    fn renaming_the_board_and_the_context_keeps_the_experiment_and_its_outage() {
        let board = example("saga").unwrap().board();
        let before = for_board(&board).unwrap();
        let payment = before.b.outage.as_ref().unwrap().context;
        let renamed = stormlab_board::apply(&board, &Action::SetTitle("Our orders".into()))
            .unwrap()
            .board;
        let renamed = stormlab_board::apply(
            &renamed,
            &Action::RenameContext {
                id: payment,
                name: "Billing".into(),
            },
        )
        .unwrap()
        .board;
        // The renamed board still finds its experiment, and the outage the same context, now
        // called Billing.
        let after = for_board(&renamed).unwrap();
        assert_eq!(after, before);
        assert_eq!(after.b.outage.as_ref().unwrap().context, payment);
        assert!(after.b.describe(&renamed)[0].starts_with("Billing down"));
    }
}
