//! The simulation: state, the event loop and the stepping API.
//!
//! Mechanisms live in submodules: [`producer`] (commands, commits, outbox, publishing),
//! [`consumer`] (push and poll delivery, handling, callbacks, retries, dead letters,
//! duplicates), [`saga`] and [`request`] (the synchronous baseline). The state they share is in
//! [`state`], its slot allocators in [`slab`], the audits and names in [`audit`].

mod audit;
mod backlog;
mod consumer;
mod producer;
mod ready;
mod request;
mod saga;
mod slab;
mod state;

use crate::histogram::Histogram;
use crate::plan::{Plan, ScenarioError};
use crate::queue::EventQueue;
use crate::report::*;
use crate::rng::Rng;
use crate::scenario::{Delivery, Scenario, Style};
use crate::series::{GlobalPoint, Series, SubPoint};
use crate::time::{after, Time};
use crate::trace::{Trace, TraceEntry, TraceKind, NONE};

pub use audit::{Names, SubAudit, TopicAudit};
pub use backlog::Halt;
pub(crate) use slab::{CopySlab, Slab};
pub(crate) use state::*;

pub use saga::{SagaLogEntry, SagaOutcome, SagaRecord, StepAction};

/// Declares an index newtype: a plan list's index can only be used where that list is meant.
macro_rules! index {
    ($(#[$doc:meta])* $name:ident($int:ty)) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) struct $name(pub(crate) $int);

        impl $name {
            /// The index of position `i` (which the plan's limits keep in range).
            #[inline]
            pub(crate) fn at(i: usize) -> $name {
                $name(i as $int)
            }

            /// The position it stands for.
            #[inline]
            pub(crate) fn get(self) -> usize {
                self.0 as usize
            }
        }
    };
}

// Indices into the plan's lists. `Plan::new` refuses more than 65,535 services, topics,
// subscriptions, workloads or sagas, so they fit a u16.
index!(
    /// A workload of the plan.
    WorkloadIx(u16)
);
index!(
    /// A service of the plan.
    ServiceIx(u16)
);
index!(
    /// A subscription of the plan.
    SubIx(u16)
);
index!(
    /// A saga of the plan.
    SagaIx(u16)
);
index!(
    /// A consumer instance within its subscription: as wide as the instance count it indexes.
    InstIx(u32)
);
/// Slots in the simulation's slabs: a command, a message, a delivery job, a running saga
/// instance, a call frame.
pub(crate) type CmdSlot = u32;
pub(crate) type MsgSlot = u32;
pub(crate) type JobSlot = u32;
pub(crate) type SagaSlot = u32;
pub(crate) type FrameSlot = u32;

const NO_FRAME: u32 = u32::MAX;
pub(crate) const NO_JOB: u32 = u32::MAX;

/// A running simulation of one scenario with one seed.
///
/// Lifecycle:
/// 1. Describe the system as a [`Scenario`] (or load one with [`Scenario::from_json`]).
/// 2. Assemble it with [`Simulation::new`], which checks it and schedules the first events.
/// 3. Advance with [`Simulation::step`], [`Simulation::run_until`] or
///    [`Simulation::run_to_end`]; read [`Simulation::report`], [`Simulation::trace_since`] and
///    the time series at any point.
pub struct Simulation {
    pub(crate) plan: Plan,
    name: String,
    seed: u64,
    pub(crate) style: Style,
    pub(crate) duration: Time,
    end: Time,
    pub(crate) key_space: u32,
    pub(crate) broker: crate::scenario::Broker,
    pub(crate) now: Time,
    pub(crate) queue: EventQueue<Ev>,
    pub(crate) rng: Rng,
    events: u64,
    pub(crate) next_msg_id: u64,
    pub(crate) msgs: CopySlab<Msg>,
    pub(crate) jobs: CopySlab<Job>,
    pub(crate) cmds: Slab<Cmd>,
    pub(crate) services: Vec<ServiceState>,
    pub(crate) topics: Vec<TopicState>,
    pub(crate) subs: Vec<SubState>,
    pub(crate) workloads: Vec<WorkloadState>,
    pub(crate) sagas: saga::Sagas,
    pub(crate) requests: request::Requests,
    pub(crate) trace: Trace,
    series: Series,
    /// Set when the run stopped before its end (its waiting work outgrew the budget).
    halt: Option<Halt>,
}

impl Simulation {
    /// Checks the scenario and prepares a run with `seed`.
    pub fn new(scenario: &Scenario, seed: u64) -> Result<Simulation, ScenarioError> {
        let plan = Plan::new(scenario)?;
        let keys = scenario.key_space as usize;
        let services = plan
            .services
            .iter()
            .map(|service| ServiceState::new(service, keys))
            .collect();
        let topics = plan.topics.iter().map(|_| TopicState::new(keys)).collect();
        let subs = plan
            .subs
            .iter()
            .map(|sub| SubState::new(&plan, sub, keys))
            .collect();
        let workloads = plan
            .workloads
            .iter()
            .map(|_| WorkloadState {
                count: 0,
                stats: WorkloadStats::default(),
                latency: Histogram::default(),
                end_to_end: Histogram::default(),
            })
            .collect();
        let recording = &scenario.recording;
        let interval = if recording.sample_interval_us > 0 {
            recording.sample_interval_us
        } else {
            (scenario.duration_us / 100).max(1)
        };
        let saga_count = plan.sagas.len();
        let sub_count = plan.subs.len();
        let mut sim = Simulation {
            plan,
            name: scenario.name.clone(),
            seed,
            style: scenario.style,
            duration: scenario.duration_us,
            end: scenario.duration_us.saturating_add(
                scenario
                    .drain_us
                    .unwrap_or(scenario.duration_us.saturating_mul(10)),
            ),
            key_space: scenario.key_space,
            broker: scenario.broker.clone(),
            now: 0,
            queue: EventQueue::default(),
            rng: Rng::new(seed),
            events: 0,
            next_msg_id: 0,
            msgs: CopySlab::default(),
            jobs: CopySlab::default(),
            cmds: Slab::default(),
            services,
            topics,
            subs,
            workloads,
            sagas: saga::Sagas::new(saga_count, recording.saga_log_capacity as usize),
            requests: request::Requests::default(),
            trace: Trace::new(recording.trace_capacity as usize),
            series: Series::new(
                interval,
                recording.series_points as usize,
                sub_count,
                saga_count,
            ),
            halt: None,
        };
        sim.schedule_initial();
        Ok(sim)
    }

    /// The same run from its start: built again from `scenario` (the one it was made from)
    /// with its seed. This run's state is given back first, so a replay never holds two
    /// simulations at once.
    pub fn restart(&mut self, scenario: &Scenario) -> Result<(), ScenarioError> {
        self.services = Vec::new();
        self.topics = Vec::new();
        self.subs = Vec::new();
        self.workloads = Vec::new();
        self.queue = EventQueue::default();
        self.msgs = CopySlab::default();
        self.jobs = CopySlab::default();
        self.cmds = Slab::default();
        self.sagas = saga::Sagas::new(0, 0);
        self.requests = request::Requests::default();
        self.trace = Trace::new(0);
        self.series = Series::new(1, 0, 0, 0);
        *self = Simulation::new(scenario, self.seed)?;
        Ok(())
    }

    fn schedule_initial(&mut self) {
        for workload in 0..self.plan.workloads.len() {
            let start = self.plan.workloads[workload].spec.start_us;
            self.schedule_arrival(WorkloadIx::at(workload), start, true);
        }
        for service in 0..self.plan.services.len() {
            for window in self.plan.services[service].downtime.clone() {
                let service = ServiceIx::at(service);
                self.queue
                    .push(window.from_us, Ev::ServiceChange(service, false));
                self.queue
                    .push(window.to_us, Ev::ServiceChange(service, true));
            }
        }
        for sub in 0..self.plan.subs.len() {
            let spec = &self.plan.subs[sub].spec;
            let ix = SubIx::at(sub);
            if let Delivery::Poll { interval_us, .. } = spec.delivery {
                for inst in 0..self.subs[sub].insts.len() {
                    // Desynchronise the instances: each starts at a random phase.
                    let phase = self.rng.below(interval_us.min(u32::MAX as u64) as u32) as Time;
                    let state = &mut self.subs[sub].insts[inst];
                    state.poll_scheduled = true;
                    state.last_poll = phase;
                    self.queue.push(phase, Ev::Poll(ix, InstIx::at(inst)));
                }
            }
            if let Some(read_model) = &spec.read_model {
                let gap = self.rng.exponential(1e6 / read_model.queries_per_sec) as Time;
                self.queue.push(gap, Ev::ReadQuery(ix));
            }
            if let Some(at) = spec.redrive_at_us {
                self.queue.push(at, Ev::Redrive(ix));
            }
        }
        for saga in 0..self.plan.sagas.len() {
            let gap = self
                .rng
                .exponential(1e6 / self.plan.sagas[saga].spec.rate_per_sec)
                as Time;
            if gap <= self.duration {
                self.queue.push(gap, Ev::SagaStart(SagaIx::at(saga)));
            }
        }
    }

    /// Processes the next event. Returns false when nothing is left to do (the queue is empty
    /// or the drain limit was reached).
    pub fn step(&mut self) -> bool {
        if self.halt.is_some() {
            return false;
        }
        let Some((t, ev)) = self.queue.pop_until(self.end) else {
            return false;
        };
        if t >= self.series.next_at {
            self.sample_until(t);
        }
        self.now = t;
        self.events += 1;
        self.handle(ev);
        if self.events % backlog::CHECK_EVERY == 0 {
            self.check_backlog();
        }
        true
    }

    /// Processes every event up to and including time `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: Time) {
        while matches!(self.queue.peek_time(), Some(next) if next <= t) {
            if !self.step() {
                break;
            }
        }
        if t > self.now && t <= self.end && self.halt.is_none() {
            self.sample_until(t);
            self.now = t;
        }
    }

    /// Like [`Simulation::run_until`], but processes at most `max_events` events: returns true
    /// when time `t` was reached (the clock is then at `t`), false when the budget ran out
    /// first. Lets a caller run a long stretch in slices without overshooting its target.
    pub fn run_until_within(&mut self, t: Time, max_events: u64) -> bool {
        let mut done = 0;
        while matches!(self.queue.peek_time(), Some(next) if next <= t && next <= self.end) {
            if done == max_events {
                return false;
            }
            if !self.step() {
                break;
            }
            done += 1;
        }
        self.run_until(t);
        true
    }

    /// The end of the run: the workload duration plus the drain allowance.
    pub fn end(&self) -> Time {
        self.end
    }

    /// Runs until nothing is left to do; returns the number of events processed.
    pub fn run_to_end(&mut self) -> u64 {
        let before = self.events;
        while self.step() {}
        self.events - before
    }

    /// Processes at most `n` events; returns how many were processed (fewer at the end).
    pub fn run_events(&mut self, n: u64) -> u64 {
        let mut done = 0;
        while done < n && self.step() {
            done += 1;
        }
        done
    }

    /// The current simulated time.
    pub fn now(&self) -> Time {
        self.now
    }

    /// Engine events processed so far.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// True when no more events will be processed.
    pub fn finished(&self) -> bool {
        self.halt.is_some() || self.queue.peek_time().is_none_or(|t| t > self.end)
    }

    /// The time at which workloads stop.
    pub fn duration(&self) -> Time {
        self.duration
    }

    /// Takes a service down (`up` false) or brings it back, now. The change is an event like
    /// any other, so a run with the same changes at the same times is reproducible.
    pub fn set_service_up(&mut self, service: usize, up: bool) {
        self.queue
            .push(self.now, Ev::ServiceChange(ServiceIx::at(service), up));
    }

    /// True while the service is up.
    pub fn service_up(&self, service: usize) -> bool {
        self.services[service].up
    }

    /// Moves a subscription's dead-lettered messages back to its queue, now.
    pub fn redrive(&mut self, sub: usize) {
        self.queue.push(self.now, Ev::Redrive(SubIx::at(sub)));
    }

    /// Trace entries with index >= `from`, oldest first (older ones may have been dropped).
    pub fn trace_since(&self, from: u64) -> Vec<TraceEntry> {
        self.trace.since(from).copied().collect()
    }

    /// How many trace entries were ever recorded.
    pub fn trace_total(&self) -> u64 {
        self.trace.total()
    }

    /// Sampled system-wide time series.
    pub fn global_series(&self) -> &[GlobalPoint] {
        &self.series.global
    }

    /// Sampled time series of one subscription.
    pub fn sub_series(&self, sub: usize) -> &[SubPoint] {
        &self.series.subs[sub]
    }

    /// Saga `saga`'s messages sampled as a subscription's are: handled so far (in
    /// `processed`) and the latency of its steps since the sample before; the other counts 0.
    pub fn saga_series(&self, saga: usize) -> &[SubPoint] {
        &self.series.sagas[saga]
    }

    /// The step logs of the most recently finished saga instances.
    pub fn saga_log(&self) -> Vec<SagaRecord> {
        self.sagas.recent.iter().cloned().collect()
    }

    /// Current lag (messages not yet settled) of each subscription.
    pub fn lags(&self) -> Vec<u64> {
        self.subs.iter().map(|s| s.lag.now).collect()
    }

    fn handle(&mut self, ev: Ev) {
        match ev {
            Ev::Arrival(workload) => self.on_arrival(workload),
            Ev::CommandDone(cmd) => self.on_command_done(cmd),
            Ev::Publish(msg) => self.on_publish(msg),
            Ev::RelayTick(service) => self.on_relay_tick(service),
            Ev::Deliver(job) => self.on_deliver(job),
            Ev::Poll(sub, inst) => self.on_poll(sub, inst),
            Ev::CallbackDone(job) => self.on_callback_done(job),
            Ev::JobDone(job) => self.on_job_done(job),
            Ev::Retry(job) => self.on_retry(job),
            Ev::Redrive(sub) => self.on_redrive(sub),
            Ev::ReadQuery(sub) => self.on_read_query(sub),
            Ev::ServiceChange(service, up) => self.on_service_change(service, up),
            Ev::SagaStart(saga) => self.on_saga_start(saga),
            Ev::SagaAct(instance) => self.on_saga_act(instance),
            Ev::SagaDone(instance) => self.on_saga_done(instance),
            Ev::CallArrive(frame) => self.on_call_arrive(frame),
            Ev::CallReturn(frame) => self.on_call_return(frame),
        }
    }

    /// One network hop.
    #[inline]
    pub(crate) fn hop(&mut self) -> Time {
        self.broker.network_latency.sample(&mut self.rng)
    }

    /// True when network hops take a constant time.
    #[inline]
    pub(crate) fn hops_fixed(&self) -> bool {
        self.broker.network_latency.is_fixed()
    }

    /// Schedules `ev` after `delay`. `fixed` says the delay is a constant of the scenario
    /// (from fixed distributions only), which lets the queue keep it in a FIFO lane. The sum
    /// saturates: an event past the end of time is simply never reached.
    #[inline]
    pub(crate) fn schedule(&mut self, delay: Time, fixed: bool, ev: Ev) {
        let at = self.now.saturating_add(delay);
        if fixed {
            self.queue.push_fixed(at, ev);
        } else {
            self.queue.push(at, ev);
        }
    }

    /// Appends to the trace (when it is on). The arguments are `TraceEntry`'s fields.
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn record(
        &mut self,
        kind: TraceKind,
        service: u16,
        topic: u16,
        sub: u16,
        id: u64,
        key: u32,
        detail: u32,
    ) {
        if self.trace.enabled() {
            let time = self.now;
            self.trace.push(TraceEntry {
                index: 0,
                time,
                kind,
                service,
                topic,
                sub,
                id,
                key,
                detail,
            });
        }
    }

    #[inline(never)] // Rare: keep the hot event loop small.
    fn on_service_change(&mut self, service: ServiceIx, up: bool) {
        let now = self.now;
        let state = &mut self.services[service.get()];
        if state.up == up {
            return;
        }
        state.up = up;
        if up {
            state.stats.downtime_us += now - state.down_since;
            self.record(TraceKind::ServiceUp, service.0, NONE, NONE, 0, 0, 0);
            self.resume_service(service);
        } else {
            state.epoch += 1;
            state.down_since = now;
            state.stats.outages += 1;
            self.record(TraceKind::ServiceDown, service.0, NONE, NONE, 0, 0, 0);
        }
    }

    #[inline(never)] // Rare: keep the hot event loop small.
    fn on_read_query(&mut self, sub: SubIx) {
        let planned = &self.plan.subs[sub.get()];
        let (topic, service) = (planned.topic, planned.service);
        let rate = planned
            .spec
            .read_model
            .as_ref()
            .map_or(1.0, |r| r.queries_per_sec);
        let gap = self.rng.exponential(1e6 / rate) as Time;
        let at = after(self.now, gap);
        if at <= self.duration {
            self.queue.push(at, Ev::ReadQuery(sub));
        }
        let key = self.rng.below(self.key_space);
        let now = self.now;
        let state = &mut self.subs[sub.get()];
        state.stats.reads += 1;
        let since = state.stale_since[key as usize];
        if since != Time::MAX {
            state.stats.stale_reads += 1;
            state.staleness.record(now - since);
            self.record(TraceKind::StaleRead, service, topic, sub.0, 0, key, 0);
        }
    }

    /// Moves the lag of subscription `sub` by `delta` now (its time-weighted area with it).
    #[inline]
    pub(crate) fn lag_change(&mut self, sub: usize, delta: i64) {
        let now = self.now;
        self.subs[sub].lag.change(now, delta);
    }

    #[inline(never)] // Rare: keep the hot event loop small.
    fn sample_until(&mut self, t: Time) {
        while self.series.next_at <= t {
            let at = self.series.next_at;
            self.series.make_room();
            let committed = self.topics.iter().map(|x| x.committed).sum();
            let published = self.topics.iter().map(|x| x.published).sum();
            let lost = self.topics.iter().map(|x| x.lost).sum();
            let (sagas_committed, sagas_rolled_back) = self.sagas.totals();
            self.series.global.push(GlobalPoint {
                t: at,
                events: self.events,
                committed,
                published,
                lost,
                sagas_committed,
                sagas_rolled_back,
                sagas_in_progress: self.sagas.live() as u64,
            });
            for (points, sub) in self.series.subs.iter_mut().zip(self.subs.iter_mut()) {
                let window = &sub.window;
                points.push(SubPoint {
                    t: at,
                    processed: sub.stats.processed,
                    lag: sub.lag.now,
                    queued: sub.queued.now,
                    dlq: sub.dlq.len() as u64,
                    retries: sub.stats.retries,
                    callbacks: sub.stats.callbacks,
                    callback_failures: sub.stats.callback_failures,
                    duplicates: sub.stats.duplicates_delivered,
                    stale_reads: sub.stats.stale_reads,
                    latency_mean_us: window.mean(),
                    latency_p50_us: window.quantile(0.5),
                    latency_p95_us: window.quantile(0.95),
                    latency_p99_us: window.quantile(0.99),
                });
                sub.latency.merge(&sub.window);
                sub.window.clear();
            }
            for (g, points) in self.series.sagas.iter_mut().enumerate() {
                let window = &self.sagas.window[g];
                points.push(SubPoint {
                    t: at,
                    processed: self.sagas.messages(g),
                    latency_mean_us: window.mean(),
                    latency_p50_us: window.quantile(0.5),
                    latency_p95_us: window.quantile(0.95),
                    latency_p99_us: window.quantile(0.99),
                    ..SubPoint::default()
                });
                self.sagas.close_window(g);
            }
            self.series.next_at = after(at, self.series.interval);
        }
    }

    /// Builds the metrics report of the run so far.
    pub fn report(&self) -> Report {
        let now = self.now.max(1);
        let secs = now as f64 / 1e6;
        let subscriptions = self
            .plan
            .subs
            .iter()
            .zip(&self.subs)
            .map(|(planned, state)| {
                let area = state.lag.area(self.now);
                let mut latency = state.latency.clone();
                latency.merge(&state.window);
                SubReport {
                    name: planned.spec.name.clone(),
                    topic: self.plan.topics[planned.topic as usize].name.clone(),
                    service: self.plan.services[planned.service as usize].name.clone(),
                    stats: state.stats.clone(),
                    latency: latency.summary(),
                    staleness: state.staleness.summary(),
                    throughput_per_sec: state.stats.processed as f64 / secs,
                    mean_lag: area as f64 / now as f64,
                    mean_broker_wait_us: state.mean_broker_wait_us(self.now),
                    max_lag: state.lag.max,
                    lag_now: state.lag.now,
                    dlq_now: state.dlq.len() as u64,
                }
            })
            .collect();
        Report {
            scenario: self.name.clone(),
            seed: self.seed,
            style: self.style,
            time_us: self.now,
            events: self.events,
            pending_events: self.queue.len() as u64,
            halted: self.halt.as_ref().map(|h| h.message.clone()),
            workloads: self
                .plan
                .workloads
                .iter()
                .zip(&self.workloads)
                .map(|(planned, state)| WorkloadReport {
                    name: planned.spec.name.clone(),
                    stats: state.stats.clone(),
                    latency: state.latency.summary(),
                    // Request-response: the command's latency is the whole chain's.
                    end_to_end: match self.style {
                        Style::RequestResponse => state.latency.summary(),
                        Style::EventDriven => state.end_to_end.summary(),
                    },
                })
                .collect(),
            topics: self
                .plan
                .topics
                .iter()
                .zip(&self.topics)
                .map(|(planned, state)| TopicReport {
                    name: planned.name.clone(),
                    committed: state.committed,
                    published: state.published,
                    lost: state.lost,
                    bytes_published: state.bytes_published,
                    relay_delay: state.relay_delay.summary(),
                })
                .collect(),
            subscriptions,
            services: self
                .plan
                .services
                .iter()
                .zip(&self.services)
                .map(|(planned, state)| {
                    let mut stats = state.stats.clone();
                    if !state.up {
                        stats.downtime_us += self.now - state.down_since;
                    }
                    ServiceReport {
                        name: planned.name.clone(),
                        stats,
                    }
                })
                .collect(),
            sagas: self.sagas.reports(&self.plan),
        }
    }

    /// Names of services, topics and subscriptions, for labelling trace entries.
    pub fn names(&self) -> Names {
        Names {
            services: self.plan.services.iter().map(|s| s.name.clone()).collect(),
            topics: self.plan.topics.iter().map(|t| t.name.clone()).collect(),
            subscriptions: self.plan.subs.iter().map(|s| s.spec.name.clone()).collect(),
            sagas: self
                .plan
                .sagas
                .iter()
                .map(|s| s.spec.name.clone())
                .collect(),
        }
    }

    /// Where every committed event of every topic is right now; for conservation checks.
    pub fn topic_audit(&self) -> Vec<TopicAudit> {
        let mut audits: Vec<TopicAudit> = self
            .topics
            .iter()
            .map(|t| TopicAudit {
                committed: t.committed,
                published: t.published,
                lost: t.lost,
                unpublished: 0,
            })
            .collect();
        for msg in self.msgs.iter().filter(|m| !m.published) {
            audits[msg.topic as usize].unpublished += 1;
        }
        audits
    }

    /// Where every subscription copy of every message is right now; for conservation checks.
    pub fn audit(&self) -> Vec<SubAudit> {
        self.subs
            .iter()
            .enumerate()
            .map(|(sub, s)| {
                let mut in_jobs = 0;
                let mut duplicate_jobs = 0;
                for job in self.jobs.iter().filter(|job| job.sub.get() == sub) {
                    if job.duplicate {
                        duplicate_jobs += 1;
                    } else {
                        in_jobs += 1;
                    }
                }
                SubAudit {
                    enqueued: s.stats.enqueued,
                    redriven: s.stats.redriven,
                    processed: s.stats.processed,
                    discarded: s.stats.discarded,
                    in_dlq: s.dlq.len() as u64,
                    queued: s.parts.iter().map(|p| p.len() as u64).sum(),
                    in_jobs,
                    duplicate_jobs,
                }
            })
            .collect()
    }
}
#[cfg(test)]
mod part_sizes {
    use std::mem::size_of;

