//! Compare: the same board run twice with the same seed and workload, each side with its own
//! overrides (push or poll, payload, idempotency, ordering, outbox, saga coordination, an
//! outage), and a table of the metrics and their differences.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use stormlab_board::settings::{DeliverySetting, PublishSetting, SagaSetting};
use stormlab_board::{Board, ContextId, Payload};
use stormlab_run::playback::Playback;
use stormlab_run::variant::{Outage, Variant};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::chart::Chart;
use super::clock;
use super::metrics::{headline, mean_latency_ms, Merged};

/// Props of the Compare view.
#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// The board to run twice.
    pub board: Rc<Board>,
}

struct Sides {
    a: Playback,
    b: Playback,
    started: f64,
    done: bool,
    elapsed_ms: f64,
}

/// Shared, compared by pointer.
#[derive(Clone, Default)]
struct RunCell(Rc<RefCell<Option<Result<Sides, String>>>>);

impl PartialEq for RunCell {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn slice(cell: RunCell, update: Callback<()>, slot: Rc<RefCell<Option<Timeout>>>) {
    let next = slot.clone();
    let t = Timeout::new(0, move || {
        let more = {
            let mut guard = cell.0.borrow_mut();
            let Some(Ok(s)) = guard.as_mut() else { return };
            let start = clock();
            while clock() - start < 40.0
                && !(s.a.simulation().finished() && s.b.simulation().finished())
            {
                s.a.run_events(2_048);
                s.b.run_events(2_048);
            }
            s.done = s.a.simulation().finished() && s.b.simulation().finished();
            s.elapsed_ms = clock() - s.started;
            !s.done
        };
        update.emit(());
        if more {
            slice(cell, update, next);
        }
    });
    *slot.borrow_mut() = Some(t);
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
            let Ok(x) = i.value().parse::<f64>() else {
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

fn diff(a: f64, b: f64) -> (String, &'static str) {
    let d = b - a;
    if d.abs() < 1e-9 {
        return ("=".into(), "same");
    }
    let pct = if a.abs() > 1e-9 {
        format!(" ({:+.0}%)", d / a * 100.0)
    } else {
        String::new()
    };
    let text = if d.abs() >= 100.0 {
        format!("{d:+.0}{pct}")
    } else {
        format!("{d:+.2}{pct}")
    };
    (text, if d > 0.0 { "up" } else { "down" })
}

/// The Compare view.
#[function_component]
pub fn CompareView(props: &CompareProps) -> Html {
    let experiment = stormlab_run::experiment::for_board(&props.board);
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
    let cell = use_state(RunCell::default);
    let timer = use_mut_ref(|| None::<Timeout>);
    let update = use_force_update();
    let contexts: Vec<(ContextId, String)> = props
        .board
        .contexts
        .iter()
        .map(|c| (c.id, c.name.clone()))
        .collect();

    let on_run = {
        let (a, b, cell, board, timer) = (
            (*a).clone(),
            (*b).clone(),
            (*cell).clone(),
            props.board.clone(),
            timer.clone(),
        );
        let update = update.clone();
        Callback::from(move |_: MouseEvent| {
            let seed = board.run.seed;
            let sides = match (
                Playback::new(&board, &a, seed),
                Playback::new(&board, &b, seed),
            ) {
                (Ok(a), Ok(b)) => Ok(Sides {
                    a,
                    b,
                    started: clock(),
                    done: false,
                    elapsed_ms: 0.0,
                }),
                (Err(p), _) | (_, Err(p)) => Err(p
                    .iter()
                    .map(|p| p.message.clone())
                    .collect::<Vec<_>>()
                    .join(" ")),
            };
            *cell.0.borrow_mut() = Some(sides);
            let u = update.clone();
            slice(
                cell.clone(),
                Callback::from(move |_| u.force_update()),
                timer.clone(),
            );
            update.force_update();
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

    let guard = cell.0.borrow();
    let result = match guard.as_ref() {
        None => {
            html! { <p class="panel-hint">{ "Choose what differs between A and B, then run both: same board, same seed, same workload." }</p> }
        }
        Some(Err(e)) => {
            html! { <p class="error-text">{ format!("The board cannot run: {e} Open the Run view to see what is missing.") }</p> }
        }
        Some(Ok(s)) => {
            let (ra, rb) = (s.a.simulation().report(), s.b.simulation().report());
            let (ha, hb) = (headline(&ra), headline(&rb));
            let rows = ha.iter().zip(&hb).map(|((label, va, xa), (_, vb, xb))| {
                let (d, class) = diff(*xa, *xb);
                html! { <tr data-row={*label}><th scope="row">{ *label }</th><td data-side="a" data-value={xa.to_string()}>{ va }</td><td data-side="b" data-value={xb.to_string()}>{ vb }</td><td class={classes!("delta", class)}>{ d }</td></tr> }
            });
            let progress = (s.a.simulation().now().min(s.b.simulation().now()) as f64
                / s.a.simulation().duration().max(1) as f64
                * 100.0)
                .min(100.0);
            let lines = vec![
                Merged::new(&s.a, None).line("A", "#1f6feb", |n, _, _| mean_latency_ms(n)),
                Merged::new(&s.b, None).line("B", "#cf222e", |n, _, _| mean_latency_ms(n)),
            ];
            html! {
                <>
                    <p class="run-status" data-status={if s.done { "finished" } else { "running" }}>
                        { if s.done { format!("Both runs finished ({} and {} engine events, {:.1} s).", s.a.simulation().events(), s.b.simulation().events(), s.elapsed_ms / 1e3) }
                          else { format!("Running… {progress:.0}%") } }
                    </p>
                    <div class="progress"><div class="progress-bar" style={format!("width:{progress:.1}%")}></div></div>
                    <div class="compare-body">
                        <table class="compare-table">
                            <thead><tr><th scope="col">{ "Metric" }</th><th scope="col">{ "A" }</th><th scope="col">{ "B" }</th><th scope="col">{ "B − A" }</th></tr></thead>
                            <tbody>{ for rows }</tbody>
                        </table>
                        <Chart title="Mean latency over time (A vs B)" unit="ms" {lines} />
                    </div>
                </>
            }
        }
    };
    html! {
        <section class="compare" aria-label="Compare two variants">
            <div class="compare-head">
                <h2>{ "Compare two variants" }</h2>
                if let Some(e) = &experiment {
                    <p class="experiment"><strong>{ e.question }</strong>{ " " }{ e.watch }</p>
                }
            </div>
            <div class="compare-sides">
                <div class="side side-a"><h3>{ "A: " }{ a.describe(&props.board).join(", ") }</h3>{ variant_editor("A", &a, set_a, &contexts) }</div>
                <div class="side side-b"><h3>{ "B: " }{ b.describe(&props.board).join(", ") }</h3>{ variant_editor("B", &b, set_b, &contexts) }</div>
            </div>
            <button class="primary run-both" onclick={on_run}>{ format!("▶ Run both (seed {})", props.board.run.seed) }</button>
            { result }
        </section>
    }
}
