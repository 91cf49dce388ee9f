//! The top bar: the app's name and the board's title.

use yew::prelude::*;

/// Props of the header.
#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// The board's title.
    pub title: String,
}

/// The application header.
#[function_component]
pub fn Header(props: &HeaderProps) -> Html {
    html! {
        <header class="app-header">
            <h1 class="app-title">{ "Stormlab" }</h1>
            <p class="app-tagline">{ "Model an event-storming board, then run it as a message system." }</p>
            if !props.title.is_empty() {
                <p class="board-title" aria-label="Board title">{ &props.title }</p>
            }
        </header>
    }
}
