//! Yew components of the page: the application shell, the board and its panels, and the
//! places the lazy module draws into.

mod app;
mod area;
mod board_view;
mod field_rows;
mod footer;
mod frame;
mod header;
mod help;
mod lazy_host;
mod link;
mod notice;
mod present;
mod present_bar;
mod properties;
mod shortcuts;
mod side_panel;
pub(crate) mod state;
mod sticky;
mod toolbar;

pub use app::App;
