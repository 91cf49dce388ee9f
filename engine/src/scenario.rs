//! The scenario: a serializable description of services, topics, subscriptions, workloads and
//! sagas, with every mechanism the engine simulates exposed as a switch or a parameter.
//!
//! Names link the parts together (a subscription names its topic, service and handler); the
//! [`crate::plan`] module resolves them and reports the field that is wrong.

use serde::{Deserialize, Serialize};

use crate::dist::Dist;
use crate::time::Time;

/// The current scenario file version.
pub const SCENARIO_VERSION: u32 = 1;
/// The `kind` every scenario file carries.
pub const SCENARIO_KIND: &str = "stormlab-scenario";

fn kind() -> String {
    SCENARIO_KIND.into()
}
fn one() -> u32 {
    1
}
fn yes() -> bool {
    true
}

/// A whole simulated system and its workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Always [`SCENARIO_KIND`].
    #[serde(default = "kind")]
    pub kind: String,
    /// The file format version, [`SCENARIO_VERSION`].
    pub version: u32,
    /// A human name for reports.
    #[serde(default)]
    pub name: String,
    /// The default seed (the command line's `--seed` overrides it).
    #[serde(default)]
    pub seed: u64,
    /// Workloads generate arrivals until this time; the run then drains what is pending.
    pub duration_us: Time,
    /// How long after `duration_us` the run may go on draining before it stops.
    #[serde(default)]
    pub drain_us: Option<Time>,
    /// How many distinct entity keys (order ids, project ids, ...) the workload draws from.
    #[serde(default = "default_keys")]
    pub key_space: u32,
    /// Event-driven (through the broker) or the synchronous request-response baseline.
    #[serde(default)]
    pub style: Style,
    /// Broker-wide delivery parameters.
    #[serde(default)]
    pub broker: Broker,
    /// The services (bounded contexts).
    pub services: Vec<Service>,
    /// Topics on the broker, one per integration event type.
    #[serde(default)]
    pub topics: Vec<Topic>,
    /// Who listens to which topic, and how.
    #[serde(default)]
    pub subscriptions: Vec<Subscription>,
    /// Commands arriving from outside.
    #[serde(default)]
    pub workloads: Vec<Workload>,
    /// Long-running transactions with compensation.
    #[serde(default)]
    pub sagas: Vec<Saga>,
    /// What to record while running.
    #[serde(default)]
    pub recording: Recording,
}

fn default_keys() -> u32 {
    1000
}

/// How services talk to each other.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// Events through a broker: producers do not wait for consumers.
    #[default]
    EventDriven,
    /// The same flow as nested synchronous calls: a request succeeds only if every service
    /// on its path is up.
    RequestResponse,
}

/// Broker-wide parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Broker {
    /// One network hop (producer to broker, broker to consumer, request or reply).
    pub network_latency: Dist,
    /// Probability that an acknowledgement is lost, so the broker delivers the message again
    /// (at-least-once delivery).
    pub duplicate_rate: f64,
    /// How long the broker waits for an acknowledgement before redelivering.
    pub ack_timeout_us: Time,
    /// Time for a consumer to fetch a claim-checked payload from the store.
    pub claim_store_fetch: Dist,
}

impl Default for Broker {
    fn default() -> Broker {
        Broker {
            network_latency: Dist::Fixed { us: 500 },
            duplicate_rate: 0.0,
            ack_timeout_us: 30_000,
            claim_store_fetch: Dist::Fixed { us: 3_000 },
        }
    }
}

/// A service: a bounded context with its handlers, its API and its availability.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Unique name.
    pub name: String,
    /// Workers that execute commands arriving from workloads (and calls, in request-response).
    #[serde(default = "one")]
    pub instances: u32,
    /// Command and event handlers.
    #[serde(default)]
    pub handlers: Vec<Handler>,
    /// Windows during which the service is down.
    #[serde(default)]
    pub downtime: Vec<Window>,
    /// How committed events reach the broker.
    #[serde(default)]
    pub publish: PublishMode,
    /// The API that consumers of notification events call back.
    #[serde(default)]
    pub api: Api,
}

/// A closed-open time window `[from_us, to_us)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// Start.
    pub from_us: Time,
    /// End.
    pub to_us: Time,
}

