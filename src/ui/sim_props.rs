//! Simulation settings in the property panel: a command's rate and service time, a
//! subscription's delivery and reliability (policies, read models), an event's outcome, and
//! the service a context runs as. Each change is one action.

use stormlab_board::settings::{self as ranges, Range};
use stormlab_board::settings::{
    DeliverySetting, Outcome, PublishSetting, ServiceSettings, StickySettings,
};
use stormlab_board::{Action, Context, Kind, Sticky};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::state::Edit;

type D = Callback<Edit>;

fn value(e: &Event) -> String {
    if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
        if i.type_() == "checkbox" {
            return i.checked().to_string();
        }
        i.value()
    } else if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
        s.value()
    } else {
        String::new()
    }
}

/// A number field for a setting with its range and current value.
struct Num(Range, f64);

/// A number input; a value outside the setting's range is refused with a notice (the input
/// then shows the old value again on the next render).
fn number<T: Clone + 'static>(
    d: &D,
    Num(range, current): Num,
    base: &T,
    apply: fn(&mut T, f64),
    action: impl Fn(T) -> Action + 'static,
) -> Html {
    let base = base.clone();
    let onchange = d.reform(move |e: Event| match range.parse(&value(&e)) {
        Ok(v) => {
            let mut next = base.clone();
            apply(&mut next, v);
            Ok(action(next))
        }
        Err(message) => Err(message),
    });
    html! {
        <label class="field">{ range.label }
            <input type="number" min={range.min.to_string()} max={range.max.to_string()} step={range.step()}
                   value={format!("{}", current)} {onchange} />
        </label>
    }
}

fn checkbox<T: Clone + 'static>(
    d: &D,
    label: &str,
    current: bool,
    base: &T,
    apply: fn(&mut T, bool),
    action: impl Fn(T) -> Action + 'static,
) -> Html {
    let (d, base) = (d.clone(), base.clone());
    let onchange = Callback::from(move |e: Event| {
        let mut next = base.clone();
        apply(&mut next, value(&e) == "true");
        d.emit(Ok(action(next)));
    });
    html! {
        <label class="check"><input type="checkbox" checked={current} {onchange} />{ label }</label>
    }
}

/// The simulation settings of a sticky, for the kinds that have any.
pub fn sticky_sim(sticky: &Sticky, issued_by_actor: bool, d: &D) -> Html {
    let id = sticky.id;
    let sim = &sticky.settings;
    let act = move |sim: StickySettings| Action::SetStickySettings { id, settings: sim };
    let body = match sticky.kind {
        Kind::Command => html! {
            <>
                if issued_by_actor {
                    { number(d, Num(ranges::RATE_PER_SEC, sim.rate_per_sec), sim, |s, v| s.rate_per_sec = v, act) }
                }
                <div class="field-pair">
                    { number(d, Num(ranges::SERVICE_TIME_MS, sim.service_time_ms), sim, |s, v| s.service_time_ms = v, act) }
                    { number(d, Num(ranges::FAILURE_RATE, sim.failure_rate), sim, |s, v| s.failure_rate = v, act) }
                </div>
            </>
        },
        Kind::Policy | Kind::ReadModel => subscription(sticky, d),
        Kind::Aggregate => html! {
            <>
                { checkbox(d, "Event-sourced (rebuilt from its events)", sim.event_sourced, sim, |s, v| s.event_sourced = v, act) }
                if sim.event_sourced {
                    <div class="field-pair">
                        { number(d, Num(ranges::REPLAY_MS, sim.replay_ms_per_event), sim, |s, v| s.replay_ms_per_event = v, act) }
                        { number(d, Num(ranges::SNAPSHOT_EVERY, sim.snapshot_every as f64), sim, |s, v| s.snapshot_every = v as u32, act) }
                    </div>
                }
            </>
        },
        Kind::Event => outcome(sticky, d),
        _ => return html! {},
    };
    html! {
        <fieldset class="sim-props">
            <legend>{ "Simulation" }</legend>
            { body }
        </fieldset>
    }
}

