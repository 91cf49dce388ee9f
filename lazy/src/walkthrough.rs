//! The walkthrough editor: the presentation's steps in order, each with its caption, moved up
//! and down or captioned by the facilitator, and the button that starts presenting.

use stormlab_board::walkthrough::{to_save, Shown};
use stormlab_board::Editor;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::focus::use_focus_on_open;
use stormlab_ui_common::entry::Entry;
use stormlab_ui_common::lazy_bridge::FromLazy;
use stormlab_ui_common::shared::Shared;

/// Props of the walkthrough editor.
#[derive(Properties, PartialEq)]
pub struct WalkthroughProps {
    /// The board (read only).
    pub editor: Shared<Editor>,
    /// Asks the page to change the walkthrough, start presenting, or close the editor.
    pub on_edit: Callback<FromLazy>,
}

/// Asks the browser for full screen (allowed only during a click or a key press).
pub fn enter_full_screen() {
    if let Some(root) = gloo::utils::document().document_element() {
        if gloo::utils::document().fullscreen_element().is_none() {
            // A refusal (an iframe, a browser setting) leaves the presentation in the window.
            let _ = root.request_fullscreen();
        }
    }
}

/// The walkthrough editor dialog.
#[function_component]
pub fn WalkthroughDialog(props: &WalkthroughProps) -> Html {
    let dialog = use_focus_on_open(".start-presenting");
    let board = &props.editor.board;
    let shown = stormlab_board::walkthrough::steps(board);
    let n = shown.len();
    let save = {
        let on_edit = props.on_edit.clone();
        move |steps: Vec<Shown>| on_edit.emit(FromLazy::SetWalkthrough(to_save(&steps)))
    };
    let present = |from: usize| {
        let on_edit = props.on_edit.clone();
        Callback::from(move |_: MouseEvent| {
            enter_full_screen();
            on_edit.emit(FromLazy::Present(from));
        })
    };
    let name = |id| board.sticky(id).map_or("?", |s| s.label.as_str());
    let rows = shown.iter().enumerate().map(|(i, step)| {
        let moved = |to: usize| {
            let (save, shown) = (save.clone(), shown.clone());
            Callback::from(move |_: MouseEvent| {
                let mut steps = shown.clone();
                let step = steps.remove(i);
                steps.insert(to, step);
                save(steps);
            })
        };
        let on_caption = {
            let (save, shown) = (save.clone(), shown.clone());
            Callback::from(move |e: Event| {
                let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                    return;
                };
                let mut steps = shown.clone();
                let text = input.value().trim().to_string();
                steps[i].written = !text.is_empty();
                steps[i].caption = text;
                save(steps);
            })
        };
        let said = stormlab_board::walkthrough::said(
            board.sticky(step.from).expect("a step's sticky"),
            board.sticky(step.to).expect("a step's sticky"),
        );
        let written = if step.written { step.caption.clone() } else { String::new() };
        let number = i + 1;
        html! {
            <li class="walk-step" key={step.link.0.to_string()}>
                <span class="walk-number" aria-hidden="true">{ number }</span>
                <div class="walk-body">
                    <span class="walk-link">{ name(step.from) }{ " \u{2192} " }{ name(step.to) }</span>
                    <Entry class="walk-caption" maxlength="500" value={written} placeholder={said}
                           aria_label={format!("Caption of step {number}")} onchange={on_caption} />
                </div>
                <button class="icon" onclick={moved(i.saturating_sub(1))} disabled={i == 0}
                        aria-label={format!("Move step {number} earlier")} title="Earlier">{ "\u{2191}" }</button>
                <button class="icon" onclick={moved((i + 1).min(n - 1))} disabled={i + 1 == n}
                        aria-label={format!("Move step {number} later")} title="Later">{ "\u{2193}" }</button>
                <button class="icon" onclick={present(i)} aria-label={format!("Present from step {number}")}
                        title="Present from here">{ "\u{25b6}" }</button>
            </li>
        }
    });
    let reset = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |_: MouseEvent| on_edit.emit(FromLazy::SetWalkthrough(Vec::new())))
    };
    let close = props.on_edit.reform(|_: MouseEvent| FromLazy::CloseDialog);
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="walk-title">
            <div class="dialog walk-dialog" ref={dialog}>
                <h2 id="walk-title">{ "Present the board" }</h2>
                <p class="walk-help">
                    { "One causal link per step, in the order the links follow from the actors. Type a caption to say it your way (an empty one uses the grey sentence); move steps with the arrows. In the presentation: \u{2192}, Page Down or Space for the next step, \u{2190} or Page Up to go back, Escape to end. After the last step the board runs." }
                </p>
                if n == 0 {
                    <p class="walk-empty">{ "This board has no links yet: the presentation goes straight to the simulation." }</p>
                }
                <ol class="walk-steps">{ for rows }</ol>
                <div class="dialog-buttons">
                    <button onclick={reset} disabled={board.walkthrough.is_empty()}>{ "Reset to the board's flow" }</button>
                    <button onclick={close}>{ "Close" }</button>
                    <button class="primary start-presenting" onclick={present(0)}>{ "Start presenting" }</button>
                </div>
            </div>
        </div>
    }
}
