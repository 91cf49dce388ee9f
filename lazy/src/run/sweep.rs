//! The Sweep panel of the Compare view: one setting over a range, both variants replicated at
//! every point, drawn as a curve per variant with each point's 95% interval, a table of the
//! same numbers, and CSV and JSON downloads.

use stormlab_run::stats::Compared;
use stormlab_run::sweep::{to_csv, to_json, Axis, Point, Spec, Sweep, MAX_STEPS};
use stormlab_run::verdict::{show, show_interval};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::Watch;
use stormlab_ui_common::entry::Entry;
use stormlab_ui_common::storage;

/// Props of the panel.
#[derive(Properties, PartialEq)]
pub struct SweepProps {
    /// The sweep run last, if any, or why it could not start.
    pub sweep: Watch<Option<Result<Sweep, String>>>,
    /// Runs a sweep (with the Compare view's variants).
    pub on_sweep: Callback<Spec>,
    /// Stops the remaining points.
    pub on_cancel: Callback<()>,
    /// The file name stem for downloads.
    pub stem: AttrValue,
    /// The sweep the shown experiment states, with its runs: it fills the panel.
    #[prop_or_default]
    pub plan: Option<(stormlab_board::experiment::SweepPlan, usize)>,
}

const W: f64 = 560.0;
const H: f64 = 240.0;
const PAD_L: f64 = 64.0;
const PAD_B: f64 = 30.0;

/// One point of the curve: the setting's value, and each side's mean and interval half-width.
struct Mark {
    value: f64,
    a: (f64, f64),
    b: (f64, f64),
}

/// The metric compared at each point, worked out once per render for the chart and the table.
fn rows(points: &[Point], metric: &str) -> Vec<(f64, Compared)> {
    points
        .iter()
        .filter_map(|p| Some((p.value, p.samples.compared_one(metric)?)))
        .collect()
}

/// The metric's mean and interval half-width at each point, for A and B.
fn series(rows: &[(f64, Compared)]) -> Vec<Mark> {
    rows.iter()
        .map(|(value, c)| Mark {
            value: *value,
            a: (c.a.mean, c.a.half.unwrap_or(0.0)),
            b: (c.b.mean, c.b.half.unwrap_or(0.0)),
        })
        .collect()
}

/// The curve of A and B with error bars.
fn chart(setting: Axis, metric: &str, data: &[Mark], shown: (bool, bool)) -> Html {
    if data.is_empty() {
        return html! { <p class="panel-hint">{ "No point finished yet." }</p> };
    }
    let x_min = data.iter().map(|d| d.value).fold(f64::MAX, f64::min);
    let x_max = data.iter().map(|d| d.value).fold(f64::MIN, f64::max);
    let top = |side: (f64, f64), shown: bool| if shown { side.0 + side.1 } else { 0.0 };
    let y_max = data
        .iter()
        .map(|d| top(d.a, shown.0).max(top(d.b, shown.1)))
        .fold(0.0, f64::max);
    let y_max = if y_max > 0.0 { y_max * 1.08 } else { 1.0 };
    let span = (x_max - x_min).max(1e-9);
    let x = |v: f64| PAD_L + (v - x_min) / span * (W - PAD_L - 12.0);
    let y = |v: f64| (H - PAD_B) - v / y_max * (H - PAD_B - 10.0);
    let side = |pick: fn(&Mark) -> (f64, f64), colour: &'static str, name: &str| {
        let d: String = data
            .iter()
            .enumerate()
            .map(|(i, p)| {
                format!(
                    "{}{:.1},{:.1}",
                    if i == 0 { "M" } else { " L" },
                    x(p.value),
                    y(pick(p).0)
                )
            })
            .collect();
        let bars = data.iter().map(|p| {
            let (m, h) = pick(p);
            let (px, top, bottom) = (x(p.value), y(m + h), y((m - h).max(0.0)));
            html! {
                <g class="point">
                    <line x1={px.to_string()} x2={px.to_string()} y1={top.to_string()} y2={bottom.to_string()} stroke={colour} stroke-width="2" />
                    <line x1={(px - 4.0).to_string()} x2={(px + 4.0).to_string()} y1={top.to_string()} y2={top.to_string()} stroke={colour} stroke-width="2" />
                    <line x1={(px - 4.0).to_string()} x2={(px + 4.0).to_string()} y1={bottom.to_string()} y2={bottom.to_string()} stroke={colour} stroke-width="2" />
                    <circle cx={px.to_string()} cy={y(m).to_string()} r="3.5" fill={colour} />
                </g>
            }
        });
        html! {
            <g class={format!("series series-{name}")}>
                <path {d} stroke={colour} fill="none" stroke-width="2.5" />
                { for bars }
            </g>
        }
    };
    let title = format!(
        "{metric} against {} (mean and 95% interval per point)",
        setting.name().to_lowercase()
    );
    html! {
        <figure class="chart sweep-chart">
            <figcaption>{ &title }<span class="chart-legend">
                <span class="chart-key"><i style="background:#1f6feb"></i>{ "A" }</span>
                <span class="chart-key"><i style="background:#cf222e"></i>{ "B" }</span>
            </span></figcaption>
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-label={title.clone()}>
                <line x1={PAD_L.to_string()} y1={(H - PAD_B).to_string()} x2={W.to_string()} y2={(H - PAD_B).to_string()} class="axis" />
                <line x1={PAD_L.to_string()} y1="6" x2={PAD_L.to_string()} y2={(H - PAD_B).to_string()} class="axis" />
                <text x={(PAD_L - 6.0).to_string()} y="16" class="tick" text-anchor="end">{ show(metric, y_max) }</text>
                <text x={(PAD_L - 6.0).to_string()} y={(H - PAD_B).to_string()} class="tick" text-anchor="end">{ "0" }</text>
                <text x={PAD_L.to_string()} y={(H - 8.0).to_string()} class="tick">{ format!("{x_min}") }</text>
                <text x={((W + PAD_L) / 2.0).to_string()} y={(H - 8.0).to_string()} class="tick" text-anchor="middle">{ setting.name() }</text>
                <text x={(W - 4.0).to_string()} y={(H - 8.0).to_string()} class="tick" text-anchor="end">{ format!("{x_max}") }</text>
                if shown.0 { { side(|p| p.a, "#1f6feb", "a") } }
                if shown.1 { { side(|p| p.b, "#cf222e", "b") } }
            </svg>
        </figure>
    }
}

