//! The built-in examples' lessons: every lesson of the seed documents as an experiment of its
//! example board, with the question, what to look at, the metric whose difference answers it,
//! and the direction the lesson expects. An outage names its context by the id it has on the
//! example's board, so a board opened from the example keeps it when the context is renamed.

use crate::document::{Board, Payload};
use crate::experiment::{Expect, Experiment};
use crate::ids::ContextId;
use crate::variant::{Outage, Variant};

/// Runs of each side of a lesson (as many as Compare and the command line run by default).
const LESSON_RUNS: u32 = crate::experiment::DEFAULT_RUNS;

/// Consumers that poll every two seconds: events wait in their queues long enough for an
/// outage to catch some.
const SLOW_POLL: &str = "delivery=poll interval_ms=2000";

/// A few busy orders, many events each, some handled again after a failure: what it takes for
/// one order's events to overtake each other.
const BUSY_KEYS: &str = "key_space=3 instances=4 rate_per_sec=40 failure_rate=0.2";

/// The lessons of the example `id`, on its board `board`.
pub fn of_example(id: &str, board: &Board) -> Vec<Experiment> {
    let down = |name: &str, from_s: f64, to_s: f64| {
        context_named(board, name).map(|context| Outage {
            context,
            from_s,
            to_s,
        })
    };
    match id {
        "retail" => vec![
            Experiment {
                question: "Push or poll: how much latency does polling add, and what does push need?".into(),
                a: Variant::with("delivery=push"),
                b: Variant::with("delivery=poll"),
                watch: "Mean latency (and p95): push delivers at once, poll waits half an interval on average (about 250 ms at 500 ms) and makes empty polls; polling lets the consumer set its own pace, push relies on its in-flight window for back-pressure.".into(),
                metric: "Mean latency".into(),
                runs: LESSON_RUNS,
                expect: Some(Expect::BHigher),
            },
            Experiment {
                question: "Shipping is down for 20 seconds: events, or a chain of synchronous requests?".into(),
                a: Variant { outage: down("Shipping", 10.0, 30.0), ..Variant::default() },
                b: Variant { outage: down("Shipping", 10.0, 30.0), ..Variant::with("style=request_response") },
                watch: "Commands failed or refused: with requests along the chain, one service down fails every order that reaches it; with events the other contexts go on and Shipping catches up when it is back.".into(),
                metric: "Commands failed or refused".into(),
                runs: LESSON_RUNS,
                expect: Some(Expect::BHigher),
            },
            Experiment {
                question: "Does every consumer see an order's events in the order they happened?".into(),
                a: Variant::with(&format!("{BUSY_KEYS} ordered=true")),
                b: Variant::with(&format!("{BUSY_KEYS} ordered=false")),
                watch: "Out of order: with three busy orders, four instances of every consumer and one attempt in five failing, consumers that take a key's events in parallel handle some of them out of order (a retried event arrives after the next one); keyed partitions handled one at a time per key never do.".into(),
                metric: "Out of order".into(),
                runs: LESSON_RUNS,
                expect: Some(Expect::BHigher),
            },
            Experiment {
                question: "CQRS: how stale is the order status the customer reads when its projection lags?".into(),
                a: Variant::default(),
                b: Variant::with(SLOW_POLL),
                watch: "Stale reads: the read model answers queries from what it has projected; the longer the projection lags behind the events (here polling every 2 s), the more answers are out of date.".into(),
                metric: "Stale reads".into(),
                runs: LESSON_RUNS,
                expect: Some(Expect::BHigher),
            },
            Experiment {
                question: "A new version of the events: what happens to the consumers written for the old one?".into(),
                a: Variant { version_bump: Some(1), ..Variant::with("tolerant_reader=false upcast=false") },
                b: Variant { version_bump: Some(1), ..Variant::with("tolerant_reader=true") },
                watch: "Version mismatches: consumers that read only the version they were written for fail on the new one; a tolerant reader (additive changes only) or upcasting fails none.".into(),
                metric: "Version mismatches".into(),
                runs: LESSON_RUNS,
                expect: Some(Expect::BLower),
            },
        ],
        "pizza" => vec![Experiment {
            question: "A lost acknowledgement delivers an event twice: what does an idempotent consumer save?".into(),
            a: Variant::with("duplicate_rate=0.05 idempotent=false"),
            b: Variant::with("duplicate_rate=0.05 idempotent=true"),
            watch: "Duplicate effects: at-least-once delivery means duplicates; without idempotency some pizzas are cooked twice and points awarded twice, with it duplicates are skipped.".into(),
            metric: "Duplicate effects".into(),
            runs: LESSON_RUNS,
                expect: Some(Expect::BLower),
        }],
        "review" => vec![
            Experiment {
                question: "Fat event or notification: what does each consumer cost the editorial service?".into(),
                a: Variant { payload: Some(Payload::Fat), ..Variant::default() },
                b: Variant { payload: Some(Payload::Notification), ..Variant::default() },
                watch: "Callbacks: with notifications every consumer calls Editorial back, five calls per review, growing linearly with the consumers (sweep the consumers to see the line); fat events carry the data and need none, at the cost of bytes through the broker.".into(),
                metric: "Callbacks".into(),
                runs: LESSON_RUNS,
                expect: Some(Expect::BHigher),
            },
            Experiment {
                question: "Editorial is down for 20 seconds: which consumers notice?".into(),
                a: Variant { payload: Some(Payload::Fat), outage: down("Editorial", 10.0, 30.0), ..Variant::with(SLOW_POLL) },
                b: Variant { payload: Some(Payload::Notification), outage: down("Editorial", 10.0, 30.0), ..Variant::with(SLOW_POLL) },
                watch: "Failed callbacks: a notification consumer must call the producer back, so while Editorial is down its callbacks fail and the reviews wait; a fat-event consumer has all it needs in the event and goes on.".into(),
                metric: "Failed callbacks".into(),
                runs: LESSON_RUNS,
                expect: Some(Expect::BHigher),
            },
        ],
        "budget" => vec![Experiment {
            question: "Dual write or outbox when Projects crashes between commit and publish?".into(),
            a: Variant::with("publish=dual_write crash_rate=0.02"),
            b: Variant::with("publish=outbox crash_rate=0.02"),
            watch: "Events lost: dual write loses about 2% of the events, so Finance never freezes those budgets; the outbox loses none and pays a relay delay.".into(),
            metric: "Events lost".into(),
            runs: LESSON_RUNS,
                expect: Some(Expect::BLower),
        }],
        "saga" => vec![Experiment {
            question: "Payment is down for 20 seconds: what happens to the orders in flight?".into(),
            a: Variant::default(),
            b: Variant { outage: down("Payment", 10.0, 30.0), ..Variant::default() },
            watch: "Sagas rolled back and compensations: the coordinator gives up on Payment, releases the stock and cancels the order, in reverse order; every order ends committed or compensated.".into(),
            metric: "Sagas rolled back".into(),
            runs: LESSON_RUNS,
                expect: Some(Expect::BHigher),
        }],
        _ => vec![],
    }
}

fn context_named(board: &Board, name: &str) -> Option<ContextId> {
    board.contexts.iter().find(|c| c.name == name).map(|c| c.id)
}
