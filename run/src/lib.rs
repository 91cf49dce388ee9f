//! Running a board: everything that decides something about a run, in plain Rust with no web
//! crates, so it is tested natively.
//!
//! The path from the board to the screen:
//! 1. [`compile`] turns a [`Board`](stormlab_board::Board) and a [`Variant`](variant::Variant)
//!    into an engine scenario, or names every problem on its sticky.
//! 2. [`playback::Playback`] runs that scenario in the engine and turns what happens into dots
//!    along the board's links; it can scrub back and replay the interventions made by hand.
//! 3. [`runner::Runner`] is the Run view's state machine: play, pause, speed, step, scrub,
//!    restart and interventions arrive as [`runner::RunMsg`] and are handled in one place.
//!    [`comparison::Comparison`] runs two variants side by side for the Compare view.
//! 4. [`metrics`], [`sagas`] and [`cloudevents`] turn a run into what the panels show.

pub mod cloudevents;
pub mod comparison;
pub mod compile;
pub mod duet;
pub mod experiment;
pub mod metrics;
pub mod playback;
pub mod replicate;
pub mod runner;
pub mod sagas;
pub mod stats;
pub mod sweep;
pub mod units;
/// Variants live with the board (a board's experiments carry them).
pub use stormlab_board::variant;
pub mod verdict;

pub use compile::{compile, Compiled, Problem};
pub use playback::Playback;
pub use runner::{RunMsg, Runner};
pub use variant::Variant;