fn subscription(sticky: &Sticky, d: &D) -> Html {
    let id = sticky.id;
    let sim = &sticky.settings;
    let act = move |sim: StickySettings| Action::SetStickySettings { id, settings: sim };
    let mode_change = {
        let (d, base) = (d.clone(), sim.clone());
        Callback::from(move |e: Event| {
            let mut next = base.clone();
            next.delivery = if value(&e) == "poll" {
                DeliverySetting::POLL
            } else {
                DeliverySetting::default()
            };
            d.emit(Ok(act(next)));
        })
    };
    let delivery = match sim.delivery {
        DeliverySetting::Push { window } => number(
            d,
            Num(ranges::WINDOW, window as f64),
            sim,
            |s, v| s.delivery = DeliverySetting::Push { window: v as u32 },
            act,
        ),
        DeliverySetting::Poll { interval_ms, batch } => html! {
            <div class="field-pair">
                { number(d, Num(ranges::POLL_INTERVAL_MS, interval_ms), sim,
                    |s, v| if let DeliverySetting::Poll { interval_ms, .. } = &mut s.delivery { *interval_ms = v }, act) }
                { number(d, Num(ranges::BATCH, batch as f64), sim,
                    |s, v| if let DeliverySetting::Poll { batch, .. } = &mut s.delivery { *batch = v as u32 }, act) }
            </div>
        },
    };
    let poll = matches!(sim.delivery, DeliverySetting::Poll { .. });
    html! {
        <>
            <p class="panel-hint">{ "Each incoming event is a subscription through the broker." }</p>
            <label class="field">{ "Delivery" }
                <select onchange={mode_change}>
                    <option value="push" selected={!poll}>{ "Push (broker sends at once)" }</option>
                    <option value="poll" selected={poll}>{ "Poll (consumer fetches)" }</option>
                </select>
            </label>
            { delivery }
            <div class="field-pair">
                { number(d, Num(ranges::CONSUMER_INSTANCES, sim.instances as f64), sim, |s, v| s.instances = v as u32, act) }
                { number(d, Num(ranges::ATTEMPTS, sim.max_attempts as f64), sim, |s, v| s.max_attempts = v as u32, act) }
            </div>
            if sticky.kind == Kind::ReadModel {
                <div class="field-pair">
                    { number(d, Num(ranges::UPDATE_TIME_MS, sim.service_time_ms), sim, |s, v| s.service_time_ms = v, act) }
                    { number(d, Num(ranges::QUERIES_PER_SEC, sim.queries_per_sec), sim, |s, v| s.queries_per_sec = v, act) }
                </div>
            }
            { checkbox(d, "Idempotent (skip duplicates)", sim.idempotent, sim, |s, v| s.idempotent = v, act) }
            { checkbox(d, "Ordered per key", sim.ordered, sim, |s, v| s.ordered = v, act) }
            { checkbox(d, "Dead-letter queue after the last attempt", sim.dead_letter, sim, |s, v| s.dead_letter = v, act) }
            { version_read(sim, d, act) }
            { checkbox(d, "Upcast older versions", sim.upcast, sim, |s, v| s.upcast = v, act) }
            { checkbox(d, "Tolerant reader (newer versions too)", sim.tolerant_reader, sim, |s, v| s.tolerant_reader = v, act) }
            <div class="field-pair">
                { number(d, Num(ranges::BREAKER_FAILURES, sim.breaker_failures as f64), sim, |s, v| s.breaker_failures = v as u32, act) }
                if sim.breaker_failures > 0 {
                    { number(d, Num(ranges::BREAKER_OPEN_MS, sim.breaker_open_ms), sim, |s, v| s.breaker_open_ms = v, act) }
                }
            </div>
        </>
    }
}

