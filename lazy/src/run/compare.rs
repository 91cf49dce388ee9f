//! Compare: the same board run twice with the same seed and workload, each side with its own
//! overrides (push or poll, payload, idempotency, ordering, outbox, saga coordination, an
//! outage), then over more seeds: a table of every metric's mean with its 95% interval, the
//! difference B − A with its own, plain verdicts, and the first seed's run on its own.

use std::rc::Rc;

use stormlab_board::{Board, ContextId};
use stormlab_run::comparison::Comparison;
use stormlab_run::replicate::{DEFAULT_RUNS, MAX_RUNS};
use stormlab_run::variant::Variant;
use stormlab_run::verdict::{show_difference, show_interval, verdict};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::chart::Chart;
use super::duet::DuetView;
use super::save_experiment::SaveExperiment;
use super::sweep::SweepPanel;
use super::variant_editor::variant_editor;
use super::Watch;
use stormlab_ui_common::entry::Entry;

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
    /// The board's experiment shown first (its index).
    pub chosen: usize,
    /// The board's experiments changed here (one saved or removed), and the one to show.
    pub on_experiments: Callback<(Vec<stormlab_board::experiment::Experiment>, usize)>,
    /// Another of the board's experiments is shown.
    pub on_choose: Callback<usize>,
}

/// The Compare view.
#[function_component]
pub fn CompareView(props: &CompareProps) -> Html {
    let experiments = stormlab_run::experiment::all_for_board(&props.board);
    let chosen = use_state(|| props.chosen.min(experiments.len().saturating_sub(1)));
    let experiment = experiments.get(*chosen).cloned();
    let a = use_state(|| experiment.as_ref().map(|e| e.a.clone()).unwrap_or_default());
    let b = use_state(|| {
        experiment
            .as_ref()
            .map(|e| e.b.clone())
            .unwrap_or_else(|| Variant::with("delivery=poll"))
    });
    let runs = use_state(|| {
        experiment
            .as_ref()
            .map_or(DEFAULT_RUNS, |e| e.runs as usize)
    });
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
        let (a, b, runs, chosen, experiments) = (
            a.clone(),
            b.clone(),
            runs.clone(),
            chosen.clone(),
            experiments.clone(),
        );
        let on_choose = props.on_choose.clone();
        Callback::from(move |e: Event| {
            let i = e
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|s| s.value().parse::<usize>().ok());
            if let Some(x) = i.and_then(|i| experiments.get(i).map(|x| (i, x))) {
                chosen.set(x.0);
                a.set(x.1.a.clone());
                b.set(x.1.b.clone());
                runs.set(x.1.runs as usize);
                on_choose.emit(x.0);
            }
        })
    };
    let on_remove = {
        let (chosen, experiments) = (*chosen, experiments.clone());
        props.on_experiments.reform(move |_: MouseEvent| {
            let mut all = experiments.clone();
            if chosen < all.len() {
                all.remove(chosen);
            }
            (all, chosen.saturating_sub(1))
        })
    };
    let metrics: Vec<String> = match &*props.comparison.get() {
        Some(Ok(c)) => c.summary().iter().map(|r| r.label.to_string()).collect(),
        _ => Vec::new(),
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
                if !experiments.is_empty() {
                    <div class="experiment-bar">
                        <label class="field experiment-choice">{ format!("This board's experiments ({})", experiments.len()) }
                            <select onchange={on_experiment} aria-label="Experiment">
                                { for experiments.iter().enumerate().map(|(i, x)| html! { <option value={i.to_string()} selected={i == *chosen}>{ x.question.clone() }</option> }) }
                            </select>
                        </label>
                        <button class="remove-experiment" onclick={on_remove} title="Remove this experiment from the board (undo brings it back)">{ "Remove" }</button>
                    </div>
                }
                if let Some(e) = &experiment {
                    <p class="experiment" data-metric={e.metric.clone()}><strong>{ e.question.clone() }</strong>{ " " }{ e.watch.clone() }
                        if let Some(x) = e.expect {
                            <span class="experiment-expect">{ format!(" Expected: {} on {}.", expectation(x), e.metric.to_lowercase()) }</span>
                        }
                    </p>
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
                    <Entry kind="number" min="1" max={MAX_RUNS.to_string()} step="1" value={runs.to_string()} onchange={on_runs}
                           title="Each run uses its own seed, derived from the board's: the first is the board's seed" />
                </label>
            </div>
            <SaveExperiment experiments={experiments.clone()} shown={experiment.clone()} a={(*a).clone()} b={(*b).clone()}
                            runs={*runs} {metrics} on_save={props.on_experiments.clone()} sweep={last_sweep(&props.sweep)} />
            if *watching {
                <DuetView board={props.board.clone()} a={(*a).clone()} b={(*b).clone()} />
            }
            { result }
            <SweepPanel sweep={props.sweep.clone()} {on_sweep} on_cancel={props.on_cancel_sweep.clone()} stem={stem}
                        plan={experiment.as_ref().and_then(|e| e.sweep.clone().map(|p| (p, e.runs as usize)))} />
        </section>
    }
}

/// An expectation in the Compare view's words.
/// The sweep run last, as an experiment keeps it.
fn last_sweep(
    sweep: &super::Watch<Option<Result<stormlab_run::sweep::Sweep, String>>>,
) -> Option<stormlab_board::experiment::SweepPlan> {
    let last = sweep.get();
    let spec = last.as_ref()?.as_ref().ok()?.spec();
    Some(stormlab_board::experiment::SweepPlan {
        setting: spec.axis.id().to_string(),
        from: spec.from,
        to: spec.to,
        steps: spec.steps as u32,
    })
}

fn expectation(x: stormlab_board::experiment::Expect) -> String {
    use stormlab_board::experiment::{Expect, Side};
    let side = |s: Side| if s == Side::A { "A" } else { "B" };
    match x {
        Expect::BHigher => "B higher than A".into(),
        Expect::BLower => "B lower than A".into(),
        Expect::Under(s, v) => format!("{} under {v}", side(s)),
        Expect::Over(s, v) => format!("{} over {v}", side(s)),
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
                    <table class="compare-table replicated" tabindex="0">
                        <caption>{ heading }</caption>
                        <thead><tr><th scope="col">{ "Metric" }</th><th scope="col">{ "A" }</th><th scope="col">{ "B" }</th><th scope="col">{ "B − A" }</th></tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                    if runs > 1 {
                        <details class="single-seed">
                            <summary>{ format!("The run on seed {seed} alone (the one to watch in the Run view)") }</summary>
                            <table class="compare-table single" tabindex="0">
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
