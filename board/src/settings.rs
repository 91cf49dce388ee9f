//! Simulation settings saved with the board: per sticky (commands, policies, read models,
//! events), per bounded context (the service) and for the whole run.
//!
//! Every field has a default, so a board drawn without touching them still runs, and a file
//! only stores what differs from the defaults.

use serde::{Deserialize, Serialize};

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// How a subscription receives its messages.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case", deny_unknown_fields)]
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

impl Default for DeliverySetting {
    fn default() -> DeliverySetting {
        DeliverySetting::Push { window: 16 }
    }
}

impl DeliverySetting {
    /// Poll with the defaults shown in the settings panel.
    pub const POLL: DeliverySetting = DeliverySetting::Poll {
        interval_ms: 500.0,
        batch: 50,
    };
}

/// Which of its handler's events an event is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case", deny_unknown_fields)]
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

/// An open breaker's default wait.
const DEFAULT_BREAKER_OPEN_MS: f64 = 5_000.0;
/// The default replay time of one event.
const DEFAULT_REPLAY_MS: f64 = 0.2;

fn is_default_breaker_open(v: &f64) -> bool {
    *v == DEFAULT_BREAKER_OPEN_MS
}

fn is_default_replay(v: &f64) -> bool {
    *v == DEFAULT_REPLAY_MS
}

impl Default for StickySettings {
    fn default() -> StickySettings {
        StickySettings {
            rate_per_sec: 5.0,
            service_time_ms: 5.0,
            failure_rate: 0.0,
            delivery: DeliverySetting::default(),
            instances: 1,
            idempotent: false,
            ordered: true,
            max_attempts: 3,
            dead_letter: true,
            queries_per_sec: 20.0,
            outcome: Outcome::Always,
            accepts_version: None,
            upcast: false,
            tolerant_reader: false,
            breaker_failures: 0,
            breaker_open_ms: DEFAULT_BREAKER_OPEN_MS,
            event_sourced: false,
            replay_ms_per_event: DEFAULT_REPLAY_MS,
            snapshot_every: 0,
        }
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
    fn default() -> ServiceSettings {
        ServiceSettings {
            instances: 4,
            publish: PublishSetting::DualWrite,
            crash_rate: 0.0,
            relay_interval_ms: 100.0,
            api_time_ms: 4.0,
            api_concurrency: 4,
        }
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
    fn default() -> RunSettings {
        RunSettings {
            seed: 1,
            duration_s: 60.0,
            network_ms: 1.0,
            duplicate_rate: 0.0,
            key_space: 1000,
            partitions: 4,
            saga: SagaSetting::Orchestration,
            style: StyleSetting::EventDriven,
        }
    }
}

/// Skips defaults when saving.
pub(crate) fn skip<T: Default + PartialEq>(v: &T) -> bool {
    is_default(v)
}

/// The values a numeric setting accepts, as the property panel offers them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    /// What the setting is, as a field label ("Service time (ms)").
    pub label: &'static str,
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
    /// True when the minimum itself is not allowed (durations above zero).
    pub above_min: bool,
    /// True for counts: whole numbers only.
    pub whole: bool,
}

impl Range {
    /// A range from `min` to `max`, both allowed; `whole` for counts.
    pub const fn of(label: &'static str, min: f64, max: f64, whole: bool) -> Range {
        Range {
            label,
            min,
            max,
            above_min: false,
            whole,
        }
    }

    /// True when `v` is in the range.
    pub fn contains(&self, v: f64) -> bool {
        v.is_finite()
            && (if self.above_min {
                v > self.min
            } else {
                v >= self.min
            })
            && v <= self.max
            && (!self.whole || v.fract() == 0.0)
    }

    /// The value typed in a field, or a sentence saying what the field takes.
    pub fn parse(&self, text: &str) -> Result<f64, String> {
        match text.trim().parse::<f64>() {
            Ok(v) if self.contains(v) => Ok(v),
            _ => Err(self.message()),
        }
    }

    /// What the field takes: "Batch: enter a whole number from 1 to 10000."
    pub fn message(&self) -> String {
        format!("{}: enter {}.", self.label, self.describe())
    }

    /// The values it takes: "a whole number from 1 to 10000".
    pub fn describe(&self) -> String {
        let what = if self.whole {
            "a whole number"
        } else {
            "a number"
        };
        let from = if self.above_min { "above" } else { "from" };
        format!("{what} {from} {} to {}", self.min, self.max)
    }

    /// The step a number input offers: 1 for counts, any value otherwise.
    pub fn step(&self) -> &'static str {
        if self.whole {
            "1"
        } else {
            "any"
        }
    }
}

