//! Sagas: steps in several services, committed one after another, and on a failure every
//! committed step compensated in reverse order.

use std::collections::VecDeque;

use serde::Serialize;

use super::{Ev, SagaIx, Simulation, Slab};
use crate::histogram::Histogram;
use crate::plan::Plan;
use crate::report::{SagaReport, SagaStats};
use crate::scenario::SagaMode;
use crate::time::{after, Time};
use crate::trace::{TraceKind, NONE};

/// What happened to a saga step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepAction {
    /// The participant was down; the saga waits and tries again.
    Waiting,
    /// The step committed.
    Committed,
    /// The step failed; compensation starts.
    Failed,
    /// The participant could not be reached in time (orchestration gives up).
    TimedOut,
    /// The step's compensation completed.
    Compensated,
}

/// One line of a saga instance's log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SagaLogEntry {
    /// When.
    pub time: Time,
    /// Index of the step.
    pub step: u16,
    /// What happened.
    pub action: StepAction,
}

/// How a saga instance ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SagaOutcome {
    /// Every step committed.
    Committed,
    /// A step failed and every committed step was compensated.
    RolledBack,
}

/// A finished saga instance, for the timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SagaRecord {
    /// Instance id.
    pub id: u64,
    /// Index of the saga definition.
    pub saga: u16,
    /// Entity key.
    pub key: u32,
    /// Start time.
    pub started: Time,
    /// End time.
    pub ended: Time,
    /// Final state.
    pub outcome: SagaOutcome,
    /// Every step event in order.
    pub log: Vec<SagaLogEntry>,
}

pub(crate) struct Inst {
    id: u64,
    saga: u16,
    key: u32,
    step: u16,
    compensating: bool,
    committed: u16,
    attempt: u32,
    started: Time,
    /// When the message of the current step (or compensation) was sent.
    sent: Time,
    first_commit: Option<Time>,
    log: Vec<SagaLogEntry>,
}

/// Saga definitions' live instances and counters.
pub(crate) struct Sagas {
    insts: Slab<Inst>,
    next_id: u64,
    stats: Vec<SagaStats>,
    duration: Vec<Histogram>,
    inconsistency: Vec<Histogram>,
    /// Per saga: from a step's message sent to the participant done with it.
    latency: Vec<Histogram>,
    /// The same since the last sample of the time series.
    pub window: Vec<Histogram>,
    pub recent: VecDeque<SagaRecord>,
    capacity: usize,
}

impl Sagas {
    pub fn new(n: usize, capacity: usize) -> Sagas {
        Sagas {
            insts: Slab::default(),
            next_id: 0,
            stats: vec![SagaStats::default(); n],
            duration: vec![Histogram::default(); n],
            inconsistency: vec![Histogram::default(); n],
            latency: vec![Histogram::default(); n],
            window: vec![Histogram::default(); n],
            recent: VecDeque::new(),
            capacity,
        }
    }

    pub fn live(&self) -> usize {
        self.insts.len()
    }

    /// Saga `g`'s messages handled so far.
    pub fn messages(&self, g: usize) -> u64 {
        self.stats[g].messages
    }

    /// Moves saga `g`'s window into its whole-run latency (after a sample).
    pub fn close_window(&mut self, g: usize) {
        self.latency[g].merge(&self.window[g]);
        self.window[g].clear();
    }

    pub fn totals(&self) -> (u64, u64) {
        self.stats
            .iter()
            .fold((0, 0), |(c, r), s| (c + s.committed, r + s.rolled_back))
    }

    pub fn reports(&self, plan: &Plan) -> Vec<SagaReport> {
        plan.sagas
            .iter()
            .enumerate()
            .map(|(g, p)| SagaReport {
                name: p.spec.name.clone(),
                stats: self.stats[g].clone(),
                latency: {
                    let mut latency = self.latency[g].clone();
                    latency.merge(&self.window[g]);
                    latency.summary()
                },
                in_progress: self.insts.iter().filter(|i| i.saga as usize == g).count() as u64,
                duration: self.duration[g].summary(),
                inconsistency: self.inconsistency[g].summary(),
            })
            .collect()
    }
}