/// The event version a consumer was written for: blank for any.
fn version_read(
    sim: &StickySettings,
    d: &D,
    act: impl Fn(StickySettings) -> Action + 'static,
) -> Html {
    let base = sim.clone();
    let onchange = d.reform(move |e: Event| {
        let text = value(&e);
        let mut next = base.clone();
        next.accepts_version = if text.trim().is_empty() {
            None
        } else {
            Some(ranges::EVENT_VERSION.parse(&text)? as u32)
        };
        Ok(act(next))
    });
    html! {
        <label class="field">{ "Reads event version (blank: any)" }
            <input type="number" min="1" step="1" value={sim.accepts_version.map(|v| v.to_string()).unwrap_or_default()} {onchange} />
        </label>
    }
}

fn outcome(sticky: &Sticky, d: &D) -> Html {
    let id = sticky.id;
    let sim = &sticky.settings;
    let act = move |sim: StickySettings| Action::SetStickySettings { id, settings: sim };
    let kind_change = {
        let (d, base) = (d.clone(), sim.clone());
        Callback::from(move |e: Event| {
            let mut next = base.clone();
            let weight = base.outcome.weight().unwrap_or(1.0);
            next.outcome = match value(&e).as_str() {
                "alternative" => Outcome::Alternative { weight },
                "failure" => Outcome::Failure { weight },
                _ => Outcome::Always,
            };
            d.emit(Ok(act(next)));
        })
    };
    let o = sim.outcome;
    html! {
        <>
            <label class="field">{ "When its handler succeeds" }
                <select onchange={kind_change}>
                    <option value="always" selected={o == Outcome::Always}>{ "Always published" }</option>
                    <option value="alternative" selected={matches!(o, Outcome::Alternative { .. })}>{ "One of several outcomes" }</option>
                    <option value="failure" selected={matches!(o, Outcome::Failure { .. })}>{ "A failure outcome (starts compensation)" }</option>
                </select>
            </label>
            if let Some(w) = o.weight() {
                { number(d, Num(ranges::OUTCOME_WEIGHT, w), sim, |s, v| s.outcome = match s.outcome {
                    Outcome::Failure { .. } => Outcome::Failure { weight: v },
                    _ => Outcome::Alternative { weight: v },
                }, act) }
            }
        </>
    }
}

/// The simulation settings of the service a context runs as.
pub fn context_sim(context: &Context, d: &D) -> Html {
    let id = context.id;
    let sim = &context.service;
    let act = move |sim: ServiceSettings| Action::SetServiceSettings { id, settings: sim };
    let publish_change = {
        let (d, base) = (d.clone(), sim.clone());
        Callback::from(move |e: Event| {
            let mut next = base.clone();
            next.publish = if value(&e) == "outbox" {
                PublishSetting::Outbox
            } else {
                PublishSetting::DualWrite
            };
            d.emit(Ok(act(next)));
        })
    };
    let outbox = sim.publish == PublishSetting::Outbox;
    html! {
        <fieldset class="sim-props">
            <legend>{ "Simulation: the service" }</legend>
            <label class="field">{ "Publishing" }
                <select onchange={publish_change}>
                    <option value="dual" selected={!outbox}>{ "Dual write (commit, then publish)" }</option>
                    <option value="outbox" selected={outbox}>{ "Transactional outbox + relay" }</option>
                </select>
            </label>
            <div class="field-pair">
                { number(d, Num(ranges::CRASH_RATE, sim.crash_rate), sim, |s, v| s.crash_rate = v, act) }
                if outbox {
                    { number(d, Num(ranges::RELAY_INTERVAL_MS, sim.relay_interval_ms), sim, |s, v| s.relay_interval_ms = v, act) }
                } else {
                    { number(d, Num(ranges::SERVICE_INSTANCES, sim.instances as f64), sim, |s, v| s.instances = v as u32, act) }
                }
            </div>
            <div class="field-pair">
                { number(d, Num(ranges::API_TIME_MS, sim.api_time_ms), sim, |s, v| s.api_time_ms = v, act) }
                { number(d, Num(ranges::API_CONCURRENCY, sim.api_concurrency as f64), sim, |s, v| s.api_concurrency = v as u32, act) }
            </div>
        </fieldset>
    }
}
