//! The saga timeline: the latest finished instances, one row each, with every step committed,
//! failed or timed out and the compensations that followed, in order.

use stormlab_run::sagas::{saga_names, timeline};
use stormlab_run::units::ms;
use stormlab_run::Runner;
use yew::prelude::*;

use super::Watch;

/// Props of the timeline.
#[derive(Properties, PartialEq)]
pub struct SagasProps {
    /// The run (read only).
    pub run: Watch<Runner>,
}

/// The saga timeline panel.
#[function_component]
pub fn Sagas(props: &SagasProps) -> Html {
    let r = props.run.get();
    let Ok(p) = r.playback() else {
        return html! {};
    };
    let names = saga_names(p);
    if names.is_empty() {
        return html! { <p class="panel-hint">{ "This board has no saga: draw a failure event (Simulation: a failure outcome) whose policies lead back to commands in earlier contexts, and those become compensations." }</p> };
    }
    let rows = timeline(p).into_iter().map(|row| {
        let marks = row.marks.iter().map(|m| {
            html! {
                <span class={classes!("saga-mark", m.action.replace(' ', "-"))}
                      style={format!("left:{:.1}%", m.left_pct)} title={m.title.clone()}></span>
            }
        });
        html! {
            <li class={classes!("saga-row", row.rolled_back.then_some("rolled-back"))}>
                <div class="saga-head">
                    <strong>{ &row.title }</strong>
                    <span class="saga-outcome">{ row.outcome }</span>
                    <span class="mono">{ ms(row.duration_us as f64) }</span>
                </div>
                <div class="saga-track">{ for marks }</div>
                <p class="saga-story">{ &row.story }</p>
            </li>
        }
    });
    html! {
        <div class="sagas">
            <p class="panel-hint">{ format!("Latest finished instances of {} (newest first). Green: committed; red: failed or timed out; orange: compensated.", names.join(", ")) }</p>
            <ul class="saga-list">{ for rows }</ul>
        </div>
    }
}