/// Commands an actor issues per second.
pub const RATE_PER_SEC: Range = Range::of("Commands per second", 0.0, 100_000.0, false);
/// Time to handle one command or update a read model.
pub const SERVICE_TIME_MS: Range = Range::of("Service time (ms)", 0.0, 600_000.0, false);
/// Time for a read model to apply one event.
pub const UPDATE_TIME_MS: Range = Range::of("Update time (ms)", 0.0, 600_000.0, false);
/// Probability that a handling attempt fails.
pub const FAILURE_RATE: Range = Range::of("Failure rate (0–1)", 0.0, 1.0, false);
/// Unacknowledged messages per instance when pushed.
pub const WINDOW: Range = Range::of("In-flight window", 1.0, 10_000.0, true);
/// Time between polls.
pub const POLL_INTERVAL_MS: Range = Range::of("Poll interval (ms)", 1.0, 600_000.0, false);
/// Most messages per poll.
pub const BATCH: Range = Range::of("Batch", 1.0, 10_000.0, true);
/// Consumer-group size of a policy or read model.
pub const CONSUMER_INSTANCES: Range = Range::of("Instances", 1.0, 64.0, true);
/// Attempts in all before a message is given up.
pub const ATTEMPTS: Range = Range::of("Attempts", 1.0, 100.0, true);
/// Queries per second against a read model.
pub const QUERIES_PER_SEC: Range = Range::of("Queries per second", 0.0, 100_000.0, false);
/// Relative weight of an event among its handler's outcomes.
pub const OUTCOME_WEIGHT: Range = Range::of("Outcome weight", 0.0001, 1_000_000.0, false);
/// Probability of a crash between commit and publish.
pub const CRASH_RATE: Range = Range::of("Crash after commit (0–1)", 0.0, 1.0, false);
/// Outbox relay interval.
pub const RELAY_INTERVAL_MS: Range = Range::of("Relay interval (ms)", 1.0, 600_000.0, false);
/// Workers of a service.
pub const SERVICE_INSTANCES: Range = Range::of("Instances", 1.0, 64.0, true);
/// Time for a service's API to answer one callback.
pub const API_TIME_MS: Range = Range::of("API time per callback (ms)", 0.0, 600_000.0, false);
/// Callbacks a service's API answers in parallel.
pub const API_CONCURRENCY: Range = Range::of("API concurrency", 1.0, 1_000.0, true);
/// One network hop.
pub const NETWORK_MS: Range = Range::of("Network hop (ms)", 0.0, 60_000.0, false);
/// Probability that an acknowledgement is lost and a message delivered twice.
pub const DUPLICATE_RATE: Range = Range::of("Duplicate rate (0–1)", 0.0, 1.0, false);
/// Distinct entity keys the workload draws from.
pub const KEY_SPACE: Range = Range::of("Key space", 1.0, 1_000_000.0, true);
/// Partitions per topic.
pub const PARTITIONS: Range = Range::of("Partitions", 1.0, 1_000.0, true);
/// Size of one payload field.
pub const FIELD_BYTES: Range = Range::of("Field size (bytes)", 0.0, 100_000_000.0, true);
/// An event's version number.
pub const EVENT_VERSION: Range = Range::of("Version", 1.0, 1_000_000.0, true);
/// Failed callbacks in a row that open a circuit breaker (0: no breaker).
pub const BREAKER_FAILURES: Range = Range::of("Breaker opens after failures", 0.0, 1_000.0, true);
/// How long an open circuit breaker waits before trying again.
pub const BREAKER_OPEN_MS: Range = Range::of("Breaker open for (ms)", 1.0, 600_000.0, false);
/// Time to replay one event of an event-sourced aggregate.
pub const REPLAY_MS: Range = Range::of("Replay per event (ms)", 0.0, 60_000.0, false);
/// Events between two snapshots of an event-sourced aggregate (0: none).
pub const SNAPSHOT_EVERY: Range = Range::of("Snapshot every (events)", 0.0, 1_000_000.0, true);
/// The run's random seed.
pub const SEED: Range = Range::of("Seed", 0.0, 9_007_199_254_740_991.0, true);
/// Simulated seconds during which actors issue commands.
pub const DURATION_S: Range = Range {
    above_min: true,
    ..Range::of("Duration (s)", 0.0, 86_400.0, false)
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_accept_their_bounds_and_refuse_the_rest_with_a_message() {
        assert_eq!(BATCH.parse(" 10 "), Ok(10.0));
        assert_eq!(BATCH.parse("1"), Ok(1.0));
        assert!(BATCH.parse("2.5").is_err(), "counts are whole");
        assert_eq!(
            BATCH.parse("0").unwrap_err(),
            "Batch: enter a whole number from 1 to 10000."
        );
        assert!(DURATION_S.parse("0").is_err(), "a run lasts some time");
        assert_eq!(DURATION_S.parse("86400"), Ok(86_400.0));
        assert_eq!(
            DURATION_S.message(),
            "Duration (s): enter a number above 0 to 86400."
        );
        for bad in ["NaN", "inf", "-1", "", "seven"] {
            assert!(FAILURE_RATE.parse(bad).is_err(), "{bad}");
        }
        assert_eq!(FAILURE_RATE.step(), "any");
        assert_eq!(SEED.parse("42"), Ok(42.0));
    }
}
