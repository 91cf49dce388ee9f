//! The top bar: the app's name and the board's title.

use yew::prelude::*;

use super::state::Mode;

/// Props of the header.
#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// The board's title.
    pub title: String,
    /// The current mode.
    pub mode: Mode,
    /// Switches the mode.
    pub on_mode: Callback<Mode>,
    /// Opens the presentation's walkthrough.
    pub on_present: Callback<()>,
}

/// The application header.
#[function_component]
pub fn Header(props: &HeaderProps) -> Html {
    html! {
        <header class="app-header">
            <h1 class="app-title">{ "Stormlab" }</h1>
            <p class="app-tagline">{ "Model an event-storming board, then run it as a message system." }</p>
            <nav class="modes" role="tablist" aria-label="Mode">
                { for [(Mode::Model, "Model"), (Mode::Run, "Run"), (Mode::Compare, "Compare")].into_iter().map(|(m, label)| {
                    let onclick = props.on_mode.reform(move |_: MouseEvent| m);
                    html! {
                        <button role="tab" class={classes!("mode", (props.mode == m).then_some("active"))}
                                aria-selected={(props.mode == m).to_string()} {onclick}>{ label }</button>
                    }
                }) }
            </nav>
            <button class="present-button" onclick={props.on_present.reform(|_: MouseEvent| ())} aria-label="Present"
                    title="Walk the room through the board, one link at a time, then run it">{ "\u{25b6}" }<span class="present-word">{ " Present" }</span></button>
            if !props.title.is_empty() {
                <p class="board-title" aria-label="Board title">{ &props.title }</p>
            }
        </header>
    }
}
