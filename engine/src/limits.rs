//! The engine's documented limits: the range of every number in a scenario, and the budget a
//! run may use, both checked by [`crate::plan`] before a simulation allocates anything.
//!
//! The ranges keep simulated time far from overflow: the clock never passes the end of the
//! run (at most [`MAX_DURATION_US`] of workload plus as much again of drain), and no single
//! delay exceeds [`MAX_DELAY_US`], so `now + delay` stays below 2^50 where a u64 holds 2^64.
//! The few sums that can still grow (a replay of a long stream, a back-off multiplied at each
//! attempt) saturate.

use std::mem::size_of;

use stormlab_words::duration_us;

use crate::histogram::HISTOGRAM_BYTES;
use crate::scenario::{Delivery, PublishMode, Scenario};
use crate::series::{GlobalPoint, SubPoint};
use crate::time::Time;
use crate::trace::TraceEntry;

/// The longest workload, drain, start, stop or re-drive time: 10^12 µs, about 11.6 days.
pub const MAX_DURATION_US: Time = 1_000_000_000_000;
/// The longest single delay (a service time, a hop, an interval, a back-off, a timeout).
pub const MAX_DELAY_US: Time = 1_000_000_000_000;
/// The most arrivals per second of one workload, saga or read model.
pub const MAX_RATE_PER_SEC: f64 = 1_000_000.0;
/// The fewest arrivals per second of one workload, saga or read model: one per longest delay,
/// so that the gap to the next arrival is a delay like any other.
pub const MIN_RATE_PER_SEC: f64 = 1e6 / MAX_DELAY_US as f64;
/// The most events per simulated second that come without a message to cause them (arrivals
/// of workloads, sagas and read-model queries, every consumer instance's polls, every outbox
/// relay's ticks), all together: one per microsecond on average, the clock's resolution.
/// Denser events would pile up at the same instant and simulated time would barely move.
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
/// Bytes of each part's plan and running state, histograms aside (a test in `sim` holds them
/// above the real sizes; the margin is for names and the like).
pub mod part_bytes {
    /// A service: its plan and state.
    pub const SERVICE: usize = 512;
    /// A topic.
    pub const TOPIC: usize = 384;
    /// A subscription.
    pub const SUBSCRIPTION: usize = 1_280;
    /// A workload.
    pub const WORKLOAD: usize = 384;
    /// A saga.
    pub const SAGA: usize = 256;
}

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
    let points = r.series_points as u64;
    // Every part of a list costs its plan, its running state and its histograms (a
    // subscription: latency, window, staleness; a workload: command latency, end to end; a
    // saga: duration, inconsistency, step latency and its window); a subscription and a saga
    // also their share of every point of the time series.
    let parts = [
        ("services", s.services.len(), part_bytes::SERVICE, 0, 0),
        ("topics", s.topics.len(), part_bytes::TOPIC, 1, 0),
        (
            "subscriptions",
            s.subscriptions.len(),
            part_bytes::SUBSCRIPTION,
            3,
            size_of::<SubPoint>(),
        ),
        ("workloads", s.workloads.len(), part_bytes::WORKLOAD, 2, 0),
        (
            "sagas",
            s.sagas.len(),
            part_bytes::SAGA,
            4,
            size_of::<SubPoint>(),
        ),
    ];
    for (path, n, fixed, histograms, per_point) in parts {
        let each = (fixed as u64)
            .saturating_add(histograms * HISTOGRAM_BYTES)
            .saturating_add(points.saturating_mul(per_point as u64));
        costs.push(Cost {
            path: path.into(),
            bytes: (n as u64).saturating_mul(each),
        });
    }
    costs.push(Cost {
        path: "recording.trace_capacity".into(),
        bytes: (r.trace_capacity as u64).saturating_mul(size_of::<TraceEntry>() as u64),
    });
    costs.push(Cost {
        path: "recording.series_points".into(),
        bytes: points.saturating_mul(size_of::<GlobalPoint>() as u64),
    });
    costs.push(Cost {
        path: "recording.saga_log_capacity".into(),
        bytes: (r.saga_log_capacity as u64).saturating_mul(SAGA_RECORD_BYTES),
    });
    costs
}

