//! From board to engine scenario: contexts become services, commands handlers, events topics,
//! policies and read models subscriptions, actors workloads, and a flow whose failure event
//! leads back through earlier contexts a saga with compensations.
//!
//! A board that cannot run yet gets every problem at once, each naming the sticky to fix.
//!
//! [`compile`] runs a [`Compiler`]'s phases in order; each phase reads the board and what the
//! earlier phases built, and adds to the scenario:
//! 1. [`Compiler::contexts`]: one service per named bounded context.
//! 2. [`Compiler::commands`]: every triggered command, handled by one aggregate or system.
//! 3. [`Compiler::events_and_topics`]: a topic for every event a handler emits.
//! 4. [`Compiler::handlers`]: the handlers, with their alternative and failure outcomes.
//! 5. [`Compiler::starts`]: the commands actors issue.
//! 6. [`Compiler::sagas`]: flows whose failure outcome leads back into earlier contexts.
//! 7. [`Compiler::subscriptions`]: a subscription per event a policy reacts to.
//! 8. [`Compiler::read_models`]: projection subscriptions with queries.
//! 9. [`Compiler::workloads`]: the starts that are not sagas.
//! 10. [`Compiler::finish`]: the problems found, or the scenario checked by the engine.

mod commands;
mod flows;
mod subscriptions;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use stormlab_board::settings::StyleSetting;
use stormlab_board::{Board, ContextId, Kind, Sticky, StickyId};
use stormlab_engine::dist::Dist;
use stormlab_engine::scenario::{
    self as sc, Handler, Saga, Scenario, Service, Subscription, Topic, Workload,
};
use stormlab_words::number;

use crate::variant::Variant;

/// Messages an outbox relay publishes per round.
pub const RELAY_BATCH: u32 = 100;
/// Bytes of the reference a notification or claim check carries instead of the state.
pub const REFERENCE_BYTES: u32 = 200;
/// Attempts a saga coordinator makes at a step before it gives up and compensates.
pub const SAGA_ATTEMPTS: u32 = 3;
/// Wait before a saga coordinator tries a step again.
pub const SAGA_RETRY_BACKOFF_US: u64 = 500_000;
/// Simulated time after the workload stops during which messages in flight still settle.
pub const DRAIN_US: u64 = 30_000_000;
/// Finished saga instances kept for the saga timeline.
pub const SAGA_LOG_CAPACITY: u32 = 200;
/// A network hop takes the board's hop time times a factor drawn uniformly from this range.
pub const NETWORK_JITTER: (f64, f64) = (0.5, 1.5);
/// Microseconds per millisecond (board settings are in ms, the engine counts µs).
const MS: f64 = 1_000.0;

/// Something that keeps the board from running, and where to fix it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    /// The sticky to select, if the problem is on one.
    pub sticky: Option<StickyId>,
    /// The frame to select, if the problem is on a context.
    pub context: Option<ContextId>,
    /// One sentence saying what is missing and how to fix it.
    pub message: String,
}

/// Where each engine part came from on the board, so the run can be drawn on it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct BoardMap {
    /// Per service: its context.
    pub services: Vec<ContextId>,
    /// Per topic: its event sticky.
    pub topics: Vec<StickyId>,
    /// Per topic: the aggregates or external systems that emit it.
    pub emitters: Vec<Vec<StickyId>>,
    /// Per subscription: the policy or read model that consumes.
    pub subscriptions: Vec<StickyId>,
    /// Per subscription: the command its policy issues (none for read models).
    pub sub_commands: Vec<Option<StickyId>>,
    /// Per workload: the actor and the command.
    pub workloads: Vec<(StickyId, StickyId)>,
    /// Per saga: the command of each step.
    pub saga_steps: Vec<Vec<StickyId>>,
    /// Per saga: the compensating command of each step, if drawn.
    pub saga_compensations: Vec<Vec<Option<StickyId>>>,
}