/// How a service gets its events from its database to the broker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case", deny_unknown_fields)]
pub enum PublishMode {
    /// Commit, then publish: a crash in between loses the event.
    DualWrite {
        /// Probability of a crash between the commit and the publish.
        #[serde(default)]
        crash_rate: f64,
    },
    /// Commit the event into an outbox table in the same transaction; a relay publishes it.
    Outbox {
        /// How often the relay looks at the outbox.
        relay_interval_us: Time,
        /// At most this many events per relay run.
        #[serde(default = "default_relay_batch")]
        relay_batch: u32,
        /// Probability of a crash after the commit; with an outbox it only delays the event.
        #[serde(default)]
        crash_rate: f64,
    },
}

fn default_relay_batch() -> u32 {
    100
}

impl Default for PublishMode {
    fn default() -> PublishMode {
        PublishMode::DualWrite { crash_rate: 0.0 }
    }
}

/// A service's query API, called back by consumers of notification events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Api {
    /// Time to answer one call.
    pub service_time: Dist,
    /// Calls answered in parallel; more wait in line.
    pub concurrency: u32,
}

impl Default for Api {
    fn default() -> Api {
        Api {
            service_time: Dist::Fixed { us: 2_000 },
            concurrency: 4,
        }
    }
}

/// A handler: what a service does with a command or an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handler {
    /// Unique within its service.
    pub name: String,
    /// Time to handle one message.
    #[serde(default)]
    pub service_time: Dist,
    /// Probability that one handling attempt fails.
    #[serde(default)]
    pub failure_rate: f64,
    /// Topics this handler always publishes to on success.
    #[serde(default)]
    pub emits: Vec<String>,
    /// Alternative outcomes, one chosen by weight on success (for example reserved / not
    /// available); their topics are published in addition to `emits`.
    #[serde(default)]
    pub outcomes: Vec<Outcome>,
    /// Event-sourced aggregate: state is rebuilt by replaying its stream before handling.
    #[serde(default)]
    pub event_sourcing: Option<EventSourcing>,
}

impl Handler {
    /// A handler with a fixed service time that always publishes `emits`; no failures.
    pub fn new(name: &str, service_time: Dist, emits: &[&str]) -> Handler {
        Handler {
            name: name.into(),
            service_time,
            failure_rate: 0.0,
            emits: emits.iter().map(|e| e.to_string()).collect(),
            outcomes: vec![],
            event_sourcing: None,
        }
    }
}

impl Service {
    /// A service with one worker, the given handlers, always up, dual write, default API.
    pub fn new(name: &str, handlers: Vec<Handler>) -> Service {
        Service {
            name: name.into(),
            instances: 1,
            handlers,
            downtime: vec![],
            publish: PublishMode::default(),
            api: Api::default(),
        }
    }
}

/// One possible result of a handler.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// Relative weight.
    pub weight: f64,
    /// Topics published when this outcome is chosen.
    #[serde(default)]
    pub emits: Vec<String>,
}

/// Event sourcing parameters of a handler's aggregate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSourcing {
    /// Replay cost per stored event.
    pub replay_us_per_event: Time,
    /// Take a snapshot every this many events (0: never), bounding the replay.
    #[serde(default)]
    pub snapshot_every: u32,
}

/// A topic: the channel of one integration event type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Unique name (usually the event's name).
    pub name: String,
    /// The service that owns the event (and answers callbacks for notification events).
    pub producer: String,
    /// Partitions; the message key chooses one, so one key's events stay in order.
    #[serde(default = "one")]
    pub partitions: u32,
    /// What the event carries.
    #[serde(default)]
    pub payload: Payload,
    /// Versions in circulation, with their share of the traffic.
    #[serde(default = "default_versions")]
    pub versions: Vec<VersionShare>,
}

fn default_versions() -> Vec<VersionShare> {
    vec![VersionShare {
        version: 1,
        weight: 1.0,
    }]
}

/// What an event carries, and so what a consumer must fetch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Payload {
    /// Fat, notification or claim check.
    pub style: PayloadStyle,
    /// Size of the full state of the entity.
    pub state_bytes: u32,
    /// Size of a notification or a claim-check reference.
    pub reference_bytes: u32,
}

