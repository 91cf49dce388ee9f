//! The request-response baseline: the same flow as nested synchronous calls. A call waits for
//! every downstream call it makes, one after another, so one service down fails the chain.

use super::{Cmd, Ev, Simulation, Slab, NO_FRAME};
use crate::time::{after, Time};
use crate::trace::{TraceKind, NONE};

struct Request {
    workload: u16,
    started: Time,
    key: u32,
}

struct Frame {
    request: u32,
    parent: u32,
    service: u16,
    handler: u16,
    /// Subscriptions to call, in order, once the handler has run.
    downstream: Vec<u16>,
    next: usize,
}

/// Live requests and their call frames.
#[derive(Default)]
pub(crate) struct Requests {
    requests: Slab<Request>,
    frames: Slab<Frame>,
}

impl Requests {
    /// Instances alive now (for the backlog estimate).
    pub(crate) fn live(&self) -> usize {
        self.requests.len() + self.frames.len()
    }
}

impl Simulation {
    pub(super) fn start_request(&mut self, w: u16, service: u16, handler: u16, key: u32) {
        let request = self.requests.requests.insert(Request {
            workload: w,
            started: self.now,
            key,
        });
        let frame = self.requests.frames.insert(Frame {
            request,
            parent: NO_FRAME,
            service,
            handler,
            downstream: Vec::new(),
            next: 0,
        });
        self.on_call_arrive(frame);
    }

    /// A call reaches its service: it fails at once if the service is down.
    #[inline(never)] // Rare: keep the hot event loop small.
    pub(super) fn on_call_arrive(&mut self, f: u32) {
        let (request, service, handler) = {
            let frame = self.requests.frames.get(f);
            (frame.request, frame.service, frame.handler)
        };
        if !self.services[service as usize].up {
            self.fail_request(f, service, true);
            return;
        }
        let (workload, key) = {
            let r = self.requests.requests.get(request);
            (r.workload, r.key)
        };
        let epoch = self.services[service as usize].epoch;
        let c = self.cmds.insert(Cmd {
            workload,
            service,
            handler,
            key,
            arrived: self.now,
            epoch,
            frame: f,
        });
        self.services[service as usize].commands.push_back(c);
        self.start_commands(service);
    }

    /// The handler of frame `f` finished (or failed): call downstream, or fail the request.
    pub(super) fn frame_handled(&mut self, f: u32, failed: bool, service: u16, handler: u16) {
        if failed {
            self.fail_request(f, service, false);
            return;
        }
        // The topics the handler would publish name the services it must now call.
        let mut topics = self.plan.services[service as usize].handlers[handler as usize]
            .emits
            .clone();
        if let Some(o) = self.pick_outcome(service, handler) {
            topics.extend_from_slice(
                &self.plan.services[service as usize].handlers[handler as usize].outcomes[o].1,
            );
        }
        let downstream = topics
            .iter()
            .flat_map(|&t| self.plan.topics[t as usize].subs.iter().copied())
            .collect();
        self.requests.frames.get_mut(f).downstream = downstream;
        self.call_next(f);
    }

    fn call_next(&mut self, f: u32) {
        let frame = self.requests.frames.get_mut(f);
        if frame.next < frame.downstream.len() {
            let b = frame.downstream[frame.next] as usize;
            frame.next += 1;
            let request = frame.request;
            let (service, handler) = (self.plan.subs[b].service, self.plan.subs[b].handler);
            let child = self.requests.frames.insert(Frame {
                request,
                parent: f,
                service,
                handler,
                downstream: Vec::new(),
                next: 0,
            });
            let at = after(self.now, self.hop());
            self.queue.push(at, Ev::CallArrive(child));
            return;
        }
        let frame = self.requests.frames.remove(f);
        if frame.parent != NO_FRAME {
            let at = after(self.now, self.hop());
            self.queue.push(at, Ev::CallReturn(frame.parent));
        } else {
            let r = self.requests.requests.remove(frame.request);
            let w = &mut self.workloads[r.workload as usize];
            w.stats.ok += 1;
            w.latency.record(self.now - r.started);
            self.record(
                TraceKind::RequestOk,
                frame.service,
                NONE,
                NONE,
                frame.request as u64,
                r.key,
                0,
            );
        }
    }

    #[inline(never)] // Rare: keep the hot event loop small.
    pub(super) fn on_call_return(&mut self, f: u32) {
        self.call_next(f);
    }

    /// Fails the whole request: the failing frame and every caller waiting above it. A root
    /// call refused on arrival counts as rejected, like a command to a service that is down.
    fn fail_request(&mut self, f: u32, service: u16, on_arrival: bool) {
        let mut frame = self.requests.frames.remove(f);
        let is_root = frame.parent == NO_FRAME;
        while frame.parent != NO_FRAME {
            frame = self.requests.frames.remove(frame.parent);
        }
        let r = self.requests.requests.remove(frame.request);
        let w = &mut self.workloads[r.workload as usize];
        if is_root && on_arrival {
            w.stats.rejected += 1;
        } else {
            w.stats.failed += 1;
        }
        self.record(
            TraceKind::RequestFailed,
            service,
            NONE,
            NONE,
            frame.request as u64,
            r.key,
            0,
        );
    }
}
