//! Stormlab's web front end: Yew components on top of the pure-Rust engine.
//!
//! The simulation engine lives in the `stormlab-engine` crate, which has no web dependencies;
//! this crate only renders and wires user input.

pub mod ui;

/// The version shown in the footer, taken from Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Mounts the application into `<body>`.
pub fn start() {
    yew::Renderer::<ui::App>::new().render();
}
