//! The Run panel: play, pause, step, speed, reset, seed, run to the end, the timeline, the
//! run's status, and the tabs with metrics, log, sagas and what keeps the board from running.

use stormlab_board::settings::RunSettings;
use stormlab_board::{Action, Board, ItemId};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::log::Log;
use super::metrics::Metrics;
use super::runner::{Runner, SPEEDS};
use super::sagas::Sagas;
use super::{secs, RunHandle};
use crate::ui::state::{AppState, Msg};

/// Props of the Run panel.
#[derive(Properties, PartialEq)]
pub struct RunPanelProps {
    /// The run.
    pub run: RunHandle,
    /// Re-render marker.
    pub tick: u64,
    /// The board being run (for its seed and to select stickies named by problems).
    pub board: std::rc::Rc<Board>,
    /// Board revision (a new one resets the run).
    pub revision: u64,
    /// Re-render the run's parts.
    pub refresh: Callback<()>,
    /// Sends messages to the app.
    pub dispatch: UseReducerDispatcher<AppState>,
}

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Metrics,
    Log,
    Sagas,
}

/// A field of the run's settings: `apply` takes the trimmed text and says whether it was
/// valid; a valid value is one action, an invalid one a notice.
fn run_field(
    d: &UseReducerDispatcher<AppState>,
    board: &std::rc::Rc<Board>,
    apply: fn(&mut RunSettings, &str) -> bool,
    error: &'static str,
) -> Callback<Event> {
    let (d, board) = (d.clone(), board.clone());
    Callback::from(move |e: Event| {
        let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
            return;
        };
        let mut sim = board.run.clone();
        if apply(&mut sim, input.value().trim()) {
            d.dispatch(Msg::Apply(Action::SetRunSettings(sim)));
        } else {
            d.dispatch(Msg::Notify(error.into(), true));
        }
    })
}