impl Default for Payload {
    fn default() -> Payload {
        Payload {
            style: PayloadStyle::Fat,
            state_bytes: 2_000,
            reference_bytes: 200,
        }
    }
}

/// The three payload styles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayloadStyle {
    /// Event-carried state transfer: the full state travels through the broker.
    #[default]
    Fat,
    /// A few bytes; each consumer calls the producer's API back for the data.
    Notification,
    /// A reference; each consumer fetches the payload from a store.
    ClaimCheck,
}

/// One version of an event and its share of the published traffic.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionShare {
    /// Version number.
    pub version: u32,
    /// Relative weight.
    pub weight: f64,
}

/// A consumer's subscription to a topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subscription {
    /// Unique name.
    pub name: String,
    /// The topic listened to.
    pub topic: String,
    /// The consuming service.
    pub service: String,
    /// The handler in that service that reacts (a policy issuing a command).
    pub handler: String,
    /// Push or poll.
    #[serde(default)]
    pub delivery: Delivery,
    /// Consumer-group size: partitions are spread over this many instances.
    #[serde(default = "one")]
    pub instances: u32,
    /// Messages one instance handles at the same time.
    #[serde(default = "one")]
    pub concurrency: u32,
    /// Deduplicate by event id, so a redelivered event takes effect once.
    #[serde(default)]
    pub idempotent: bool,
    /// Handle one key's events strictly in order (a failure blocks its partition).
    #[serde(default = "yes")]
    pub ordered: bool,
    /// Retries, back-off and the dead-letter queue.
    #[serde(default)]
    pub retry: Retry,
    /// Versions this consumer understands.
    #[serde(default)]
    pub accepts: Option<VersionRange>,
    /// Convert older versions to the accepted one instead of failing.
    #[serde(default)]
    pub upcast: bool,
    /// Accept newer versions too (additive-only changes, tolerant reader).
    #[serde(default)]
    pub tolerant_reader: bool,
    /// A circuit breaker on callbacks to the producer.
    #[serde(default)]
    pub circuit_breaker: Option<CircuitBreaker>,
    /// This subscription is a projection feeding a read model that is queried.
    #[serde(default)]
    pub read_model: Option<ReadModel>,
    /// Move dead-lettered messages back to the queue at this time.
    #[serde(default)]
    pub redrive_at_us: Option<Time>,
}

impl Subscription {
    /// A push subscription with every other setting at its default (one instance, ordered,
    /// not idempotent, three attempts then the dead-letter queue).
    pub fn new(name: &str, topic: &str, service: &str, handler: &str) -> Subscription {
        Subscription {
            name: name.into(),
            topic: topic.into(),
            service: service.into(),
            handler: handler.into(),
            delivery: Delivery::default(),
            instances: 1,
            concurrency: 1,
            idempotent: false,
            ordered: true,
            retry: Retry::default(),
            accepts: None,
            upcast: false,
            tolerant_reader: false,
            circuit_breaker: None,
            read_model: None,
            redrive_at_us: None,
        }
    }
}

/// How messages reach a consumer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case", deny_unknown_fields)]
pub enum Delivery {
    /// The broker sends as soon as a message is available, up to `max_in_flight`
    /// unacknowledged messages per instance (back-pressure).
    Push {
        /// The in-flight window per instance.
        #[serde(default = "default_window")]
        max_in_flight: u32,
    },
    /// The consumer fetches up to `batch` messages every `interval_us` from its committed
    /// offset.
    Poll {
        /// Time between polls.
        interval_us: Time,
        /// Most messages per fetch.
        #[serde(default = "default_batch")]
        batch: u32,
    },
}

fn default_window() -> u32 {
    16
}
fn default_batch() -> u32 {
    50
}

impl Default for Delivery {
    fn default() -> Delivery {
        Delivery::Push {
            max_in_flight: default_window(),
        }
    }
}

/// Retry policy of a subscription.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Retry {
    /// Attempts in all (1 means no retry).
    pub max_attempts: u32,
    /// Back-off before the first retry.
    pub backoff_us: Time,
    /// Each further retry waits this many times longer.
    pub multiplier: u32,
    /// Upper bound of the back-off.
    pub max_backoff_us: Time,
    /// After the last attempt, park the message in a dead-letter queue (otherwise drop it).
    pub dead_letter: bool,
}

