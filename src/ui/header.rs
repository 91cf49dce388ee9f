//! The top bar: the app's name and what it is for.

use yew::prelude::*;

/// The application header.
#[function_component]
pub fn Header() -> Html {
    html! {
        <header class="app-header">
            <h1 class="app-title">{ "Stormlab" }</h1>
            <p class="app-tagline">{ "Model an event-storming board, then run it as a message system." }</p>
        </header>
    }
}