impl BoardMap {
    /// The sticky or frame an engine field path (`workloads[2].rate_per_sec`) comes from.
    pub fn locate(&self, path: &str) -> (Option<StickyId>, Option<ContextId>) {
        let index = |list: &str| -> Option<usize> {
            path.strip_prefix(list)?
                .strip_prefix('[')?
                .split(']')
                .next()?
                .parse()
                .ok()
        };
        if let Some(i) = index("services") {
            return (None, self.services.get(i).copied());
        }
        let sticky = if let Some(i) = index("topics") {
            self.topics.get(i).copied()
        } else if let Some(i) = index("subscriptions") {
            self.subscriptions.get(i).copied()
        } else if let Some(i) = index("workloads") {
            self.workloads.get(i).map(|(_, command)| *command)
        } else if let Some(i) = index("sagas") {
            self.saga_steps
                .get(i)
                .and_then(|steps| steps.first().copied())
        } else {
            None
        };
        (sticky, None)
    }
}

/// A board ready to run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Compiled {
    /// The engine scenario.
    pub scenario: Scenario,
    /// Engine indices back to the board.
    pub map: BoardMap,
    /// What runs differently from what is drawn (left out, or not modelled), each on its
    /// sticky.
    pub notes: Vec<Problem>,
}

/// Compiles the board with a variant's overrides applied.
pub fn compile(board: &Board, variant: &Variant) -> Result<Compiled, Vec<Problem>> {
    // The variant's settings are set on the board itself; the compiler reads them from there.
    let board = variant.board(board);
    let mut compiler = Compiler::new(&board, variant);
    compiler.contexts();
    compiler.commands();
    compiler.events_and_topics();
    compiler.handlers();
    compiler.starts();
    compiler.sagas();
    compiler.subscriptions();
    compiler.read_models();
    compiler.workloads();
    compiler.finish()
}

/// A handler time in ms as the engine's distribution: exponential, or zero.
fn dist_ms(ms: f64) -> Dist {
    if ms <= 0.0 {
        Dist::Fixed { us: 0 }
    } else {
        Dist::Exponential { mean_us: ms * MS }
    }
}

/// A command the run handles: its sticky, its service and the aggregate or system it goes to.
struct Command {
    sticky: StickyId,
    service: usize,
    handler: String,
    target: StickyId,
}

/// The compilation in progress: the board, what the phases built so far, and the problems.
pub struct Compiler<'a> {
    board: &'a Board,
    variant: &'a Variant,
    problems: Vec<Problem>,
    notes: Vec<Problem>,
    map: BoardMap,
    services: Vec<Service>,
    service_of: HashMap<ContextId, usize>,
    commands: BTreeMap<StickyId, Command>,
    topics: Vec<Topic>,
    topic_of: HashMap<StickyId, usize>,
    /// Per service, its handlers.
    handlers: Vec<Vec<Handler>>,
    /// Per command with failure outcomes: their share of the outcomes, and the failure events.
    failure_share: HashMap<StickyId, (f64, Vec<StickyId>)>,
    /// Actor and command of every command an actor issues.
    starts: Vec<(StickyId, StickyId)>,
    sagas: Vec<Saga>,
    /// Commands run by the saga mechanism (steps and compensations), not by subscriptions.
    saga_commands: HashSet<StickyId>,
    saga_starts: HashSet<StickyId>,
    subscriptions: Vec<Subscription>,
    subscription_names: stormlab_board::unique::Unique,
    workloads: Vec<Workload>,
    /// Each sticky's place in the board's list, and the links out of and into it, looked up
    /// once (a board of thousands of stickies compiles in linear time).
    index: HashMap<StickyId, usize>,
    outgoing: HashMap<StickyId, Vec<StickyId>>,
    incoming: HashMap<StickyId, Vec<StickyId>>,
}

