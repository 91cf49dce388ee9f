//! Presentation mode's caption bar: the step's sentence in large type with where we are, or,
//! once the walkthrough is over, the simulation's headline numbers as it plays.

use stormlab_run::metrics::Totals;
use stormlab_run::Runner;
use yew::prelude::*;

use super::run::Watch;

/// Props of the caption bar.
#[derive(Properties, PartialEq)]
pub struct PresentBarProps {
    /// Step number (from 1), step count and caption; `None` once the simulation plays.
    pub caption: Option<(usize, usize, String)>,
    /// The step shown (one past the last: the simulation).
    pub at: usize,
    /// The run, for its headline numbers.
    pub run: Watch<Runner>,
    /// Goes to a step, or ends the presentation (`None`).
    pub on_step: Callback<Option<usize>>,
}

/// The caption bar.
#[function_component]
pub fn PresentBar(props: &PresentBarProps) -> Html {
    let at = props.at;
    let go = |step: Option<usize>| props.on_step.reform(move |_: MouseEvent| step);
    let body = match &props.caption {
        Some((n, of, caption)) => html! {
            <>
                <p class="present-count">{ format!("Step {n} of {of}") }</p>
                <p class="present-caption" aria-live="polite">{ caption }</p>
            </>
        },
        None => numbers(&props.run),
    };
    html! {
        <section class="present-bar" aria-label="Presentation">
            <div class="present-text">{ body }</div>
            <nav class="present-nav" aria-label="Presentation steps">
                <button onclick={go(Some(at.saturating_sub(1)))} disabled={at == 0} aria-label="Previous step">{ "\u{2190}" }</button>
                <button onclick={go(Some(at + 1))} disabled={props.caption.is_none()} aria-label="Next step">{ "\u{2192}" }</button>
                <button onclick={go(None)} aria-label="End the presentation">{ "End" }</button>
            </nav>
        </section>
    }
}

/// The run's first four headline figures in large type, with the simulated time.
fn numbers(run: &Watch<Runner>) -> Html {
    let runner = run.get();
    let Ok(playback) = runner.playback() else {
        return html! { <p class="present-caption">{ "This board cannot run yet: see the Run view for what is missing." }</p> };
    };
    let report = playback.simulation().report();
    let seconds = playback.simulation().now() as f64 / 1e6;
    let figures = Totals::of(&report).headline().into_iter().take(4).map(|h| {
        html! {
            <div class="present-number">
                <span class="present-value" data-present-metric={h.label}>{ h.text }</span>
                <span class="present-label">{ h.label }</span>
            </div>
        }
    });
    html! {
        <>
            <p class="present-count">{ format!("The board runs: {seconds:.1} s simulated") }</p>
            <div class="present-numbers" aria-live="off">{ for figures }</div>
        </>
    }
}
