//! The simulation's state: the engine's events, the messages, commands and delivery jobs in
//! flight, and the state of each service, topic, subscription (with its consumer instances and
//! circuit breaker) and workload.

use std::collections::{HashSet, VecDeque};

use super::ready;
use super::{
    CmdSlot, FrameSlot, InstIx, JobSlot, MsgSlot, SagaIx, SagaSlot, ServiceIx, SubIx, WorkloadIx,
    NO_JOB,
};
use crate::histogram::Histogram;
use crate::plan::{PService, PSub, Plan};
use crate::report::*;
use crate::scenario::{Delivery, PayloadStyle};
use crate::time::Time;

/// An engine event: one entry of the future-event list.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Ev {
    Arrival(WorkloadIx),
    CommandDone(CmdSlot),
    Publish(MsgSlot),
    RelayTick(ServiceIx),
    Deliver(JobSlot),
    Poll(SubIx, InstIx),
    CallbackDone(JobSlot),
    JobDone(JobSlot),
    Retry(JobSlot),
    Redrive(SubIx),
    ReadQuery(SubIx),
    ServiceChange(ServiceIx, bool),
    SagaStart(SagaIx),
    SagaAct(SagaSlot),
    SagaDone(SagaSlot),
    CallArrive(FrameSlot),
    CallReturn(FrameSlot),
}

/// Where a causal chain began: the workload whose command started it and when the command
/// arrived. Every event the chain commits carries it, so the end of the chain knows how long
/// the whole flow took.
#[derive(Clone, Copy)]
pub(crate) struct Origin {
    /// The workload (`NO_FLOW` for events no workload started).
    pub flow: u16,
    /// When its command arrived.
    pub at: Time,
}

/// The flow of events no workload started.
pub(crate) const NO_FLOW: u16 = u16::MAX;

/// A published event (one per commit), shared by every subscription's copy.
#[derive(Clone, Copy)]
pub(crate) struct Msg {
    pub id: u64,
    pub topic: u16,
    pub version: u32,
    pub key: u32,
    pub key_seq: u32,
    pub committed_at: Time,
    /// The workload whose command began its causal chain (`NO_FLOW`: none), and when that
    /// command arrived (kept as two fields, not an [`Origin`], so the record packs tighter).
    pub flow: u16,
    pub origin_at: Time,
    /// Accepted by the broker (false while in the outbox or on the way).
    pub published: bool,
    /// Subscription copies not yet settled (queued, in flight, retrying or dead-lettered).
    pub refs: u32,
}

pub(crate) struct ServiceState {
    pub up: bool,
    pub epoch: u32,
    pub down_since: Time,
    pub workers_busy: u32,
    pub commands: VecDeque<u32>,
    pub outbox: VecDeque<u32>,
    pub relay_scheduled: bool,
    pub api_busy: u32,
    pub api_queue: VecDeque<u32>,
    /// Per handler, per key: events in the aggregate's stream (event-sourced handlers only).
    pub streams: Vec<Vec<u32>>,
    pub stats: ServiceStats,
}

pub(crate) struct TopicState {
    pub key_seq: Vec<u32>,
    /// Per key: when its latest event reaches the broker (events of a key arrive in order).
    pub publish_at: Vec<Time>,
    pub committed: u64,
    pub published: u64,
    pub lost: u64,
    pub bytes_published: u64,
    pub relay_delay: Histogram,
}

