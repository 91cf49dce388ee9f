//! The trace: a bounded ring of what happened, for the UI to animate and list.

use std::collections::VecDeque;

use serde::Serialize;

use crate::time::Time;

/// "No such index" in a trace entry's optional fields.
pub const NONE: u16 = u16::MAX;

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceKind {
    /// A command arrived at a service that was down.
    CommandRejected,
    /// A command's handler failed (or the service crashed while handling it).
    CommandFailed,
    /// A service committed an event to its database (or outbox).
    Committed,
    /// An event was lost: a crash between commit and publish under dual write.
    Lost,
    /// The broker accepted an event on a topic.
    Published,
    /// The broker handed a message to a consumer (push) or a consumer fetched it (poll).
    Delivered,
    /// A consumer handled a message successfully.
    Handled,
    /// A handling attempt failed.
    Failed,
    /// A failed message was scheduled for another attempt.
    Retried,
    /// A message was parked in the dead-letter queue after its last attempt.
    DeadLettered,
    /// A message was dropped after its last attempt (no dead-letter queue).
    Discarded,
    /// Dead-lettered messages were moved back to the queue.
    Redriven,
    /// A message arrived a second time (a lost acknowledgement).
    DuplicateDelivered,
    /// An idempotent consumer recognised a duplicate and skipped it.
    DuplicateSkipped,
    /// A callback to the producer's API failed because the producer was down.
    CallbackFailed,
    /// A circuit breaker opened.
    BreakerOpened,
    /// A service went down.
    ServiceDown,
    /// A service came back.
    ServiceUp,
    /// A read-model query saw stale data.
    StaleRead,
    /// A saga started.
    SagaStarted,
    /// A saga step committed.
    SagaStepCommitted,
    /// A saga step failed; compensation begins.
    SagaStepFailed,
    /// A compensating action completed.
    SagaCompensated,
    /// A saga ended with every step committed.
    SagaCommitted,
    /// A saga ended with every committed step compensated.
    SagaRolledBack,
    /// A synchronous request (request-response style) completed.
    RequestOk,
    /// A synchronous request failed because a service on its path was down or failed.
    RequestFailed,
}

/// One entry of the trace. Index fields hold [`NONE`] when they do not apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TraceEntry {
    /// Position in the whole run (keeps counting when old entries are dropped).
    pub index: u64,
    /// Simulated time in microseconds.
    pub time: Time,
    /// What happened.
    pub kind: TraceKind,
    /// Service involved.
    pub service: u16,
    /// Topic involved.
    pub topic: u16,
    /// Subscription involved.
    pub sub: u16,
    /// Message (event) id, or saga instance id.
    pub id: u64,
    /// Entity key.
    pub key: u32,
    /// Attempt number, saga step, or version, depending on `kind`.
    pub detail: u32,
}

/// A ring buffer of the latest entries.
pub(crate) struct Trace {
    entries: VecDeque<TraceEntry>,
    capacity: usize,
    next_index: u64,
}

impl Trace {
    pub fn new(capacity: usize) -> Trace {
        Trace {
            entries: VecDeque::with_capacity(capacity.min(4096)),
            capacity,
            next_index: 0,
        }
    }

    #[inline]
    pub fn enabled(&self) -> bool {
        self.capacity > 0
    }

    pub fn push(&mut self, mut entry: TraceEntry) {
        entry.index = self.next_index;
        self.next_index += 1;
        if self.entries.len() == self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    /// Entries with `index >= from`, oldest first.
    pub fn since(&self, from: u64) -> impl Iterator<Item = &TraceEntry> {
        let skip = match self.entries.front() {
            Some(first) if from > first.index => (from - first.index) as usize,
            _ => 0,
        };
        self.entries.iter().skip(skip)
    }

    pub fn total(&self) -> u64 {
        self.next_index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(time: Time) -> TraceEntry {
        TraceEntry {
            index: 0,
            time,
            kind: TraceKind::Published,
            service: NONE,
            topic: 0,
            sub: NONE,
            id: 0,
            key: 0,
            detail: 0,
        }
    }

    #[test]
    fn keeps_only_the_latest_entries_and_resumes_from_an_index() {
        let mut t = Trace::new(3);
        for i in 0..5 {
            t.push(entry(i));
        }
        let times: Vec<Time> = t.since(0).map(|e| e.time).collect();
        assert_eq!(times, vec![2, 3, 4]);
        let times: Vec<Time> = t.since(4).map(|e| e.time).collect();
        assert_eq!(times, vec![4]);
        assert_eq!(t.total(), 5);
    }
}
