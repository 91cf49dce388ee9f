//! Phases 5, 6 and 9 of the compilation: the commands actors issue, the flows among them that
//! become sagas (a failure outcome leading back into earlier contexts gives those steps their
//! compensations), and workloads for the other starts.

use std::collections::{HashSet, VecDeque};

use stormlab_board::settings::{Outcome, SagaSetting};
use stormlab_board::{Kind, StickyId};
use stormlab_engine::scenario::{Arrivals, Saga, SagaMode, SagaStep, Workload};

use super::{dist_ms, Compiler, Problem, SAGA_ATTEMPTS, SAGA_RETRY_BACKOFF_US};

impl Compiler<'_> {
    /// Phase 5: every (actor, command) pair where the actor issues a command the run handles;
    /// with none and no other problem, the board has nothing that starts its flow.
    pub fn starts(&mut self) {
        let board = self.board;
        for s in board.stickies.iter().filter(|s| s.kind == Kind::Command) {
            for actor in self.prev(s.id, &[Kind::Actor]) {
                if self.commands.contains_key(&s.id) {
                    self.starts.push((actor, s.id));
                }
            }
        }
        if self.starts.is_empty() && self.problems.is_empty() {
            self.problems.push(Problem {
                sticky: board
                    .stickies
                    .iter()
                    .find(|s| s.kind == Kind::Command)
                    .map(|s| s.id),
                context: None,
                message: "Nothing starts the flow: link an actor to the command it issues.".into(),
            });
        }
    }

    /// The commands that the policies reacting to `event` issue.
    fn policy_commands(&self, event: StickyId) -> Vec<StickyId> {
        self.next(event, &[Kind::Policy])
            .into_iter()
            .flat_map(|p| self.next(p, &[Kind::Command]))
            .filter(|c| self.commands.contains_key(c))
            .collect()
    }

    /// The events command `c`'s handler emits (failure outcomes only if asked for).
    fn events_of(&self, c: StickyId, failures_too: bool) -> Vec<StickyId> {
        self.next(self.commands[&c].target, &[Kind::Event])
            .into_iter()
            .filter(|e| {
                failures_too || !matches!(self.sticky(*e).settings.outcome, Outcome::Failure { .. })
            })
            .collect()
    }

    /// The success path from `start`: the commands the policies issue, breadth first.
    fn success_path(&self, start: StickyId) -> Vec<StickyId> {
        let mut steps: Vec<StickyId> = vec![];
        let mut queue = VecDeque::from([start]);
        while let Some(c) = queue.pop_front() {
            if steps.contains(&c) {
                continue;
            }
            steps.push(c);
            for e in self.events_of(c, false) {
                queue.extend(self.policy_commands(e));
            }
        }
        steps
    }

    /// For each step, the command that undoes it: the commands reached from a step's failure
    /// events, each assigned to the latest earlier step in its context.
    fn compensations(&self, steps: &[StickyId]) -> Vec<Option<StickyId>> {
        let mut compensation: Vec<Option<StickyId>> = vec![None; steps.len()];
        for (k, c) in steps.iter().enumerate() {
            let Some((_, fails)) = self.failure_share.get(c) else {
                continue;
            };
            for &f in fails {
                let mut seen = HashSet::new();
                let mut queue: VecDeque<StickyId> = self.policy_commands(f).into();
                while let Some(d) = queue.pop_front() {
                    if !seen.insert(d) || steps.contains(&d) {
                        continue;
                    }
                    let context = self.commands[&d].service;
                    if let Some(j) = (0..k).rev().find(|&j| {
                        self.commands[&steps[j]].service == context && compensation[j].is_none()
                    }) {
                        compensation[j] = Some(d);
                    }
                    for e in self.events_of(d, true) {
                        queue.extend(self.policy_commands(e));
                    }
                }
            }
        }
        compensation
    }

    /// Phase 6: from each start, the success path of commands; if a failure outcome along it
    /// leads back to earlier steps, the flow is a saga run by the engine's saga mechanism.
    pub fn sagas(&mut self) {
        let starts: Vec<StickyId> = self.starts.iter().map(|s| s.1).collect();
        for start in starts {
            if self.saga_starts.contains(&start) || self.saga_commands.contains(&start) {
                continue;
            }
            // Zero commands per second: nobody starts it, so it does not run.
            if self.sticky(start).settings.rate_per_sec <= 0.0 {
                continue;
            }
            let steps = self.success_path(start);
            let compensation = self.compensations(&steps);
            if compensation.iter().all(Option::is_none) {
                continue;
            }
            let saga = self.saga(start, &steps, &compensation);
            self.sagas.push(saga);
            self.saga_starts.insert(start);
            self.saga_commands.extend(steps.iter().copied());
            self.saga_commands
                .extend(compensation.iter().flatten().copied());
            self.map.saga_steps.push(steps);
            self.map.saga_compensations.push(compensation);
        }
    }

    fn saga(&self, start: StickyId, steps: &[StickyId], compensation: &[Option<StickyId>]) -> Saga {
        let mode = match self.board.run.saga {
            SagaSetting::Orchestration => SagaMode::Orchestration,
            SagaSetting::Choreography => SagaMode::Choreography,
        };
        let first = &self.commands[&start];
        let step = |(c, comp): (&StickyId, &Option<StickyId>)| {
            let settings = &self.sticky(*c).settings;
            let share = self.failure_share.get(c).map_or(0.0, |f| f.0);
            let command = &self.commands[c];
            SagaStep {
                name: command.handler.clone(),
                service: self.services[command.service].name.clone(),
                compensation: comp.map_or_else(
                    || "(none drawn)".into(),
                    |d| self.commands[&d].handler.clone(),
                ),
                service_time: dist_ms(settings.service_time_ms),
                failure_rate: (share + settings.failure_rate).clamp(0.0, 1.0),
            }
        };
        Saga {
            name: format!("{} saga", first.handler),
            mode,
            coordinator: Some(self.services[first.service].name.clone()),
            rate_per_sec: self.sticky(start).settings.rate_per_sec,
            steps: steps.iter().zip(compensation).map(step).collect(),
            max_attempts: SAGA_ATTEMPTS,
            retry_backoff_us: SAGA_RETRY_BACKOFF_US,
        }
    }

    /// Phase 9: a Poisson workload for every start that is not a saga (one per actor and
    /// command name).
    pub fn workloads(&mut self) {
        let mut names = HashSet::new();
        for &(actor, c) in &self.starts {
            if self.saga_starts.contains(&c) {
                continue;
            }
            let rate_per_sec = self.sticky(c).settings.rate_per_sec;
            if rate_per_sec <= 0.0 {
                // Zero commands per second: the actor does not issue it in this run.
                continue;
            }
            let command = &self.commands[&c];
            let base = format!("{} → {}", self.sticky(actor).label.trim(), command.handler);
            if !names.insert(base.clone()) {
                continue;
            }
            self.workloads.push(Workload {
                name: base,
                service: self.services[command.service].name.clone(),
                handler: command.handler.clone(),
                rate_per_sec,
                arrivals: Arrivals::Poisson,
                start_us: 0,
                stop_us: None,
                max_count: None,
            });
            self.map.workloads.push((actor, c));
        }
    }
}
