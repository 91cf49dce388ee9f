//! Yew components: the application shell and its panels.

mod app;
mod board;
mod footer;
mod header;
mod side_panel;

pub use app::App;