/// What the sweep run last gives: its progress, then the chosen metric's curve and table, with
/// downloads; which metric and which sides show are this view's own choice.
#[derive(Properties, PartialEq)]
struct SweepResultProps {
    sweep: Watch<Option<Result<Sweep, String>>>,
    on_cancel: Callback<()>,
    stem: AttrValue,
}

#[function_component]
fn SweepResult(props: &SweepResultProps) -> Html {
    let metric = use_state(|| "Mean latency".to_string());
    let show = use_state(|| (true, true));
    let toggle = |which: usize| {
        let show = show.clone();
        Callback::from(move |_: Event| {
            let (a, b) = *show;
            show.set(if which == 0 { (!a, b) } else { (a, !b) });
        })
    };
    let on_metric = {
        let metric = metric.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                metric.set(s.value());
            }
        })
    };
    let sweep = props.sweep.get();
    match &*sweep {
        None => {
            html! { <p class="panel-hint">{ "A sweep moves one setting over a range and runs both variants at every point, several times each: the curve shows how a metric follows the setting, with each point's interval." }</p> }
        }
        Some(Err(why)) => {
            html! { <p class="error-text" role="alert">{ format!("The sweep cannot run: {why}") }</p> }
        }
        Some(Ok(s)) => {
            let (done, all) = s.progress();
            let points = s.points();
            let labels: Vec<&'static str> = points
                .first()
                .map(|p| p.samples.labels.clone())
                .unwrap_or_default();
            let rows = rows(points, &metric);
            let data = series(&rows);
            let status = if !s.done() {
                format!("Sweeping… point {} of {all}", done + 1)
            } else if s.cancelled() {
                format!("Cancelled after {done} of {all} points.")
            } else {
                format!(
                    "{all} points of {} runs of each variant finished.",
                    s.spec().runs
                )
            };
            let setting = s.spec().axis;
            let stem = props.stem.to_string();
            // The files are made when asked for, from the points then finished.
            let download =
                |ext: &'static str, mime: &'static str, make: fn(Axis, &[Point]) -> String| {
                    let (sweep, name) = (
                        props.sweep.clone(),
                        format!("{stem}.sweep-{}.{ext}", setting.id()),
                    );
                    Callback::from(move |_: MouseEvent| {
                        if let Some(Ok(s)) = &*sweep.get() {
                            let _ = storage::download_as(&name, &make(setting, s.points()), mime);
                        }
                    })
                };
            let on_csv = download("csv", "text/csv", to_csv);
            let on_json = download("json", "application/json", |setting, points| {
                serde_json::to_string_pretty(&to_json(setting, points)).unwrap_or_default()
            });
            let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
            html! {
                <>
                    <div class="run-status-bar">
                        <p class="run-status sweep-status" data-status={if s.done() { "finished" } else { "running" }} data-points={done.to_string()}>{ status }</p>
                        if !s.done() {
                            <button class="cancel-runs" onclick={on_cancel}>{ "Cancel the remaining points" }</button>
                        }
                    </div>
                    <div class="progress" role="progressbar" aria-label="Points done" aria-valuemin="0" aria-valuemax={all.to_string()} aria-valuenow={done.to_string()}>
                        <div class="progress-bar" style={format!("width:{:.1}%", done as f64 / all.max(1) as f64 * 100.0)}></div>
                    </div>
                    if !points.is_empty() {
                        <div class="sweep-bar">
                            <label class="field">{ "Metric" }
                                <select onchange={on_metric}>
                                    { for labels.iter().map(|l| html! { <option value={*l} selected={*l == metric.as_str()}>{ *l }</option> }) }
                                </select>
                            </label>
                            <button onclick={on_csv}>{ "Download CSV" }</button>
                            <button onclick={on_json}>{ "Download JSON" }</button>
                            <label class="check"><input type="checkbox" checked={show.0} onchange={toggle(0)} />{ " A" }</label>
                            <label class="check"><input type="checkbox" checked={show.1} onchange={toggle(1)} />{ " B" }</label>
                        </div>
                        <div class="sweep-body">
                            { chart(setting, &metric, &data, *show) }
                            <table class="compare-table sweep-table" tabindex="0">
                                <thead><tr><th scope="col">{ setting.name() }</th><th scope="col">{ "A" }</th><th scope="col">{ "B" }</th></tr></thead>
                                <tbody>
                                    { for rows.iter().map(|(value, c)| html! {
                                        <tr data-value={value.to_string()}>
                                            <th scope="row">{ value.to_string() }</th>
                                            <td data-side="a" data-mean={c.a.mean.to_string()}>{ show_interval(c.label, &c.a) }</td>
                                            <td data-side="b" data-mean={c.b.mean.to_string()}>{ show_interval(c.label, &c.b) }</td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                    }
                </>
            }
        }
    }
}

/// The Sweep panel.
#[function_component]
pub fn SweepPanel(props: &SweepProps) -> Html {
    let setting = use_state(|| Axis::Consumers);
    let range = use_state(|| Axis::Consumers.suggested());
    let steps = use_state(|| 5usize);
    let runs = use_state(|| 5usize);
    {
        // An experiment that states a sweep fills the panel with it when it is shown.
        let (setting, range, steps, runs) =
            (setting.clone(), range.clone(), steps.clone(), runs.clone());
        use_effect_with(props.plan.clone(), move |plan| {
            if let Some((p, n)) = plan {
                if let Some(axis) = Axis::parse(&p.setting) {
                    setting.set(axis);
                    range.set((p.from, p.to));
                    steps.set((p.steps as usize).clamp(2, MAX_STEPS));
                    runs.set((*n).clamp(1, stormlab_run::replicate::MAX_RUNS));
                }
            }
        });
    }

    let on_setting = {
        let (setting, range) = (setting.clone(), range.clone());
        Callback::from(move |e: Event| {
            if let Some(s) = e
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|s| Axis::parse(&s.value()))
            {
                setting.set(s);
                range.set(s.suggested());
            }
        })
    };
    let number = |apply: Callback<f64>| {
        Callback::from(move |e: Event| {
            if let Some(v) = e
                .target_dyn_into::<HtmlInputElement>()
                .and_then(|i| i.value().trim().parse::<f64>().ok())
                .filter(|v| v.is_finite())
            {
                apply.emit(v);
            }
        })
    };
    let on_from = {
        let range = range.clone();
        number(Callback::from(move |v| range.set((v, range.1))))
    };
    let on_to = {
        let range = range.clone();
        number(Callback::from(move |v| range.set((range.0, v))))
    };
    let on_steps = {
        let steps = steps.clone();
        number(Callback::from(move |v: f64| {
            steps.set((v as usize).clamp(2, MAX_STEPS))
        }))
    };
    let on_runs = {
        let runs = runs.clone();
        number(Callback::from(move |v: f64| {
            runs.set((v as usize).clamp(1, stormlab_run::replicate::MAX_RUNS))
        }))
    };
    let spec = Spec {
        axis: *setting,
        from: range.0,
        to: range.1,
        steps: *steps,
        runs: *runs,
    };
    let on_run = {
        let spec = spec.clone();
        props.on_sweep.reform(move |_: MouseEvent| spec.clone())
    };
    let (min, max, whole) = setting.limits();
    let step = if whole { "1" } else { "any" };

    html! {
        <section class="sweep" aria-label="Sweep a setting">
            <h3>{ "Sweep a setting" }</h3>
            <div class="sweep-form">
                <label class="field">{ "Setting" }
                    <select class="sweep-setting" onchange={on_setting}>
                        { for Axis::all().iter().map(|s| html! { <option value={s.id()} selected={*s == *setting}>{ s.name() }</option> }) }
                    </select>
                </label>
                <label class="field">{ "From" }<Entry class="sweep-from" kind="number" min={min.to_string()} max={max.to_string()} step={step} value={range.0.to_string()} onchange={on_from} /></label>
                <label class="field">{ "To" }<Entry class="sweep-to" kind="number" min={min.to_string()} max={max.to_string()} step={step} value={range.1.to_string()} onchange={on_to} /></label>
                <label class="field">{ "Points" }<Entry class="sweep-steps" kind="number" min="2" max={MAX_STEPS.to_string()} step="1" value={steps.to_string()} onchange={on_steps} /></label>
                <label class="field">{ "Runs of each" }<Entry class="sweep-runs" kind="number" min="1" max="100" step="1" value={runs.to_string()} onchange={on_runs} /></label>
                <button class="primary run-sweep" onclick={on_run}>{ "▶ Run the sweep" }</button>
            </div>
            <SweepResult sweep={props.sweep.clone()} on_cancel={props.on_cancel.clone()} stem={props.stem.clone()} />
        </section>
    }
}
