//! From board to engine scenario: contexts become services, commands handlers, events topics,
//! policies and read models subscriptions, actors workloads, and a flow whose failure event
//! leads back through earlier contexts a saga with compensations.
//!
//! A board that cannot run yet gets every problem at once, each naming the sticky to fix.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use serde::Serialize;
use stormlab_engine::dist::Dist;
use stormlab_engine::scenario::{
    self as sc, Arrivals, Delivery, Handler, PayloadStyle, PublishMode, Retry, Saga, SagaMode,
    SagaStep, Scenario, Service, Subscription, Topic, VersionShare, Window, Workload,
};

use stormlab_board::settings::{DeliverySetting, Outcome, PublishSetting, SagaSetting};
use stormlab_board::{Board, ContextId, EventProps, Kind, Payload, Scope, Sticky, StickyId};

use crate::variant::Variant;

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

const MS: f64 = 1_000.0;

fn dist_ms(ms: f64) -> Dist {
    if ms <= 0.0 {
        Dist::Fixed { us: 0 }
    } else {
        Dist::Exponential { mean_us: ms * MS }
    }
}

struct Cmd {
    sticky: StickyId,
    service: usize,
    handler: String,
    target: StickyId,
}

struct Ctx<'a> {
    board: &'a Board,
    problems: Vec<Problem>,
    notes: Vec<Problem>,
}

impl<'a> Ctx<'a> {
    fn on(&mut self, s: &Sticky, message: String) {
        self.problems.push(Problem {
            sticky: Some(s.id),
            context: None,
            message,
        });
    }

    fn sticky(&self, id: StickyId) -> &'a Sticky {
        self.board.sticky(id).expect("links point to stickies")
    }

    fn next(&self, id: StickyId, kinds: &[Kind]) -> Vec<StickyId> {
        self.board
            .outgoing(id)
            .map(|l| l.to)
            .filter(|t| kinds.contains(&self.sticky(*t).kind))
            .collect()
    }

    fn prev(&self, id: StickyId, kinds: &[Kind]) -> Vec<StickyId> {
        self.board
            .incoming(id)
            .map(|l| l.from)
            .filter(|t| kinds.contains(&self.sticky(*t).kind))
            .collect()
    }
}

