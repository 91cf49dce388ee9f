//! The Run panel: play, pause, step, speed, reset, seed and duration, the timeline, the run's
//! status, and the tabs with metrics, log, sagas and what keeps the board from running.

use stormlab_board::settings::StyleSetting;
use stormlab_board::{Action, ItemId};
use stormlab_run::compile::Problem;
use stormlab_run::runner::{Status, SPEEDS};
use stormlab_run::units::secs;
use stormlab_run::{RunMsg, Runner};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::log::Log;
use super::metrics::Metrics;
use super::sagas::Sagas;
use super::{wasm_memory_bytes, Watch};
use stormlab_ui_common::lazy_bridge::FromLazy;
use stormlab_ui_common::sim_props::Edit;
use stormlab_ui_common::sim_props::{rows, For};

/// Props of the Run panel.
#[derive(Properties, PartialEq)]
pub struct RunPanelProps {
    /// The run (read only).
    pub run: Watch<Runner>,
    /// Changes the run.
    pub on_run: Callback<RunMsg>,
    /// Asks the page to change the board's run settings, select what a problem names, or show
    /// a notice.
    pub on_edit: Callback<FromLazy>,
}

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Metrics,
    Log,
    Sagas,
}

fn problem_list(items: &[Problem], run: &Runner, on_edit: &Callback<FromLazy>) -> Html {
    let board = run.board();
    let rows = items.iter().map(|p| {
        let label = p
            .sticky
            .and_then(|s| board.sticky(s))
            .map(|s| s.label.clone())
            .or_else(|| p.context.and_then(|c| board.context(c)).map(|c| c.name.clone()))
            .unwrap_or_else(|| "The board".into());
        let item = p.sticky.map(ItemId::Sticky).or(p.context.map(ItemId::Context));
        let on_edit = on_edit.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            if let Some(item) = item {
                on_edit.emit(FromLazy::Select(item));
            }
        });
        html! { <li><button class="lint-item" {onclick}><strong>{ label }</strong><span>{ &p.message }</span></button></li> }
    });
    html! { <ul class="lint-list problems">{ for rows }</ul> }
}

fn controls(r: &Runner, on_run: &Callback<RunMsg>) -> Html {
    let blocked = r.playback().is_err() || r.finished();
    let on_speed = on_run.reform(|e: Event| {
        let i = e
            .target_dyn_into::<HtmlSelectElement>()
            .and_then(|s| s.value().parse().ok())
            .unwrap_or(stormlab_run::runner::DEFAULT_SPEED);
        RunMsg::SetSpeed(i)
    });
    let speed = r.speed_index();
    let playing = r.playing();
    html! {
        <div class="run-controls" role="toolbar" aria-label="Run controls">
            <button class="primary" onclick={on_run.reform(|_| RunMsg::TogglePlay)} disabled={blocked} aria-label={if playing { "Pause" } else { "Play" }}>
                { if playing { "❚❚ Pause" } else { "▶ Play" } }
            </button>
            <button onclick={on_run.reform(|_| RunMsg::Step)} disabled={blocked} aria-label="Step one event">{ "Step" }</button>
            <button onclick={on_run.reform(|_| RunMsg::Reset)} aria-label="Reset the run">{ "↺ Reset" }</button>
            <label class="field inline"><span class="speed-label">{ "Speed" }</span>
                <select onchange={on_speed} aria-label="Speed">
                    { for SPEEDS.iter().enumerate().map(|(i, (_, label))| html! { <option value={i.to_string()} selected={i == speed}>{ *label }</option> }) }
                </select>
            </label>
        </div>
    }
}

/// The run's settings, one row per setting of the settings table.
fn settings(r: &Runner, on_edit: &Callback<FromLazy>) -> Html {
    let run = &r.board().run;
    let d = on_edit.reform(|edit: Edit| match edit {
        Ok(Action::SetRunSettings(settings)) => FromLazy::SetRunSettings(settings),
        Ok(_) => FromLazy::Notify {
            text: "Only the run's settings change here.".into(),
            error: true,
        },
        Err(text) => FromLazy::Notify { text, error: true },
    });
    let who = For {
        kind: None,
        issued_by_actor: false,
    };
    let rr = run.style == StyleSetting::RequestResponse;
    let summary = format!(
        "Run settings: {}, seed {}, {} s",
        if rr { "requests" } else { "events" },
        run.seed,
        run.duration_s
    );
    html! {
        <details class="run-settings-box">
        <summary>{ summary }</summary>
        <div class="run-settings">
            { rows(run, who, &d, Action::SetRunSettings) }
        </div>
        </details>
    }
}

