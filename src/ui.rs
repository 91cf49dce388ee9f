//! Yew components: the application shell, the board and its panels.

mod app;
mod board_view;
mod export;
mod export_worker;
mod focus;
mod footer;
mod frame;
mod header;
mod help;
mod keys;
mod lazy_app;
mod lazy_host;
mod link;
mod notice;
mod present;
mod present_bar;
mod properties;
mod run;
mod side_panel;
pub(crate) mod sim_props;
pub(crate) mod state;
mod sticky;
mod toolbar;
mod walkthrough;

pub use app::App;
pub use lazy_app::{Hosts, LazyApp, LazyAppMsg, LazyAppProps};
