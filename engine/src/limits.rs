//! The engine's documented limits: the range of every number in a scenario, and the budget a
//! run may use, both checked by [`crate::plan`] before a simulation allocates anything.
//!
//! The ranges keep simulated time far from overflow: the clock never passes the end of the
//! run (at most [`MAX_DURATION_US`] of workload plus as much again of drain), and no single
//! delay exceeds [`MAX_DELAY_US`], so `now + delay` stays below 2^50 where a u64 holds 2^64.
//! The few sums that can still grow (a replay of a long stream, a back-off multiplied at each
//! attempt) saturate.

use std::mem::size_of;

use crate::scenario::Scenario;
use crate::series::{GlobalPoint, SubPoint};
use crate::time::Time;
use crate::trace::TraceEntry;

/// The longest workload, drain, start, stop or re-drive time: 10^12 µs, about 11.6 days.
pub const MAX_DURATION_US: Time = 1_000_000_000_000;
/// The longest single delay (a service time, a hop, an interval, a back-off, a timeout).
pub const MAX_DELAY_US: Time = 1_000_000_000_000;
/// The most arrivals per second of one workload, saga or read model.
pub const MAX_RATE_PER_SEC: f64 = 1_000_000.0;
/// The most arrivals per simulated second of all workloads, sagas and read-model queries
/// together: one per microsecond on average, the clock's resolution. Denser arrivals would
/// pile up at the same instant and simulated time would barely move.
pub const MAX_TOTAL_RATE_PER_SEC: f64 = 1_000_000.0;
/// The most distinct entity keys.
pub const MAX_KEY_SPACE: u32 = 10_000_000;
/// The most partitions of a topic.
pub const MAX_PARTITIONS: u32 = 100_000;
/// The most workers of a service, or instances of a subscription.
pub const MAX_INSTANCES: u32 = 100_000;
/// The most messages in flight, in a batch, or handled at once by one instance.
pub const MAX_WINDOW: u32 = 1_000_000;
/// The most attempts at one message or saga step.
pub const MAX_ATTEMPTS: u32 = 10_000;
/// The largest back-off multiplier.
pub const MAX_MULTIPLIER: u32 = 1_000;
/// The largest payload or reference, in bytes (1 GiB).
pub const MAX_PAYLOAD_BYTES: u32 = 1 << 30;
/// The most entries of the trace, the time series or the saga log.
pub const MAX_RECORDING: u32 = 10_000_000;
/// The most engine state a run may set up: 256 MiB.
pub const MEMORY_BUDGET_BYTES: u64 = 256 * 1024 * 1024;
/// The most work that may wait in a running simulation (scheduled events, waiting commands
/// and messages), estimated in bytes: 128 MiB. An overloaded run stops there with a message
/// naming where the work piles up (see [`crate::sim::Halt`]), instead of growing until the
/// memory runs out.
pub const BACKLOG_BUDGET_BYTES: u64 = 128 * 1024 * 1024;

/// What a part of the scenario costs in memory before the first event, and where it comes
/// from (a field path).
#[derive(Clone, Debug, PartialEq)]
pub struct Cost {
    /// The field that sets the size: `key_space`, `topics[2].partitions`.
    pub path: String,
    /// Bytes.
    pub bytes: u64,
}

/// Bytes per key of each per-key table.
const KEY_BYTES: u64 = 4;
/// Bytes per partition of a subscription: its queue, holder, owner and place in its
/// instance's list.
const PARTITION_BYTES: u64 = 48;
/// Bytes per consumer instance or service worker.
const INSTANCE_BYTES: u64 = 128;
/// Bytes per kept saga record (its step log).
const SAGA_RECORD_BYTES: u64 = 512;

/// The engine state a scenario sets up, part by part (saturating: a hostile scenario cannot
/// overflow the estimate). Read only after the ranges are checked.
pub fn costs(s: &Scenario) -> Vec<Cost> {
    let keys = s.key_space as u64;
    // Per topic a sequence number (one table) and a publish time (two) for every key.
    let mut per_key_tables = s.topics.len() as u64 * 3;
    for sub in &s.subscriptions {
        per_key_tables += if sub.read_model.is_some() { 4 } else { 1 };
    }
    for service in &s.services {
        per_key_tables += service
            .handlers
            .iter()
            .filter(|h| h.event_sourcing.is_some())
            .count() as u64;
    }
    let mut costs = vec![Cost {
        path: "key_space".into(),
        bytes: keys
            .saturating_mul(per_key_tables)
            .saturating_mul(KEY_BYTES),
    }];
    for (i, topic) in s.topics.iter().enumerate() {
        let subs = s
            .subscriptions
            .iter()
            .filter(|b| b.topic == topic.name)
            .count() as u64;
        costs.push(Cost {
            path: format!("topics[{i}].partitions"),
            bytes: (topic.partitions as u64)
                .saturating_mul(subs)
                .saturating_mul(PARTITION_BYTES),
        });
    }
    for (i, sub) in s.subscriptions.iter().enumerate() {
        costs.push(Cost {
            path: format!("subscriptions[{i}].instances"),
            bytes: (sub.instances as u64).saturating_mul(INSTANCE_BYTES),
        });
    }
    for (i, service) in s.services.iter().enumerate() {
        costs.push(Cost {
            path: format!("services[{i}].instances"),
            bytes: (service.instances as u64).saturating_mul(INSTANCE_BYTES),
        });
    }
    let r = &s.recording;
    let series_point = (size_of::<GlobalPoint>() as u64)
        .saturating_add((size_of::<SubPoint>() * s.subscriptions.len()) as u64);
    costs.push(Cost {
        path: "recording.trace_capacity".into(),
        bytes: (r.trace_capacity as u64).saturating_mul(size_of::<TraceEntry>() as u64),
    });
    costs.push(Cost {
        path: "recording.series_points".into(),
        bytes: (r.series_points as u64).saturating_mul(series_point),
    });
    costs.push(Cost {
        path: "recording.saga_log_capacity".into(),
        bytes: (r.saga_log_capacity as u64).saturating_mul(SAGA_RECORD_BYTES),
    });
    costs
}

/// Megabytes, for messages.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1_048_576.0)
}
