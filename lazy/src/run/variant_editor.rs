//! One side of a comparison: the settings of the settings table that Compare offers (each
//! starting at "as drawn", the first ones in view and the rest under "More"), the payload of
//! every integration event, event versions, circuit breakers, and an outage of one context
//! with its window. Every change is a whole new variant.

use stormlab_board::settings::table::{Offer, Setting, Table, Value};
use stormlab_board::settings::{Given, RunSettings, ServiceSettings, StickySettings};
use stormlab_board::{ContextId, Payload};
use stormlab_run::variant::{Outage, Variant};
use stormlab_ui_common::entry::Entry;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

fn target_value(e: &Event) -> String {
    if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
        s.value()
    } else if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
        i.value()
    } else {
        String::new()
    }
}

/// The row of one setting of the table: a choice or yes/no as a select, a number as a field
/// (blank: as drawn; a value out of range is not taken, and the field says so).
fn setting_row<T: Table>(
    side: &str,
    setting: &'static Setting<T>,
    v: &Variant,
    set: &Callback<Variant>,
) -> Html {
    let key = setting.key;
    let label = setting.name();
    let current = v.settings.get(key);
    let (set, base) = (set.clone(), v.clone());
    let aria = format!("{side}: {label}");
    match &setting.value {
        Value::Number { range, .. } => {
            let range = *range;
            let onchange = Callback::from(move |e: Event| {
                let text = target_value(&e);
                let mut next = base.clone();
                if text.trim().is_empty() {
                    next.settings.clear(key);
                } else if let Ok(x) = range.parse(&text) {
                    next.settings.set(key, Given::Number(x)).ok();
                } else {
                    if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                        i.set_custom_validity(&range.message());
                        i.report_validity();
                    }
                    return;
                }
                set.emit(next);
            });
            let value = match current {
                Some(Given::Number(x)) => x.to_string(),
                _ => String::new(),
            };
            html! {
                <label class="field">{ range.label }
                    <input type="number" min={range.min.to_string()} max={range.max.to_string()} step={range.step()}
                           placeholder="as drawn" {value} {onchange} aria-label={aria} />
                </label>
            }
        }
        Value::Flag { .. } | Value::Choice { .. } => {
            let options: Vec<(String, String)> = match &setting.value {
                Value::Choice { words, .. } => words
                    .iter()
                    .map(|w| (w.to_string(), w.replace('_', " ")))
                    .collect(),
                _ => vec![("true".into(), "yes".into()), ("false".into(), "no".into())],
            };
            let chosen = match current {
                Some(Given::Choice(i)) => options.get(i).map(|o| o.0.clone()),
                Some(Given::Flag(b)) => Some(b.to_string()),
                _ => None,
            }
            .unwrap_or_default();
            let onchange = Callback::from(move |e: Event| {
                let word = target_value(&e);
                let mut next = base.clone();
                // The word chosen, or "as drawn" (no word of the setting).
                let given = match &setting.value {
                    Value::Choice { words, .. } => {
                        words.iter().position(|w| *w == word).map(Given::Choice)
                    }
                    _ => ["false", "true"]
                        .iter()
                        .position(|w| *w == word)
                        .map(|i| Given::Flag(i == 1)),
                };
                match given.map(|given| next.settings.set(key, given)) {
                    Some(done) => done.expect("the select offers only the setting's words"),
                    None => next.settings.clear(key),
                }
                set.emit(next);
            });
            html! {
                <label class="field">{ label }
                    <select {onchange} aria-label={aria}>
                        <option value="" selected={chosen.is_empty()}>{ "as drawn" }</option>
                        { for options.iter().map(|(w, name)| html! { <option value={w.clone()} selected={chosen == *w}>{ name.clone() }</option> }) }
                    </select>
                </label>
            }
        }
    }
}

/// The rows of every setting of `T` that Compare offers at `offer`.
fn table_rows<T: Table>(
    side: &str,
    offer: Offer,
    v: &Variant,
    set: &Callback<Variant>,
) -> Vec<Html> {
    T::TABLE
        .iter()
        .filter(|s| s.vary.compare == offer)
        .map(|s| setting_row(side, s, v, set))
        .collect()
}

/// Every offered row at `offer`: a sticky's settings, then a service's, then the run's.
fn offered(side: &str, offer: Offer, v: &Variant, set: &Callback<Variant>) -> Html {
    let mut rows = table_rows::<StickySettings>(side, offer, v, set);
    rows.extend(table_rows::<ServiceSettings>(side, offer, v, set));
    rows.extend(table_rows::<RunSettings>(side, offer, v, set));
    rows.into_iter().collect()
}

