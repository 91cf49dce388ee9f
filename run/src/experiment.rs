//! The ready experiments: every lesson of the seed documents as two variants of a built-in
//! example, with the question, what to look at, and the metric whose difference answers it.
//! Found by the example's id, which the board keeps when it is renamed or edited.

use stormlab_board::examples::example;
use stormlab_board::{Board, ContextId, Payload};

use crate::variant::{Outage, Variant};

/// Consumers that poll every two seconds: events wait in their queues long enough for an
/// outage to catch some.
const SLOW_POLL: &str = "delivery=poll interval_ms=2000";

/// A few busy orders, many events each, some handled again after a failure: what it takes for
/// one order's events to overtake each other.
const BUSY_KEYS: &str = "key_space=3 instances=4 rate_per_sec=40 failure_rate=0.2";

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
    /// The headline metric that answers the question.
    pub metric: &'static str,
    /// True when the lesson is that B is higher on that metric (else lower).
    pub b_higher: bool,
}

/// The first experiment of the example `board` was opened from, if any.
pub fn for_board(board: &Board) -> Option<Experiment> {
    for_example(board.example.as_deref()?)
}

/// Every experiment of the example `board` was opened from.
pub fn all_for_board(board: &Board) -> Vec<Experiment> {
    board
        .example
        .as_deref()
        .map_or_else(Vec::new, all_for_example)
}

/// The first experiment of the example with this id.
pub fn for_example(id: &str) -> Option<Experiment> {
    all_for_example(id).into_iter().next()
}

/// The lessons, in the order of the seed documents: (example, experiment).
pub fn lessons() -> Vec<(&'static str, Experiment)> {
    ["review", "retail", "saga", "pizza", "budget"]
        .into_iter()
        .flat_map(|id| all_for_example(id).into_iter().map(move |e| (id, e)))
        .collect()
}

/// Every experiment of the example with this id. An outage names its context by the id it has
/// on the example's board, so a board opened from the example keeps it when the context is
/// renamed.
pub fn all_for_example(id: &str) -> Vec<Experiment> {
    let Some(ex) = example(id) else {
        return Vec::new();
    };
    let board = ex.board();
    let down = |name: &str, from_s: f64, to_s: f64| {
        context_named(&board, name).map(|context| Outage {
            context,
            from_s,
            to_s,
        })
    };
    match id {
        "retail" => vec![
            Experiment {
                question: "Push or poll: how much latency does polling add, and what does push need?",
                a: Variant::with("delivery=push"),
                b: Variant::with("delivery=poll"),
                watch: "Mean latency (and p95): push delivers at once, poll waits half an interval on average (about 250 ms at 500 ms) and makes empty polls; polling lets the consumer set its own pace, push relies on its in-flight window for back-pressure.",
                metric: "Mean latency",
                b_higher: true,
            },
            Experiment {
                question: "Shipping is down for 20 seconds: events, or a chain of synchronous requests?",
                a: Variant { outage: down("Shipping", 10.0, 30.0), ..Variant::default() },
                b: Variant { outage: down("Shipping", 10.0, 30.0), ..Variant::with("style=request_response") },
                watch: "Commands failed or refused: with requests along the chain, one service down fails every order that reaches it; with events the other contexts go on and Shipping catches up when it is back.",
                metric: "Commands failed or refused",
                b_higher: true,
            },
            Experiment {
                question: "Does every consumer see an order's events in the order they happened?",
                a: Variant::with(&format!("{BUSY_KEYS} ordered=true")),
                b: Variant::with(&format!("{BUSY_KEYS} ordered=false")),
                watch: "Out of order: with three busy orders, four instances of every consumer and one attempt in five failing, consumers that take a key's events in parallel handle some of them out of order (a retried event arrives after the next one); keyed partitions handled one at a time per key never do.",
                metric: "Out of order",
                b_higher: true,
            },
            Experiment {
                question: "CQRS: how stale is the order status the customer reads when its projection lags?",
                a: Variant::default(),
                b: Variant::with(SLOW_POLL),
                watch: "Stale reads: the read model answers queries from what it has projected; the longer the projection lags behind the events (here polling every 2 s), the more answers are out of date.",
                metric: "Stale reads",
                b_higher: true,
            },
            Experiment {
                question: "A new version of the events: what happens to the consumers written for the old one?",
                a: Variant { version_bump: Some(1), ..Variant::with("tolerant_reader=false upcast=false") },
                b: Variant { version_bump: Some(1), ..Variant::with("tolerant_reader=true") },
                watch: "Version mismatches: consumers that read only the version they were written for fail on the new one; a tolerant reader (additive changes only) or upcasting fails none.",
                metric: "Version mismatches",
                b_higher: false,
            },
        ],
        "pizza" => vec![Experiment {
            question: "A lost acknowledgement delivers an event twice: what does an idempotent consumer save?",
            a: Variant::with("duplicate_rate=0.05 idempotent=false"),
            b: Variant::with("duplicate_rate=0.05 idempotent=true"),
            watch: "Duplicate effects: at-least-once delivery means duplicates; without idempotency some pizzas are cooked twice and points awarded twice, with it duplicates are skipped.",
            metric: "Duplicate effects",
            b_higher: false,
        }],
        "review" => vec![
            Experiment {
                question: "Fat event or notification: what does each consumer cost the editorial service?",
                a: Variant { payload: Some(Payload::Fat), ..Variant::default() },
                b: Variant { payload: Some(Payload::Notification), ..Variant::default() },
                watch: "Callbacks: with notifications every consumer calls Editorial back, five calls per review, growing linearly with the consumers (sweep the consumers to see the line); fat events carry the data and need none, at the cost of bytes through the broker.",
                metric: "Callbacks",
                b_higher: true,
            },
            Experiment {
                question: "Editorial is down for 20 seconds: which consumers notice?",
                a: Variant { payload: Some(Payload::Fat), outage: down("Editorial", 10.0, 30.0), ..Variant::with(SLOW_POLL) },
                b: Variant { payload: Some(Payload::Notification), outage: down("Editorial", 10.0, 30.0), ..Variant::with(SLOW_POLL) },
                watch: "Failed callbacks: a notification consumer must call the producer back, so while Editorial is down its callbacks fail and the reviews wait; a fat-event consumer has all it needs in the event and goes on.",
                metric: "Failed callbacks",
                b_higher: true,
            },
        ],
        "budget" => vec![Experiment {
            question: "Dual write or outbox when Projects crashes between commit and publish?",
            a: Variant::with("publish=dual_write crash_rate=0.02"),
            b: Variant::with("publish=outbox crash_rate=0.02"),
            watch: "Events lost: dual write loses about 2% of the events, so Finance never freezes those budgets; the outbox loses none and pays a relay delay.",
            metric: "Events lost",
            b_higher: false,
        }],
        "saga" => vec![Experiment {
            question: "Payment is down for 20 seconds: what happens to the orders in flight?",
            a: Variant::default(),
            b: Variant { outage: down("Payment", 10.0, 30.0), ..Variant::default() },
            watch: "Sagas rolled back and compensations: the coordinator gives up on Payment, releases the stock and cancels the order, in reverse order; every order ends committed or compensated.",
            metric: "Sagas rolled back",
            b_higher: true,
        }],
        _ => vec![],
    }
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
