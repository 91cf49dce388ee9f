//! Simulated time: integer microseconds since the run began, never wall time. Every module of
//! the engine takes its times from here.

/// Simulated time in microseconds.
pub type Time = u64;
