//! Work waiting in the run (scheduled events, commands, messages, deliveries), estimated in
//! bytes, and the stop that keeps an overloaded run within its budget: a service that receives
//! commands faster than it handles them would otherwise grow its queue until the tab dies.

use std::mem::size_of;

use super::{Cmd, Ev, Job, Msg, Simulation};
use crate::limits::BACKLOG_BUDGET_BYTES;
use crate::time::Time;

/// Why a run stopped before its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Halt {
    /// Simulated time of the stop.
    pub at: Time,
    /// What happened, in a sentence naming where the work piled up.
    pub message: String,
}

/// Engine events between two looks at the backlog.
pub(crate) const CHECK_EVERY: u64 = 4_096;

/// Bytes one scheduled event holds (time, sequence and the event itself).
const EVENT_BYTES: u64 = (size_of::<(Time, u64, Ev)>()) as u64;
/// Bytes of a queue slot holding an index.
const SLOT_BYTES: u64 = 4;

impl Simulation {
    /// Bytes held by waiting work now, with the place most of it waits and how many items wait
    /// there.
    fn backlog(&self) -> (u64, String) {
        let mut bytes = self.queue.len() as u64 * EVENT_BYTES
            + self.msgs.held() as u64 * size_of::<Msg>() as u64
            + self.jobs.held() as u64 * size_of::<Job>() as u64
            + self.cmds.len() as u64 * size_of::<Cmd>() as u64
            + (self.sagas.live() + self.requests.live()) as u64 * 64;
        let mut worst = (self.queue.len() as u64, "events scheduled".to_string());
        for (planned, state) in self.plan.services.iter().zip(&self.services) {
            let waiting =
                (state.commands.len() + state.outbox.len() + state.api_queue.len()) as u64;
            bytes += waiting * SLOT_BYTES;
            if waiting > worst.0 {
                worst = (waiting, format!("commands waiting at {}", planned.name));
            }
        }
        for (planned, state) in self.plan.subs.iter().zip(&self.subs) {
            let local: usize = state.insts.iter().map(|inst| inst.local.len()).sum();
            let waiting = state.queued.now + state.dlq.len() as u64 + local as u64;
            bytes += waiting * SLOT_BYTES * 2;
            if state.lag.now > worst.0 {
                worst = (
                    state.lag.now,
                    format!("messages waiting for {}", planned.spec.name),
                );
            }
        }
        (bytes, format!("{} {}", worst.0, worst.1))
    }

    /// Stops the run when its waiting work is over the budget.
    pub(crate) fn check_backlog(&mut self) {
        let (bytes, worst) = self.backlog();
        if bytes > BACKLOG_BUDGET_BYTES {
            self.halt = Some(Halt {
                at: self.now,
                message: format!(
                    "The run stopped at {:.3} s of simulated time: the work waiting in it would \
                     need more than {} MB, most of it {worst} (they arrive faster than they are \
                     handled).",
                    self.now as f64 / 1e6,
                    BACKLOG_BUDGET_BYTES >> 20
                ),
            });
        }
    }

    /// Why the run stopped before its end, if it did.
    pub fn halted(&self) -> Option<&Halt> {
        self.halt.as_ref()
    }
}
