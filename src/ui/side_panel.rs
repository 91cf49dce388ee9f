//! The side panel that will hold properties, lints and the simulation controls.

use yew::prelude::*;

/// The side panel; its sections are filled in by the board and simulation views.
#[function_component]
pub fn SidePanel() -> Html {
    html! {
        <aside class="side-panel" aria-label="Side panel">
            <h2 class="panel-title">{ "Panel" }</h2>
            <p class="panel-hint">
                { "Select a sticky to edit it. Simulation settings and metrics will be shown here." }
            </p>
        </aside>
    }
}
