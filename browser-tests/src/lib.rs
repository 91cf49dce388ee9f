//! The browser tests live in `tests/browser/` (see Cargo.toml); this crate only builds them.