impl<'a> Compiler<'a> {
    /// A compiler of `board` with `variant`'s overrides, before any phase.
    pub fn new(board: &'a Board, variant: &'a Variant) -> Compiler<'a> {
        let index = board
            .stickies
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id, i))
            .collect();
        let mut outgoing: HashMap<StickyId, Vec<StickyId>> = HashMap::new();
        let mut incoming: HashMap<StickyId, Vec<StickyId>> = HashMap::new();
        for link in &board.links {
            outgoing.entry(link.from).or_default().push(link.to);
            incoming.entry(link.to).or_default().push(link.from);
        }
        Compiler {
            board,
            variant,
            problems: vec![],
            notes: vec![],
            map: BoardMap::default(),
            services: vec![],
            service_of: HashMap::new(),
            commands: BTreeMap::new(),
            topics: vec![],
            topic_of: HashMap::new(),
            handlers: vec![],
            failure_share: HashMap::new(),
            starts: vec![],
            sagas: vec![],
            saga_commands: HashSet::new(),
            saga_starts: HashSet::new(),
            subscriptions: vec![],
            subscription_names: Default::default(),
            workloads: vec![],
            index,
            outgoing,
            incoming,
        }
    }

    /// Phase 10: every problem found, or the scenario, checked by the engine's own plan for
    /// what the board cannot see (for example numbers out of range).
    pub fn finish(mut self) -> Result<Compiled, Vec<Problem>> {
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        for (service, handlers) in self.services.iter_mut().zip(self.handlers) {
            service.handlers = handlers;
        }
        let run = &self.board.run;
        let hop_us = run.network_ms * MS;
        let scenario = Scenario {
            kind: sc::SCENARIO_KIND.into(),
            version: sc::SCENARIO_VERSION,
            name: self.board.title.clone(),
            seed: run.seed,
            duration_us: (run.duration_s.max(0.001) * 1e6) as u64,
            drain_us: Some(DRAIN_US),
            key_space: run.key_space.max(1),
            style: match run.style {
                StyleSetting::EventDriven => sc::Style::EventDriven,
                StyleSetting::RequestResponse => sc::Style::RequestResponse,
            },
            broker: sc::Broker {
                network_latency: Dist::Uniform {
                    min_us: (hop_us * NETWORK_JITTER.0) as u64,
                    max_us: (hop_us * NETWORK_JITTER.1) as u64,
                },
                duplicate_rate: run.duplicate_rate.clamp(0.0, 1.0),
                ..sc::Broker::default()
            },
            services: self.services,
            topics: self.topics,
            subscriptions: self.subscriptions,
            workloads: self.workloads,
            sagas: self.sagas,
            recording: sc::Recording {
                saga_log_capacity: SAGA_LOG_CAPACITY,
                ..sc::Recording::default()
            },
        };
        if let Some(problem) = over_budget(&scenario, &self.map) {
            return Err(vec![problem]);
        }
        if let Err(e) = scenario.check() {
            let (sticky, context) = self.map.locate(&e.path);
            return Err(vec![Problem {
                sticky,
                context,
                message: format!(
                    "This board cannot run as set: {} {}.",
                    setting_name(&e.path),
                    e.message
                ),
            }]);
        }
        Ok(Compiled {
            scenario,
            map: self.map,
            notes: self.notes,
        })
    }

    /// Records a problem on a sticky.
    fn on(&mut self, s: &Sticky, message: String) {
        self.problems.push(Problem {
            sticky: Some(s.id),
            context: None,
            message,
        });
    }

    /// Records a problem on a context frame.
    fn on_context(&mut self, context: ContextId, message: String) {
        self.problems.push(Problem {
            sticky: None,
            context: Some(context),
            message,
        });
    }

    fn sticky(&self, id: StickyId) -> &'a Sticky {
        let board: &'a Board = self.board;
        &board.stickies[self.index[&id]]
    }

    /// The stickies of these kinds that `id` links to, in the board's link order.
    fn next(&self, id: StickyId, kinds: &[Kind]) -> Vec<StickyId> {
        self.linked(&self.outgoing, id, kinds)
    }

    /// The stickies of these kinds that link to `id`, in the board's link order.
    fn prev(&self, id: StickyId, kinds: &[Kind]) -> Vec<StickyId> {
        self.linked(&self.incoming, id, kinds)
    }

    fn linked(
        &self,
        links: &HashMap<StickyId, Vec<StickyId>>,
        id: StickyId,
        kinds: &[Kind],
    ) -> Vec<StickyId> {
        links.get(&id).map_or_else(Vec::new, |ids| {
            ids.iter()
                .copied()
                .filter(|t| kinds.contains(&self.sticky(*t).kind))
                .collect()
        })
    }

    /// A subscription name not used yet: `base`, else `base (2)`, `base (3)`, ...
    fn unique_subscription_name(&mut self, base: String) -> String {
        self.subscription_names
            .take_with(base, |stem, n| format!("{stem} ({n})"))
    }
}

