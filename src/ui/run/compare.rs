//! Compare: the same board run twice with the same seed and workload, each side with its own
//! overrides (push or poll, payload, idempotency, ordering, outbox, saga coordination, an
//! outage), then over more seeds: a table of every metric's mean with its 95% interval, the
//! difference B − A with its own, plain verdicts, and the first seed's run on its own.

use std::rc::Rc;

use stormlab_board::settings::{DeliverySetting, PublishSetting, SagaSetting, StyleSetting};
use stormlab_board::{Board, ContextId, Payload};
use stormlab_run::comparison::Comparison;
use stormlab_run::replicate::{DEFAULT_RUNS, MAX_RUNS};
use stormlab_run::variant::{Outage, Variant};
use stormlab_run::verdict::{show_difference, show_interval, verdict};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::chart::Chart;
use super::duet::DuetView;
use super::sweep::SweepPanel;
use super::Watch;

/// Props of the Compare view.
#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// The board to run twice.
    pub board: Rc<Board>,
    /// The comparison run last, if any (read only), or why it could not start.
    pub comparison: Watch<Option<Result<Comparison, String>>>,
    /// Runs both variants (A, B), each over this many seeds.
    pub on_compare: Callback<(Variant, Variant, usize)>,
    /// Stops the remaining runs.
    pub on_cancel: Callback<()>,
    /// The sweep run last, if any, or why it could not start.
    pub sweep: Watch<Option<Result<stormlab_run::sweep::Sweep, String>>>,
    /// Runs a sweep with both variants (A, B).
    pub on_sweep: Callback<(Variant, Variant, stormlab_run::sweep::Spec)>,
    /// Stops the sweep's remaining points.
    pub on_cancel_sweep: Callback<()>,
}

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

fn variant_editor(
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

/// The Compare view.
#[function_component]
pub fn CompareView(props: &CompareProps) -> Html {
    let experiments = stormlab_run::experiment::all_for_board(&props.board);
    let chosen = use_state(|| 0usize);
    let experiment = experiments.get(*chosen).cloned();
    let a = use_state(|| experiment.as_ref().map(|e| e.a.clone()).unwrap_or_default());
    let b = use_state(|| {
        experiment
            .as_ref()
            .map(|e| e.b.clone())
            .unwrap_or_else(|| Variant {
                delivery: Some(DeliverySetting::POLL),
                ..Variant::default()
            })
    });
    let runs = use_state(|| DEFAULT_RUNS);
    let on_run = {
        let (a, b, runs) = ((*a).clone(), (*b).clone(), *runs);
        props
            .on_compare
            .reform(move |_: MouseEvent| (a.clone(), b.clone(), runs))
    };
    let on_runs = {
        let runs = runs.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                if let Ok(n) = input.value().trim().parse::<usize>() {
                    runs.set(n.clamp(1, MAX_RUNS));
                }
                input.set_value(&(*runs).to_string());
            }
        })
    };
    let on_experiment = {
        let (a, b, chosen, experiments) =
            (a.clone(), b.clone(), chosen.clone(), experiments.clone());
        Callback::from(move |e: Event| {
            let i = e
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|s| s.value().parse::<usize>().ok());
            if let Some(x) = i.and_then(|i| experiments.get(i).map(|x| (i, x))) {
                chosen.set(x.0);
                a.set(x.1.a.clone());
                b.set(x.1.b.clone());
            }
        })
    };
    let set_a = {
        let a = a.clone();
        Callback::from(move |v| a.set(v))
    };
    let set_b = {
        let b = b.clone();
        Callback::from(move |v| b.set(v))
    };

    let contexts: Vec<(ContextId, String)> = props
        .board
        .contexts
        .iter()
        .map(|c| (c.id, c.name.clone()))
        .collect();
    let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let on_sweep = {
        let (a, b) = ((*a).clone(), (*b).clone());
        props
            .on_sweep
            .reform(move |spec| (a.clone(), b.clone(), spec))
    };
    let stem = stormlab_export::names::file_stem(&props.board.title);
    let watching = use_state(|| false);
    let on_watch = {
        let watching = watching.clone();
        Callback::from(move |_: MouseEvent| watching.set(!*watching))
    };
    let result = result(&props.comparison.get(), props.board.run.seed, on_cancel);
    html! {
        <section class="compare" aria-label="Compare two variants">
            <div class="compare-head">
                <h2>{ "Compare two variants" }</h2>
                if experiments.len() > 1 {
                    <label class="field experiment-choice">{ format!("Ready experiments on this board ({})", experiments.len()) }
                        <select onchange={on_experiment} aria-label="Ready experiment">
                            { for experiments.iter().enumerate().map(|(i, x)| html! { <option value={i.to_string()} selected={i == *chosen}>{ x.question }</option> }) }
                        </select>
                    </label>
                }
                if let Some(e) = &experiment {
                    <p class="experiment" data-metric={e.metric}><strong>{ e.question }</strong>{ " " }{ e.watch }</p>
                }
            </div>
            <div class="compare-sides">
                <div class="side side-a"><h3>{ "A: " }{ a.describe(&props.board).join(", ") }</h3>{ variant_editor("A", &a, set_a, &contexts) }</div>
                <div class="side side-b"><h3>{ "B: " }{ b.describe(&props.board).join(", ") }</h3>{ variant_editor("B", &b, set_b, &contexts) }</div>
            </div>
            <div class="run-both-bar">
                <button class="primary run-both" onclick={on_run}>{ format!("▶ Run both (seed {})", props.board.run.seed) }</button>
                <button class="watch-both" onclick={on_watch} aria-pressed={watching.to_string()}>
                    { if *watching { "Hide the boards" } else { "Watch both side by side" } }
                </button>
                <label class="field runs-field">{ "Runs of each" }
                    <input type="number" min="1" max={MAX_RUNS.to_string()} step="1" value={runs.to_string()} onchange={on_runs}
                           title="Each run uses its own seed, derived from the board's: the first is the board's seed" />
                </label>
            </div>
            if *watching {
                <DuetView board={props.board.clone()} a={(*a).clone()} b={(*b).clone()} />
            }
            { result }
            <SweepPanel sweep={props.sweep.clone()} {on_sweep} on_cancel={props.on_cancel_sweep.clone()} stem={stem} />
        </section>
    }
}

