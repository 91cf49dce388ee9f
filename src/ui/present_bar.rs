//! Presentation mode's caption bar: the step's sentence in large type with where we are, or,
//! once the walkthrough is over, the simulation's headline numbers as it plays (drawn by the
//! lazy module into the place this bar gives them).

use yew::prelude::*;

/// Props of the caption bar.
#[derive(Properties, PartialEq)]
pub struct PresentBarProps {
    /// Step number (from 1), step count and caption; `None` once the simulation plays.
    pub caption: Option<(usize, usize, String)>,
    /// The step shown (one past the last: the simulation).
    pub at: usize,
    /// Where the run's headline numbers go once the walkthrough is over.
    pub numbers: Html,
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
        None => props.numbers.clone(),
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
