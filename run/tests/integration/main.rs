//! The run crate's integration tests, in one binary with a module per topic.

mod compile;
mod golden;
mod lessons;
mod properties;
mod table_paths;
