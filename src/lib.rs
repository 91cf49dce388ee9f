//! Stormlab's web front end: Yew components on top of the pure-Rust engine.
//!
//! The board document and editor logic live in `stormlab-board`, the simulation engine in
//! `stormlab-engine`; neither has web dependencies. This crate renders them and wires user
//! input; `storage` is its one door to the browser's storage, files and URL.

pub mod crash;
pub mod format_worker;
pub mod lazy_bridge;
pub mod png;
pub mod storage;
pub mod ui;

/// The version shown in the footer, taken from Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Mounts the application into `<body>`.
pub fn start() {
    crash::install();
    yew::Renderer::<ui::App>::new().render();
}
