//! How much a board may hold and where things may sit: the limits every reader, the reducer
//! and the text format's layout keep to. The ground floor of the crate: it imports nothing of
//! it but the range type.

use crate::settings::Range;

/// The most stickies a board holds.
pub const MAX_STICKIES: usize = 5_000;
/// The most bounded-context frames a board holds.
pub const MAX_CONTEXTS: usize = 1_000;
/// The most links a board holds.
pub const MAX_LINKS: usize = 20_000;
/// The largest id; the next id is at most one more.
pub const MAX_ID: u32 = 1_000_000_000;
/// Experiments a board may keep.
pub const MAX_EXPERIMENTS: usize = 100;
/// Larger inputs are refused before parsing.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// How far from the origin anything may be placed, in board units.
pub const COORDINATE: Range = Range::of("Position", -10_000_000.0, 10_000_000.0, false);
/// How large a frame may be, in board units.
pub const FRAME_SIZE: Range = Range {
    above_min: true,
    ..Range::of("Frame size", 0.0, 10_000_000.0, false)
};
