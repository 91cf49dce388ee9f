//! Producers: workload arrivals, command handling, commits (with event sourcing), dual write
//! or outbox, and publishing to the broker.

use super::{
    Cmd, Ev, InstIx, Msg, Origin, ServiceIx, Simulation, SubIx, WorkloadIx, NO_FLOW, NO_FRAME,
};
use crate::scenario::{Arrivals, PayloadStyle, PublishMode, Style};
use crate::time::{after, round_us, Time};
use crate::trace::{TraceKind, NONE};

impl Simulation {
    /// Schedules the next arrival of workload `w` after `from` (at `from` itself for the first
    /// constant-rate arrival).
    pub(crate) fn schedule_arrival(&mut self, w: WorkloadIx, from: Time, first: bool) {
        let p = &self.plan.workloads[w.get()];
        if let Some(max) = p.spec.max_count {
            if self.workloads[w.get()].count >= max {
                return;
            }
        }
        let mean_gap = 1e6 / p.spec.rate_per_sec;
        let gap = match p.spec.arrivals {
            Arrivals::Poisson => round_us(self.rng.exponential(mean_gap)),
            Arrivals::Constant if first => 0,
            Arrivals::Constant => round_us(mean_gap),
        };
        let at = after(from, gap);
        if at <= self.plan.workloads[w.get()].stop_us {
            self.workloads[w.get()].count += 1;
            self.queue.push(at, Ev::Arrival(w));
        }
    }

    pub(super) fn on_arrival(&mut self, w: WorkloadIx) {
        self.schedule_arrival(w, self.now, false);
        let key = self.rng.below(self.key_space);
        let (service, handler) = {
            let p = &self.plan.workloads[w.get()];
            (p.service, p.handler)
        };
        self.workloads[w.get()].stats.arrivals += 1;
        if self.style == Style::RequestResponse {
            self.start_request(w.0, service, handler, key);
            return;
        }
        if !self.services[service as usize].up {
            self.workloads[w.get()].stats.rejected += 1;
            self.record(TraceKind::CommandRejected, service, NONE, NONE, 0, key, 0);
            return;
        }
        let epoch = self.services[service as usize].epoch;
        let cmd = Cmd {
            workload: w.0,
            service,
            handler,
            key,
            arrived: self.now,
            epoch,
            frame: NO_FRAME,
        };
        let c = self.cmds.insert(cmd);
        self.services[service as usize].commands.push_back(c);
        self.start_commands(service);
    }

    /// Starts queued commands on free workers of service `s`.
    pub(crate) fn start_commands(&mut self, s: u16) {
        loop {
            let svc = &mut self.services[s as usize];
            if !svc.up || svc.workers_busy >= self.plan.services[s as usize].instances {
                return;
            }
            let Some(c) = svc.commands.pop_front() else {
                return;
            };
            svc.workers_busy += 1;
            let epoch = svc.epoch;
            let (handler, key) = {
                let cmd = self.cmds.get_mut(c);
                cmd.epoch = epoch;
                (cmd.handler, cmd.key)
            };
            let h = &self.plan.services[s as usize].handlers[handler as usize];
            let dist = h.service_time;
            let replay = self.replay_cost(s, handler, key);
            let t = dist.sample(&mut self.rng).saturating_add(replay);
            self.schedule(t, dist.is_fixed() && replay == 0, Ev::CommandDone(c));
        }
    }

    /// Time to rebuild an event-sourced aggregate before handling (0 otherwise).
    pub(crate) fn replay_cost(&mut self, s: u16, handler: u16, key: u32) -> Time {
        let Some(es) = &self.plan.services[s as usize].handlers[handler as usize].event_sourcing
        else {
            return 0;
        };
        let len = self.services[s as usize].streams[handler as usize][key as usize];
        let replayed = if es.snapshot_every > 0 {
            len % es.snapshot_every
        } else {
            len
        };
        self.services[s as usize].stats.events_replayed += replayed as u64;
        (replayed as Time).saturating_mul(es.replay_us_per_event)
    }

