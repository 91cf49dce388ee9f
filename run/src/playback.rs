//! The run of a board: the engine behind play, pause, step and the scrubbed timeline, the
//! services taken down and brought back while it runs, and the messages in flight drawn as
//! dots along the board's links.
//!
//! Wall-clock time comes in as plain numbers (milliseconds), so this stays testable natively.

use std::collections::{HashMap, VecDeque};

use stormlab_engine::limits;
use stormlab_engine::trace::{TraceEntry, TraceKind, NONE};
use stormlab_engine::{Simulation, Time};

use stormlab_board::route::{point, route, straight, Curve};
use stormlab_board::{Board, Rect, StickyId};

use crate::compile::{compile, Compiled, Problem};
use crate::variant::Variant;

/// How long one dot takes to travel its link, in wall milliseconds.
pub const DOT_MS: f64 = 900.0;
/// At most this many dots at once; beyond it new messages are counted, not drawn.
pub const MAX_DOTS: usize = 4_000;

/// What a dot stands for (and so its colour).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DotKind {
    /// An event on its way to the broker or to a consumer.
    Message,
    /// A consumer handled it and issues its command.
    Handled,
    /// A handling attempt, a callback or a saga step failed.
    Failed,
    /// A saga step committed.
    Saga,
    /// A saga step was compensated.
    Compensation,
}

/// One animated message.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dot {
    /// The way it travels, in board units (along a link where there is one).
    pub path: Curve,
    /// Wall time it appeared.
    pub born: f64,
    /// What it stands for.
    pub kind: DotKind,
}

impl Dot {
    /// Where the dot is at wall time `now`, or `None` once it has arrived.
    pub fn position(&self, now: f64) -> Option<(f64, f64)> {
        let f = (now - self.born) / DOT_MS;
        if !(0.0..=1.0).contains(&f) {
            return None;
        }
        Some(point(&self.path, f))
    }

    /// Where it starts.
    pub fn start(&self) -> (f64, f64) {
        self.path[0]
    }

    /// Where it ends.
    pub fn end(&self) -> (f64, f64) {
        self.path[3]
    }
}

/// What a person did to a running system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Took a service (engine index) down (false) or brought it back (true).
    Service(usize, bool),
    /// Moved a subscription's dead letters back to its queue.
    Redrive(usize),
}

/// A change made by hand, at a simulated time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Intervention {
    /// When.
    pub at: Time,
    /// What.
    pub change: Change,
}

fn carry_out(sim: &mut Simulation, change: Change) {
    match change {
        Change::Service(service, up) => sim.set_service_up(service, up),
        Change::Redrive(sub) => sim.redrive(sub),
    }
}

/// A board being run.
pub struct Playback {
    /// The compiled board.
    pub compiled: Compiled,
    /// The seed of this run.
    pub seed: u64,
    simulation: Simulation,
    interventions: Vec<Intervention>,
    seen: u64,
    rects: HashMap<StickyId, Rect>,
    saga_of: HashMap<u64, usize>,
    /// Messages in flight on the board.
    pub dots: VecDeque<Dot>,
    /// Messages not drawn because too many were in flight.
    pub undrawn: u64,
    /// A scrub under way, if any.
    seek: Option<Seek>,
}

/// A scrub under way: where to, and the interventions still to carry out on the way there
/// (a scrub backwards runs the same seed again from time zero).
#[derive(Clone, Debug)]
struct Seek {
    target: Time,
    pending: VecDeque<Intervention>,
}