/// A select of a change that is no setting of a sticky: "as drawn" or one of `options`.
fn extra<T: Copy + PartialEq + 'static>(
    side: &str,
    label: &'static str,
    current: Option<T>,
    options: &'static [(&'static str, &'static str, T)],
    apply: fn(&mut Variant, Option<T>),
    v: &Variant,
    set: &Callback<Variant>,
) -> Html {
    let (set, base) = (set.clone(), v.clone());
    let onchange = Callback::from(move |e: Event| {
        let word = target_value(&e);
        let mut next = base.clone();
        apply(&mut next, options.iter().find(|o| o.0 == word).map(|o| o.2));
        set.emit(next);
    });
    let chosen = current
        .and_then(|c| options.iter().find(|o| o.2 == c))
        .map(|o| o.0);
    html! {
        <label class="field">{ label }
            <select {onchange} aria-label={format!("{side}: {label}")}>
                <option value="" selected={chosen.is_none()}>{ "as drawn" }</option>
                { for options.iter().map(|(w, name, _)| html! { <option value={*w} selected={chosen == Some(*w)}>{ *name }</option> }) }
            </select>
        </label>
    }
}

const PAYLOADS: &[(&str, &str, Payload)] = &[
    ("fat", "fat", Payload::Fat),
    ("notification", "notification", Payload::Notification),
    ("claim_check", "claim check", Payload::ClaimCheck),
];
const VERSIONS: &[(&str, &str, u32)] = &[("0", "as drawn", 0), ("1", "one version up", 1)];
const BREAKERS: &[(&str, &str, bool)] = &[("yes", "on callbacks", true), ("no", "none", false)];

/// The outage of one context, with its window.
fn outage(
    side: &str,
    v: &Variant,
    set: &Callback<Variant>,
    contexts: &[(ContextId, String)],
) -> Html {
    let outage_ctx = v.outage.as_ref().map(|o| o.context);
    let on_outage = {
        let (set, base) = (set.clone(), v.clone());
        Callback::from(move |e: Event| {
            let mut next = base.clone();
            next.outage = target_value(&e).parse().ok().map(|id| {
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
    let longest = stormlab_board::settings::table::DURATION_S.range().max;
    let window = |label: &str, value: f64, apply: fn(&mut Outage, f64)| {
        let (set, base) = (set.clone(), v.clone());
        let onchange = Callback::from(move |e: Event| {
            // Only finite numbers: "inf" and "NaN" parse as floats but are no time of day.
            let Some(x) = target_value(&e)
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
            else {
                return;
            };
            let mut next = base.clone();
            if let Some(o) = next.outage.as_mut() {
                apply(o, x.max(0.0));
            }
            set.emit(next);
        });
        html! { <label class="field">{ label }<Entry kind="number" min="0" max={longest.to_string()} step="any" value={value.to_string()} {onchange} /></label> }
    };
    html! {
        <>
            <label class="field">{ "Outage" }
                <select onchange={on_outage} aria-label={format!("{side}: Outage")}>
                    <option value="" selected={outage_ctx.is_none()}>{ "none" }</option>
                    { for contexts.iter().map(|(id, name)| html! { <option value={id.0.to_string()} selected={Some(*id) == outage_ctx}>{ format!("{name} down") }</option> }) }
                </select>
            </label>
            if let Some(o) = &v.outage {
                <div class="field-pair">
                    { window(Outage::FROM, o.from_s, |o, x| o.from_s = x) }
                    { window(Outage::TO, o.to_s, |o, x| o.to_s = x) }
                </div>
            }
        </>
    }
}

/// The editor of `v`, the variant of `side` ("A" or "B"); `contexts` can be taken down.
pub(super) fn variant_editor(
    side: &str,
    v: &Variant,
    set: Callback<Variant>,
    contexts: &[(ContextId, String)],
) -> Html {
    let more_set = v.version_bump.is_some()
        || v.circuit_breaker.is_some()
        || v.settings.keys().any(|k| {
            [
                stormlab_board::settings::table::find::<StickySettings>(k).map(|s| s.vary.compare),
                stormlab_board::settings::table::find::<ServiceSettings>(k).map(|s| s.vary.compare),
                stormlab_board::settings::table::find::<RunSettings>(k).map(|s| s.vary.compare),
            ]
            .contains(&Some(Offer::More))
        });
    html! {
        <div class="variant-editor">
            { offered(side, Offer::First, v, &set) }
            { extra(side, "Payload", v.payload, PAYLOADS, |v, x| v.payload = x, v, &set) }
            <details class="more-overrides" open={more_set}>
            <summary>{ "More: style, versions, breakers, event sourcing, load" }</summary>
            <div class="more-fields">
            { offered(side, Offer::More, v, &set) }
            { extra(side, "Event versions", v.version_bump, VERSIONS, |v, x| v.version_bump = x, v, &set) }
            { extra(side, "Circuit breakers", v.circuit_breaker, BREAKERS, |v, x| v.circuit_breaker = x, v, &set) }
            </div>
            </details>
            { outage(side, v, &set, contexts) }
        </div>
    }
}
