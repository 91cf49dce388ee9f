//! Stormlab's robustness suite: generators of hostile board files, share links, engine
//! scenarios and runs, with a fixed seed, and a runner that feeds each input to the pure crates
//! and counts per family what happened: accepted, rejected with a message, panics, calls over
//! the time limit, allocations over the memory limit, and broken promises (round trips that
//! change a board, lost messages, time running backwards). Every failure it finds is kept in
//! `robust/cases/` and replayed first on every run.

pub mod alloc;
pub mod families;
pub mod mutate;
pub mod suite;
pub mod tally;
pub mod watchdog;
pub mod wording;