/// The Run panel.
#[function_component]
pub fn RunPanel(props: &RunPanelProps) -> Html {
    let tab = use_state(|| Tab::Metrics);
    let run = props.run.clone();
    let refresh = props.refresh.clone();
    let act = |f: fn(&mut Runner)| {
        let (run, refresh) = (run.clone(), refresh.clone());
        Callback::from(move |_: MouseEvent| {
            f(&mut run.0.borrow_mut());
            refresh.emit(());
        })
    };
    let on_play = act(|r| {
        if !r.finished() {
            r.playing = !r.playing;
            r.last_frame = None;
        }
    });
    let on_step = act(|r| {
        r.playing = false;
        if let Ok(p) = &mut r.playback {
            p.step();
        }
    });
    let on_reset = {
        let (run, refresh, board, revision) = (
            run.clone(),
            refresh.clone(),
            props.board.clone(),
            props.revision,
        );
        Callback::from(move |_: MouseEvent| {
            run.0.borrow_mut().restart(&board, revision);
            refresh.emit(());
        })
    };
    let on_speed = {
        let (run, refresh) = (run.clone(), refresh.clone());
        Callback::from(move |e: Event| {
            let i: usize = e
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|s| s.value().parse().ok())
                .unwrap_or(3);
            let mut r = run.0.borrow_mut();
            r.speed = SPEEDS[i.min(SPEEDS.len() - 1)].0;
            r.last_frame = None;
            drop(r);
            refresh.emit(());
        })
    };
    let on_seed = run_field(
        &props.dispatch,
        &props.board,
        |sim, v| v.parse().map(|seed| sim.seed = seed).is_ok(),
        "The seed is a whole number from 0 up.",
    );
    let on_duration = run_field(
        &props.dispatch,
        &props.board,
        |sim, v| match v.parse::<f64>() {
            Ok(v) if v > 0.0 && v <= 86_400.0 => {
                sim.duration_s = v;
                true
            }
            _ => false,
        },
        "The duration is a number of seconds, above 0 and up to 86,400.",
    );
    let on_scrub = {
        let (run, refresh) = (run.clone(), refresh.clone());
        Callback::from(move |e: InputEvent| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let Ok(t) = input.value().parse::<f64>() else {
                return;
            };
            let mut r = run.0.borrow_mut();
            r.playing = false;
            if let Ok(p) = &mut r.playback {
                p.scrub((t * 1e6) as u64);
            }
            drop(r);
            refresh.emit(());
        })
    };

    let r = props.run.0.borrow();
    let problems = match &r.playback {
        Ok(_) => None,
        Err(problems) => Some(problems.clone()),
    };
    let (now, horizon, events, dots, undrawn, notes) = match &r.playback {
        Ok(p) => (
            p.simulation().now(),
            p.horizon(),
            p.simulation().events(),
            p.dots.len(),
            p.undrawn,
            p.compiled.notes.clone(),
        ),
        Err(_) => (0, 1, 0, 0, 0, vec![]),
    };
    let speed_index = SPEEDS.iter().position(|(s, _)| *s == r.speed).unwrap_or(3);
    let status = if problems.is_some() {
        "cannot run".to_string()
    } else if r.finished() {
        "finished".into()
    } else if r.playing {
        "running".into()
    } else {
        "paused".into()
    };
    let rate = if r.engine_ms > 0.0 {
        r.engine_events as f64 / r.engine_ms * 1e3
    } else {
        0.0
    };
    let (fast_events, fast_ms) = r.fast_result.unwrap_or((0, 0.0));
    let fast = r.fast_result.map(|(ev, ms)| {
        format!(
            "last fast run: {ev} events in {:.2} s ({:.2} M events/s)",
            ms / 1e3,
            ev as f64 / ms / 1e3
        )
    });
    let progress = (now as f64 / horizon.max(1) as f64 * 100.0).min(100.0);
    let playing = r.playing;
    let r_fast = r.fast();
    let finished = r.finished();
    let frame_p95 = r.frame_p95();
    let frames = r.frame_work.len();
    drop(r);

    let select = |id: Option<stormlab_board::StickyId>, ctx: Option<stormlab_board::ContextId>| {
        let d = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(id) = id {
                d.dispatch(Msg::Select(ItemId::Sticky(id), false));
            } else if let Some(c) = ctx {
                d.dispatch(Msg::Select(ItemId::Context(c), false));
            }
        })
    };
    let problem_list = |items: &[stormlab_run::compile::Problem]| -> Html {
        html! {
            <ul class="lint-list problems">
                { for items.iter().map(|p| {
                    let label = p.sticky.and_then(|s| props.board.sticky(s)).map(|s| s.label.clone())
                        .or_else(|| p.context.and_then(|c| props.board.context(c)).map(|c| c.name.clone()))
                        .unwrap_or_else(|| "The board".into());
                    html! { <li><button class="lint-item" onclick={select(p.sticky, p.context)}><strong>{ label }</strong><span>{ &p.message }</span></button></li> }
                }) }
            </ul>
        }
    };
    let tab_button = |t: Tab, label: &str| {
        let tab2 = tab.clone();
        html! {
            <button role="tab" aria-selected={(*tab == t).to_string()} class={classes!("tab", (*tab == t).then_some("active"))}
                    onclick={Callback::from(move |_: MouseEvent| tab2.set(t))}>{ label }</button>
        }
    };
    let notify = {
        let d = props.dispatch.clone();
        Callback::from(move |(text, error): (String, bool)| d.dispatch(Msg::Notify(text, error)))
    };
    html! {
        <aside class="side-panel run-panel" aria-label="Run panel">
            <div class="run-controls" role="toolbar" aria-label="Run controls">
                <button class="primary" onclick={on_play} disabled={problems.is_some() || finished} aria-label={if playing { "Pause" } else { "Play" }}>
                    { if playing { "❚❚ Pause" } else { "▶ Play" } }
                </button>
                <button onclick={on_step} disabled={problems.is_some() || finished} aria-label="Step one event">{ "Step" }</button>
                <button onclick={on_reset} aria-label="Reset the run">{ "↺ Reset" }</button>
                <label class="field inline">{ "Speed" }
                    <select onchange={on_speed} aria-label="Speed">
                        { for SPEEDS.iter().enumerate().map(|(i, (_, label))| html! { <option value={i.to_string()} selected={i == speed_index}>{ *label }</option> }) }
                    </select>
                </label>
            </div>
            <div class="run-settings">
                <label class="field inline">{ "Seed" }
                    <input type="number" min="0" step="1" value={props.board.run.seed.to_string()} onchange={on_seed} aria-label="Seed" />
                </label>
                <label class="field inline">{ "Duration (s)" }
                    <input type="number" min="1" step="any" value={props.board.run.duration_s.to_string()} onchange={on_duration} aria-label="Duration in seconds" />
                </label>
            </div>
            <label class="timeline">
                <span class="sr-only">{ "Timeline" }</span>
                <input type="range" min="0" max={format!("{:.3}", horizon as f64 / 1e6)} step="0.01" value={format!("{:.3}", now as f64 / 1e6)}
                       oninput={on_scrub} aria-label="Timeline (simulated seconds)" disabled={problems.is_some()} />
            </label>
            <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow={format!("{progress:.0}")}>
                <div class="progress-bar" style={format!("width:{progress:.1}%")}></div>
            </div>
            <p class="run-status" data-status={status.clone()} data-events={events.to_string()} data-now-us={now.to_string()}
               data-wasm-bytes={super::wasm_memory_bytes().to_string()}>
                <strong>{ status }</strong>{ format!(" · t = {} of {} · {events} events · {dots} messages in flight", secs(now), secs(horizon)) }
                if undrawn > 0 { { format!(" ({undrawn} not drawn)") } }
                if rate > 0.0 && r_fast { { format!(" · engine {:.2} M events/s", rate / 1e6) } }
            </p>
            if let Some(f) = fast {
                <p class="panel-hint" data-fast-events={fast_events.to_string()} data-fast-ms={format!("{fast_ms:.1}")}>{ f }</p>
            }
            if frames > 0 {
                <p class="panel-hint" data-frame-p95={format!("{frame_p95:.3}")} data-frames={frames.to_string()}>
                    { format!("Frame work p95: {frame_p95:.1} ms over the last {frames} frames.") }
                </p>
            }
            if let Some(problems) = problems {
                <section class="panel-section">
                    <h2 class="panel-title">{ format!("What the board needs to run ({})", problems.len()) }</h2>
                    { problem_list(&problems) }
                </section>
            } else {
                <div class="tabs" role="tablist">
                    { tab_button(Tab::Metrics, "Metrics") }
                    { tab_button(Tab::Log, "Event log") }
                    { tab_button(Tab::Sagas, "Sagas") }
                </div>
                if !notes.is_empty() {
                    <details class="run-notes"><summary>{ format!("{} note(s) on how the board runs", notes.len()) }</summary>{ problem_list(&notes) }</details>
                }
                { match *tab {
                    Tab::Metrics => html! { <Metrics tick={props.tick} run={props.run.clone()} refresh={props.refresh.clone()} /> },
                    Tab::Log => html! { <Log tick={props.tick} run={props.run.clone()} {notify} /> },
                    Tab::Sagas => html! { <Sagas tick={props.tick} run={props.run.clone()} /> },
                } }
            }
        </aside>
    }
}
