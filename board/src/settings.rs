//! Simulation settings saved with the board: per sticky (commands, policies, read models,
//! events), per bounded context (the service) and for the whole run.
//!
//! Every field has a default, so a board drawn without touching them still runs, and a file
//! only stores what differs from the defaults.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub mod range;
pub mod table;

pub use range::{Range, EVENT_VERSION, FIELD_BYTES};
pub use table::{Given, Setting, Table};

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// How a subscription receives its messages. Saved as `{"mode": "push", "window": 16}` or
/// `{"mode": "poll", "interval_ms": 100, "batch": 10}`; read through [`RawDelivery`] (as
/// [`Outcome`] is, for the page's size).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case", try_from = "RawDelivery")]
pub enum DeliverySetting {
    /// The broker pushes, with at most `window` unacknowledged messages per instance.
    Push {
        /// The in-flight window (back-pressure).
        window: u32,
    },
    /// The consumer polls every `interval_ms` for up to `batch` messages.
    Poll {
        /// Time between polls.
        interval_ms: f64,
        /// Most messages per poll.
        batch: u32,
    },
}

/// A delivery as saved, before its fields are checked against its mode.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDelivery {
    mode: DeliveryMode,
    #[serde(default)]
    window: Option<u32>,
    #[serde(default)]
    interval_ms: Option<f64>,
    #[serde(default)]
    batch: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum DeliveryMode {
    Push,
    Poll,
}

impl TryFrom<RawDelivery> for DeliverySetting {
    type Error = &'static str;

    fn try_from(raw: RawDelivery) -> Result<DeliverySetting, &'static str> {
        match (raw.mode, raw.window, raw.interval_ms, raw.batch) {
            (DeliveryMode::Push, Some(window), None, None) => Ok(DeliverySetting::Push { window }),
            (DeliveryMode::Push, None, _, _) => Err("missing field `window`"),
            (DeliveryMode::Push, ..) => Err("unknown field: push delivery takes only `window`"),
            (DeliveryMode::Poll, None, Some(interval_ms), Some(batch)) => {
                Ok(DeliverySetting::Poll { interval_ms, batch })
            }
            (DeliveryMode::Poll, Some(_), _, _) => {
                Err("unknown field `window`: poll delivery takes `interval_ms` and `batch`")
            }
            (DeliveryMode::Poll, None, None, _) => Err("missing field `interval_ms`"),
            (DeliveryMode::Poll, None, Some(_), None) => Err("missing field `batch`"),
        }
    }
}

impl Default for DeliverySetting {
    fn default() -> DeliverySetting {
        DeliverySetting::Push { window: 16 }
    }
}

impl DeliverySetting {
    /// Poll with the defaults of the settings table.
    pub const POLL: DeliverySetting = DeliverySetting::Poll {
        interval_ms: table::POLL_INTERVAL_MS.default_number(),
        batch: table::BATCH.default_number() as u32,
    };
}

/// Which of its handler's events an event is. Saved as `{"outcome": "always"}` or
/// `{"outcome": "alternative", "weight": 0.95}`; read through [`RawOutcome`] (a plain struct
/// costs the page's wasm a fraction of what serde's internally tagged enum does).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case", try_from = "RawOutcome")]
pub enum Outcome {
    /// Published every time the command succeeds.
    #[default]
    Always,
    /// One of several alternative results, chosen by weight (for example "reserved" 0.95).
    Alternative {
        /// Relative weight among the alternatives of the same handler.
        weight: f64,
    },
    /// An alternative that reports a failure: the chain of policies it starts undoes the
    /// earlier steps (a saga's compensation).
    Failure {
        /// Relative weight among the alternatives of the same handler.
        weight: f64,
    },
}

/// An outcome as saved, before its weight is checked against its kind.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutcome {
    outcome: OutcomeKind,
    #[serde(default)]
    weight: Option<f64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum OutcomeKind {
    Always,
    Alternative,
    Failure,
}

impl TryFrom<RawOutcome> for Outcome {
    type Error = &'static str;

    fn try_from(raw: RawOutcome) -> Result<Outcome, &'static str> {
        match (raw.outcome, raw.weight) {
            (OutcomeKind::Always, None) => Ok(Outcome::Always),
            (OutcomeKind::Always, Some(_)) => {
                Err("unknown field `weight`: an event published every time has no weight")
            }
            (OutcomeKind::Alternative, Some(weight)) => Ok(Outcome::Alternative { weight }),
            (OutcomeKind::Failure, Some(weight)) => Ok(Outcome::Failure { weight }),
            (_, None) => Err("missing field `weight`"),
        }
    }
}

impl Outcome {
    /// The weight when this event is one of several alternatives.
    pub fn weight(self) -> Option<f64> {
        match self {
            Outcome::Always => None,
            Outcome::Alternative { weight } | Outcome::Failure { weight } => Some(weight),
        }
    }
}