/// The engine's budgets, in the board's words: a board too large for the memory a run may
/// use, or one where so much happens by itself (arrivals, polls, relay ticks) that simulated
/// time could not move. `None` within both.
fn over_budget(scenario: &Scenario, map: &BoardMap) -> Option<Problem> {
    use stormlab_engine::limits::{self, megabytes, OverBudget};
    match limits::over_budget(scenario)? {
        OverBudget::Memory { total, .. } => Some(Problem {
            sticky: None,
            context: None,
            message: format!(
                "This board is too large to run: it would need about {} of simulation state, over the {} a run may use ({} commands started by actors or sagas, {} consumers of events). Run a part of it: fewer links from actors to commands, fewer policies.",
                megabytes(total),
                megabytes(limits::MEMORY_BUDGET_BYTES),
                scenario.workloads.len() + scenario.sagas.len(),
                scenario.subscriptions.len(),
            ),
        }),
        OverBudget::Events { total, densest } => {
            let what = match densest.path.split('[').next() {
                Some("workloads") => "this command's arrivals",
                Some("sagas") => "this saga's starts",
                _ if densest.path.ends_with("queries_per_sec") => "this read model's queries",
                _ => densest.what.as_str(),
            };
            let (sticky, context) = map.locate(&densest.path);
            Some(Problem {
                sticky,
                context,
                message: format!(
                    "Too much happens at once for simulated time to move: {} events per simulated second come by themselves, {} of them from {what}; a run takes at most {} a second. Lower the rates, or poll less often with fewer instances.",
                    number(total.round()),
                    number(densest.per_sec.round()),
                    number(limits::MAX_TOTAL_RATE_PER_SEC),
                ),
            })
        }
    }
}

/// The name the property panel gives the setting behind an engine field path (the last part of
/// the path when no setting of the panel sets it).
fn setting_name(path: &str) -> &str {
    use stormlab_board::settings as s;
    use stormlab_board::settings::table as t;
    let field = path.rsplit('.').next().unwrap_or(path);
    let field = field.split('[').next().unwrap_or(field);
    match field {
        "rate_per_sec" => t::RATE_PER_SEC.label(),
        "queries_per_sec" => t::QUERIES_PER_SEC.label(),
        "partitions" => t::PARTITIONS.label(),
        "key_space" => t::KEY_SPACE.label(),
        "instances" => t::CONSUMER_INSTANCES.label(),
        "window" | "max_in_flight" => t::WINDOW.label(),
        "batch" => t::BATCH.label(),
        "interval_us" => t::POLL_INTERVAL_MS.label(),
        "max_attempts" => t::ATTEMPTS.label(),
        "network_latency" => t::NETWORK_MS.label(),
        "duration_us" => t::DURATION_S.label(),
        "state_bytes" => s::FIELD_BYTES.label,
        _ => field,
    }
}
