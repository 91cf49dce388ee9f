//! The board area where stickies, contexts and links will be drawn.

use yew::prelude::*;

/// The (for now empty) event-storming board.
#[function_component]
pub fn Board() -> Html {
    html! {
        <section class="board" aria-label="Board">
            <div class="board-empty">
                <p class="board-empty-title">{ "The board is empty" }</p>
                <p class="board-empty-hint">
                    { "Stickies, bounded contexts and their links will appear here." }
                </p>
            </div>
        </section>
    }
}
