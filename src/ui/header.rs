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
    /// In a live session: how many are here, and whether in step with the room.
    #[prop_or_default]
    pub live: Option<(u32, bool)>,
    /// Opens the live dialog.
    pub on_live: Callback<()>,
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
            if let Some((here, joined)) = props.live {
                <button class={classes!("live-badge", (!joined).then_some("offline"))} onclick={props.on_live.reform(|_: MouseEvent| ())}
                        title="The live session: its link, who is here, leave">
                    // Its name is what it shows (the dot is decoration).
                    <span aria-hidden="true">{ if joined { "\u{25cf} " } else { "\u{25cb} " } }</span>
                    // On a phone only the number shows (the words fold away).
                    if joined {
                        <span class="live-word">{ "Live \u{b7} " }</span>{ here }<span class="live-word">{ " here" }</span>
                    } else {
                        { "Reconnecting" }
                    }
                </button>
            }
            if !props.title.is_empty() {
                <p class="board-title" aria-label="Board title">{ &props.title }</p>
            }
        </header>
    }
}