/// Simulation settings of a sticky; which fields matter depends on its kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StickySettings {
    /// Command issued by an actor: arrivals per second.
    pub rate_per_sec: f64,
    /// Command (its handler) or read model (its projection): time to handle one message.
    pub service_time_ms: f64,
    /// Command: probability that one handling attempt fails.
    pub failure_rate: f64,
    /// Policy or read model: push or poll.
    pub delivery: DeliverySetting,
    /// Policy or read model: consumer-group size.
    pub instances: u32,
    /// Policy or read model: deduplicate redelivered events.
    pub idempotent: bool,
    /// Policy or read model: handle one key's events strictly in order.
    pub ordered: bool,
    /// Policy or read model: attempts in all before giving up.
    pub max_attempts: u32,
    /// Policy or read model: the wait before the first retry (doubling after each).
    #[serde(skip_serializing_if = "is_default_backoff")]
    pub retry_backoff_ms: f64,
    /// Policy or read model: park failed messages in a dead-letter queue (else drop them).
    pub dead_letter: bool,
    /// Read model: queries per second against it.
    pub queries_per_sec: f64,
    /// Event: always published, or one of alternative outcomes.
    pub outcome: Outcome,
    /// Policy or read model: the event version it was written for (`None`: any version).
    /// An older one needs upcasting, a newer one a tolerant reader.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepts_version: Option<u32>,
    /// Policy or read model: convert older versions to the one it reads.
    #[serde(skip_serializing_if = "is_false")]
    pub upcast: bool,
    /// Policy or read model: read newer versions, ignoring what it does not know.
    #[serde(skip_serializing_if = "is_false")]
    pub tolerant_reader: bool,
    /// Policy or read model: failed callbacks in a row that open a circuit breaker (0: none).
    #[serde(skip_serializing_if = "is_zero")]
    pub breaker_failures: u32,
    /// Policy or read model: how long an open breaker stays open.
    #[serde(skip_serializing_if = "is_default_breaker_open")]
    pub breaker_open_ms: f64,
    /// Aggregate: its state is rebuilt from its events before each command.
    #[serde(skip_serializing_if = "is_false")]
    pub event_sourced: bool,
    /// Aggregate (event-sourced): time to replay one of its events.
    #[serde(skip_serializing_if = "is_default_replay")]
    pub replay_ms_per_event: f64,
    /// Aggregate (event-sourced): a snapshot every this many events (0: never).
    #[serde(skip_serializing_if = "is_zero")]
    pub snapshot_every: u32,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_default_breaker_open(v: &f64) -> bool {
    *v == table::BREAKER_OPEN_MS.default_number()
}

fn is_default_backoff(v: &f64) -> bool {
    *v == table::RETRY_BACKOFF_MS.default_number()
}

fn is_default_replay(v: &f64) -> bool {
    *v == table::REPLAY_MS.default_number()
}

impl Default for StickySettings {
    /// Every setting at the default the settings table declares (worked out once: files build
    /// one for every sticky they read or write).
    fn default() -> StickySettings {
        static DEFAULTS: OnceLock<StickySettings> = OnceLock::new();
        DEFAULTS.get_or_init(StickySettings::from_table).clone()
    }
}

impl StickySettings {
    /// Every setting at its default, from the table.
    fn from_table() -> StickySettings {
        table::defaults(StickySettings {
            rate_per_sec: 0.0,
            service_time_ms: 0.0,
            failure_rate: 0.0,
            delivery: DeliverySetting::Push { window: 1 },
            instances: 0,
            idempotent: false,
            ordered: false,
            max_attempts: 0,
            retry_backoff_ms: 0.0,
            dead_letter: false,
            queries_per_sec: 0.0,
            outcome: Outcome::Always,
            accepts_version: None,
            upcast: false,
            tolerant_reader: false,
            breaker_failures: 0,
            breaker_open_ms: 0.0,
            event_sourced: false,
            replay_ms_per_event: 0.0,
            snapshot_every: 0,
        })
    }
}

/// How a service gets committed events to the broker.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishSetting {
    /// Commit, then publish: a crash in between loses the event.
    #[default]
    DualWrite,
    /// Commit into an outbox in the same transaction; a relay publishes.
    Outbox,
}

/// Simulation settings of a bounded context, run as one service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServiceSettings {
    /// Workers executing commands from actors.
    pub instances: u32,
    /// Dual write or outbox.
    pub publish: PublishSetting,
    /// Probability of a crash between commit and publish.
    pub crash_rate: f64,
    /// Outbox relay interval.
    pub relay_interval_ms: f64,
    /// Time for the service's API to answer one callback (notification events).
    pub api_time_ms: f64,
    /// Callbacks answered in parallel.
    pub api_concurrency: u32,
}

impl Default for ServiceSettings {
    /// Every setting at the default the settings table declares (worked out once: files build
    /// one for every sticky they read or write).
    fn default() -> ServiceSettings {
        static DEFAULTS: OnceLock<ServiceSettings> = OnceLock::new();
        DEFAULTS.get_or_init(ServiceSettings::from_table).clone()
    }
}