pub(crate) struct InstState {
    pub partitions: Vec<u32>,
    /// Messages waiting in this instance's partitions (so an idle check needs no scan).
    pub queued: u64,
    /// The positions in `partitions` that hold messages.
    pub ready: ready::Ready,
    /// Where the round robin over `partitions` looks next.
    pub cursor: usize,
    /// Delivered jobs waiting to be handled, with their partitions.
    pub local: VecDeque<(u32, u32)>,
    pub busy: u32,
    pub in_flight: u32,
    pub poll_scheduled: bool,
    pub last_poll: Time,
    pub last_batch_full: bool,
    /// When the last message pushed to this instance arrives: the broker's connection to an
    /// instance delivers in the order it sends, whatever the network's jitter.
    pub arrives_at: Time,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Breaker {
    Closed(u32),
    Open(Time),
    HalfOpen,
}

/// A subscription's settings that the hot paths read, copied out of the plan.
#[derive(Clone, Copy)]
pub(crate) struct SubCfg {
    pub service: u16,
    pub handler: u16,
    pub topic: u16,
    /// The push window, or 0 for poll delivery.
    pub window: u32,
    pub concurrency: u32,
    pub ordered: bool,
    pub idempotent: bool,
    /// Versions are checked (the subscription declares what it accepts).
    pub versioned: bool,
    pub payload: crate::scenario::PayloadStyle,
    /// Bytes one delivery carries through the broker.
    pub delivered_bytes: u32,
    pub service_time: crate::dist::Dist,
    pub failure_rate: f64,
    pub event_sourced: bool,
}

pub(crate) struct SubState {
    pub cfg: SubCfg,
    pub parts: Vec<VecDeque<u32>>,
    /// The job holding each partition (ordered subscriptions), or `u32::MAX`.
    pub holder: Vec<u32>,
    /// The instance that owns each partition.
    pub owner: Vec<InstIx>,
    pub insts: Vec<InstState>,
    pub dlq: VecDeque<u32>,
    /// Messages waiting in the broker (not yet delivered or fetched).
    pub queued: Level,
    /// Consumer lag: messages published to the subscription and not yet settled.
    pub lag: Level,
    pub last_seq: Vec<u32>,
    pub applied_seq: Vec<u32>,
    pub stale_since: Vec<Time>,
    pub dedupe: HashSet<u64>,
    pub breaker: Breaker,
    pub stats: SubStats,
    pub latency: Histogram,
    pub window: Histogram,
    pub staleness: Histogram,
}

pub(crate) struct WorkloadState {
    pub count: u64,
    pub stats: WorkloadStats,
    pub latency: Histogram,
    /// From a command's arrival to each end of its causal chain (a handler that commits
    /// nothing more).
    pub end_to_end: Histogram,
}

impl ServiceState {
    /// A service that is up and idle; event-sourced handlers get a stream per key.
    pub(crate) fn new(service: &PService, keys: usize) -> ServiceState {
        ServiceState {
            up: true,
            epoch: 0,
            down_since: 0,
            workers_busy: 0,
            commands: VecDeque::new(),
            outbox: VecDeque::new(),
            relay_scheduled: false,
            api_busy: 0,
            api_queue: VecDeque::new(),
            streams: service
                .handlers
                .iter()
                .map(|handler| match handler.event_sourcing {
                    Some(_) => vec![0; keys],
                    None => Vec::new(),
                })
                .collect(),
            stats: ServiceStats::default(),
        }
    }
}

impl TopicState {
    pub(crate) fn new(keys: usize) -> TopicState {
        TopicState {
            key_seq: vec![0; keys],
            publish_at: vec![0; keys],
            committed: 0,
            published: 0,
            lost: 0,
            bytes_published: 0,
            relay_delay: Histogram::default(),
        }
    }
}

/// A count that moves over simulated time, with the area under it so far (count × µs): over
/// the time, its mean; by Little's law, over what was counted, the mean time each was counted.
#[derive(Clone, Copy, Default)]
pub(crate) struct Level {
    /// The count now.
    pub now: u64,
    /// The largest it has been.
    pub max: u64,
    area: u128,
    since: Time,
}

impl Level {
    /// Moves the count by `delta` at `at`, adding the time so far to the area.
    #[inline]
    pub(crate) fn change(&mut self, at: Time, delta: i64) {
        self.area += self.now as u128 * (at - self.since) as u128;
        self.since = at;
        self.now = (self.now as i64 + delta) as u64;
        self.max = self.max.max(self.now);
    }

    /// The area under the count up to `at`.
    pub(crate) fn area(&self, at: Time) -> u128 {
        self.area + self.now as u128 * (at - self.since) as u128
    }
}

impl SubState {
    /// The mean time a message waited in the broker before it was delivered or fetched, in µs
    /// (Little's law: the area under the waiting count over the messages that waited).
    pub(crate) fn mean_broker_wait_us(&self, now: Time) -> f64 {
        self.queued.area(now) as f64 / self.stats.enqueued.max(1) as f64
    }