impl Playback {
    /// Both variants of `board` as playbacks with `seed`, for a comparison; or every problem
    /// that keeps either from running, in one sentence. The two runs are held at once, so
    /// together they keep to the memory budget of one.
    pub fn pair(
        board: &Board,
        a: &Variant,
        b: &Variant,
        seed: u64,
    ) -> Result<(Playback, Playback), String> {
        let sentence = |p: Vec<Problem>| {
            p.iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (ca, cb) = match (compile(board, a), compile(board, b)) {
            (Ok(ca), Ok(cb)) => (ca, cb),
            (Err(p), _) | (_, Err(p)) => return Err(sentence(p)),
        };
        let both =
            limits::state_bytes(&ca.scenario).saturating_add(limits::state_bytes(&cb.scenario));
        if both > limits::MEMORY_BUDGET_BYTES {
            return Err(format!(
                "Comparing runs this board twice at once, and the two runs would need about {} of simulation state together, over the {} a run may use. Run it alone in the Run view, or compare a part of it.",
                limits::megabytes(both),
                limits::megabytes(limits::MEMORY_BUDGET_BYTES)
            ));
        }
        Ok((
            Playback::start(board, ca, seed),
            Playback::start(board, cb, seed),
        ))
    }

    /// Compiles the board with the variant and starts a run at time zero.
    pub fn new(board: &Board, variant: &Variant, seed: u64) -> Result<Playback, Vec<Problem>> {
        Ok(Playback::start(board, compile(board, variant)?, seed))
    }

    /// A run of a compiled board at time zero.
    fn start(board: &Board, compiled: Compiled, seed: u64) -> Playback {
        let simulation = Simulation::new(&compiled.scenario, seed)
            .expect("compile checked the scenario with the engine's plan");
        let rects = board.stickies.iter().map(|s| (s.id, s.rect())).collect();
        Playback {
            compiled,
            seed,
            simulation,
            interventions: vec![],
            seen: 0,
            rects,
            saga_of: HashMap::new(),
            dots: VecDeque::new(),
            undrawn: 0,
            seek: None,
        }
    }

    /// The engine running the board (read only: changes go through the playback, so that
    /// scrubbing can replay them).
    pub fn simulation(&self) -> &Simulation {
        &self.simulation
    }

    /// Where the timeline ends: the end of the workload, or later if the run drains longer.
    pub fn horizon(&self) -> Time {
        if self.simulation.finished() {
            self.simulation.now().max(1)
        } else {
            self.simulation.duration().max(self.simulation.now())
        }
    }

    /// Runs towards simulated time `target`, at most `max_events` engine events; true when the
    /// target (or the end of the run) was reached.
    pub fn advance(&mut self, target: Time, max_events: u64) -> bool {
        self.simulation.run_until_within(target, max_events) || self.simulation.finished()
    }

    /// Processes at most `n` engine events, without moving the clock past the last one;
    /// returns how many were processed (fewer at the end of the run).
    pub fn run_events(&mut self, n: u64) -> u64 {
        self.simulation.run_events(n)
    }

    /// Processes exactly one engine event (if any is left).
    pub fn step(&mut self) -> bool {
        self.simulation.step()
    }

    /// Takes a service down or brings it back now; remembered so that scrubbing back and
    /// forth replays it at the same simulated time.
    pub fn set_service_up(&mut self, service: usize, up: bool) {
        self.intervene(Change::Service(service, up));
    }

    /// Moves a subscription's dead letters back to its queue now (remembered like
    /// [`Playback::set_service_up`]).
    pub fn redrive(&mut self, sub: usize) {
        self.intervene(Change::Redrive(sub));
    }

    fn intervene(&mut self, change: Change) {
        self.interventions.push(Intervention {
            at: self.simulation.now(),
            change,
        });
        carry_out(&mut self.simulation, change);
    }

    /// The changes made by hand so far.
    pub fn interventions(&self) -> &[Intervention] {
        &self.interventions
    }

    /// Moves the run to simulated time `t` at once (see [`Playback::seek`]; a long way can take
    /// long: the Run view goes in slices with [`Playback::seek_within`]).
    pub fn scrub(&mut self, t: Time) {
        self.seek(t);
        while !self.seek_within(u64::MAX) {}
    }

    /// Starts moving the run to simulated time `t`: forward by running, backward by running
    /// again from the start with the same seed and the interventions made before `t` (those
    /// after it are forgotten). Dots in flight are dropped. Nothing runs until
    /// [`Playback::seek_within`].
    pub fn seek(&mut self, t: Time) {
        self.dots.clear();
        let mut pending = VecDeque::new();
        if t < self.simulation.now() {
            self.simulation
                .restart(&self.compiled.scenario)
                .expect("the scenario was valid when the playback started");
            self.interventions.retain(|i| i.at <= t);
            pending.extend(self.interventions.iter().copied());
        }
        self.seek = Some(Seek { target: t, pending });
    }

    /// True while a scrub is under way.
    pub fn seeking(&self) -> bool {
        self.seek.is_some()
    }

    /// Goes on with the scrub under way for at most about `max_events` engine events; true
    /// when it has arrived (or none was under way).
    pub fn seek_within(&mut self, max_events: u64) -> bool {
        let Some(seek) = &mut self.seek else {
            return true;
        };
        let start = self.simulation.events();
        let left = |sim: &Simulation| max_events.saturating_sub(sim.events() - start);
        while let Some(next) = seek.pending.front() {
            if !self
                .simulation
                .run_until_within(next.at, left(&self.simulation))
            {
                return false;
            }
            carry_out(&mut self.simulation, next.change);
            seek.pending.pop_front();
        }
        if !self
            .simulation
            .run_until_within(seek.target, left(&self.simulation))
        {
            return false;
        }
        self.seek = None;
        self.seen = self.simulation.trace_total();
        self.saga_of.clear();
        true
    }

    /// Turns the trace entries recorded since the last call into dots born at wall time
    /// `now`, and drops the dots that have arrived. Returns the new entries (for the log).
    pub fn animate(&mut self, now: f64) -> usize {
        while self.dots.front().is_some_and(|d| now - d.born > DOT_MS) {
            self.dots.pop_front();
        }
        let total = self.simulation.trace_total();
        if total == self.seen {
            return 0;
        }
        let entries = self.simulation.trace_since(self.seen);
        self.seen = total;
        let n = entries.len();
        for e in entries {
            if let Some(dot) = self.dot_for(&e, now) {
                if self.dots.len() < MAX_DOTS {
                    self.dots.push_back(dot);
                } else {
                    self.undrawn += 1;
                }
            }
        }
        n
    }

    /// Forgets the trace entries recorded since the last call and the dots in flight (a run
    /// going as fast as possible is not animated).
    pub fn skip_animation(&mut self) {
        self.seen = self.simulation.trace_total();
        self.dots.clear();
    }

    fn centre(&self, id: StickyId) -> Option<(f64, f64)> {
        self.rects.get(&id).map(Rect::center)
    }

    /// Along the link between two stickies (the curve the board draws).
    fn along(&self, from: StickyId, to: StickyId) -> Option<Curve> {
        Some(route(self.rects.get(&from)?, self.rects.get(&to)?))
    }

    /// Straight up from a sticky's top edge: a failure.
    fn up_from(&self, id: StickyId) -> Option<Curve> {
        let r = self.rects.get(&id)?;
        let x = r.x + r.w / 2.0;
        Some(straight((x, r.y), (x, r.y - 60.0)))
    }

    fn dot_for(&mut self, e: &TraceEntry, now: f64) -> Option<Dot> {
        let map = &self.compiled.map;
        let topic = (e.topic != NONE).then_some(e.topic as usize);
        let sub = (e.sub != NONE).then_some(e.sub as usize);
        let (path, kind) = match e.kind {
            TraceKind::Published => {
                let t = topic?;
                (
                    self.along(*map.emitters.get(t)?.first()?, map.topics[t])?,
                    DotKind::Message,
                )
            }
            TraceKind::Delivered | TraceKind::DuplicateDelivered => (
                self.along(map.topics[topic?], map.subscriptions[sub?])?,
                DotKind::Message,
            ),
            TraceKind::Handled => {
                let s = sub?;
                let policy = map.subscriptions[s];
                let path = match map.sub_commands[s] {
                    Some(c) => self.along(policy, c)?,
                    None => self.up_from(policy)?,
                };
                (path, DotKind::Handled)
            }
            TraceKind::Failed | TraceKind::DeadLettered | TraceKind::CallbackFailed => {
                (self.up_from(map.subscriptions[sub?])?, DotKind::Failed)
            }
            TraceKind::SagaStarted => {
                self.saga_of.insert(e.id, e.detail as usize);
                return None;
            }
            TraceKind::SagaStepCommitted
            | TraceKind::SagaStepFailed
            | TraceKind::SagaCompensated => {
                let g = self.saga_of.get(&e.id).copied().unwrap_or(0);
                let step = e.detail as usize;
                let steps = map.saga_steps.get(g)?;
                match e.kind {
                    TraceKind::SagaStepCommitted => {
                        let next = steps.get(step + 1).copied().unwrap_or(steps[step]);
                        (
                            straight(self.centre(steps[step])?, self.centre(next)?),
                            DotKind::Saga,
                        )
                    }
                    TraceKind::SagaStepFailed => (self.up_from(steps[step])?, DotKind::Failed),
                    _ => {
                        let comp = map.saga_compensations[g][step].unwrap_or(steps[step]);
                        let at = self.centre(comp)?;
                        let back = step
                            .checked_sub(1)
                            .and_then(|p| map.saga_compensations[g][p])
                            .and_then(|c| self.centre(c))
                            .unwrap_or(at);
                        (straight(at, back), DotKind::Compensation)
                    }
                }
            }
            TraceKind::SagaCommitted | TraceKind::SagaRolledBack => {
                self.saga_of.remove(&e.id);
                return None;
            }
            _ => return None,
        };
        Some(Dot {
            path,
            born: now,
            kind,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stormlab_board::examples::example;

    fn playback(id: &str) -> Playback {
        let board = example(id).unwrap().board();
        Playback::new(&board, &Variant::default(), 11).unwrap()
    }

    #[test]
    fn advancing_draws_messages_along_the_board_and_they_arrive() {
        let mut p = playback("retail");
        assert!(p.advance(2_000_000, u64::MAX));
        assert_eq!(p.simulation().now(), 2_000_000);
        assert!(p.animate(0.0) > 0);
        assert!(!p.dots.is_empty());
        assert!(p
            .dots
            .iter()
            .any(|d| d.kind == DotKind::Message && d.start() != d.end()));
        // A delivered event travels along the arrow the board draws from event to policy.
        let board = example("retail").unwrap().board();
        let rect = |label: &str| {
            board
                .stickies
                .iter()
                .find(|s| s.label == label)
                .unwrap()
                .rect()
        };
        let arrow = route(
            &rect("OrderPlaced"),
            &rect("Whenever an order is placed, reserve its items"),
        );
        assert!(
            p.dots.iter().any(|d| d.path == arrow),
            "a dot on the OrderPlaced arrow"
        );
        let mid = p.dots[0].position(DOT_MS / 2.0).unwrap();
        assert!(mid != p.dots[0].start());
        p.animate(DOT_MS + 1.0);
        assert!(p.dots.is_empty(), "arrived dots are dropped");
    }

    #[test]
    fn a_small_budget_stops_short_and_resumes() {
        let mut p = playback("retail");
        assert!(!p.advance(10_000_000, 10));
        assert_eq!(p.simulation().events(), 10);
        assert!(p.advance(10_000_000, u64::MAX));
        assert_eq!(p.simulation().now(), 10_000_000);
    }

    #[test]
    fn scrubbing_back_replays_the_same_run_with_earlier_interventions() {
        let mut p = playback("retail");
        p.advance(5_000_000, u64::MAX);
        p.set_service_up(2, false);
        p.advance(9_000_000, u64::MAX);
        p.set_service_up(2, true);
        p.advance(20_000_000, u64::MAX);
        let report = p.simulation().report().to_json();
        let events = p.simulation().events();
        // Back to 7 s: the outage started at 5 s is kept, the recovery at 9 s is forgotten.
        p.scrub(7_000_000);
        assert_eq!(p.simulation().now(), 7_000_000);
        assert_eq!(p.interventions().len(), 1);
        assert!(!p.simulation().service_up(2));
        p.set_service_up(2, true);
        p.scrub(9_000_000);
        // Re-doing the recovery at another time gives another run; scrubbing to 20 s with
        // the recovery at 7 s differs from the original.
        p.scrub(20_000_000);
        assert_ne!(p.simulation().report().to_json(), report);
        // And the same interventions at the same times give the same run, bit for bit.
        let mut q = playback("retail");
        q.advance(5_000_000, u64::MAX);
        q.set_service_up(2, false);
        q.advance(9_000_000, u64::MAX);
        q.set_service_up(2, true);
        q.advance(20_000_000, u64::MAX);
        assert_eq!(q.simulation().report().to_json(), report);
        assert_eq!(q.simulation().events(), events);
    }

    #[test]
    fn saga_steps_and_compensations_are_drawn_on_their_commands() {
        let board = example("saga").unwrap().board();
        let exp = crate::experiment::for_board(&board).unwrap();
        let mut p = Playback::new(&board, &exp.b, 1).unwrap();
        let mut kinds = std::collections::HashSet::new();
        let mut t = 0;
        while t < 40_000_000 {
            t += 100_000;
            p.advance(t, u64::MAX);
            p.animate(0.0);
            kinds.extend(p.dots.iter().map(|d| format!("{:?}", d.kind)));
            p.dots.clear();
        }
        for k in ["Saga", "Compensation"] {
            assert!(kinds.contains(k), "{kinds:?}");
        }
    }

    #[test]
    fn a_redrive_moves_dead_letters_back_and_is_replayed_when_scrubbing() {
        let mut board = example("retail").unwrap().board();
        let reserve = board
            .stickies
            .iter_mut()
            .find(|s| s.label == "ReserveStock")
            .unwrap();
        reserve.settings.failure_rate = 1.0;
        let mut p = Playback::new(&board, &Variant::default(), 2).unwrap();
        let sub = p
            .compiled
            .scenario
            .subscriptions
            .iter()
            .position(|s| s.handler == "ReserveStock")
            .unwrap();
        p.advance(10_000_000, u64::MAX);
        let parked = p.simulation().report().subscriptions[sub].dlq_now;
        assert!(parked > 0);
        p.redrive(sub);
        p.advance(10_000_001, u64::MAX);
        let report = p.simulation().report();
        assert_eq!(report.subscriptions[sub].stats.redriven, parked);
        p.advance(12_000_000, u64::MAX);
        let at_12 = p.simulation().report().to_json();
        p.scrub(11_000_000);
        p.scrub(12_000_000);
        assert_eq!(p.simulation().report().to_json(), at_12);
    }

    #[test]
    fn too_many_messages_are_counted_not_drawn() {
        let mut p = playback("review");
        p.advance(60_000_000, u64::MAX);
        p.animate(0.0);
        assert!(p.dots.len() <= MAX_DOTS);
        assert!(p.undrawn > 0);
    }
}
