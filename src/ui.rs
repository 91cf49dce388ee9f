//! Yew components: the application shell, the board and its panels.

mod app;
mod board_view;
mod export;
mod focus;
mod footer;
mod format_worker;
mod frame;
mod header;
mod help;
mod lazy_app;
mod lazy_host;
mod link;
mod notice;
mod present;
mod present_bar;
mod properties;
mod run;
mod shortcuts;
mod side_panel;
pub(crate) mod sim_props;
pub(crate) mod state;
mod sticky;
mod toolbar;
mod walkthrough;

pub use app::App;
pub use lazy_app::{Hosts, LazyApp, LazyAppMsg, LazyAppProps};
