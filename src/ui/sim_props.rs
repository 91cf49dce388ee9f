//! Simulation settings in the property panel: a command's rate and service time, a
//! subscription's delivery and reliability (policies, read models), an event's outcome, and
//! the service a context runs as. Each change is one action.

use stormlab_board::settings::{
    DeliverySetting, Outcome, PublishSetting, ServiceSettings, StickySettings,
};
use stormlab_board::{Action, Context, Kind, Sticky};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::state::{AppState, Msg};

type D = UseReducerDispatcher<AppState>;

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

/// A number field: label, current value, minimum, maximum, step.
struct Num(&'static str, f64, f64, f64, &'static str);

/// A number input; `apply` returns false for values it refuses (the input then shows the old
/// value again on the next render).
fn number<T: Clone + 'static>(
    d: &D,
    Num(label, current, min, max, step): Num,
    base: &T,
    apply: fn(&mut T, f64),
    action: impl Fn(T) -> Action + 'static,
) -> Html {
    let (d2, base) = (d.clone(), base.clone());
    let onchange = Callback::from(move |e: Event| {
        let v = value(&e).trim().parse::<f64>();
        match v {
            Ok(v) if v.is_finite() && v >= min && v <= max => {
                let mut next = base.clone();
                apply(&mut next, v);
                d2.dispatch(Msg::Apply(action(next)));
            }
            _ => d2.dispatch(Msg::Notify(
                format!("{label}: enter a number from {min} to {max}."),
                true,
            )),
        }
    });
    html! {
        <label class="field">{ label }
            <input type="number" min={min.to_string()} max={max.to_string()} step={step.to_string()}
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
        d.dispatch(Msg::Apply(action(next)));
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
                    { number(d, Num("Commands per second", sim.rate_per_sec, 0.0, 100_000.0, "any"), sim, |s, v| s.rate_per_sec = v, act) }
                }
                <div class="field-pair">
                    { number(d, Num("Service time (ms)", sim.service_time_ms, 0.0, 600_000.0, "any"), sim, |s, v| s.service_time_ms = v, act) }
                    { number(d, Num("Failure rate (0–1)", sim.failure_rate, 0.0, 1.0, "0.01"), sim, |s, v| s.failure_rate = v, act) }
                </div>
            </>
        },
        Kind::Policy | Kind::ReadModel => subscription(sticky, d),
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
            d.dispatch(Msg::Apply(act(next)));
        })
    };
    let delivery = match sim.delivery {
        DeliverySetting::Push { window } => number(
            d,
            Num("In-flight window", window as f64, 1.0, 10_000.0, "1"),
            sim,
            |s, v| s.delivery = DeliverySetting::Push { window: v as u32 },
            act,
        ),
        DeliverySetting::Poll { interval_ms, batch } => html! {
            <div class="field-pair">
                { number(d, Num("Poll interval (ms)", interval_ms, 1.0, 600_000.0, "any"), sim,
                    |s, v| if let DeliverySetting::Poll { interval_ms, .. } = &mut s.delivery { *interval_ms = v }, act) }
                { number(d, Num("Batch", batch as f64, 1.0, 10_000.0, "1"), sim,
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
                { number(d, Num("Instances", sim.instances as f64, 1.0, 64.0, "1"), sim, |s, v| s.instances = v as u32, act) }
                { number(d, Num("Attempts", sim.max_attempts as f64, 1.0, 100.0, "1"), sim, |s, v| s.max_attempts = v as u32, act) }
            </div>
            if sticky.kind == Kind::ReadModel {
                <div class="field-pair">
                    { number(d, Num("Update time (ms)", sim.service_time_ms, 0.0, 600_000.0, "any"), sim, |s, v| s.service_time_ms = v, act) }
                    { number(d, Num("Queries per second", sim.queries_per_sec, 0.0, 100_000.0, "any"), sim, |s, v| s.queries_per_sec = v, act) }
                </div>
            }
            { checkbox(d, "Idempotent (skip duplicates)", sim.idempotent, sim, |s, v| s.idempotent = v, act) }
            { checkbox(d, "Ordered per key", sim.ordered, sim, |s, v| s.ordered = v, act) }
            { checkbox(d, "Dead-letter queue after the last attempt", sim.dead_letter, sim, |s, v| s.dead_letter = v, act) }
        </>
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
            d.dispatch(Msg::Apply(act(next)));
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
                { number(d, Num("Outcome weight", w, 0.0001, 1_000_000.0, "any"), sim, |s, v| s.outcome = match s.outcome {
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
            d.dispatch(Msg::Apply(act(next)));
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
                { number(d, Num("Crash after commit (0–1)", sim.crash_rate, 0.0, 1.0, "0.01"), sim, |s, v| s.crash_rate = v, act) }
                if outbox {
                    { number(d, Num("Relay interval (ms)", sim.relay_interval_ms, 1.0, 600_000.0, "any"), sim, |s, v| s.relay_interval_ms = v, act) }
                } else {
                    { number(d, Num("Instances", sim.instances as f64, 1.0, 64.0, "1"), sim, |s, v| s.instances = v as u32, act) }
                }
            </div>
            <div class="field-pair">
                { number(d, Num("API time per callback (ms)", sim.api_time_ms, 0.0, 600_000.0, "any"), sim, |s, v| s.api_time_ms = v, act) }
                { number(d, Num("API concurrency", sim.api_concurrency as f64, 1.0, 1_000.0, "1"), sim, |s, v| s.api_concurrency = v as u32, act) }
            </div>
        </fieldset>
    }
}
