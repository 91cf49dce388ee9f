//! Consumers: push and poll delivery, handling with callbacks or claim checks, the circuit
//! breaker, retries with back-off, dead letters and re-drive, duplicates and idempotency,
//! ordering per key, and read-model projections.

use super::{
    Breaker, Ev, Fail, InstIx, Job, JobSlot, MsgSlot, Origin, ServiceIx, Simulation, SubIx,
    NO_FLOW, NO_JOB,
};
use crate::scenario::{Delivery, PayloadStyle};
use crate::time::{after, Time};
use crate::trace::TraceKind;

/// Spreads keys over partitions: a multiplicative hash (like a broker's key hash), then a
/// multiply-shift onto `0..partitions` (no division on the hot path).
#[inline]
fn partition_of(key: u32, partitions: u32) -> u32 {
    let hash = (key as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32;
    ((hash * partitions as u64) >> 32) as u32
}

impl Simulation {
    /// The broker appends message `m` to subscription `b`.
    pub(crate) fn enqueue(&mut self, b: SubIx, m: MsgSlot) {
        let key = self.msgs.get(m).key;
        let sub = &mut self.subs[b.get()];
        let partitions = sub.parts.len() as u32;
        let p = partition_of(key, partitions);
        sub.stats.enqueued += 1;
        let inst = sub.push(p, m, self.now);
        self.lag_change(b.get(), 1);
        self.wake_instance(b, inst);
    }

    /// Lets an instance make progress: start waiting work, then ask for more.
    pub(crate) fn wake_instance(&mut self, b: SubIx, i: InstIx) {
        self.try_start(b, i);
        if self.subs[b.get()].cfg.window > 0 {
            self.dispatch(b, i);
        } else {
            self.maybe_poll(b, i);
        }
    }

    /// Takes the next message for instance `i` from its partitions, round robin.
    fn next_message(&mut self, b: SubIx, i: InstIx) -> Option<(u32, MsgSlot)> {
        let now = self.now;
        let sub = &mut self.subs[b.get()];
        let inst = &mut sub.insts[i.get()];
        if inst.queued == 0 {
            return None;
        }
        let pos = inst.ready.next_from(inst.cursor)?;
        let p = inst.partitions[pos];
        let queue = &mut sub.parts[p as usize];
        let m = queue.pop_front().expect("a ready partition holds messages");
        if queue.is_empty() {
            inst.ready.remove(pos);
        }
        inst.cursor = if pos + 1 == inst.partitions.len() {
            0
        } else {
            pos + 1
        };
        inst.queued -= 1;
        sub.queued.change(now, -1);
        Some((p, m))
    }

    fn new_job(&mut self, b: SubIx, i: InstIx, p: u32, m: MsgSlot, duplicate: bool) -> JobSlot {
        let sub = &mut self.subs[b.get()];
        let bytes = sub.cfg.delivered_bytes;
        sub.stats.delivered += 1;
        sub.stats.bytes_delivered = sub.stats.bytes_delivered.saturating_add(bytes as u64);
        sub.insts[i.get()].in_flight += 1;
        self.jobs.insert(Job {
            msg: m,
            sub: b,
            inst: i,
            partition: p,
            attempt: 0,
            duplicate,
            epoch: 0,
            fail: None,
        })
    }

    /// Push: the broker sends messages while the instance's in-flight window has room.
    fn dispatch(&mut self, b: SubIx, i: InstIx) {
        let cfg = self.subs[b.get()].cfg;
        if cfg.window == 0 || !self.services[cfg.service as usize].up {
            return;
        }
        while self.subs[b.get()].insts[i.get()].in_flight < cfg.window {
            let Some((part, m)) = self.next_message(b, i) else {
                return;
            };
            let j = self.new_job(b, i, part, m, false);
            let (hop, fixed) = (self.hop(), self.hops_fixed());
            let inst = &mut self.subs[b.get()].insts[i.get()];
            let at = self.now.saturating_add(hop).max(inst.arrives_at);
            inst.arrives_at = at;
            self.schedule(at - self.now, fixed, Ev::Deliver(j));
        }
    }

    pub(super) fn on_deliver(&mut self, j: JobSlot) {
        let job = self.jobs.get(j);
        let (b, i, m, duplicate, partition) =
            (job.sub, job.inst, job.msg, job.duplicate, job.partition);
        if self.trace.enabled() {
            let msg = self.msgs.get(m);
            let (id, key, topic) = (msg.id, msg.key, msg.topic);
            let service = self.plan.subs[b.get()].service;
            let kind = if duplicate {
                TraceKind::DuplicateDelivered
            } else {
                TraceKind::Delivered
            };
            self.record(kind, service, topic, b.0, id, key, 0);
        }
        self.subs[b.get()].insts[i.get()]
            .local
            .push_back((j, partition));
        self.try_start(b, i);
    }

    /// Poll: schedules the next fetch when the instance has finished its batch.
    fn maybe_poll(&mut self, b: SubIx, i: InstIx) {
        let p = &self.plan.subs[b.get()];
        let Delivery::Poll { interval_us, .. } = p.spec.delivery else {
            return;
        };
        if !self.services[p.service as usize].up {
            return;
        }
        let inst = &mut self.subs[b.get()].insts[i.get()];
        if inst.poll_scheduled || inst.in_flight > 0 {
            return;
        }
        let at = if inst.last_batch_full {
            self.now
        } else {
            self.now.max(after(inst.last_poll, interval_us))
        };
        inst.poll_scheduled = true;
        self.queue.push(at, Ev::Poll(b, i));
    }

    #[inline(never)] // Rare: keep the hot event loop small.
    pub(super) fn on_poll(&mut self, b: SubIx, i: InstIx) {
        let p = &self.plan.subs[b.get()];
        let Delivery::Poll { interval_us, batch } = p.spec.delivery else {
            return;
        };
        let up = self.services[p.service as usize].up;
        let inst = &mut self.subs[b.get()].insts[i.get()];
        inst.poll_scheduled = false;
        if !up {
            return; // The instance polls again when its service comes back.
        }
        inst.last_poll = self.now;
        let room = batch.saturating_sub(inst.local.len() as u32);
        self.subs[b.get()].stats.polls += 1;
        let mut fetched = 0;
        while fetched < room {
            let Some((part, m)) = self.next_message(b, i) else {
                break;
            };
            let j = self.new_job(b, i, part, m, false);
            let (id, key, topic) = {
                let msg = self.msgs.get(m);
                (msg.id, msg.key, msg.topic)
            };
            let service = self.plan.subs[b.get()].service;
            self.record(TraceKind::Delivered, service, topic, b.0, id, key, 0);
            self.subs[b.get()].insts[i.get()].local.push_back((j, part));
            fetched += 1;
        }
        let inst = &mut self.subs[b.get()].insts[i.get()];
        inst.last_batch_full = fetched == batch;
        if fetched == 0 {
            self.subs[b.get()].stats.empty_polls += 1;
            // Idle consumers keep polling while the workload runs; afterwards a new message
            // re-arms the poller.
            if self.now < self.duration {
                let inst = &mut self.subs[b.get()].insts[i.get()];
                inst.poll_scheduled = true;
                self.queue
                    .push(after(self.now, interval_us), Ev::Poll(b, i));
            }
        } else {
            self.try_start(b, i);
        }
    }

    /// Starts handling waiting messages while the instance has free concurrency.
    fn try_start(&mut self, b: SubIx, i: InstIx) {
        let cfg = self.subs[b.get()].cfg;
        if !self.services[cfg.service as usize].up {
            return;
        }
        let (concurrency, ordered) = (cfg.concurrency, cfg.ordered);
        let inst = &self.subs[b.get()].insts[i.get()];
        if inst.busy >= concurrency || inst.local.is_empty() {
            return;
        }
        loop {
            let sub = &self.subs[b.get()];
            let inst = &sub.insts[i.get()];
            if inst.busy >= concurrency {
                return;
            }
            let pos = if ordered {
                // A partition is held by the job being handled or retried: later messages
                // of that partition wait (head-of-line blocking keeps keys in order).
                inst.local.iter().position(|&(j, part)| {
                    let holder = sub.holder[part as usize];
                    holder == NO_JOB || holder == j
                })
            } else if inst.local.is_empty() {
                None
            } else {
                Some(0)
            };
            let Some(pos) = pos else { return };
            let sub = &mut self.subs[b.get()];
            let inst = &mut sub.insts[i.get()];
            let taken = if pos == 0 {
                inst.local.pop_front()
            } else {
                inst.local.remove(pos)
            };
            let (j, part) = taken.expect("position is valid");
            inst.busy += 1;
            if ordered {
                sub.holder[part as usize] = j;
            }
            self.start_job(j);
        }
    }

    fn start_job(&mut self, j: JobSlot) {
        let (b, m) = {
            let job = self.jobs.get(j);
            (job.sub.get(), job.msg)
        };
        let cfg = self.subs[b].cfg;
        let epoch = self.services[cfg.service as usize].epoch;
        self.jobs.get_mut(j).epoch = epoch;
        if cfg.versioned {
            let p = &self.plan.subs[b];
            let range = p
                .spec
                .accepts
                .expect("versioned subscriptions declare what they accept");
            let version = self.msgs.get(m).version;
            let understood = if version < range.min {
                p.spec.upcast
            } else if version > range.max {
                p.spec.tolerant_reader
            } else {
                true
            };
            if !understood {
                self.jobs.get_mut(j).fail = Some(Fail::VersionMismatch);
                self.schedule(0, true, Ev::JobDone(j));
                return;
            }
            if version < range.min {
                self.subs[b].stats.upcasts += 1;
            }
        }
        match cfg.payload {
            PayloadStyle::Fat => self.begin_handling(j),
            PayloadStyle::ClaimCheck => {
                let bytes = self.plan.topics[cfg.topic as usize].payload.state_bytes as u64;
                let stats = &mut self.subs[b].stats;
                stats.store_fetches += 1;
                stats.bytes_fetched = stats.bytes_fetched.saturating_add(bytes);
                let at = after(
                    self.now,
                    self.broker.claim_store_fetch.sample(&mut self.rng),
                );
                self.queue.push(at, Ev::CallbackDone(j));
            }
            PayloadStyle::Notification => self.callback(j),
        }
    }

    fn begin_handling(&mut self, j: JobSlot) {
        let (b, m) = {
            let job = self.jobs.get(j);
            (job.sub.get(), job.msg)
        };
        let cfg = self.subs[b].cfg;
        let dist = cfg.service_time;
        let replay = if cfg.event_sourced {
            let key = self.msgs.get(m).key;
            self.replay_cost(cfg.service, cfg.handler, key)
        } else {
            0
        };
        let t = dist.sample(&mut self.rng).saturating_add(replay);
        self.schedule(t, dist.is_fixed() && replay == 0, Ev::JobDone(j));
    }

    /// A notification consumer calls the producer's API back for the data.
    fn callback(&mut self, j: JobSlot) {
        let b = self.jobs.get(j).sub.get();
        let p = &self.plan.subs[b];
        let producer = self.plan.topics[p.topic as usize].producer;
        if p.spec.circuit_breaker.is_some() {
            let sub = &mut self.subs[b];
            let allowed = match sub.breaker {
                Breaker::Closed(_) => true,
                Breaker::Open(until) if self.now >= until => {
                    sub.breaker = Breaker::HalfOpen; // This call is the trial.
                    true
                }
                Breaker::Open(_) | Breaker::HalfOpen => false,
            };
            if !allowed {
                sub.stats.breaker_rejections += 1;
                self.jobs.get_mut(j).fail = Some(Fail::BreakerOpen);
                self.schedule(0, true, Ev::JobDone(j));
                return;
            }
        }
        let bytes = self.plan.topics[p.topic as usize].payload.state_bytes as u64;
        let stats = &mut self.subs[b].stats;
        stats.callbacks += 1;
        stats.bytes_fetched = stats.bytes_fetched.saturating_add(bytes);
        if !self.services[producer as usize].up {
            self.callback_failed(j, ServiceIx(producer));
            return;
        }
        let svc = &mut self.services[producer as usize];
        svc.api_queue.push_back(j);
        svc.stats.api_queue_max = svc.stats.api_queue_max.max(svc.api_queue.len() as u64);
        self.pump_api(ServiceIx(producer));
    }

    fn callback_failed(&mut self, j: JobSlot, producer: ServiceIx) {
        let b = self.jobs.get(j).sub.get();
        self.subs[b].stats.callback_failures += 1;
        self.services[producer.get()].stats.callbacks_refused += 1;
        self.breaker_failure(b);
        self.jobs.get_mut(j).fail = Some(Fail::ProducerDown);
        let (m, topic) = (self.jobs.get(j).msg, self.plan.subs[b].topic);
        let (id, key) = (self.msgs.get(m).id, self.msgs.get(m).key);
        self.record(
            TraceKind::CallbackFailed,
            producer.0,
            topic,
            b as u16,
            id,
            key,
            0,
        );
        let at = after(self.now, self.hop());
        self.queue.push(at, Ev::JobDone(j));
    }

    /// Serves waiting callbacks on the producer's free API slots (or fails them if it is down).
    pub(crate) fn pump_api(&mut self, s: ServiceIx) {
        if !self.services[s.get()].up {
            while let Some(j) = self.services[s.get()].api_queue.pop_front() {
                self.callback_failed(j, s);
            }
            return;
        }
        let concurrency = self.plan.services[s.get()].api.concurrency;
        while self.services[s.get()].api_busy < concurrency {
            let Some(j) = self.services[s.get()].api_queue.pop_front() else {
                return;
            };
            let svc = &mut self.services[s.get()];
            svc.api_busy += 1;
            svc.stats.callbacks_served += 1;
            let dist = self.plan.services[s.get()].api.service_time;
            let t = dist.sample(&mut self.rng) + self.hop() + self.hop();
            let fixed = dist.is_fixed() && self.hops_fixed();
            self.schedule(t, fixed, Ev::CallbackDone(j));
        }
    }

    #[inline(never)] // Rare: keep the hot event loop small.
    pub(super) fn on_callback_done(&mut self, j: JobSlot) {
        let b = self.jobs.get(j).sub.get();
        let topic = self.plan.subs[b].topic as usize;
        if self.plan.topics[topic].payload.style == PayloadStyle::Notification {
            let producer = self.plan.topics[topic].producer;
            self.services[producer as usize].api_busy -= 1;
            let up = self.services[producer as usize].up;
            if up {
                self.breaker_success(b);
            } else {
                self.callback_failed(j, ServiceIx(producer));
            }
            self.pump_api(ServiceIx(producer));
            if !up {
                return;
            }
        }
        self.begin_handling(j);
    }

    fn breaker_failure(&mut self, b: usize) {
        let Some(cb) = &self.plan.subs[b].spec.circuit_breaker else {
            return;
        };
        let (threshold, open_us) = (cb.failure_threshold, cb.open_us);
        let sub = &mut self.subs[b];
        let open = match sub.breaker {
            Breaker::Closed(n) if n + 1 >= threshold => true,
            Breaker::Closed(n) => {
                sub.breaker = Breaker::Closed(n + 1);
                false
            }
            Breaker::HalfOpen => true,
            Breaker::Open(_) => false,
        };
        if open {
            sub.breaker = Breaker::Open(after(self.now, open_us));
            sub.stats.breaker_opened += 1;
            let topic = self.plan.subs[b].topic;
            let service = self.plan.subs[b].service;
            self.record(TraceKind::BreakerOpened, service, topic, b as u16, 0, 0, 0);
        }
    }

    fn breaker_success(&mut self, b: usize) {
        if self.plan.subs[b].spec.circuit_breaker.is_some() {
            self.subs[b].breaker = Breaker::Closed(0);
        }
    }

    pub(super) fn on_job_done(&mut self, j: JobSlot) {
        let (b, i) = {
            let job = self.jobs.get(j);
            (job.sub, job.inst)
        };
        let cfg = self.subs[b.get()].cfg;
        let s = cfg.service as usize;
        self.subs[b.get()].insts[i.get()].busy -= 1;
        let epoch = self.jobs.get(j).epoch;
        if epoch != self.services[s].epoch || !self.services[s].up {
            // The consumer went down mid-handling: the work is lost and the message is
            // handled again once it is back (not an attempt of the handler).
            self.subs[b.get()].stats.crashed_handlings += 1;
            let job = self.jobs.get_mut(j);
            job.fail = None;
            let partition = job.partition;
            self.subs[b.get()].insts[i.get()]
                .local
                .push_front((j, partition));
            self.wake_instance(b, i);
            return;
        }
        let fail = self.jobs.get_mut(j).fail.take();
        if fail.is_some() || self.rng.chance(cfg.failure_rate) {
            self.fail_attempt(j, fail);
        } else {
            self.succeed(j);
        }
        self.wake_instance(b, i);
    }

    #[inline(never)] // Rare: keep the hot event loop small.
    fn fail_attempt(&mut self, j: JobSlot, reason: Option<Fail>) {
        let (b, m, duplicate) = {
            let job = self.jobs.get_mut(j);
            job.attempt += 1;
            (job.sub.get(), job.msg, job.duplicate)
        };
        let attempt = self.jobs.get(j).attempt;
        let p = &self.plan.subs[b];
        let (service, topic, retry) = (p.service, p.topic, p.spec.retry.clone());
        let (id, key) = (self.msgs.get(m).id, self.msgs.get(m).key);
        let stats = &mut self.subs[b].stats;
        stats.failed_attempts += 1;
        if reason == Some(Fail::VersionMismatch) {
            stats.version_mismatches += 1;
        }
        self.record(
            TraceKind::Failed,
            service,
            topic,
            b as u16,
            id,
            key,
            attempt,
        );
        if attempt < retry.max_attempts {
            self.subs[b].stats.retries += 1;
            self.record(
                TraceKind::Retried,
                service,
                topic,
                b as u16,
                id,
                key,
                attempt,
            );
            let factor = (retry.multiplier as u64).saturating_pow(attempt - 1);
            let backoff = retry
                .backoff_us
                .saturating_mul(factor)
                .min(retry.max_backoff_us);
            self.queue.push(after(self.now, backoff), Ev::Retry(j));
            return;
        }
        if duplicate {
            // The original was already handled; a duplicate that keeps failing is dropped.
            self.subs[b].dedupe.remove(&id);
            self.settle(j, false);
        } else if retry.dead_letter {
            self.subs[b].dlq.push_back(m);
            self.subs[b].stats.dead_lettered += 1;
            self.record(
                TraceKind::DeadLettered,
                service,
                topic,
                b as u16,
                id,
                key,
                attempt,
            );
            self.settle(j, true);
        } else {
            self.subs[b].stats.discarded += 1;
            self.record(
                TraceKind::Discarded,
                service,
                topic,
                b as u16,
                id,
                key,
                attempt,
            );
            self.settle(j, false);
        }
    }

    #[inline(never)] // Rare: keep the hot event loop small.
    pub(super) fn on_retry(&mut self, j: JobSlot) {
        let (b, i) = {
            let job = self.jobs.get(j);
            (job.sub, job.inst)
        };
        let partition = self.jobs.get(j).partition;
        let inst = &mut self.subs[b.get()].insts[i.get()];
        if self.plan.subs[b.get()].spec.ordered {
            inst.local.push_front((j, partition));
        } else {
            inst.local.push_back((j, partition));
        }
        self.try_start(b, i);
    }

    fn succeed(&mut self, j: JobSlot) {
        let (b, i, m, duplicate) = {
            let job = self.jobs.get(j);
            (job.sub.get(), job.inst, job.msg, job.duplicate)
        };
        let (id, key, key_seq, committed_at, topic, origin) = {
            let msg = self.msgs.get(m);
            (
                msg.id,
                msg.key,
                msg.key_seq,
                msg.committed_at,
                msg.topic,
                Origin {
                    flow: msg.flow,
                    at: msg.origin_at,
                },
            )
        };
        let cfg = self.subs[b].cfg;
        let (service, handler, idempotent) = (cfg.service, cfg.handler, cfg.idempotent);
        let now = self.now;
        let sub = &mut self.subs[b];
        let seen = idempotent && sub.dedupe.remove(&id);
        if seen {
            sub.stats.duplicates_skipped += 1;
            self.record(
                TraceKind::DuplicateSkipped,
                service,
                topic,
                b as u16,
                id,
                key,
                0,
            );
        } else {
            sub.stats.effects += 1;
            if duplicate {
                sub.stats.duplicate_effects += 1;
            }
            // The policy's command ran: its events are committed like any other, in the same
            // chain. A duplicate's effect starts a chain of its own that no flow measures.
            let origin = if duplicate {
                Origin {
                    flow: NO_FLOW,
                    ..origin
                }
            } else {
                origin
            };
            self.commit_events(service, handler, key, origin);
        }
        if !duplicate {
            let sub = &mut self.subs[b];
            sub.stats.processed += 1;
            // The window holds latencies since the last sample; it is folded into the
            // run's histogram at each sample (one record per message, not two).
            sub.window.record(now - committed_at);
            let last = &mut sub.last_seq[key as usize];
            if key_seq < *last {
                sub.stats.out_of_order += 1;
            } else {
                *last = key_seq;
            }
            if !sub.applied_seq.is_empty() {
                let written = self.topics[topic as usize].key_seq[key as usize];
                let applied = &mut sub.applied_seq[key as usize];
                *applied = (*applied).max(key_seq);
                if *applied >= written {
                    sub.stale_since[key as usize] = Time::MAX;
                }
            }
            self.record(TraceKind::Handled, service, topic, b as u16, id, key, 0);
            if self.rng.chance(self.broker.duplicate_rate) {
                // The acknowledgement is lost: the broker delivers the message again.
                let sub = &mut self.subs[b];
                sub.stats.duplicates_delivered += 1;
                if idempotent {
                    sub.dedupe.insert(id);
                }
                self.msgs.get_mut(m).refs += 1;
                let partition = self.jobs.get(j).partition;
                let dup = self.new_job(SubIx::at(b), i, partition, m, true);
                let delay = self.broker.ack_timeout_us + self.hop();
                let fixed = self.hops_fixed();
                self.schedule(delay, fixed, Ev::Deliver(dup));
            }
        }
        self.settle(j, false);
    }

    /// Ends job `j`; the message stays referenced when it was moved to the dead-letter queue.
    fn settle(&mut self, j: JobSlot, to_dlq: bool) {
        let job = self.jobs.remove(j);
        let b = job.sub.get();
        let sub = &mut self.subs[b];
        sub.insts[job.inst.get()].in_flight -= 1;
        if sub.holder[job.partition as usize] == j {
            sub.holder[job.partition as usize] = NO_JOB;
        }
        if !job.duplicate {
            self.lag_change(b, -1);
        }
        if !to_dlq {
            let msg = self.msgs.get_mut(job.msg);
            msg.refs -= 1;
            if msg.refs == 0 {
                self.msgs.remove(job.msg);
            }
        }
    }

    #[inline(never)] // Rare: keep the hot event loop small.
    pub(super) fn on_redrive(&mut self, b: SubIx) {
        let mut n = 0;
        while let Some(m) = self.subs[b.get()].dlq.pop_front() {
            let key = self.msgs.get(m).key;
            let sub = &mut self.subs[b.get()];
            let p = partition_of(key, sub.parts.len() as u32);
            sub.push(p, m, self.now);
            sub.stats.redriven += 1;
            self.lag_change(b.get(), 1);
            n += 1;
        }
        if n > 0 {
            let p = &self.plan.subs[b.get()];
            let (service, topic) = (p.service, p.topic);
            self.record(TraceKind::Redriven, service, topic, b.0, 0, 0, n);
            for i in 0..self.subs[b.get()].insts.len() {
                self.wake_instance(b, InstIx::at(i));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::partition_of;

    #[test]
    fn keys_spread_over_every_partition() {
        let mut seen = [0u32; 8];
        for key in 0..8000 {
            seen[partition_of(key, 8) as usize] += 1;
        }
        assert!(seen.iter().all(|&n| n > 800), "{seen:?}");
        assert_eq!(partition_of(17, 1), 0);
    }
}
