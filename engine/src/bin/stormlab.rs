//! The `stormlab` command line (placeholder).
fn main() {}
