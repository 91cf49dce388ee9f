//! Browser tests: the built `dist/` served on loopback, driven in headless Chromium.
//!
//! Run through `scripts/test.sh`, which builds the site first. Each test saves a screenshot
//! under `target/screenshots/` for people to look at.

mod a11y;
mod board;
mod driver;
mod export;
mod faults;
mod fit;
mod lazy;
mod offline;
mod perf;
mod present;
mod run;
mod server;
mod shell;
mod touch;

use std::path::PathBuf;

/// The repository's root (the tests are built by `browser-tests/`, one folder below it).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The folder trunk builds the static site into.
pub fn dist() -> PathBuf {
    root().join("dist")
}
