//! Variants: settings applied over the whole board at compile time, so the same board can run
//! twice (same seed, same workload) with one thing changed.

use serde::{Deserialize, Serialize};

use stormlab_board::settings::{DeliverySetting, PublishSetting, SagaSetting, StyleSetting};
use stormlab_board::{Board, ContextId, Payload};

/// A service outage during the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outage {
    /// The bounded context (service) that goes down, by id: renaming it keeps the outage.
    pub context: ContextId,
    /// From this second of simulated time.
    pub from_s: f64,
    /// Until this second.
    pub to_s: f64,
}

/// Overrides applied to every subscription, event or service of the board; `None` keeps what
/// the board says.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Variant {
    /// Every subscription pushes or polls.
    pub delivery: Option<DeliverySetting>,
    /// Every integration event carries this payload.
    pub payload: Option<Payload>,
    /// Every consumer is (or is not) idempotent.
    pub idempotent: Option<bool>,
    /// Every consumer handles a key's events in order (or not).
    pub ordered: Option<bool>,
    /// Every service publishes through an outbox or by dual write.
    pub publish: Option<PublishSetting>,
    /// Probability of a crash between commit and publish, in every service.
    pub crash_rate: Option<f64>,
    /// Probability of a lost acknowledgement (duplicate delivery).
    pub duplicate_rate: Option<f64>,
    /// How sagas are coordinated.
    pub saga: Option<SagaSetting>,
    /// A service down for a while.
    pub outage: Option<Outage>,
    /// Events through a broker, or synchronous requests along the chain.
    pub style: Option<StyleSetting>,
    /// Every integration event is published this many versions above what the board says.
    pub version_bump: Option<u32>,
    /// Every consumer upcasts older versions (or not).
    pub upcast: Option<bool>,
    /// Every consumer reads newer versions, ignoring what it does not know (or not).
    pub tolerant_reader: Option<bool>,
    /// Every consumer has a circuit breaker on its callbacks (or none).
    pub circuit_breaker: Option<bool>,
    /// Every aggregate is event-sourced (or not).
    pub event_sourced: Option<bool>,
    /// Every event-sourced aggregate snapshots every this many events (0: never).
    pub snapshot_every: Option<u32>,
    /// Distinct entity keys the workload draws from (fewer: more events per key).
    pub key_space: Option<u32>,
    /// Instances of every consumer.
    pub instances: Option<u32>,
    /// Commands per second of every actor (and saga).
    pub rate_per_sec: Option<f64>,
    /// Probability that an attempt of any command's handler fails.
    pub failure_rate: Option<f64>,
}

impl Variant {
    /// What this variant changes on `board`, one short phrase per override ("as drawn" when
    /// nothing).
    pub fn describe(&self, board: &Board) -> Vec<String> {
        let mut out = Vec::new();
        match self.delivery {
            Some(DeliverySetting::Push { window }) => {
                out.push(format!("every consumer pushed (window {window})"))
            }
            Some(DeliverySetting::Poll { interval_ms, batch }) => out.push(format!(
                "every consumer polls every {interval_ms} ms (batch {batch})"
            )),
            None => {}
        }
        if let Some(p) = self.payload {
            out.push(format!("every event: {}", p.name().to_lowercase()));
        }
        if let Some(i) = self.idempotent {
            out.push(
                if i {
                    "idempotent consumers"
                } else {
                    "consumers not idempotent"
                }
                .into(),
            );
        }
        if let Some(o) = self.ordered {
            out.push(if o { "ordered per key" } else { "no ordering" }.into());
        }
        if let Some(p) = self.publish {
            out.push(
                match p {
                    PublishSetting::DualWrite => "dual write",
                    PublishSetting::Outbox => "outbox",
                }
                .into(),
            );
        }
        if let Some(c) = self.crash_rate {
            out.push(format!("crash after commit {:.1}%", c * 100.0));
        }
        if let Some(d) = self.duplicate_rate {
            out.push(format!("lost acks {:.1}%", d * 100.0));
        }
        if let Some(s) = self.saga {
            out.push(
                match s {
                    SagaSetting::Orchestration => "sagas orchestrated",
                    SagaSetting::Choreography => "sagas choreographed",
                }
                .into(),
            );
        }
        if let Some(s) = self.style {
            out.push(
                match s {
                    StyleSetting::EventDriven => "event-driven",
                    StyleSetting::RequestResponse => "request-response along the chain",
                }
                .into(),
            );
        }
        if let Some(v) = self.version_bump {
            out.push(format!(
                "events published {v} version{} up",
                if v == 1 { "" } else { "s" }
            ));
        }
        for (value, yes, no) in [
            (self.upcast, "consumers upcast", "no upcasting"),
            (self.tolerant_reader, "tolerant readers", "strict readers"),
            (
                self.circuit_breaker,
                "circuit breakers on callbacks",
                "no circuit breakers",
            ),
            (
                self.event_sourced,
                "event-sourced aggregates",
                "aggregates not event-sourced",
            ),
        ] {
            if let Some(v) = value {
                out.push(if v { yes } else { no }.into());
            }
        }
        if let Some(k) = self.key_space {
            out.push(format!("{k} keys"));
        }
        if let Some(n) = self.instances {
            out.push(format!("{n} instances per consumer"));
        }
        if let Some(r) = self.rate_per_sec {
            out.push(format!("{r} commands per second"));
        }
        if let Some(f) = self.failure_rate {
            out.push(format!("{:.0}% of attempts fail", f * 100.0));
        }
        if let Some(n) = self.snapshot_every {
            out.push(if n == 0 {
                "no snapshots".into()
            } else {
                format!("a snapshot every {n} events")
            });
        }
        if let Some(o) = &self.outage {
            let name = board
                .context(o.context)
                .map_or("a deleted context", |c| &c.name);
            out.push(format!("{name} down from {} s to {} s", o.from_s, o.to_s));
        }
        if out.is_empty() {
            out.push("as drawn".into());
        }
        out
    }
}