impl ServiceSettings {
    /// Every setting at its default, from the table.
    fn from_table() -> ServiceSettings {
        table::defaults(ServiceSettings {
            instances: 0,
            publish: PublishSetting::DualWrite,
            crash_rate: 0.0,
            relay_interval_ms: 0.0,
            api_time_ms: 0.0,
            api_concurrency: 0,
        })
    }
}

/// How a saga found on the board is coordinated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SagaSetting {
    /// A coordinator sends each step and gives up on a participant that stays down.
    #[default]
    Orchestration,
    /// Participants react to each other's events; a participant that is down only delays.
    Choreography,
}

/// How the services of a board talk to each other.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StyleSetting {
    /// Events through a broker: a producer does not wait for its consumers.
    #[default]
    EventDriven,
    /// Each policy's command called synchronously along the chain: a request succeeds only
    /// if every service on its path is up.
    RequestResponse,
}

/// Settings of the whole run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunSettings {
    /// The random seed (the same seed gives the same run).
    pub seed: u64,
    /// Simulated time during which actors issue commands.
    pub duration_s: f64,
    /// One network hop.
    pub network_ms: f64,
    /// Probability that an acknowledgement is lost, so a message is delivered twice.
    pub duplicate_rate: f64,
    /// Distinct entity keys (order ids) the workload draws from.
    pub key_space: u32,
    /// Partitions per topic.
    pub partitions: u32,
    /// How sagas are coordinated.
    pub saga: SagaSetting,
    /// Events, or synchronous requests along the chain.
    #[serde(skip_serializing_if = "skip")]
    pub style: StyleSetting,
}

impl Default for RunSettings {
    /// Every setting at the default the settings table declares (worked out once: files build
    /// one for every sticky they read or write).
    fn default() -> RunSettings {
        static DEFAULTS: OnceLock<RunSettings> = OnceLock::new();
        DEFAULTS.get_or_init(RunSettings::from_table).clone()
    }
}

impl RunSettings {
    /// Every setting at its default, from the table.
    fn from_table() -> RunSettings {
        table::defaults(RunSettings {
            seed: 0,
            duration_s: 0.0,
            network_ms: 0.0,
            duplicate_rate: 0.0,
            key_space: 0,
            partitions: 0,
            saga: SagaSetting::Orchestration,
            style: StyleSetting::EventDriven,
        })
    }
}

/// Skips defaults when saving.
pub(crate) fn skip<T: Default + PartialEq>(v: &T) -> bool {
    is_default(v)
}

#[cfg(test)]
mod outcome_tests {
    use super::{DeliverySetting, Outcome};

    #[test]
    fn a_delivery_reads_back_as_written_and_its_fields_must_match_its_mode() {
        for d in [
            DeliverySetting::Push { window: 16 },
            DeliverySetting::Poll {
                interval_ms: 250.0,
                batch: 10,
            },
        ] {
            let text = serde_json::to_string(&d).unwrap();
            assert_eq!(
                serde_json::from_str::<DeliverySetting>(&text).unwrap(),
                d,
                "{text}"
            );
        }
        for (bad, words) in [
            (r#"{"mode":"push"}"#, "missing field `window`"),
            (r#"{"mode":"push","window":4,"batch":2}"#, "unknown field"),
            (
                r#"{"mode":"poll","batch":2}"#,
                "missing field `interval_ms`",
            ),
            (
                r#"{"mode":"poll","interval_ms":2}"#,
                "missing field `batch`",
            ),
            (
                r#"{"mode":"poll","interval_ms":2,"batch":1,"window":3}"#,
                "unknown field `window`",
            ),
            (r#"{"mode":"pull","window":1}"#, "unknown variant `pull`"),
            (
                r#"{"mode":"push","window":1,"speed":2}"#,
                "unknown field `speed`",
            ),
        ] {
            let e = serde_json::from_str::<DeliverySetting>(bad)
                .unwrap_err()
                .to_string();
            assert!(e.contains(words), "{bad}: {e}");
        }
    }

    #[test]
    fn an_outcome_reads_back_as_written_and_a_weight_must_match_its_kind() {
        for o in [
            Outcome::Always,
            Outcome::Alternative { weight: 0.95 },
            Outcome::Failure { weight: 0.05 },
        ] {
            let text = serde_json::to_string(&o).unwrap();
            assert_eq!(serde_json::from_str::<Outcome>(&text).unwrap(), o, "{text}");
        }
        assert_eq!(
            serde_json::to_string(&Outcome::Always).unwrap(),
            r#"{"outcome":"always"}"#
        );
        for (bad, words) in [
            (r#"{"outcome":"always","weight":1}"#, "weight"),
            (r#"{"outcome":"failure"}"#, "missing field `weight`"),
            (
                r#"{"outcome":"sometimes","weight":1}"#,
                "unknown variant `sometimes`",
            ),
            (
                r#"{"outcome":"failure","weight":1,"extra":2}"#,
                "unknown field `extra`",
            ),
        ] {
            let e = serde_json::from_str::<Outcome>(bad)
                .unwrap_err()
                .to_string();
            assert!(e.contains(words), "{bad}: {e}");
        }
    }
}