    pub(super) fn on_command_done(&mut self, c: u32) {
        let cmd = self.cmds.remove(c);
        let s = cmd.service;
        let svc = &mut self.services[s as usize];
        svc.workers_busy -= 1;
        let crashed = cmd.epoch != svc.epoch || !svc.up;
        let rate = self.plan.services[s as usize].handlers[cmd.handler as usize].failure_rate;
        let failed = crashed || self.rng.chance(rate);
        if cmd.frame != NO_FRAME {
            self.frame_handled(cmd.frame, failed, s, cmd.handler);
        } else {
            let w = &mut self.workloads[cmd.workload as usize];
            if failed {
                w.stats.failed += 1;
                self.record(TraceKind::CommandFailed, s, NONE, NONE, 0, cmd.key, 0);
            } else {
                w.stats.ok += 1;
                w.latency.record(self.now - cmd.arrived);
                let origin = Origin {
                    flow: cmd.workload,
                    at: cmd.arrived,
                };
                self.commit_events(s, cmd.handler, cmd.key, origin);
            }
        }
        self.start_commands(s);
    }

    /// Picks one of a handler's weighted outcomes, if it has any.
    pub(crate) fn pick_outcome(&mut self, s: u16, h: u16) -> Option<usize> {
        let outcomes = &self.plan.services[s as usize].handlers[h as usize].outcomes;
        match outcomes.len() {
            0 => None,
            1 => Some(0),
            n => {
                let u = self.rng.unit();
                let outcomes = &self.plan.services[s as usize].handlers[h as usize].outcomes;
                Some(outcomes.iter().position(|(c, _)| u < *c).unwrap_or(n - 1))
            }
        }
    }

    /// A successful handler commits its events: every topic in `emits`, plus those of one
    /// outcome, each carrying the `origin` of the chain. Event-sourced aggregates append them
    /// to the key's stream. A handler that commits nothing ends its chain, as does an event
    /// nobody consumes: the flow's end-to-end latency is measured there.
    pub(crate) fn commit_events(&mut self, s: u16, h: u16, key: u32, origin: Origin) {
        let handler = &self.plan.services[s as usize].handlers[h as usize];
        if handler.emits.is_empty() && handler.outcomes.is_empty() {
            if origin.flow != NO_FLOW {
                let took = self.now - origin.at;
                self.workloads[origin.flow as usize].end_to_end.record(took);
            }
            return;
        }
        let n = handler.emits.len();
        for i in 0..n {
            let t = self.plan.services[s as usize].handlers[h as usize].emits[i];
            self.commit_event(s, t, key, origin);
        }
        let mut appended = n;
        if let Some(o) = self.pick_outcome(s, h) {
            let m = self.plan.services[s as usize].handlers[h as usize].outcomes[o]
                .1
                .len();
            for i in 0..m {
                let t = self.plan.services[s as usize].handlers[h as usize].outcomes[o].1[i];
                self.commit_event(s, t, key, origin);
            }
            appended += m;
        }
        let streams = &mut self.services[s as usize].streams[h as usize];
        if !streams.is_empty() {
            streams[key as usize] += appended as u32;
        }
    }

    fn pick_version(&mut self, t: u16) -> u32 {
        let versions = &self.plan.topics[t as usize].versions;
        if versions.len() == 1 {
            return versions[0].1;
        }
        let u = self.rng.unit();
        let versions = &self.plan.topics[t as usize].versions;
        versions
            .iter()
            .find(|(c, _)| u < *c)
            .unwrap_or(versions.last().expect("non-empty"))
            .1
    }

    /// The delay before an event of `key` on topic `t` reaches the broker: one network hop,
    /// but never ahead of the key's previous event (a producer's connection to the broker
    /// keeps each key's order, so jitter cannot swap two events of one entity).
    fn in_key_order(&mut self, t: u16, key: u32, hop: Time) -> Time {
        let now = self.now;
        let last = &mut self.topics[t as usize].publish_at[key as usize];
        let at = now.saturating_add(hop).max(*last);
        *last = at;
        at - now
    }

