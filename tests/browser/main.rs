//! Browser tests: the built `dist/` served on loopback, driven in headless Chromium.
//!
//! Run through `scripts/test.sh`, which builds the site first. Each test saves a screenshot
//! under `target/screenshots/` for people to look at.

mod a11y;
mod board;
mod driver;
mod engines;
mod experiments;
mod export;
mod faults;
mod figures;
mod fit;
mod lazy;
mod live;
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

/// The name in `dir` of a file the build gave a content hash: `stem`, the hash, then `rest`
/// (`later_file(dist, "lazy", "_bg.wasm")` is `lazy-0123456789abcdef_bg.wasm`).
pub fn later_file(dir: &std::path::Path, stem: &str, rest: &str) -> String {
    let hashed = |name: &str| {
        name.strip_prefix(stem)
            .and_then(|n| n.strip_prefix('-'))
            .and_then(|n| n.strip_suffix(rest))
            .is_some_and(|hash| hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()))
    };
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| hashed(n))
        .unwrap_or_else(|| panic!("no {stem}-<hash>{rest} in {}", dir.display()))
}

/// The folder trunk builds the static site into.
pub fn dist() -> PathBuf {
    root().join("dist")
}
