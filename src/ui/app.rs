//! The root component: lays out header, board, side panel and footer.

use yew::prelude::*;

use super::{board::Board, footer::Footer, header::Header, side_panel::SidePanel};

/// The whole application shell.
#[function_component]
pub fn App() -> Html {
    html! {
        <div class="app">
            <Header />
            <main class="workspace">
                <Board />
                <SidePanel />
            </main>
            <Footer />
        </div>
    }
}
