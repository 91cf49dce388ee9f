//! The saga timeline: the latest finished instances, one row each, with every step committed,
//! failed or timed out and the compensations that followed, in order.

use stormlab_engine::sim::{SagaOutcome, StepAction};
use yew::prelude::*;

use super::{ms, RunHandle};

/// Props of the timeline.
#[derive(Properties, PartialEq)]
pub struct SagasProps {
    /// Re-render marker.
    pub tick: u64,
    /// The run.
    pub run: RunHandle,
}

fn action_name(a: StepAction) -> &'static str {
    match a {
        StepAction::Waiting => "waiting",
        StepAction::Committed => "committed",
        StepAction::Failed => "failed",
        StepAction::TimedOut => "timed out",
        StepAction::Compensated => "compensated",
    }
}

/// The saga timeline panel.
#[function_component]
pub fn Sagas(props: &SagasProps) -> Html {
    let r = props.run.0.borrow();
    let Ok(p) = &r.playback else {
        return html! {};
    };
    let scenario = &p.compiled.scenario;
    if scenario.sagas.is_empty() {
        return html! { <p class="panel-hint">{ "This board has no saga: draw a failure event (Simulation: a failure outcome) whose policies lead back to commands in earlier contexts, and those become compensations." }</p> };
    }
    let mut records = p.simulation().saga_log();
    records.reverse();
    records.truncate(12);
    let rows = records.iter().map(|rec| {
        let saga = &scenario.sagas[rec.saga as usize];
        let span = (rec.ended - rec.started).max(1) as f64;
        let marks = rec.log.iter().map(|e| {
            let left = (e.time - rec.started) as f64 / span * 100.0;
            let step = &saga.steps[e.step as usize];
            let name = if e.action == StepAction::Compensated { &step.compensation } else { &step.name };
            html! {
                <span class={classes!("saga-mark", action_name(e.action).replace(' ', "-"))}
                      style={format!("left:{left:.1}%")} title={format!("{name}: {}", action_name(e.action))}></span>
            }
        });
        let story: Vec<String> = rec
            .log
            .iter()
            .filter(|e| e.action != StepAction::Waiting)
            .map(|e| {
                let step = &saga.steps[e.step as usize];
                match e.action {
                    StepAction::Compensated => format!("↩ {}", step.compensation),
                    a => format!("{} {}", step.name, action_name(a)),
                }
            })
            .collect();
        let outcome = match rec.outcome {
            SagaOutcome::Committed => "committed",
            SagaOutcome::RolledBack => "rolled back",
        };
        html! {
            <li class={classes!("saga-row", (rec.outcome == SagaOutcome::RolledBack).then_some("rolled-back"))}>
                <div class="saga-head">
                    <strong>{ format!("#{} key-{}", rec.id, rec.key) }</strong>
                    <span class="saga-outcome">{ outcome }</span>
                    <span class="mono">{ ms((rec.ended - rec.started) as f64) }</span>
                </div>
                <div class="saga-track">{ for marks }</div>
                <p class="saga-story">{ story.join(" → ") }</p>
            </li>
        }
    });
    html! {
        <div class="sagas">
            <p class="panel-hint">{ format!("Latest finished instances of {} (newest first). Green: committed; red: failed or timed out; orange: compensated.", scenario.sagas.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ")) }</p>
            <ul class="saga-list">{ for rows }</ul>
        </div>
    }
}
