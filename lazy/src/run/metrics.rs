//! The metrics panel: headline figures, charts over simulated time (latency percentiles,
//! throughput, lag, callbacks, retries, dead letters, duplicates, stale reads, sagas) and a
//! table per subscription with a Redrive button where dead letters wait.

use stormlab_run::metrics::{charts, Headline, Totals, Uses};
use stormlab_run::units::ms;
use stormlab_run::{RunMsg, Runner};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::chart::Chart;
use super::Watch;

/// Props of the metrics panel.
#[derive(Properties, PartialEq)]
pub struct MetricsProps {
    /// The run (read only).
    pub run: Watch<Runner>,
    /// Changes the run (redrive).
    pub on_run: Callback<RunMsg>,
}

/// The metrics panel.
#[function_component]
pub fn Metrics(props: &MetricsProps) -> Html {
    let only = use_state(|| None::<usize>);
    let runner = props.run.get();
    let Ok(p) = runner.playback() else {
        return html! {};
    };
    let report = p.simulation().report();
    let (first, more) = Totals::of(&report).cards(&Uses::of(&p.compiled.scenario));
    let card = |h: Headline| {
        html! { <div class="metric"><span class="metric-label">{ h.label }</span><span class="metric-value" data-metric={h.label}>{ h.text }</span></div> }
    };
    let cards = first.into_iter().map(card);
    let more_cards = more.into_iter().map(card);
    let drawn = charts(p, *only);
    let nothing_yet = drawn.is_empty().then(|| {
        html! { <p class="charts-empty">{ "The charts appear as the run produces numbers: press Play." }</p> }
    });
    let charts = drawn.into_iter().map(|c| {
        html! { <Chart title={c.title} unit={c.unit} lines={c.lines} /> }
    });
    let onselect = {
        let only = only.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_dyn_into::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            only.set(v.parse().ok());
        })
    };
    let flows = report.workloads.iter().map(|w| {
        html! {
            <tr>
                <th scope="row">{ &w.name }</th>
                <td>{ w.stats.arrivals }</td>
                <td>{ ms(w.end_to_end.mean_us) }</td>
                <td>{ ms(w.end_to_end.p95_us as f64) }</td>
            </tr>
        }
    });
    let subs = &report.subscriptions;
    let rows = subs.iter().enumerate().map(|(i, s)| {
        let redrive = (s.dlq_now > 0).then(|| {
            let onclick = props.on_run.reform(move |_: MouseEvent| RunMsg::Redrive(i));
            html! { <button class="redrive" {onclick} aria-label={format!("Redrive the dead letters of {}", s.name)}>{ "Redrive" }</button> }
        });
        html! {
            <tr>
                <th scope="row">{ &s.name }</th>
                <td>{ s.stats.processed }</td>
                <td>{ ms(s.latency.mean_us) }</td>
                <td>{ ms(s.latency.p95_us as f64) }</td>
                <td>{ s.lag_now }</td>
                <td>{ s.stats.retries }</td>
                <td>{ s.dlq_now }{ for redrive }</td>
                <td>{ s.stats.callbacks }</td>
                <td>{ s.stats.duplicate_effects }</td>
            </tr>
        }
    });
    html! {
        <div class="metrics">
            <div class="metric-grid first-row">{ for cards }</div>
            <details class="more-figures">
                <summary>{ "More figures" }</summary>
                <div class="metric-grid">{ for more_cards }</div>
            </details>
            <label class="field inline">{ "Charts for " }
                <select onchange={onselect} aria-label="Subscription shown in the charts">
                    <option value="" selected={only.is_none()}>{ "every subscription" }</option>
                    { for subs.iter().enumerate().map(|(i, s)| html! { <option value={i.to_string()} selected={*only == Some(i)}>{ &s.name }</option> }) }
                </select>
            </label>
            <div class="charts">{ for nothing_yet }{ for charts }</div>
            <table class="sub-table flow-table" tabindex="0">
                <caption>{ "Per flow: from the command to each end of its chain" }</caption>
                <thead><tr><th scope="col">{ "Flow" }</th><th scope="col">{ "Commands" }</th><th scope="col">{ "End to end" }</th><th scope="col">{ "p95" }</th></tr></thead>
                <tbody>{ for flows }</tbody>
            </table>
            <table class="sub-table" tabindex="0">
                <caption>{ "Per subscription" }</caption>
                <thead><tr><th scope="col">{ "Subscription" }</th><th scope="col">{ "Handled" }</th><th scope="col">{ "Mean" }</th><th scope="col">{ "p95" }</th><th scope="col">{ "Lag" }</th><th scope="col">{ "Retries" }</th><th scope="col">{ "DLQ" }</th><th scope="col">{ "Callbacks" }</th><th scope="col">{ "Dup. effects" }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
