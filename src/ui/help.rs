//! The keyboard-shortcut overlay.

use yew::prelude::*;

use super::toolbar::PaletteItem;

/// Shortcuts other than the palette's.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z or Ctrl+Y", "Redo"),
    ("Delete or Backspace", "Delete the selection"),
    ("Ctrl+A", "Select everything"),
    ("Enter or F2", "Edit the selected sticky's text"),
    (
        "L, then Tab to another sticky and Enter",
        "Connect the selected sticky to it",
    ),
    ("Escape", "Cancel, stop editing, clear the selection"),
    ("Arrow keys (Shift: further)", "Nudge the selection"),
    ("Tab to a context, then Enter", "Rename it in place"),
    ("Ctrl+arrow keys", "Resize the selected context"),
    ("+ / -", "Zoom in / out"),
    ("F", "Fit the board to the screen"),
    ("Ctrl+S", "Save the board as a file"),
    ("?", "Show or hide this help"),
    ("Space", "Run view: play or pause"),
    ("Drag a sticky", "Move it (with the selection)"),
    ("Shift+click", "Add to or remove from the selection"),
    ("Shift+drag on the board", "Select with a rectangle"),
    ("Drag on the board", "Pan; Ctrl+wheel zooms, the wheel pans"),
    ("Drag from a sticky's dot", "Connect it to another sticky"),
    ("Double-click a sticky", "Edit its text"),
];

/// Props of the overlay.
#[derive(Properties, PartialEq)]
pub struct HelpProps {
    /// Closes the overlay.
    pub on_close: Callback<()>,
}

/// The help overlay.
#[function_component]
pub fn Help(props: &HelpProps) -> Html {
    let close = props.on_close.reform(|_: MouseEvent| ());
    let rows = PaletteItem::ALL
        .iter()
        .map(|(_, label, key)| {
            (
                key.to_string(),
                format!("Add {}", label.to_ascii_lowercase()),
            )
        })
        .chain(
            SHORTCUTS
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string())),
        );
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title">
            <div class="dialog">
                <h2 id="help-title">{ "Keyboard and mouse" }</h2>
                <table class="shortcuts">
                    { for rows.map(|(k, v)| html! { <tr><th scope="row"><kbd>{ k }</kbd></th><td>{ v }</td></tr> }) }
                </table>
                <h2>{ "Running the board" }</h2>
                <p class="help-text">{ "Run turns the board into a message system: each bounded context is a service, each event a topic, each policy or read model a subscription, each actor a stream of commands. Select a sticky or a context to change its simulation settings in the property panel. Press Play, or Step one event at a time; drag the timeline to go back; use the switch on a context to take its service down. Compare runs the board twice with the same seed, each side with its own settings." }</p>
                <button class="primary" onclick={close} aria-label="Close help">{ "Close" }</button>
            </div>
        </div>
    }
}
