//! Counters kept while running, and the metrics report built from them.

use serde::Serialize;

use crate::histogram::Summary;
use crate::scenario::Style;
use crate::time::Time;

/// Counters of one subscription.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SubStats {
    /// Messages the broker put on this subscription (one per published event).
    pub enqueued: u64,
    /// Deliveries to the consumer, duplicates included.
    pub delivered: u64,
    /// Messages handled successfully (each counted once).
    pub processed: u64,
    /// Times the handler's side effect took place (duplicates of a non-idempotent consumer
    /// count again).
    pub effects: u64,
    /// Handling attempts that failed, for any reason.
    pub failed_attempts: u64,
    /// Attempts scheduled again after a failure.
    pub retries: u64,
    /// Messages parked in the dead-letter queue.
    pub dead_lettered: u64,
    /// Messages moved back from the dead-letter queue.
    pub redriven: u64,
    /// Messages dropped after their last attempt (no dead-letter queue).
    pub discarded: u64,
    /// Duplicate deliveries (lost acknowledgements).
    pub duplicates_delivered: u64,
    /// Duplicates whose side effect took place again (non-idempotent consumer).
    pub duplicate_effects: u64,
    /// Duplicates an idempotent consumer recognised and skipped.
    pub duplicates_skipped: u64,
    /// Messages handled after a later message of the same key.
    pub out_of_order: u64,
    /// Callbacks to the producer (notification payloads).
    pub callbacks: u64,
    /// Callbacks that failed because the producer was down.
    pub callback_failures: u64,
    /// Callbacks refused by an open circuit breaker.
    pub breaker_rejections: u64,
    /// Times the circuit breaker opened.
    pub breaker_opened: u64,
    /// Payload fetches from the claim-check store.
    pub store_fetches: u64,
    /// Polls made (poll delivery).
    pub polls: u64,
    /// Polls that found nothing.
    pub empty_polls: u64,
    /// Bytes delivered through the broker.
    pub bytes_delivered: u64,
    /// Bytes fetched outside the broker (callbacks and claim-check store).
    pub bytes_fetched: u64,
    /// Handlings that failed because the consumer did not understand the event's version.
    pub version_mismatches: u64,
    /// Older versions converted to the accepted one.
    pub upcasts: u64,
    /// Handlings cut short because the consumer went down (the message is handled again).
    pub crashed_handlings: u64,
    /// Read-model queries.
    pub reads: u64,
    /// Read-model queries that saw data older than the write side.
    pub stale_reads: u64,
}

/// Counters of one service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ServiceStats {
    /// Callbacks its API answered.
    pub callbacks_served: u64,
    /// Callbacks that failed because it was down.
    pub callbacks_refused: u64,
    /// Most callbacks waiting for its API at once.
    pub api_queue_max: u64,
    /// Events it committed.
    pub events_committed: u64,
    /// Events it lost (dual write crash).
    pub events_lost: u64,
    /// Crashes after a commit under an outbox (no event lost, only delayed).
    pub outbox_crashes: u64,
    /// Stored events replayed to rebuild event-sourced aggregates.
    pub events_replayed: u64,
    /// Times it went down.
    pub outages: u64,
    /// Time spent down.
    pub downtime_us: Time,
}

/// Counters of one workload (or of requests, in request-response style).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WorkloadStats {
    /// Commands that arrived.
    pub arrivals: u64,
    /// Commands that succeeded (request-response: whole call chains).
    pub ok: u64,
    /// Commands that failed in their handler or a crash (request-response: a failure
    /// anywhere on the chain).
    pub failed: u64,
    /// Commands refused because the receiving service was down.
    pub rejected: u64,
}

/// Counters of one saga.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SagaStats {
    /// Instances started.
    pub started: u64,
    /// Instances that committed every step.
    pub committed: u64,
    /// Instances that failed and compensated every committed step.
    pub rolled_back: u64,
    /// Step failures.
    pub step_failures: u64,
    /// Compensating actions run.
    pub compensations: u64,
    /// Messages handled: every step and compensation a participant handled and, when
    /// orchestrated, every reply to the coordinator.
    pub messages: u64,
    /// Attempts that found a participant down and waited.
    pub waits: u64,
    /// Instances that ended neither committed nor fully compensated (should stay 0).
    pub atomicity_violations: u64,
}

