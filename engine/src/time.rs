//! Simulated time: integer microseconds since the run began, never wall time. Every module of
//! the engine takes its times from here.

/// Simulated time in microseconds.
pub type Time = u64;

/// The time `delay` after `now`. The plan's ranges keep every sum far below `Time::MAX` (see
/// [`crate::limits`]); saturating here makes an overflow impossible even so, and a time held at
/// the end of the clock is past the end of every run, so it never happens.
#[inline]
pub fn after(now: Time, delay: Time) -> Time {
    now.saturating_add(delay)
}

/// A gap drawn as a real number of microseconds (`mean` of an exponential, say), rounded to the
/// clock and held at `Time::MAX` (NaN counts as 0: `as` makes it so).
#[inline]
pub fn round_us(us: f64) -> Time {
    (us + 0.5) as Time
}