/// Compiles the board with a variant's overrides applied.
pub fn compile(board: &Board, variant: &Variant) -> Result<Compiled, Vec<Problem>> {
    let mut cx = Ctx {
        board,
        problems: vec![],
        notes: vec![],
    };
    let run = &board.run;

    // Services: one per bounded context.
    let mut services = Vec::new();
    let mut service_of: HashMap<ContextId, usize> = HashMap::new();
    let mut seen_names = HashSet::new();
    for c in &board.contexts {
        let name = c.name.trim();
        if name.is_empty() {
            cx.problems.push(Problem {
                sticky: None,
                context: Some(c.id),
                message: "A bounded context has no name: name it (it becomes a service).".into(),
            });
            continue;
        }
        if !seen_names.insert(name.to_string()) {
            cx.problems.push(Problem {
                sticky: None,
                context: Some(c.id),
                message: format!("Two bounded contexts are called {name:?}: rename one."),
            });
            continue;
        }
        let mut svc = Service::new(name, vec![]);
        svc.instances = c.service.instances.max(1);
        let publish = variant.publish.unwrap_or(c.service.publish);
        let crash_rate = variant.crash_rate.unwrap_or(c.service.crash_rate);
        svc.publish = match publish {
            PublishSetting::DualWrite => PublishMode::DualWrite { crash_rate },
            PublishSetting::Outbox => PublishMode::Outbox {
                relay_interval_us: (c.service.relay_interval_ms * MS) as u64,
                relay_batch: 100,
                crash_rate,
            },
        };
        svc.api = sc::Api {
            service_time: dist_ms(c.service.api_time_ms),
            concurrency: c.service.api_concurrency.max(1),
        };
        if let Some(o) = variant.outage.as_ref().filter(|o| o.context == c.id) {
            svc.downtime.push(Window {
                from_us: (o.from_s * 1e6) as u64,
                to_us: (o.to_s * 1e6) as u64,
            });
        }
        service_of.insert(c.id, services.len());
        services.push(svc);
    }
    let ctx_names: Vec<ContextId> = board
        .contexts
        .iter()
        .filter(|c| service_of.contains_key(&c.id))
        .map(|c| c.id)
        .collect();

    // Which commands are triggered at all (by an actor or a policy).
    let triggered = |id: StickyId, cx: &Ctx| !cx.prev(id, &[Kind::Actor, Kind::Policy]).is_empty();

    // Commands become handlers in their context's service.
    let mut cmds: BTreeMap<StickyId, Cmd> = BTreeMap::new();
    for s in board.stickies.iter().filter(|s| s.kind == Kind::Command) {
        let targets = cx.next(s.id, &[Kind::Aggregate, Kind::ExternalSystem]);
        if !triggered(s.id, &cx) && targets.is_empty() {
            continue;
        }
        let label = s.label.trim();
        if label.is_empty() {
            cx.on(s, "A command has no name: name it.".into());
            continue;
        }
        let target = match targets.as_slice() {
            [t] => *t,
            [] => {
                cx.on(s, format!("{label:?} is handled by nothing: link it to the aggregate or external system that executes it."));
                continue;
            }
            _ => {
                cx.on(
                    s,
                    format!(
                        "{label:?} goes to {} aggregates or systems: link it to one.",
                        targets.len()
                    ),
                );
                continue;
            }
        };
        let t = cx.sticky(target);
        let commands_in = cx.prev(target, &[Kind::Command]);
        if commands_in.len() > 1 && cx.next(target, &[Kind::Event]).len() > 1 {
            cx.on(t, format!(
                "{:?} handles {} commands and emits several events, so which command causes which event is unclear: give each command its own {:?} sticky.",
                t.label, commands_in.len(), t.label
            ));
            continue;
        }
        let Some(service) = s.context.or(t.context).and_then(|c| service_of.get(&c)) else {
            cx.on(s, format!("{label:?} is outside any bounded context: move it into the frame of the service that handles it."));
            continue;
        };
        cmds.insert(
            s.id,
            Cmd {
                sticky: s.id,
                service: *service,
                handler: label.to_string(),
                target,
            },
        );
    }
    // Handler names must be unique within a service.
    let mut by_service: HashSet<(usize, String)> = HashSet::new();
    for c in cmds.values() {
        if !by_service.insert((c.service, c.handler.clone())) {
            let s = cx.sticky(c.sticky);
            cx.on(s, format!("Two commands called {:?} in {:?}: rename one, or link both triggers to one sticky.", c.handler, services[c.service].name));
        }
    }

    // Topics: every event some handler emits.
    let mut topics: Vec<Topic> = Vec::new();
    let mut topic_of: HashMap<StickyId, usize> = HashMap::new();
    let mut map = BoardMap {
        services: ctx_names,
        ..BoardMap::default()
    };
    let mut topic_names: HashMap<String, StickyId> = HashMap::new();
    for c in cmds.values() {
        for e in cx.next(c.target, &[Kind::Event]) {
            if let Some(&t) = topic_of.get(&e) {
                if !map.emitters[t].contains(&c.target) {
                    map.emitters[t].push(c.target);
                }
                continue;
            }
            let s = cx.sticky(e);
            let name = s.label.trim().to_string();
            if name.is_empty() {
                cx.on(
                    s,
                    "An event has no name: name it (it becomes a topic).".into(),
                );
                continue;
            }
            if let Some(other) = topic_names.insert(name.clone(), e) {
                if other != e {
                    cx.on(s, format!("Two events are called {name:?}: rename one (each event becomes a topic named after it)."));
                    continue;
                }
            }
            let props = s
                .event
                .clone()
                .unwrap_or_else(|| EventProps::new(Scope::Domain));
            let payload = variant
                .payload
                .filter(|_| props.scope == Scope::Integration)
                .unwrap_or(props.payload);
            topics.push(Topic {
                name,
                producer: services[c.service].name.clone(),
                partitions: run.partitions.max(1),
                payload: sc::Payload {
                    style: match payload {
                        Payload::Fat => PayloadStyle::Fat,
                        Payload::Notification => PayloadStyle::Notification,
                        Payload::ClaimCheck => PayloadStyle::ClaimCheck,
                    },
                    state_bytes: props.state_bytes().max(1),
                    reference_bytes: 200,
                },
                versions: vec![VersionShare {
                    version: props.version.unwrap_or(1),
                    weight: 1.0,
                }],
            });
            topic_of.insert(e, topics.len() - 1);
            map.topics.push(e);
            map.emitters.push(vec![c.target]);
        }
    }

    // Handlers, with alternative outcomes.
    let mut handlers: Vec<Vec<Handler>> = vec![vec![]; services.len()];
    let mut failure_share: HashMap<StickyId, (f64, Vec<StickyId>)> = HashMap::new();
    for c in cmds.values() {
        let s = cx.sticky(c.sticky);
        let mut h = Handler::new(&c.handler, dist_ms(s.settings.service_time_ms), &[]);
        h.failure_rate = s.settings.failure_rate.clamp(0.0, 1.0);
        let mut alternatives = Vec::new();
        for e in cx.next(c.target, &[Kind::Event]) {
            let Some(&t) = topic_of.get(&e) else { continue };
            let ev = cx.sticky(e);
            match ev.settings.outcome.weight() {
                None => h.emits.push(topics[t].name.clone()),
                Some(w) if w.is_finite() && w > 0.0 => {
                    alternatives.push((e, w, topics[t].name.clone()))
                }
                Some(_) => cx.on(
                    ev,
                    format!(
                        "{:?} has an outcome weight that is not a positive number.",
                        ev.label
                    ),
                ),
            }
        }
        let total: f64 = alternatives.iter().map(|a| a.1).sum();
        let failures: Vec<StickyId> = alternatives
            .iter()
            .filter(|a| matches!(cx.sticky(a.0).settings.outcome, Outcome::Failure { .. }))
            .map(|a| a.0)
            .collect();
        if !failures.is_empty() {
            let w: f64 = alternatives
                .iter()
                .filter(|a| failures.contains(&a.0))
                .map(|a| a.1)
                .sum();
            failure_share.insert(c.sticky, (w / total, failures));
        }
        h.outcomes = alternatives
            .into_iter()
            .map(|(_, weight, name)| sc::Outcome {
                weight,
                emits: vec![name],
            })
            .collect();
        handlers[c.service].push(h);
    }

    // Workloads: an actor issuing a command.
    let mut starts: Vec<(StickyId, StickyId)> = Vec::new();
    for s in board.stickies.iter().filter(|s| s.kind == Kind::Command) {
        for actor in cx.prev(s.id, &[Kind::Actor]) {
            if cmds.contains_key(&s.id) {
                starts.push((actor, s.id));
            }
        }
    }
    if starts.is_empty() && cx.problems.is_empty() {
        cx.problems.push(Problem {
            sticky: board
                .stickies
                .iter()
                .find(|s| s.kind == Kind::Command)
                .map(|s| s.id),
            context: None,
            message: "Nothing starts the flow: link an actor to the command it issues.".into(),
        });
    }

    // Sagas: from a start command, the success path of commands; a failure event whose
    // policies lead back into earlier steps' contexts gives those steps their compensations.
    let mut sagas: Vec<Saga> = Vec::new();
    let mut saga_commands: HashSet<StickyId> = HashSet::new();
    let mut saga_starts: HashSet<StickyId> = HashSet::new();
    let policy_commands = |event: StickyId, cx: &Ctx| -> Vec<StickyId> {
        cx.next(event, &[Kind::Policy])
            .into_iter()
            .flat_map(|p| cx.next(p, &[Kind::Command]))
            .filter(|c| cmds.contains_key(c))
            .collect()
    };
    let events_of = |c: StickyId, failures_too: bool, cx: &Ctx| -> Vec<StickyId> {
        let cmd = &cmds[&c];
        cx.next(cmd.target, &[Kind::Event])
            .into_iter()
            .filter(|e| {
                failures_too || !matches!(cx.sticky(*e).settings.outcome, Outcome::Failure { .. })
            })
            .collect()
    };
    for &(_, start) in &starts {
        if saga_starts.contains(&start) || saga_commands.contains(&start) {
            continue;
        }
        let mut steps: Vec<StickyId> = vec![];
        let mut queue = VecDeque::from([start]);
        while let Some(c) = queue.pop_front() {
            if steps.contains(&c) {
                continue;
            }
            steps.push(c);
            for e in events_of(c, false, &cx) {
                queue.extend(policy_commands(e, &cx));
            }
        }
        let mut compensation: Vec<Option<StickyId>> = vec![None; steps.len()];
        let mut failing = false;
        for (k, c) in steps.iter().enumerate() {
            let Some((_, fails)) = failure_share.get(c) else {
                continue;
            };
            for &f in fails {
                let mut seen = HashSet::new();
                let mut queue: VecDeque<StickyId> = policy_commands(f, &cx).into();
                while let Some(d) = queue.pop_front() {
                    if !seen.insert(d) || steps.contains(&d) {
                        continue;
                    }
                    let ctx = cmds[&d].service;
                    if let Some(j) = (0..k)
                        .rev()
                        .find(|&j| cmds[&steps[j]].service == ctx && compensation[j].is_none())
                    {
                        compensation[j] = Some(d);
                        failing = true;
                    }
                    for e in events_of(d, true, &cx) {
                        queue.extend(policy_commands(e, &cx));
                    }
                }
            }
        }
        if !failing {
            continue;
        }
        let mode = match variant.saga.unwrap_or(run.saga) {
            SagaSetting::Orchestration => SagaMode::Orchestration,
            SagaSetting::Choreography => SagaMode::Choreography,
        };
        let first = cx.sticky(start);
        sagas.push(Saga {
            name: format!("{} saga", cmds[&start].handler),
            mode,
            coordinator: Some(services[cmds[&start].service].name.clone()),
            rate_per_sec: first.settings.rate_per_sec,
            steps: steps
                .iter()
                .zip(&compensation)
                .map(|(c, comp)| {
                    let s = cx.sticky(*c);
                    let share = failure_share.get(c).map_or(0.0, |f| f.0);
                    SagaStep {
                        name: cmds[c].handler.clone(),
                        service: services[cmds[c].service].name.clone(),
                        compensation: comp
                            .map_or_else(|| "(none drawn)".into(), |d| cmds[&d].handler.clone()),
                        service_time: dist_ms(s.settings.service_time_ms),
                        failure_rate: (share + s.settings.failure_rate).clamp(0.0, 1.0),
                    }
                })
                .collect(),
            max_attempts: 3,
            retry_backoff_us: 500_000,
        });
        saga_starts.insert(start);
        saga_commands.extend(steps.iter().copied());
        saga_commands.extend(compensation.iter().flatten().copied());
        map.saga_steps.push(steps);
        map.saga_compensations.push(compensation);
    }

    // Subscriptions: policies (issuing a command) and read models (a projection).
    let mut subscriptions = Vec::new();
    let mut sub_names = HashSet::new();
    let mut unique = |base: String| {
        let mut name = base.clone();
        let mut n = 2;
        while !sub_names.insert(name.clone()) {
            name = format!("{base} ({n})");
            n += 1;
        }
        name
    };
    let sub_settings = |s: &Sticky, sub: &mut Subscription| {
        let d = variant.delivery.unwrap_or(s.settings.delivery);
        sub.delivery = match d {
            DeliverySetting::Push { window } => Delivery::Push {
                max_in_flight: window.max(1),
            },
            DeliverySetting::Poll { interval_ms, batch } => Delivery::Poll {
                interval_us: ((interval_ms * MS) as u64).max(1),
                batch: batch.max(1),
            },
        };
        sub.instances = s.settings.instances.max(1);
        sub.idempotent = variant.idempotent.unwrap_or(s.settings.idempotent);
        sub.ordered = variant.ordered.unwrap_or(s.settings.ordered);
        sub.retry = Retry {
            max_attempts: s.settings.max_attempts.max(1),
            dead_letter: s.settings.dead_letter,
            ..Retry::default()
        };
        sub.tolerant_reader = true;
    };
    for p in board.stickies.iter().filter(|s| s.kind == Kind::Policy) {
        let events: Vec<StickyId> = cx.prev(p.id, &[Kind::Event]);
        let commands = cx.next(p.id, &[Kind::Command]);
        if events.is_empty() {
            continue;
        }
        if commands.is_empty() {
            cx.notes.push(Problem {
                sticky: Some(p.id),
                context: None,
                message: format!(
                    "The policy {:?} issues no command, so it is left out of the run.",
                    p.label.trim()
                ),
            });
            continue;
        }
        for e in &events {
            let Some(&t) = topic_of.get(e) else {
                let ev = cx.sticky(*e);
                if !cmds
                    .values()
                    .any(|c| cx.next(c.target, &[Kind::Event]).contains(e))
                {
                    cx.on(ev, format!("Nothing emits {:?}: link the aggregate or external system that produces it.", ev.label.trim()));
                }
                continue;
            };
            for c in &commands {
                if saga_commands.contains(c) {
                    continue;
                }
                let Some(cmd) = cmds.get(c) else { continue };
                let base = if events.len() > 1 {
                    format!("{} ← {}", p.label.trim(), topics[t].name)
                } else {
                    p.label.trim().to_string()
                };
                let mut sub = Subscription::new(
                    &unique(base),
                    &topics[t].name,
                    &services[cmd.service].name,
                    &cmd.handler,
                );
                sub_settings(p, &mut sub);
                subscriptions.push(sub);
                map.subscriptions.push(p.id);
                map.sub_commands.push(Some(*c));
            }
        }
    }
    for r in board.stickies.iter().filter(|s| s.kind == Kind::ReadModel) {
        let events: Vec<StickyId> = cx
            .prev(r.id, &[Kind::Event])
            .into_iter()
            .filter(|e| topic_of.contains_key(e))
            .collect();
        if events.is_empty() {
            continue;
        }
        let Some(service) = r.context.and_then(|c| service_of.get(&c)).copied() else {
            cx.on(r, format!("The read model {:?} is outside any bounded context: move it into the frame of the service that keeps it.", r.label.trim()));
            continue;
        };
        let handler = format!("Update {}", r.label.trim());
        if !handlers[service].iter().any(|h| h.name == handler) {
            handlers[service].push(Handler::new(
                &handler,
                dist_ms(r.settings.service_time_ms),
                &[],
            ));
        }
        for e in &events {
            let t = topic_of[e];
            let mut sub = Subscription::new(
                &unique(format!("{} ← {}", r.label.trim(), topics[t].name)),
                &topics[t].name,
                &services[service].name,
                &handler,
            );
            sub_settings(r, &mut sub);
            sub.read_model = Some(sc::ReadModel {
                queries_per_sec: r.settings.queries_per_sec.max(0.0) / events.len() as f64,
            });
            subscriptions.push(sub);
            map.subscriptions.push(r.id);
            map.sub_commands.push(None);
        }
    }

    // Workloads for the starts that are not sagas.
    let mut workloads = Vec::new();
    let mut names = HashSet::new();
    for &(actor, c) in &starts {
        if saga_starts.contains(&c) {
            continue;
        }
        let s = cx.sticky(c);
        let base = format!("{} → {}", cx.sticky(actor).label.trim(), cmds[&c].handler);
        if !names.insert(base.clone()) {
            continue;
        }
        workloads.push(Workload {
            name: base,
            service: services[cmds[&c].service].name.clone(),
            handler: cmds[&c].handler.clone(),
            rate_per_sec: s.settings.rate_per_sec.max(0.0),
            arrivals: Arrivals::Poisson,
            start_us: 0,
            stop_us: None,
            max_count: None,
        });
        map.workloads.push((actor, c));
    }

    if !cx.problems.is_empty() {
        return Err(cx.problems);
    }
    for (svc, hs) in services.iter_mut().zip(handlers) {
        svc.handlers = hs;
    }
    let mut scenario = Scenario {
        kind: sc::SCENARIO_KIND.into(),
        version: sc::SCENARIO_VERSION,
        name: board.title.clone(),
        seed: run.seed,
        duration_us: (run.duration_s.max(0.001) * 1e6) as u64,
        drain_us: Some(30_000_000),
        key_space: run.key_space.max(1),
        style: sc::Style::EventDriven,
        broker: sc::Broker {
            network_latency: Dist::Uniform {
                min_us: (run.network_ms * MS * 0.5) as u64,
                max_us: (run.network_ms * MS * 1.5) as u64,
            },
            duplicate_rate: variant
                .duplicate_rate
                .unwrap_or(run.duplicate_rate)
                .clamp(0.0, 1.0),
            ..sc::Broker::default()
        },
        services,
        topics,
        subscriptions,
        workloads,
        sagas,
        recording: sc::Recording::default(),
    };
    scenario.recording.saga_log_capacity = 200;
    // The engine's own checks cover what the board cannot (for example numbers out of range).
    if let Err(e) = scenario.check() {
        return Err(vec![Problem {
            sticky: None,
            context: None,
            message: format!("A simulation setting is out of range: {e}"),
        }]);
    }
    Ok(Compiled {
        scenario,
        map,
        notes: cx.notes,
    })
}