/// The report of one subscription.
#[derive(Clone, Debug, Serialize)]
pub struct SubReport {
    /// Subscription name.
    pub name: String,
    /// Topic name.
    pub topic: String,
    /// Consuming service.
    pub service: String,
    /// Counters.
    #[serde(flatten)]
    pub stats: SubStats,
    /// End-to-end latency: from the producer's commit to successful handling.
    pub latency: Summary,
    /// Age of the stale data seen by stale reads.
    pub staleness: Summary,
    /// Handled messages per simulated second.
    pub throughput_per_sec: f64,
    /// The mean time a message waited in the broker before it was delivered (push) or fetched
    /// by a poll (poll: the delay polling adds), in µs.
    pub mean_broker_wait_us: f64,
    /// Time-averaged lag (messages in the subscription: queued, in flight, retrying).
    pub mean_lag: f64,
    /// Highest lag seen at any moment.
    pub max_lag: u64,
    /// Lag at the end of the run.
    pub lag_now: u64,
    /// Dead-letter queue size at the end of the run.
    pub dlq_now: u64,
}

/// The report of one topic.
#[derive(Clone, Debug, Serialize)]
pub struct TopicReport {
    /// Topic name.
    pub name: String,
    /// Events committed by the producer.
    pub committed: u64,
    /// Events accepted by the broker.
    pub published: u64,
    /// Events lost between commit and publish (dual write crash).
    pub lost: u64,
    /// Bytes published.
    pub bytes_published: u64,
    /// Outbox relay delay: from commit to publish.
    pub relay_delay: Summary,
}

/// The report of one service.
#[derive(Clone, Debug, Serialize)]
pub struct ServiceReport {
    /// Service name.
    pub name: String,
    /// Counters.
    #[serde(flatten)]
    pub stats: ServiceStats,
}

/// The report of one workload.
#[derive(Clone, Debug, Serialize)]
pub struct WorkloadReport {
    /// Workload name.
    pub name: String,
    /// Counters.
    #[serde(flatten)]
    pub stats: WorkloadStats,
    /// Command latency (request-response: the whole chain).
    pub latency: Summary,
    /// End to end: from a command's arrival to each end of the causal chain it starts (a
    /// consumer whose handler commits nothing more, or an event nobody consumes), the flow a
    /// walkthrough follows.
    pub end_to_end: Summary,
}

/// The report of one saga.
#[derive(Clone, Debug, Serialize)]
pub struct SagaReport {
    /// Saga name.
    pub name: String,
    /// Counters.
    #[serde(flatten)]
    pub stats: SagaStats,
    /// Instances not finished at the end of the run.
    pub in_progress: u64,
    /// From a step's (or compensation's) message sent to the participant done with it.
    pub latency: Summary,
    /// From start to the final state.
    pub duration: Summary,
    /// From the first committed step to the final state: how long the system was
    /// inconsistent.
    pub inconsistency: Summary,
}

/// Everything measured in a run.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Scenario name.
    pub scenario: String,
    /// Seed of the run.
    pub seed: u64,
    /// Event-driven or request-response.
    pub style: Style,
    /// Simulated time reached.
    pub time_us: Time,
    /// Engine events processed.
    pub events: u64,
    /// Events still scheduled (0 when the run drained completely).
    pub pending_events: u64,
    /// Why the run stopped before its end, if it did (its waiting work outgrew the budget).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub halted: Option<String>,
    /// Per workload.
    pub workloads: Vec<WorkloadReport>,
    /// Per topic.
    pub topics: Vec<TopicReport>,
    /// Per subscription.
    pub subscriptions: Vec<SubReport>,
    /// Per service.
    pub services: Vec<ServiceReport>,
    /// Per saga.
    pub sagas: Vec<SagaReport>,
}

impl Report {
    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serializes")
    }
}
