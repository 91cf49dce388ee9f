//! Stormlab's simulation engine: a deterministic discrete-event simulator of event-driven
//! systems, in pure Rust (no web crates), so it runs natively for tests, benchmarks and the
//! `stormlab` command line, and in the browser for the UI.
//!
//! # What it simulates
//! Services publish events through a broker with partitioned topics; every subscription gets
//! every message (fan-out) and spreads partitions over a consumer group. Each mechanism is a
//! switch of the [`Scenario`]: push or poll delivery, fat / notification / claim-check
//! payloads (callbacks load the producer and fail while it is down, behind an optional
//! circuit breaker), failures with retries, back-off and a dead-letter queue, at-least-once
//! duplicates and idempotent consumers, ordering per key, outbox or dual write, sagas with
//! compensation, event sourcing and read-model lag, event versions with upcasting, and the
//! request-response baseline.
//!
//! # Lifecycle
//! 1. Describe the system: build a [`Scenario`] or parse one with [`Scenario::from_json`].
//! 2. Assemble: [`Simulation::new`] checks it (errors name the field) and schedules the first
//!    events.
//! 3. Execute: [`Simulation::step`], [`Simulation::run_until`] or
//!    [`Simulation::run_to_end`]; read [`Simulation::report`] at any time.
//!
//! Time is simulated in integer microseconds; events are ordered by (time, insertion
//! sequence) and all randomness comes from one seeded generator, so the same scenario and
//! seed give the same trace, bit for bit, on every platform.
//!
//! ```
//! use stormlab_engine::{fixed, Simulation};
//!
//! let scenario = fixed::bench_scenario(1_000);
//! let mut sim = Simulation::new(&scenario, 42).unwrap();
//! sim.run_to_end();
//! let report = sim.report();
//! assert_eq!(report.subscriptions.len(), 5);
//! assert!(report.subscriptions.iter().all(|s| s.stats.processed == 1_000));
//! ```

pub mod dist;
pub mod fixed;
pub mod histogram;
pub mod limits;
pub mod plan;
pub mod queue;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod series;
pub mod sim;
pub mod time;
pub mod trace;

pub use time::Time;

pub use dist::Dist;
pub use plan::ScenarioError;
pub use report::Report;
pub use scenario::Scenario;
pub use sim::Simulation;