    fn commit_event(&mut self, s: u16, t: u16, key: u32, origin: Origin) {
        let now = self.now;
        if self.plan.topics[t as usize].subs.is_empty() && origin.flow != NO_FLOW {
            // Nobody consumes this event: the chain ends with it.
            self.workloads[origin.flow as usize]
                .end_to_end
                .record(now - origin.at);
        }
        let topic = &mut self.topics[t as usize];
        topic.committed += 1;
        topic.key_seq[key as usize] += 1;
        let key_seq = topic.key_seq[key as usize];
        self.services[s as usize].stats.events_committed += 1;
        // The write side changed: read models fed by this topic are stale for this key until
        // their projection catches up.
        for i in 0..self.plan.topics[t as usize].read_models.len() {
            let b = self.plan.topics[t as usize].read_models[i] as usize;
            let since = &mut self.subs[b].stale_since[key as usize];
            if *since == Time::MAX {
                *since = now;
            }
        }
        let version = self.pick_version(t);
        let id = self.next_msg_id;
        self.next_msg_id += 1;
        self.record(TraceKind::Committed, s, t, NONE, id, key, version);
        let msg = Msg {
            id,
            topic: t,
            version,
            key,
            key_seq,
            committed_at: now,
            flow: origin.flow,
            origin_at: origin.at,
            published: false,
            refs: 0,
        };
        match self.plan.services[s as usize].publish {
            PublishMode::DualWrite { crash_rate } => {
                if self.rng.chance(crash_rate) {
                    self.topics[t as usize].lost += 1;
                    self.services[s as usize].stats.events_lost += 1;
                    self.record(TraceKind::Lost, s, t, NONE, id, key, 0);
                    return;
                }
                let m = self.msgs.insert(msg);
                let (hop, fixed) = (self.hop(), self.hops_fixed());
                let delay = self.in_key_order(t, key, hop);
                self.schedule(delay, fixed, Ev::Publish(m));
            }
            PublishMode::Outbox {
                relay_interval_us,
                crash_rate,
                ..
            } => {
                if self.rng.chance(crash_rate) {
                    self.services[s as usize].stats.outbox_crashes += 1;
                }
                let m = self.msgs.insert(msg);
                let svc = &mut self.services[s as usize];
                svc.outbox.push_back(m);
                if !svc.relay_scheduled {
                    svc.relay_scheduled = true;
                    self.queue
                        .push(after(now, relay_interval_us), Ev::RelayTick(ServiceIx(s)));
                }
            }
        }
    }

    #[inline(never)] // Rare: keep the hot event loop small.
    pub(super) fn on_relay_tick(&mut self, s: ServiceIx) {
        let PublishMode::Outbox {
            relay_interval_us,
            relay_batch,
            ..
        } = self.plan.services[s.get()].publish
        else {
            return;
        };
        let now = self.now;
        let svc = &mut self.services[s.get()];
        svc.relay_scheduled = false;
        if svc.up {
            for _ in 0..relay_batch {
                let Some(m) = self.services[s.get()].outbox.pop_front() else {
                    break;
                };
                let msg = self.msgs.get(m);
                let (topic, key) = (msg.topic, msg.key);
                self.topics[topic as usize]
                    .relay_delay
                    .record(now - msg.committed_at);
                let (hop, fixed) = (self.hop(), self.hops_fixed());
                let delay = self.in_key_order(topic, key, hop);
                self.schedule(delay, fixed, Ev::Publish(m));
            }
        }
        let svc = &mut self.services[s.get()];
        if !svc.outbox.is_empty() {
            svc.relay_scheduled = true;
            self.queue
                .push(after(now, relay_interval_us), Ev::RelayTick(s));
        }
    }

    pub(super) fn on_publish(&mut self, m: u32) {
        let (t, id, key) = {
            let msg = self.msgs.get_mut(m);
            msg.published = true;
            (msg.topic, msg.id, msg.key)
        };
        let spec = &self.plan.topics[t as usize];
        let bytes = match spec.payload.style {
            PayloadStyle::Fat => spec.payload.state_bytes,
            PayloadStyle::Notification | PayloadStyle::ClaimCheck => spec.payload.reference_bytes,
        };
        let n = spec.subs.len();
        let topic = &mut self.topics[t as usize];
        topic.published += 1;
        topic.bytes_published = topic.bytes_published.saturating_add(bytes as u64);
        let producer = spec.producer;
        self.record(TraceKind::Published, producer, t, NONE, id, key, 0);
        if n == 0 {
            self.msgs.remove(m);
            return;
        }
        self.msgs.get_mut(m).refs = n as u32;
        for i in 0..n {
            let b = self.plan.topics[t as usize].subs[i];
            self.enqueue(SubIx(b), m);
        }
    }

    /// Brings a service's work back after an outage.
    pub(super) fn resume_service(&mut self, s: ServiceIx) {
        self.start_commands(s.0);
        let svc = &mut self.services[s.get()];
        if !svc.outbox.is_empty() && !svc.relay_scheduled {
            svc.relay_scheduled = true;
            self.queue.push(self.now, Ev::RelayTick(s));
        }
        for b in 0..self.plan.subs.len() {
            if self.plan.subs[b].service == s.0 {
                for i in 0..self.subs[b].insts.len() {
                    self.wake_instance(SubIx::at(b), InstIx::at(i));
                }
            }
        }
        self.pump_api(s);
    }
}