fn status_lines(r: &Runner) -> Html {
    let (now, horizon, dots, undrawn, halted) = match r.playback() {
        Ok(p) => {
            let halt = p.simulation().halted().map(|h| h.message.clone());
            (
                p.simulation().now(),
                p.horizon(),
                p.dots.len(),
                p.undrawn,
                halt,
            )
        }
        Err(_) => (0, 1, 0, 0, None),
    };
    let status = r.status().name();
    let events = r.events();
    let rate = r.engine_rate();
    let frames = r.frames();
    let frame_p95 = r.frame_p95();
    html! {
        <>
            <p class="run-status" data-status={status} data-events={events.to_string()} data-now-us={now.to_string()}
               data-wasm-bytes={wasm_memory_bytes().to_string()}>
                <strong>{ status }</strong>{ format!(" · t = {} of {} · {events} events · {dots} messages in flight", secs(now), secs(horizon)) }
                if undrawn > 0 { { format!(" ({undrawn} not drawn)") } }
                if rate > 0.0 && r.fast() { { format!(" · engine {:.2} M events/s", rate / 1e6) } }
            </p>
            if let Some(message) = halted {
                <p class="run-halted" role="alert">{ message }</p>
            }
            if let Some((ev, ms)) = r.fast_result() {
                <p class="panel-hint perf-figure" data-fast-events={ev.to_string()} data-fast-ms={format!("{ms:.1}")}>
                    { format!("last fast run: {ev} events in {:.2} s ({:.2} M events/s)", ms / 1e3, ev as f64 / ms / 1e3) }
                </p>
            }
            if frames > 0 {
                <p class="panel-hint perf-figure" data-frame-p95={format!("{frame_p95:.3}")} data-frames={frames.to_string()}>
                    { format!("Frame work p95: {frame_p95:.1} ms over the last {frames} frames.") }
                </p>
            }
        </>
    }
}

/// The Run panel.
#[function_component]
pub fn RunPanel(props: &RunPanelProps) -> Html {
    let tab = use_state(|| Tab::Metrics);
    let r = props.run.get();
    let (now, horizon) = r
        .playback()
        .map_or((0, 1), |p| (p.simulation().now(), p.horizon()));
    let on_scrub = {
        let on_run = props.on_run.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_dyn_into::<HtmlInputElement>().map(|i| i.value());
            if let Some(Ok(t)) = value.map(|v| v.parse::<f64>()) {
                on_run.emit(RunMsg::Scrub((t * 1e6) as u64));
            }
        })
    };
    let progress = r.progress();
    let cannot_run = r.status() == Status::CannotRun;
    let tab_button = |t: Tab, label: &str| {
        let tab2 = tab.clone();
        html! {
            <button role="tab" aria-selected={(*tab == t).to_string()} class={classes!("tab", (*tab == t).then_some("active"))}
                    onclick={Callback::from(move |_: MouseEvent| tab2.set(t))}>{ label }</button>
        }
    };
    let body = match r.playback() {
        Err(problems) => html! {
            <section class="panel-section">
                <h2 class="panel-title">{ format!("What the board needs to run ({})", problems.len()) }</h2>
                { problem_list(problems, &r, &props.on_edit) }
            </section>
        },
        Ok(p) => {
            let notes = &p.compiled.notes;
            let notify = props.on_edit.clone();
            html! {
                <>
                    <div class="tabs" role="tablist">
                        { tab_button(Tab::Metrics, "Metrics") }
                        { tab_button(Tab::Log, "Event log") }
                        { tab_button(Tab::Sagas, "Sagas") }
                    </div>
                    if !notes.is_empty() {
                        <details class="run-notes"><summary>{ format!("{} note(s) on how the board runs", notes.len()) }</summary>{ problem_list(notes, &r, &props.on_edit) }</details>
                    }
                    { match *tab {
                        Tab::Metrics => html! { <Metrics run={props.run.clone()} on_run={props.on_run.clone()} /> },
                        Tab::Log => html! { <Log run={props.run.clone()} {notify} /> },
                        Tab::Sagas => html! { <Sagas run={props.run.clone()} /> },
                    } }
                </>
            }
        }
    };
    html! {
        <aside class="side-panel run-panel" aria-label="Run panel" tabindex="0">
            { controls(&r, &props.on_run) }
            { settings(&r, &props.on_edit) }
            <label class="timeline">
                <span class="sr-only">{ "Timeline" }</span>
                <input type="range" min="0" max={format!("{:.3}", horizon as f64 / 1e6)} step="0.01" value={format!("{:.3}", now as f64 / 1e6)}
                       oninput={on_scrub} aria-label="Timeline (simulated seconds)" disabled={cannot_run} />
            </label>
            <div class="progress" role="progressbar" aria-label="Simulated time" aria-valuemin="0" aria-valuemax="100" aria-valuenow={format!("{progress:.0}")}>
                <div class="progress-bar" style={format!("width:{progress:.1}%")}></div>
            </div>
            { status_lines(&r) }
            { body }
        </aside>
    }
}
