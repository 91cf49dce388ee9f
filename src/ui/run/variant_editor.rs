//! One side of a comparison: the overrides a variant applies to the board as drawn (delivery,
//! payload, idempotency, ordering, publishing, sagas, crashes, lost acknowledgements, and under
//! "More" the style, versions, breakers, event sourcing and load), and an outage of one
//! context with its window. Each select starts at "as drawn"; every change is a whole new
//! variant.

use stormlab_board::settings::{DeliverySetting, PublishSetting, SagaSetting, StyleSetting};
use stormlab_board::{ContextId, Payload};
use stormlab_run::variant::{Outage, Variant};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

fn pick<T: Copy>(v: &str, options: &[(&str, T)]) -> Option<T> {
    options.iter().find(|(k, _)| *k == v).map(|(_, t)| *t)
}

const DELIVERY: [(&str, DeliverySetting); 2] = [
    ("push", DeliverySetting::Push { window: 16 }),
    ("poll", DeliverySetting::POLL),
];
const PAYLOAD: [(&str, Payload); 3] = [
    ("fat", Payload::Fat),
    ("notification", Payload::Notification),
    ("claim_check", Payload::ClaimCheck),
];
const YES_NO: [(&str, bool); 2] = [("yes", true), ("no", false)];
const PUBLISH: [(&str, PublishSetting); 2] = [
    ("dual_write", PublishSetting::DualWrite),
    ("outbox", PublishSetting::Outbox),
];
const STYLE: [(&str, StyleSetting); 2] = [
    ("event_driven", StyleSetting::EventDriven),
    ("request_response", StyleSetting::RequestResponse),
];
const SAGA: [(&str, SagaSetting); 2] = [
    ("orchestration", SagaSetting::Orchestration),
    ("choreography", SagaSetting::Choreography),
];