/// A budget a scenario passes, with what passes it most.
#[derive(Clone, Debug, PartialEq)]
pub enum OverBudget {
    /// The engine state would pass [`MEMORY_BUDGET_BYTES`].
    Memory {
        /// Bytes in all.
        total: u64,
        /// The part that costs the most.
        largest: Cost,
    },
    /// The events that come by themselves would pass [`MAX_TOTAL_RATE_PER_SEC`].
    Events {
        /// Events per simulated second in all.
        total: f64,
        /// The source that makes the most.
        densest: EventRate,
    },
}

/// The first budget `s` passes (memory before events), if any. Read only after the ranges are
/// checked; a rate that is not a number passes no budget (the range check names it).
pub fn over_budget(s: &Scenario) -> Option<OverBudget> {
    let costs = costs(s);
    let total = sum(&costs);
    if total > MEMORY_BUDGET_BYTES {
        let largest = costs.into_iter().max_by_key(|c| c.bytes)?;
        return Some(OverBudget::Memory { total, largest });
    }
    let rates = event_rates(s);
    let total: f64 = rates.iter().map(|r| r.per_sec).sum();
    if total > MAX_TOTAL_RATE_PER_SEC {
        let densest = rates
            .into_iter()
            .max_by(|a, b| a.per_sec.total_cmp(&b.per_sec))?;
        return Some(OverBudget::Events { total, densest });
    }
    None
}

/// The engine state a scenario sets up, in all (see [`costs`]).
pub fn state_bytes(s: &Scenario) -> u64 {
    sum(&costs(s))
}

/// The bytes of every part together (saturating).
fn sum(costs: &[Cost]) -> u64 {
    costs
        .iter()
        .fold(0u64, |sum, c| sum.saturating_add(c.bytes))
}

/// Megabytes, for messages.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1_048_576.0)
}

/// A source of events that need no message to cause them, and how many it makes per simulated
/// second.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRate {
    /// The field that sets it: `workloads[0].rate_per_sec`, `subscriptions[2].delivery.interval_us`.
    pub path: String,
    /// What they are, for messages: "this workload's arrivals", "100000 instances polling
    /// every 1 µs".
    pub what: String,
    /// Events per simulated second.
    pub per_sec: f64,
}

/// Every source of events that come by themselves, with its rate (read only after the ranges
/// are checked: every interval is at least 1 µs).
pub fn event_rates(s: &Scenario) -> Vec<EventRate> {
    let mut out = Vec::new();
    let arrivals = |out: &mut Vec<EventRate>, path: String, what: &str, per_sec: f64| {
        out.push(EventRate {
            path,
            what: what.into(),
            per_sec,
        })
    };
    for (i, w) in s.workloads.iter().enumerate() {
        arrivals(
            &mut out,
            format!("workloads[{i}].rate_per_sec"),
            "this workload's arrivals",
            w.rate_per_sec,
        );
    }
    for (i, g) in s.sagas.iter().enumerate() {
        arrivals(
            &mut out,
            format!("sagas[{i}].rate_per_sec"),
            "this saga's starts",
            g.rate_per_sec,
        );
    }
    for (i, b) in s.subscriptions.iter().enumerate() {
        if let Some(rm) = &b.read_model {
            let path = format!("subscriptions[{i}].read_model.queries_per_sec");
            arrivals(
                &mut out,
                path,
                "this read model's queries",
                rm.queries_per_sec,
            );
        }
        if let Delivery::Poll { interval_us, .. } = b.delivery {
            out.push(EventRate {
                path: format!("subscriptions[{i}].delivery.interval_us"),
                what: format!(
                    "{} consumer instances polling every {}",
                    b.instances,
                    duration_us(interval_us)
                ),
                per_sec: b.instances as f64 * 1e6 / interval_us.max(1) as f64,
            });
        }
    }
    for (i, service) in s.services.iter().enumerate() {
        if let PublishMode::Outbox {
            relay_interval_us, ..
        } = service.publish
        {
            out.push(EventRate {
                path: format!("services[{i}].publish.relay_interval_us"),
                what: format!("an outbox relay every {}", duration_us(relay_interval_us)),
                per_sec: 1e6 / relay_interval_us.max(1) as f64,
            });
        }
    }
    out
}