impl Simulation {
    #[inline(never)] // Rare: keep the hot event loop small.
    pub(super) fn on_saga_start(&mut self, g: SagaIx) {
        let rate = self.plan.sagas[g.get()].spec.rate_per_sec;
        let next = after(self.now, self.rng.exponential(1e6 / rate) as Time);
        if next <= self.duration {
            self.queue.push(next, Ev::SagaStart(g));
        }
        let key = self.rng.below(self.key_space);
        let sagas = &mut self.sagas;
        let id = sagas.next_id;
        sagas.next_id += 1;
        sagas.stats[g.get()].started += 1;
        let inst = Inst {
            id,
            saga: g.0,
            key,
            step: 0,
            compensating: false,
            committed: 0,
            attempt: 0,
            started: self.now,
            sent: self.now,
            first_commit: None,
            log: Vec::new(),
        };
        let i = sagas.insts.insert(inst);
        self.record(
            TraceKind::SagaStarted,
            NONE,
            NONE,
            NONE,
            id,
            key,
            u32::from(g.0),
        );
        self.on_saga_act(i);
    }

    /// The step's (or compensation's) message reaches the participant.
    #[inline(never)] // Rare: keep the hot event loop small.
    pub(super) fn on_saga_act(&mut self, i: u32) {
        let (g, step, compensating) = {
            let inst = self.sagas.insts.get(i);
            (inst.saga as usize, inst.step as usize, inst.compensating)
        };
        let p = &self.plan.sagas[g];
        let service = p.services[step];
        let coordinator_up = p.coordinator.is_none_or(|c| self.services[c as usize].up);
        let backoff = p.spec.retry_backoff_us;
        if !self.services[service as usize].up || !coordinator_up {
            self.sagas.stats[g].waits += 1;
            let inst = self.sagas.insts.get_mut(i);
            inst.attempt += 1;
            // One "waiting" line per stretch of waiting keeps the log bounded.
            let already_waiting = inst
                .log
                .last()
                .is_some_and(|e| e.action == StepAction::Waiting && e.step == step as u16);
            if !already_waiting {
                inst.log.push(SagaLogEntry {
                    time: self.now,
                    step: step as u16,
                    action: StepAction::Waiting,
                });
            }
            let gives_up = p.spec.mode == SagaMode::Orchestration
                && !compensating
                && inst.attempt >= p.spec.max_attempts;
            if gives_up {
                // The coordinator stops waiting for this participant: the step failed.
                inst.log.push(SagaLogEntry {
                    time: self.now,
                    step: step as u16,
                    action: StepAction::TimedOut,
                });
                self.sagas.stats[g].step_failures += 1;
                self.begin_compensation(i);
            } else {
                // Compensations are retried until they succeed; in a choreography the
                // message simply waits in the broker until the participant is back.
                self.queue.push(after(self.now, backoff), Ev::SagaAct(i));
            }
            return;
        }
        let t = p.spec.steps[step].service_time.sample(&mut self.rng);
        self.queue.push(after(self.now, t), Ev::SagaDone(i));
    }

    /// Adds a step's outcome to the instance's log and the trace (instance id and key).
    fn log_step(
        &mut self,
        i: u32,
        step: u16,
        action: StepAction,
        service: u16,
        (id, key): (u64, u32),
    ) {
        let time = self.now;
        self.sagas
            .insts
            .get_mut(i)
            .log
            .push(SagaLogEntry { time, step, action });
        let kind = match action {
            StepAction::Committed => TraceKind::SagaStepCommitted,
            StepAction::Failed => TraceKind::SagaStepFailed,
            StepAction::Compensated => TraceKind::SagaCompensated,
            StepAction::Waiting | StepAction::TimedOut => return,
        };
        self.record(kind, service, NONE, NONE, id, key, step as u32);
    }

