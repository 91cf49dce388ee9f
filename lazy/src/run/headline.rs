//! The presentation's closing numbers: once the walkthrough is over, the four figures that
//! answer this board's question (see `Totals::four`) in large type, with the simulated time, inside the page's caption bar.

use stormlab_run::metrics::{Totals, Uses};
use stormlab_run::Runner;
use yew::prelude::*;

use super::Watch;

/// Props of the headline numbers.
#[derive(Properties, PartialEq)]
pub struct HeadlineProps {
    /// The run (read only).
    pub run: Watch<Runner>,
}

/// The headline numbers.
#[function_component]
pub fn Headline(props: &HeadlineProps) -> Html {
    let runner = props.run.get();
    let Ok(playback) = runner.playback() else {
        return html! { <p class="present-caption">{ "This board cannot run yet: see the Run view for what is missing." }</p> };
    };
    let report = playback.simulation().report();
    let seconds = playback.simulation().now() as f64 / 1e6;
    let uses = Uses::of(&playback.compiled.scenario);
    let figures = Totals::of(&report).four(&uses).into_iter().map(|h| {
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