    use super::*;
    use crate::limits::part_bytes as bytes;
    use crate::plan::{PSaga, PService, PSub, PTopic, PWorkload};

    /// The memory estimate's bytes per part cover the plan and the running state of each.
    #[test]
    fn the_estimate_covers_every_part() {
        assert!(size_of::<PService>() + size_of::<ServiceState>() <= bytes::SERVICE);
        assert!(size_of::<PTopic>() + size_of::<TopicState>() <= bytes::TOPIC);
        assert!(size_of::<PSub>() + size_of::<SubState>() <= bytes::SUBSCRIPTION);
        assert!(size_of::<PWorkload>() + size_of::<WorkloadState>() <= bytes::WORKLOAD);
        assert!(size_of::<PSaga>() <= bytes::SAGA);
    }

    /// The estimate is at least what a simulation holds once it has run: measured on a
    /// scenario of many workloads and subscriptions, every histogram filled.
    #[test]
    fn the_estimate_covers_a_run_of_many_parts() {
        let mut s = crate::fixed::bench_scenario(200);
        let w = s.workloads[0].clone();
        s.workloads = (0..300)
            .map(|i| crate::scenario::Workload {
                name: format!("w{i}"),
                rate_per_sec: 1.0,
                ..w.clone()
            })
            .collect();
        let estimate = crate::limits::state_bytes(&s);
        let histograms = 300 * 2 + s.subscriptions.len() * 3 + s.topics.len();
        assert!(
            estimate >= histograms as u64 * crate::histogram::HISTOGRAM_BYTES,
            "{estimate}"
        );
    }
}
