//! Phases 1 to 4 of the compilation: contexts become services, commands handlers in their
//! context's service, emitted events topics, and each handler gets its outcomes.

use std::collections::{HashMap, HashSet};
use stormlab_words::quoted;

use stormlab_board::settings::{Outcome, PublishSetting};
use stormlab_board::{EventProps, Kind, Payload, Scope, StickyId};
use stormlab_engine::scenario::{
    self as sc, EventSourcing, Handler, PayloadStyle, PublishMode, Service, Topic, VersionShare,
    Window,
};

use super::{dist_ms, Command, Compiler, MS, REFERENCE_BYTES, RELAY_BATCH};

impl Compiler<'_> {
    /// Phase 1: one service per bounded context, named after it (unnamed and duplicate names
    /// are problems on the frame), with the variant's publishing, crash rate and outage.
    pub fn contexts(&mut self) {
        let mut seen_names = HashSet::new();
        for c in &self.board.contexts {
            let name = c.name.trim();
            if name.is_empty() {
                self.on_context(
                    c.id,
                    "A bounded context has no name: name it (it becomes a service).".into(),
                );
                continue;
            }
            if !seen_names.insert(name.to_string()) {
                self.on_context(
                    c.id,
                    format!(
                        "Two bounded contexts are called {}: rename one.",
                        quoted(name)
                    ),
                );
                continue;
            }
            let settings = &c.service;
            let mut service = Service::new(name, vec![]);
            service.instances = settings.instances.max(1);
            let (publish, crash_rate) = (settings.publish, settings.crash_rate);
            service.publish = match publish {
                PublishSetting::DualWrite => PublishMode::DualWrite { crash_rate },
                PublishSetting::Outbox => PublishMode::Outbox {
                    relay_interval_us: (settings.relay_interval_ms * MS) as u64,
                    relay_batch: RELAY_BATCH,
                    crash_rate,
                },
            };
            service.api = sc::Api {
                service_time: dist_ms(settings.api_time_ms),
                concurrency: settings.api_concurrency.max(1),
            };
            if let Some(o) = self.variant.outage.as_ref().filter(|o| o.context == c.id) {
                if let Some(problem) = o.problem() {
                    self.on_context(c.id, problem);
                }
                service.downtime.push(Window {
                    from_us: (o.from_s * 1e6) as u64,
                    to_us: (o.to_s * 1e6) as u64,
                });
            }
            self.service_of.insert(c.id, self.services.len());
            self.map.services.push(c.id);
            self.services.push(service);
        }
        self.handlers = vec![vec![]; self.services.len()];
    }

    /// Phase 2: every command an actor or policy triggers (or that is linked to what handles
    /// it) becomes a handler of its context's service.
    pub fn commands(&mut self) {
        let board = self.board;
        for s in board.stickies.iter().filter(|s| s.kind == Kind::Command) {
            let targets = self.next(s.id, &[Kind::Aggregate, Kind::ExternalSystem]);
            let triggered = !self.prev(s.id, &[Kind::Actor, Kind::Policy]).is_empty();
            if !triggered && targets.is_empty() {
                continue;
            }
            let label = s.label.trim();
            if label.is_empty() {
                self.on(s, "A command has no name: name it.".into());
                continue;
            }
            let target = match targets.as_slice() {
                [t] => *t,
                [] => {
                    self.on(s, format!("{} is handled by nothing: link it to the aggregate or external system that executes it.", quoted(label)));
                    continue;
                }
                _ => {
                    let n = targets.len();
                    self.on(
                        s,
                        format!(
                            "{} goes to {n} aggregates or systems: link it to one.",
                            quoted(label)
                        ),
                    );
                    continue;
                }
            };
            let t = self.sticky(target);
            let commands_in = self.prev(target, &[Kind::Command]);
            if commands_in.len() > 1 && self.next(target, &[Kind::Event]).len() > 1 {
                self.on(t, format!(
                    "{} handles {} commands and emits several events, so which command causes which event is unclear: give each command its own {} sticky.",
                    quoted(&t.label), commands_in.len(), quoted(&t.label)
                ));
                continue;
            }
            let Some(&service) = s
                .context
                .or(t.context)
                .and_then(|c| self.service_of.get(&c))
            else {
                self.on(s, format!("{} is outside any bounded context: move it into the frame of the service that handles it.", quoted(label)));
                continue;
            };
            let handler = label.to_string();
            self.commands.insert(
                s.id,
                Command {
                    sticky: s.id,
                    service,
                    handler,
                    target,
                },
            );
        }
        // Handler names must be unique within a service.
        let mut by_service: HashSet<(usize, String)> = HashSet::new();
        let mut clashes = Vec::new();
        for c in self.commands.values() {
            if !by_service.insert((c.service, c.handler.clone())) {
                clashes.push((c.sticky, c.handler.clone(), c.service));
            }
        }
        for (sticky, handler, service) in clashes {
            let s = self.sticky(sticky);
            let service = &self.services[service].name;
            let message = format!(
                "Two commands called {} in {}: rename one, or link both triggers to one sticky.",
                quoted(&handler),
                quoted(service)
            );
            self.on(s, message);
        }
    }

    /// Phase 3: a topic for every event a handler emits, named after the event, with its
    /// payload style (or the variant's, for integration events), size and version.
    pub fn events_and_topics(&mut self) {
        let mut topic_names: HashMap<String, StickyId> = HashMap::new();
        let emitted: Vec<(StickyId, usize, StickyId)> = self
            .commands
            .values()
            .flat_map(|c| {
                self.next(c.target, &[Kind::Event])
                    .into_iter()
                    .map(move |e| (c.target, c.service, e))
            })
            .collect();
        for (target, service, e) in emitted {
            if let Some(&t) = self.topic_of.get(&e) {
                if !self.map.emitters[t].contains(&target) {
                    self.map.emitters[t].push(target);
                }
                continue;
            }
            let s = self.sticky(e);
            let name = s.label.trim().to_string();
            if name.is_empty() {
                self.on(
                    s,
                    "An event has no name: name it (it becomes a topic).".into(),
                );
                continue;
            }
            if let Some(other) = topic_names.insert(name.clone(), e) {
                if other != e {
                    self.on(s, format!("Two events are called {}: rename one (each event becomes a topic named after it).", quoted(&name)));
                    continue;
                }
            }
            let props = s
                .event
                .clone()
                .unwrap_or_else(|| EventProps::new(Scope::Domain));
            let payload = self
                .variant
                .payload
                .filter(|_| props.scope == Scope::Integration)
                .unwrap_or(props.payload);
            self.topics.push(Topic {
                name,
                producer: self.services[service].name.clone(),
                partitions: self.board.run.partitions.max(1),
                payload: sc::Payload {
                    style: match payload {
                        Payload::Fat => PayloadStyle::Fat,
                        Payload::Notification => PayloadStyle::Notification,
                        Payload::ClaimCheck => PayloadStyle::ClaimCheck,
                    },
                    state_bytes: props.state_bytes().max(1),
                    reference_bytes: REFERENCE_BYTES,
                },
                versions: vec![VersionShare {
                    version: props.version.unwrap_or(1).saturating_add(
                        self.variant
                            .version_bump
                            .filter(|_| props.scope == Scope::Integration)
                            .unwrap_or(0),
                    ),
                    weight: 1.0,
                }],
            });
            self.topic_of.insert(e, self.topics.len() - 1);
            self.map.topics.push(e);
            self.map.emitters.push(vec![target]);
        }
    }

    /// Phase 4: each command's handler, emitting its events; events marked as outcomes are
    /// alternatives chosen by weight, and a failure outcome's share is remembered for sagas.
    pub fn handlers(&mut self) {
        let commands: Vec<(StickyId, StickyId, usize, String)> = self
            .commands
            .values()
            .map(|c| (c.sticky, c.target, c.service, c.handler.clone()))
            .collect();
        for (sticky, target, service, name) in commands {
            let s = self.sticky(sticky);
            let mut h = Handler::new(&name, dist_ms(s.settings.service_time_ms), &[]);
            h.failure_rate = s.settings.failure_rate.clamp(0.0, 1.0);
            let aggregate = self.sticky(target);
            if aggregate.kind == Kind::Aggregate && aggregate.settings.event_sourced {
                let set = &aggregate.settings;
                h.event_sourcing = Some(EventSourcing {
                    replay_us_per_event: (set.replay_ms_per_event * MS) as u64,
                    snapshot_every: set.snapshot_every,
                });
            }
            let mut alternatives = Vec::new();
            for e in self.next(target, &[Kind::Event]) {
                let Some(&t) = self.topic_of.get(&e) else {
                    continue;
                };
                let ev = self.sticky(e);
                let topic = self.topics[t].name.clone();
                match ev.settings.outcome.weight() {
                    None => h.emits.push(topic),
                    Some(w) if w.is_finite() && w > 0.0 => alternatives.push((e, w, topic)),
                    Some(_) => self.on(
                        ev,
                        format!(
                            "{} has an outcome weight that is not a positive number.",
                            quoted(&ev.label)
                        ),
                    ),
                }
            }
            let is_failure =
                |e: StickyId| matches!(self.sticky(e).settings.outcome, Outcome::Failure { .. });
            let failures: Vec<StickyId> = alternatives
                .iter()
                .filter(|a| is_failure(a.0))
                .map(|a| a.0)
                .collect();
            if !failures.is_empty() {
                let total: f64 = alternatives.iter().map(|a| a.1).sum();
                let failed: f64 = alternatives
                    .iter()
                    .filter(|a| failures.contains(&a.0))
                    .map(|a| a.1)
                    .sum();
                self.failure_share
                    .insert(sticky, (failed / total, failures));
            }
            h.outcomes = alternatives
                .into_iter()
                .map(|(_, weight, topic)| sc::Outcome {
                    weight,
                    emits: vec![topic],
                })
                .collect();
            self.handlers[service].push(h);
        }
    }
}
