//! Stormlab's page: the board editor in Yew (board, palette, properties, lints, files, share
//! links, presenting). It depends on the board crate and on `stormlab-ui-common`, never on the
//! engine, the run layer or the exporters: those are in the lazy module (`lazy/`) and the format
//! worker (`format-worker/`), loaded when first needed, so the compiler keeps them out of the
//! first load.

pub mod ui;

/// The version shown in the footer, taken from Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Mounts the application into `<body>`.
pub fn start() {
    stormlab_ui_common::crash::install();
    yew::Renderer::<ui::App>::new().render();
}
