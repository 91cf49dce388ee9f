//! Phases 7 and 8 of the compilation: a policy becomes a subscription of its command's service
//! to each event it reacts to, a read model a projection subscription with queries.

use stormlab_board::settings::DeliverySetting;
use stormlab_board::{Kind, Sticky, StickyId, Versioning};
use stormlab_engine::scenario::{
    self as sc, CircuitBreaker, Delivery, Handler, Retry, Subscription, VersionRange,
};
use stormlab_words::quoted;

use super::{dist_ms, Compiler, Problem, MS};

/// Failed callbacks in a row that open a breaker when a variant turns breakers on for a
/// consumer that has none drawn.
const DEFAULT_BREAKER_FAILURES: u32 = 5;

impl Compiler<'_> {
    /// Delivery, instances, idempotency, ordering, retries, the versions it reads and its
    /// circuit breaker, of a policy or read model consuming `event`, with the variant's
    /// overrides.
    fn subscription_settings(&self, s: &Sticky, event: StickyId, sub: &mut Subscription) {
        let settings = &s.settings;
        sub.delivery = match settings.delivery {
            DeliverySetting::Push { window } => Delivery::Push {
                max_in_flight: window.max(1),
            },
            DeliverySetting::Poll { interval_ms, batch } => Delivery::Poll {
                interval_us: ((interval_ms * MS) as u64).max(1),
                batch: batch.max(1),
            },
        };
        sub.instances = settings.instances.max(1);
        sub.idempotent = settings.idempotent;
        sub.ordered = settings.ordered;
        sub.retry = Retry {
            max_attempts: settings.max_attempts.max(1),
            backoff_us: (settings.retry_backoff_ms * MS) as u64,
            dead_letter: settings.dead_letter,
            ..Retry::default()
        };
        sub.accepts = settings
            .accepts_version
            .map(|v| VersionRange { min: v, max: v });
        sub.upcast = settings.upcast;
        // An event that only ever grows (additive changes) is read by any older reader.
        let additive = self.sticky(event).event.as_ref().and_then(|e| e.versioning)
            == Some(Versioning::AdditiveOnly);
        sub.tolerant_reader = settings.tolerant_reader || additive;
        let breaker = match self.variant.circuit_breaker {
            Some(false) => 0,
            Some(true) => settings.breaker_failures.max(DEFAULT_BREAKER_FAILURES),
            None => settings.breaker_failures,
        };
        sub.circuit_breaker = (breaker > 0).then(|| CircuitBreaker {
            failure_threshold: breaker,
            open_us: ((settings.breaker_open_ms * MS) as u64).max(1),
        });
    }

    fn push_subscription(&mut self, sub: Subscription, from: StickyId, command: Option<StickyId>) {
        self.subscriptions.push(sub);
        self.map.subscriptions.push(from);
        self.map.sub_commands.push(command);
    }

    /// Phase 7: each policy reacting to an emitted event and issuing a command becomes a
    /// subscription of the command's service (saga commands excepted: the saga runs them).
    pub fn subscriptions(&mut self) {
        let board = self.board;
        for p in board.stickies.iter().filter(|s| s.kind == Kind::Policy) {
            let events = self.prev(p.id, &[Kind::Event]);
            let commands = self.next(p.id, &[Kind::Command]);
            if events.is_empty() {
                continue;
            }
            if commands.is_empty() {
                self.notes.push(Problem {
                    sticky: Some(p.id),
                    context: None,
                    message: format!(
                        "The policy {} issues no command, so it is left out of the run.",
                        quoted(p.label.trim())
                    ),
                });
                continue;
            }
            for e in &events {
                let Some(&t) = self.topic_of.get(e) else {
                    self.unemitted(*e);
                    continue;
                };
                for c in &commands {
                    if self.saga_commands.contains(c) {
                        continue;
                    }
                    let Some(command) = self.commands.get(c) else {
                        continue;
                    };
                    let topic = &self.topics[t].name;
                    let base = if events.len() > 1 {
                        format!("{} ← {topic}", p.label.trim())
                    } else {
                        p.label.trim().to_string()
                    };
                    let (service, handler) = (
                        self.services[command.service].name.clone(),
                        command.handler.clone(),
                    );
                    let topic = topic.clone();
                    let name = self.unique_subscription_name(base);
                    let mut sub = Subscription::new(&name, &topic, &service, &handler);
                    self.subscription_settings(p, *e, &mut sub);
                    self.push_subscription(sub, p.id, Some(*c));
                }
            }
        }
    }

    /// An event a policy reacts to that no handler emits: a problem, unless some handler's
    /// event is that sticky after all (then it was left out for another reason).
    fn unemitted(&mut self, e: StickyId) {
        let ev = self.sticky(e);
        let emitted = self
            .commands
            .values()
            .any(|c| self.next(c.target, &[Kind::Event]).contains(&e));
        if !emitted {
            self.on(
                ev,
                format!(
                    "Nothing emits {}: link the aggregate or external system that produces it.",
                    quoted(ev.label.trim())
                ),
            );
        }
    }

    /// Phase 8: each read model fed by emitted events becomes a projection subscription per
    /// event, in its context's service, sharing its queries among them.
    pub fn read_models(&mut self) {
        let board = self.board;
        for r in board.stickies.iter().filter(|s| s.kind == Kind::ReadModel) {
            let events: Vec<StickyId> = self
                .prev(r.id, &[Kind::Event])
                .into_iter()
                .filter(|e| self.topic_of.contains_key(e))
                .collect();
            if events.is_empty() {
                continue;
            }
            let Some(service) = r.context.and_then(|c| self.service_of.get(&c)).copied() else {
                self.on(r, format!("The read model {} is outside any bounded context: move it into the frame of the service that keeps it.", quoted(r.label.trim())));
                continue;
            };
            let handler = format!("Update {}", r.label.trim());
            if !self.handlers[service].iter().any(|h| h.name == handler) {
                let update = dist_ms(r.settings.service_time_ms);
                self.handlers[service].push(Handler::new(&handler, update, &[]));
            }
            for e in &events {
                let topic = self.topics[self.topic_of[e]].name.clone();
                let name = self.unique_subscription_name(format!("{} ← {topic}", r.label.trim()));
                let service_name = self.services[service].name.clone();
                let mut sub = Subscription::new(&name, &topic, &service_name, &handler);
                self.subscription_settings(r, *e, &mut sub);
                // Zero queries per second: kept up to date, never read.
                let queries_per_sec = r.settings.queries_per_sec / events.len() as f64;
                sub.read_model =
                    (queries_per_sec > 0.0).then_some(sc::ReadModel { queries_per_sec });
                self.push_subscription(sub, r.id, None);
            }
        }
    }
}
