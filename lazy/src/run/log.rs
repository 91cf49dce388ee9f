//! The event log: what happened in the run as CloudEvents, newest first, filterable by words
//! and exportable as a JSON file.

use stormlab_run::cloudevents::{cloud_event, export, matches, CloudEvent};
use stormlab_run::Runner;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::Watch;
use stormlab_ui_common::lazy_bridge::FromLazy;
use stormlab_ui_common::storage;

/// Rows shown (the export takes every retained line that matches).
const SHOWN: usize = 200;

/// Props of the log.
#[derive(Properties, PartialEq)]
pub struct LogProps {
    /// The run (read only).
    pub run: Watch<Runner>,
    /// Shows a notice.
    pub notify: Callback<FromLazy>,
}

fn lines(run: &Watch<Runner>, filter: &str) -> Vec<CloudEvent> {
    let r = run.get();
    let Ok(p) = r.playback() else {
        return vec![];
    };
    let names = p.simulation().names();
    let first = p.simulation().trace_total().saturating_sub(10_000);
    p.simulation()
        .trace_since(first)
        .iter()
        .map(|e| cloud_event(e, &names))
        .filter(|e| matches(e, filter))
        .collect()
}

/// The log panel.
#[function_component]
pub fn Log(props: &LogProps) -> Html {
    let filter = use_state(String::new);
    let all = lines(&props.run, &filter);
    let total = all.len();
    let rows = all.iter().rev().take(SHOWN).map(|e| {
        html! {
            <tr class={format!("log-{}", e.happening)}>
                <td class="mono">{ &e.time[11..23] }</td>
                <td>{ &e.happening }</td>
                <td>{ &e.kind }</td>
                <td>{ e.source.trim_start_matches("/services/") }</td>
                <td class="mono">{ &e.subject }</td>
                <td>{ e.data.subscription.clone().unwrap_or_default() }</td>
            </tr>
        }
    });
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                filter.set(i.value());
            }
        })
    };
    let onexport = {
        let (run, filter, notify) = (props.run.clone(), filter.clone(), props.notify.clone());
        Callback::from(move |_: MouseEvent| {
            let lines = lines(&run, &filter);
            let n = lines.len();
            match storage::download("stormlab-log.json", &export(&lines)) {
                Ok(()) => notify.emit(FromLazy::Notify {
                    text: format!("Exported {n} log lines as CloudEvents JSON."),
                    error: false,
                }),
                Err(text) => notify.emit(FromLazy::Notify { text, error: true }),
            }
        })
    };
    html! {
        <div class="log">
            <div class="log-bar">
                <input type="search" placeholder="Filter: words such as OrderPlaced failed Payment" value={(*filter).clone()} {oninput} aria-label="Filter the log" />
                <button onclick={onexport}>{ "Export JSON" }</button>
            </div>
            <p class="panel-hint" data-log-count={total.to_string()}>{ format!(
                "{total} matching lines in the last 10,000 (newest first{}). Each line is a CloudEvent: id, source, type, time, subject, data.",
                if total > SHOWN { format!(", {SHOWN} shown") } else { String::new() }
            ) }</p>
            <table class="log-table" tabindex="0">
                <thead><tr><th scope="col">{ "Time" }</th><th scope="col">{ "What" }</th><th scope="col">{ "Type" }</th><th scope="col">{ "Source" }</th><th scope="col">{ "Subject" }</th><th scope="col">{ "Subscription" }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
