//! The bottom bar: the app's version, and the messages shown so far.

use yew::prelude::*;

/// Props of the footer.
#[derive(Properties, PartialEq)]
pub struct FooterProps {
    /// Messages shown so far.
    pub messages: usize,
    /// Opens or closes the message history.
    pub on_messages: Callback<()>,
}

/// The application footer.
#[function_component]
pub fn Footer(props: &FooterProps) -> Html {
    let onclick = props.on_messages.reform(|_: MouseEvent| ());
    html! {
        <footer class="app-footer">
            <span class="app-version">{ format!("Stormlab v{}", crate::VERSION) }</span>
            <button class="messages-button" {onclick} disabled={props.messages == 0}
                    title="Every message shown so far, to read again">
                { format!("Messages ({})", props.messages) }
            </button>
            <span class="app-footer-note">{ "Runs entirely in your browser." }</span>
        </footer>
    }
}
