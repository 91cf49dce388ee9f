//! What a running simulation can be asked about itself beyond its report: display names, and
//! audits that count from the live state where every committed event and every message is.

/// Display names, indexed like the trace's fields.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Names {
    /// Service names.
    pub services: Vec<String>,
    /// Topic names.
    pub topics: Vec<String>,
    /// Subscription names.
    pub subscriptions: Vec<String>,
    /// Saga names.
    pub sagas: Vec<String>,
}

/// Where a topic's committed events are: published, lost with a reason, or on their way
/// (in an outbox or in transit to the broker), the last counted from the live state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicAudit {
    /// Committed by the producer.
    pub committed: u64,
    /// Accepted by the broker.
    pub published: u64,
    /// Lost between commit and publish (dual write crash).
    pub lost: u64,
    /// In an outbox or in transit.
    pub unpublished: u64,
}

impl TopicAudit {
    /// True when every committed event is accounted for.
    pub fn conserved(&self) -> bool {
        self.committed == self.published + self.lost + self.unpublished
    }
}

/// Where a subscription's messages are, counted from the live state (not from counters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubAudit {
    /// Put on the subscription by the broker.
    pub enqueued: u64,
    /// Moved back from the dead-letter queue (not new messages: they count once in
    /// `enqueued`).
    pub redriven: u64,
    /// Handled successfully.
    pub processed: u64,
    /// Dropped after the last attempt, with no dead-letter queue.
    pub discarded: u64,
    /// Currently dead-lettered.
    pub in_dlq: u64,
    /// Waiting in the broker.
    pub queued: u64,
    /// Delivered and not settled (in transit, waiting, being handled or backing off).
    pub in_jobs: u64,
    /// Duplicate copies in flight.
    pub duplicate_jobs: u64,
}

impl SubAudit {
    /// True when every message is accounted for: handled, dead-lettered, dropped with a
    /// reason, or still in flight.
    pub fn conserved(&self) -> bool {
        self.enqueued == self.processed + self.discarded + self.in_dlq + self.queued + self.in_jobs
    }
}