    /// Appends message `m` to partition `p` at `now`; returns the instance that owns it.
    #[inline]
    pub(crate) fn push(&mut self, p: u32, m: MsgSlot, now: Time) -> InstIx {
        let queue = &mut self.parts[p as usize];
        queue.push_back(m);
        let was_empty = queue.len() == 1;
        self.queued.change(now, 1);
        let owner = self.owner[p as usize];
        let instances = self.insts.len();
        let inst = &mut self.insts[owner.get()];
        inst.queued += 1;
        if was_empty {
            // Partitions are dealt round robin, so p sits at p / instances in its owner's list
            // (divided only when the partition becomes ready, not on every message).
            inst.ready.insert(p as usize / instances);
        }
        owner
    }
}

impl SubCfg {
    /// Copies what the hot paths read out of the plan.
    pub(crate) fn new(plan: &Plan, sub: &PSub) -> SubCfg {
        let topic = &plan.topics[sub.topic as usize];
        let handler = &plan.services[sub.service as usize].handlers[sub.handler as usize];
        SubCfg {
            service: sub.service,
            handler: sub.handler,
            topic: sub.topic,
            window: match sub.spec.delivery {
                Delivery::Push { max_in_flight } => max_in_flight,
                Delivery::Poll { .. } => 0,
            },
            concurrency: sub.spec.concurrency,
            ordered: sub.spec.ordered,
            idempotent: sub.spec.idempotent,
            versioned: sub.spec.accepts.is_some(),
            payload: topic.payload.style,
            delivered_bytes: match topic.payload.style {
                PayloadStyle::Fat => topic.payload.state_bytes,
                _ => topic.payload.reference_bytes,
            },
            service_time: handler.service_time,
            failure_rate: handler.failure_rate,
            event_sourced: handler.event_sourcing.is_some(),
        }
    }
}

impl SubState {
    /// An empty subscription whose partitions are dealt round-robin to its instances (one
    /// pass over the partitions, whatever the number of instances).
    pub(crate) fn new(plan: &Plan, sub: &PSub, keys: usize) -> SubState {
        let partitions = plan.topics[sub.topic as usize].partitions;
        let instances = sub.spec.instances;
        let mut insts: Vec<InstState> = (0..instances)
            .map(|_| InstState {
                partitions: Vec::new(),
                queued: 0,
                ready: ready::Ready::default(),
                cursor: 0,
                local: VecDeque::new(),
                busy: 0,
                in_flight: 0,
                poll_scheduled: false,
                last_poll: 0,
                last_batch_full: false,
                arrives_at: 0,
            })
            .collect();
        let owner: Vec<InstIx> = (0..partitions).map(|p| InstIx(p % instances)).collect();
        for (partition, &inst) in owner.iter().enumerate() {
            insts[inst.get()].partitions.push(partition as u32);
        }
        for inst in &mut insts {
            inst.ready = ready::Ready::new(inst.partitions.len());
        }
        let read_model = sub.spec.read_model.is_some();
        SubState {
            cfg: SubCfg::new(plan, sub),
            parts: vec![VecDeque::new(); partitions as usize],
            holder: vec![NO_JOB; partitions as usize],
            owner,
            insts,
            dlq: VecDeque::new(),
            queued: Level::default(),
            lag: Level::default(),
            last_seq: vec![0; keys],
            applied_seq: if read_model {
                vec![0; keys]
            } else {
                Vec::new()
            },
            stale_since: if read_model {
                vec![Time::MAX; keys]
            } else {
                Vec::new()
            },
            dedupe: HashSet::new(),
            breaker: Breaker::Closed(0),
            stats: SubStats::default(),
            latency: Histogram::default(),
            window: Histogram::default(),
            staleness: Histogram::default(),
        }
    }
}

/// Why a handling attempt fails before the handler runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fail {
    VersionMismatch,
    ProducerDown,
    BreakerOpen,
}

#[derive(Clone, Copy)]
pub(crate) struct Job {
    pub msg: MsgSlot,
    pub sub: SubIx,
    pub inst: InstIx,
    pub partition: u32,
    pub attempt: u32,
    pub duplicate: bool,
    pub epoch: u32,
    pub fail: Option<Fail>,
}

pub(crate) struct Cmd {
    pub workload: u16,
    pub service: u16,
    pub handler: u16,
    pub key: u32,
    pub arrived: Time,
    pub epoch: u32,
    /// The call frame this command executes (request-response style).
    pub frame: u32,
}