/// The outcome of the last comparison: a hint before any, why it could not run, or the
/// replicated table (means, intervals, B − A, verdicts) and the first seed's run on its own.
fn result(
    comparison: &Option<Result<Comparison, String>>,
    seed: u64,
    on_cancel: Callback<MouseEvent>,
) -> Html {
    let c = match comparison {
        None => {
            return html! { <p class="panel-hint">{ "Choose what differs between A and B, then run both: same board, same seeds, same workload. Each variant runs once per seed; the table gives each metric's mean with its 95% confidence interval." }</p> }
        }
        Some(Err(e)) => {
            return html! { <p class="error-text">{ format!("The board cannot run: {e} Open the Run view to see what is missing.") }</p> }
        }
        Some(Ok(c)) => c,
    };
    let (done, runs) = c.runs();
    let summary = c.summary();
    let verdicts: Vec<String> = summary.iter().filter_map(verdict).collect();
    let rows = summary.iter().map(|r| {
        let excludes = r.diff.excludes_zero();
        let trend = if !excludes { "same" } else if r.diff.mean > 0.0 { "up" } else { "down" };
        html! {
            <tr data-row={r.label}><th scope="row">{ r.label }</th>
                <td data-side="a" data-value={r.a.mean.to_string()} data-half={r.a.half.unwrap_or(0.0).to_string()}>{ show_interval(r.label, &r.a) }</td>
                <td data-side="b" data-value={r.b.mean.to_string()} data-half={r.b.half.unwrap_or(0.0).to_string()}>{ show_interval(r.label, &r.b) }</td>
                <td class={classes!("delta", trend)} data-excludes-zero={excludes.to_string()}>{ show_difference(r.label, &r.diff) }</td></tr>
        }
    });
    let single = c.rows().into_iter().map(|r| {
        html! {
            <tr data-row={r.label}><th scope="row">{ r.label }</th>
                <td data-side="a" data-value={r.a.1.to_string()}>{ r.a.0 }</td>
                <td data-side="b" data-value={r.b.1.to_string()}>{ r.b.0 }</td>
                <td class={classes!("delta", r.trend.class())}>{ r.delta }</td></tr>
        }
    });
    let progress = c.progress();
    let heading = if done > 1 {
        format!("Over {done} runs of each (mean ± 95% confidence interval)")
    } else {
        format!("One run of each, seed {seed}")
    };
    html! {
        <>
            <div class="run-status-bar">
                <p class="run-status" data-status={if c.done() { "finished" } else { "running" }} data-runs={done.to_string()} data-events={c.samples().events.to_string()}>{ c.status() }</p>
                if !c.done() && runs > 1 {
                    <button class="cancel-runs" onclick={on_cancel}>{ "Cancel the remaining runs" }</button>
                }
            </div>
            <div class="progress" role="progressbar" aria-label="Runs done" aria-valuemin="0" aria-valuemax="100" aria-valuenow={format!("{progress:.0}")}>
                <div class="progress-bar" style={format!("width:{progress:.1}%")}></div>
            </div>
            if !verdicts.is_empty() {
                <ul class="verdicts" aria-label="What the runs show">{ for verdicts.iter().map(|v| html! { <li>{ v }</li> }) }</ul>
            } else if done > 1 {
                <p class="panel-hint verdicts-none">{ format!("Over {done} runs no metric differs beyond its interval: the runs cannot tell A and B apart.") }</p>
            }
            <div class="compare-body">
                <div>
                    <table class="compare-table replicated">
                        <caption>{ heading }</caption>
                        <thead><tr><th scope="col">{ "Metric" }</th><th scope="col">{ "A" }</th><th scope="col">{ "B" }</th><th scope="col">{ "B − A" }</th></tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                    if runs > 1 {
                        <details class="single-seed">
                            <summary>{ format!("The run on seed {seed} alone (the one to watch in the Run view)") }</summary>
                            <table class="compare-table single">
                                <thead><tr><th scope="col">{ "Metric" }</th><th scope="col">{ "A" }</th><th scope="col">{ "B" }</th><th scope="col">{ "B − A" }</th></tr></thead>
                                <tbody>{ for single }</tbody>
                            </table>
                        </details>
                    }
                </div>
                <Chart title={format!("Mean latency over time on seed {seed} (A vs B)")} unit="ms" lines={c.latency_lines()} />
            </div>
        </>
    }
}