    #[inline(never)] // Rare: keep the hot event loop small.
    pub(super) fn on_saga_done(&mut self, i: u32) {
        let (g, step, compensating, id, key) = {
            let inst = self.sagas.insts.get(i);
            (
                inst.saga as usize,
                inst.step,
                inst.compensating,
                inst.id,
                inst.key,
            )
        };
        let n_steps = self.plan.sagas[g].spec.steps.len() as u16;
        let service = self.plan.sagas[g].services[step as usize];
        let now = self.now;
        // The participant has handled the step's message (and, orchestrated, its reply reaches
        // the coordinator): saga traffic counts as messages like any other.
        let replies = u64::from(self.plan.sagas[g].spec.mode == SagaMode::Orchestration);
        let sent = self.sagas.insts.get(i).sent;
        self.sagas.stats[g].messages += 1 + replies;
        self.sagas.window[g].record(now - sent);
        if compensating {
            self.sagas.insts.get_mut(i).committed -= 1;
            self.sagas.stats[g].compensations += 1;
            self.log_step(i, step, StepAction::Compensated, service, (id, key));
            if step == 0 {
                self.finish_saga(i, SagaOutcome::RolledBack);
            } else {
                self.sagas.insts.get_mut(i).step -= 1;
                self.saga_hop(i);
            }
            return;
        }
        let rate = self.plan.sagas[g].spec.steps[step as usize].failure_rate;
        if self.rng.chance(rate) {
            self.sagas.stats[g].step_failures += 1;
            self.log_step(i, step, StepAction::Failed, service, (id, key));
            self.begin_compensation(i);
            return;
        }
        let inst = self.sagas.insts.get_mut(i);
        inst.committed += 1;
        inst.first_commit.get_or_insert(now);
        self.log_step(i, step, StepAction::Committed, service, (id, key));
        if step + 1 == n_steps {
            self.finish_saga(i, SagaOutcome::Committed);
        } else {
            let inst = self.sagas.insts.get_mut(i);
            inst.step += 1;
            inst.attempt = 0;
            self.saga_hop(i);
        }
    }

    /// Starts undoing: from the step before the failed one, back to the first.
    fn begin_compensation(&mut self, i: u32) {
        let inst = self.sagas.insts.get_mut(i);
        inst.compensating = true;
        inst.attempt = 0;
        if inst.step == 0 {
            self.finish_saga(i, SagaOutcome::RolledBack);
        } else {
            inst.step -= 1;
            self.saga_hop(i);
        }
    }

    /// Sends the next message: an event through the broker (choreography), or a reply to the
    /// coordinator and its next command (orchestration). Both take two network hops.
    fn saga_hop(&mut self, i: u32) {
        self.sagas.insts.get_mut(i).sent = self.now;
        let delay = self.hop() + self.hop();
        self.queue.push(after(self.now, delay), Ev::SagaAct(i));
    }

    fn finish_saga(&mut self, i: u32, outcome: SagaOutcome) {
        let inst = self.sagas.insts.remove(i);
        let g = inst.saga as usize;
        let now = self.now;
        let stats = &mut self.sagas.stats[g];
        let consistent = match outcome {
            SagaOutcome::Committed => {
                inst.committed as usize == self.plan.sagas[g].spec.steps.len()
            }
            SagaOutcome::RolledBack => inst.committed == 0,
        };
        if !consistent {
            stats.atomicity_violations += 1;
        }
        let kind = match outcome {
            SagaOutcome::Committed => {
                stats.committed += 1;
                TraceKind::SagaCommitted
            }
            SagaOutcome::RolledBack => {
                stats.rolled_back += 1;
                TraceKind::SagaRolledBack
            }
        };
        self.sagas.duration[g].record(now - inst.started);
        self.sagas.inconsistency[g].record(inst.first_commit.map_or(0, |t| now - t));
        self.record(kind, NONE, NONE, NONE, inst.id, inst.key, g as u32);
        if self.sagas.capacity > 0 {
            if self.sagas.recent.len() == self.sagas.capacity {
                self.sagas.recent.pop_front();
            }
            self.sagas.recent.push_back(SagaRecord {
                id: inst.id,
                saga: inst.saga,
                key: inst.key,
                started: inst.started,
                ended: now,
                outcome,
                log: inst.log,
            });
        }
    }
}