impl Default for Retry {
    fn default() -> Retry {
        Retry {
            max_attempts: 3,
            backoff_us: 100_000,
            multiplier: 2,
            max_backoff_us: 5_000_000,
            dead_letter: true,
        }
    }
}

/// An inclusive range of versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionRange {
    /// Lowest accepted.
    pub min: u32,
    /// Highest accepted.
    pub max: u32,
}

/// A circuit breaker (closed, open, half-open) guarding callbacks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CircuitBreaker {
    /// Consecutive failures that open the breaker.
    pub failure_threshold: u32,
    /// How long it stays open before letting one trial call through.
    pub open_us: Time,
}

/// Queries against the read model a projection maintains.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadModel {
    /// Poisson rate of queries.
    pub queries_per_sec: f64,
}

/// Commands arriving from outside (users, schedules).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    /// Unique name.
    pub name: String,
    /// The service receiving the command.
    pub service: String,
    /// The handler executing it.
    pub handler: String,
    /// Mean arrivals per second.
    pub rate_per_sec: f64,
    /// Poisson (random) or evenly spaced arrivals.
    #[serde(default)]
    pub arrivals: Arrivals,
    /// First arrival not before this time.
    #[serde(default)]
    pub start_us: Time,
    /// No arrivals after this time (defaults to the scenario's duration).
    #[serde(default)]
    pub stop_us: Option<Time>,
    /// At most this many arrivals.
    #[serde(default)]
    pub max_count: Option<u64>,
}

/// Arrival process.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arrivals {
    /// Exponential gaps: a Poisson process.
    #[default]
    Poisson,
    /// Equal gaps.
    Constant,
}

/// A saga: steps in several services, undone in reverse order when one fails.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Saga {
    /// Unique name.
    pub name: String,
    /// Choreography (participants react to each other's events) or orchestration (a
    /// coordinator issues commands).
    #[serde(default)]
    pub mode: SagaMode,
    /// The service hosting the coordinator (orchestration only).
    #[serde(default)]
    pub coordinator: Option<String>,
    /// Mean saga starts per second (Poisson).
    pub rate_per_sec: f64,
    /// The steps in order.
    pub steps: Vec<SagaStep>,
    /// Orchestration: attempts to reach a participant before the step counts as failed.
    #[serde(default = "default_saga_attempts")]
    pub max_attempts: u32,
    /// Wait between attempts to reach a participant that is down.
    #[serde(default = "default_saga_backoff")]
    pub retry_backoff_us: Time,
}

fn default_saga_attempts() -> u32 {
    3
}
fn default_saga_backoff() -> Time {
    200_000
}

/// How a saga is coordinated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SagaMode {
    /// Each participant reacts to the previous one's event; a participant that is down only
    /// delays the saga, since its events wait in the broker.
    #[default]
    Choreography,
    /// A coordinator sends each step as a command and waits for the reply; after
    /// `max_attempts` it gives up on a participant and compensates.
    Orchestration,
}

/// One step of a saga and its compensation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SagaStep {
    /// The action, for example "ReserveStock".
    pub name: String,
    /// The participant.
    pub service: String,
    /// The compensating action, for example "ReleaseStock".
    pub compensation: String,
    /// Time to run the step (and its compensation).
    #[serde(default)]
    pub service_time: Dist,
    /// Probability the step fails (for example a declined payment).
    #[serde(default)]
    pub failure_rate: f64,
}

/// What the run records besides counters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Recording {
    /// Most recent trace entries kept (0 turns the trace off).
    pub trace_capacity: u32,
    /// Points kept per time series; older points are merged pairwise when it fills.
    pub series_points: u32,
    /// Initial spacing of time-series points (0: a hundredth of the duration).
    pub sample_interval_us: Time,
    /// Finished saga instances whose step log is kept for the timeline.
    pub saga_log_capacity: u32,
}

impl Default for Recording {
    fn default() -> Recording {
        Recording {
            trace_capacity: 10_000,
            series_points: 200,
            sample_interval_us: 0,
            saga_log_capacity: 50,
        }
    }
}