fn key_of<T: PartialEq>(v: Option<T>, options: &[(&'static str, T)]) -> &'static str {
    v.and_then(|v| options.iter().find(|(_, t)| *t == v).map(|(k, _)| *k))
        .unwrap_or("")
}

/// The editor of `v`, the variant of `side` ("A" or "B"); `contexts` can be taken down.
pub(super) fn variant_editor(
    side: &str,
    v: &Variant,
    set: Callback<Variant>,
    contexts: &[(ContextId, String)],
) -> Html {
    let field = |label: &str,
                 current: &str,
                 options: &[(&'static str, &'static str)],
                 apply: fn(&mut Variant, &str)| {
        let (set, base) = (set.clone(), v.clone());
        let onchange = Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            let mut next = base.clone();
            apply(&mut next, &value);
            set.emit(next);
        });
        html! {
            <label class="field">{ label }
                <select {onchange} aria-label={format!("{side}: {label}")}>
                    <option value="" selected={current.is_empty()}>{ "as drawn" }</option>
                    { for options.iter().map(|(k, name)| html! { <option value={*k} selected={current == *k}>{ *name }</option> }).collect::<Vec<_>>() }
                </select>
            </label>
        }
    };
    let outage_ctx = v.outage.as_ref().map(|o| o.context);
    let more_set = v.style.is_some()
        || v.version_bump.is_some()
        || v.tolerant_reader.is_some()
        || v.upcast.is_some()
        || v.circuit_breaker.is_some()
        || v.event_sourced.is_some()
        || v.snapshot_every.is_some()
        || v.rate_per_sec.is_some()
        || v.failure_rate.is_some()
        || v.instances.is_some()
        || v.key_space.is_some();
    let on_outage = {
        let (set, base) = (set.clone(), v.clone());
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            let mut next = base.clone();
            next.outage = value.parse().ok().map(|id| {
                let (from_s, to_s) = base
                    .outage
                    .as_ref()
                    .map_or((10.0, 30.0), |o| (o.from_s, o.to_s));
                Outage {
                    context: ContextId(id),
                    from_s,
                    to_s,
                }
            });
            set.emit(next);
        })
    };
    let window = |label: &str, value: f64, apply: fn(&mut Outage, f64)| {
        let (set, base) = (set.clone(), v.clone());
        let onchange = Callback::from(move |e: Event| {
            let Some(i) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            // Only finite numbers: "inf" and "NaN" parse as floats but are no time of day.
            let Some(x) = i.value().parse::<f64>().ok().filter(|x| x.is_finite()) else {
                return;
            };
            let mut next = base.clone();
            if let Some(o) = next.outage.as_mut() {
                apply(o, x.max(0.0));
            }
            set.emit(next);
        });
        html! { <label class="field">{ label }<input type="number" min="0" step="any" value={value.to_string()} {onchange} /></label> }
    };
    html! {
        <div class="variant-editor">
            { field("Delivery", key_of(v.delivery, &DELIVERY), &[("push", "push"), ("poll", "poll (500 ms)")], |v, x| v.delivery = pick(x, &DELIVERY)) }
            { field("Payload", key_of(v.payload, &PAYLOAD), &[("fat", "fat"), ("notification", "notification"), ("claim_check", "claim check")], |v, x| v.payload = pick(x, &PAYLOAD)) }
            { field("Idempotent consumers", key_of(v.idempotent, &YES_NO), &[("yes", "yes"), ("no", "no")], |v, x| v.idempotent = pick(x, &YES_NO)) }
            { field("Ordered per key", key_of(v.ordered, &YES_NO), &[("yes", "yes"), ("no", "no")], |v, x| v.ordered = pick(x, &YES_NO)) }
            { field("Publishing", key_of(v.publish, &PUBLISH), &[("dual_write", "dual write"), ("outbox", "outbox")], |v, x| v.publish = pick(x, &PUBLISH)) }
            { field("Sagas", key_of(v.saga, &SAGA), &[("orchestration", "orchestration"), ("choreography", "choreography")], |v, x| v.saga = pick(x, &SAGA)) }
            { field("Crash after commit", &v.crash_rate.map(|c| c.to_string()).unwrap_or_default(), &[("0", "never"), ("0.02", "2%"), ("0.1", "10%")], |v, x| v.crash_rate = x.parse().ok()) }
            { field("Lost acknowledgements", &v.duplicate_rate.map(|c| c.to_string()).unwrap_or_default(), &[("0", "none"), ("0.05", "5%"), ("0.2", "20%")], |v, x| v.duplicate_rate = x.parse().ok()) }
            <details class="more-overrides" open={more_set}>
            <summary>{ "More: style, versions, breakers, event sourcing, load" }</summary>
            <div class="more-fields">
            { field("Style", key_of(v.style, &STYLE), &[("event_driven", "event-driven"), ("request_response", "request-response")], |v, x| v.style = pick(x, &STYLE)) }
            { field("Event versions", &v.version_bump.map(|c| c.to_string()).unwrap_or_default(), &[("0", "as drawn"), ("1", "one version up")], |v, x| v.version_bump = x.parse().ok()) }
            { field("Tolerant readers", key_of(v.tolerant_reader, &YES_NO), &[("yes", "yes"), ("no", "no")], |v, x| v.tolerant_reader = pick(x, &YES_NO)) }
            { field("Upcasting", key_of(v.upcast, &YES_NO), &[("yes", "yes"), ("no", "no")], |v, x| v.upcast = pick(x, &YES_NO)) }
            { field("Circuit breakers", key_of(v.circuit_breaker, &YES_NO), &[("yes", "on callbacks"), ("no", "none")], |v, x| v.circuit_breaker = pick(x, &YES_NO)) }
            { field("Event sourcing", key_of(v.event_sourced, &YES_NO), &[("yes", "every aggregate"), ("no", "none")], |v, x| v.event_sourced = pick(x, &YES_NO)) }
            { field("Snapshots", &v.snapshot_every.map(|c| c.to_string()).unwrap_or_default(), &[("0", "never"), ("10", "every 10 events"), ("100", "every 100 events")], |v, x| v.snapshot_every = x.parse().ok()) }
            { field("Commands per second", &v.rate_per_sec.map(|c| c.to_string()).unwrap_or_default(), &[("5", "5"), ("20", "20"), ("40", "40"), ("100", "100")], |v, x| v.rate_per_sec = x.parse().ok()) }
            { field("Failing attempts", &v.failure_rate.map(|c| c.to_string()).unwrap_or_default(), &[("0", "none"), ("0.05", "5%"), ("0.2", "20%")], |v, x| v.failure_rate = x.parse().ok()) }
            { field("Consumer instances", &v.instances.map(|c| c.to_string()).unwrap_or_default(), &[("1", "1"), ("4", "4"), ("8", "8")], |v, x| v.instances = x.parse().ok()) }
            { field("Keys (entities)", &v.key_space.map(|c| c.to_string()).unwrap_or_default(), &[("3", "3"), ("100", "100"), ("1000", "1000")], |v, x| v.key_space = x.parse().ok()) }
            </div>
            </details>
            <label class="field">{ "Outage" }
                <select onchange={on_outage} aria-label={format!("{side}: Outage")}>
                    <option value="" selected={outage_ctx.is_none()}>{ "none" }</option>
                    { for contexts.iter().map(|(id, name)| html! { <option value={id.0.to_string()} selected={Some(*id) == outage_ctx}>{ format!("{name} down") }</option> }) }
                </select>
            </label>
            if let Some(o) = &v.outage {
                <div class="field-pair">
                    { window("From (s)", o.from_s, |o, x| o.from_s = x) }
                    { window("To (s)", o.to_s, |o, x| o.to_s = x) }
                </div>
            }
        </div>
    }
}
