//! Stormlab's lazy module: the engine and the run layer, the Run and Compare views, the
//! presentation's closing numbers and the Export and walkthrough dialogs, in a second wasm
//! module the page loads the first time one of them opens (`src/main.rs` is its entry point).
//! It draws into places the page gives it (portals) and talks to the page only through
//! `stormlab_ui_common::lazy_bridge`; the page's crate does not depend on this one, so the
//! page cannot link the simulator by accident.

pub mod app;
mod export;
mod focus;
mod format_worker;
mod live;
mod png;
mod presence;
mod run;
mod walkthrough;
