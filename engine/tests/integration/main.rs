//! Integration tests of the engine, one module per topic (a single test binary).

mod common;
mod determinism;
mod end_to_end;
mod errors;
mod fidelity;
mod limits;
mod messaging;
mod properties;
mod reliability;
mod sagas_and_state;
