//! The bottom bar: the app's version.

use yew::prelude::*;

/// The application footer.
#[function_component]
pub fn Footer() -> Html {
    html! {
        <footer class="app-footer">
            <span class="app-version">{ format!("Stormlab v{}", crate::VERSION) }</span>
            <span class="app-footer-note">{ "Runs entirely in your browser." }</span>
        </footer>
    }
}
