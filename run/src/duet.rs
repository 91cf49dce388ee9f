//! Two variants of a board played side by side on one clock: both start with the same seed and
//! workload and are moved to the same simulated time on every frame, so a room can watch one
//! side's queues fill while the other's drain.

use stormlab_board::{Board, StickyId};
use stormlab_engine::Time;

use crate::metrics::{Mechanism, Totals, Uses};
use crate::playback::Playback;
use crate::variant::Variant;

/// Longest wall gap a frame catches up on (a hidden tab does not jump the run).
const MAX_GAP_MS: f64 = 100.0;
/// Engine events each side may run in one frame (the animation never stalls the page).
const FRAME_EVENTS: u64 = 40_000;

/// Speeds offered: simulated seconds per wall second.
pub const SPEEDS: [f64; 5] = [0.25, 1.0, 2.0, 5.0, 25.0];

/// Both sides and the shared clock.
pub struct Duet {
    a: Playback,
    b: Playback,
    playing: bool,
    speed: f64,
    last_frame: Option<f64>,
}

/// One side's figures as it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Standing {
    /// Messages waiting or being handled, per consuming sticky.
    pub lags: Vec<(StickyId, u64)>,
    /// All of them.
    pub waiting: u64,
    /// Messages handled so far.
    pub handled: u64,
    /// Mean latency so far, in µs.
    pub mean_latency_us: f64,
    /// The figures of this board's own mechanisms from the first row of cards (a saga's
    /// outcomes, callbacks, lost events), as label and text.
    pub own: Vec<(&'static str, String)>,
}

impl Duet {
    /// Both variants of `board` at time zero with the board's seed, paused; or every problem
    /// that keeps either from running, in one sentence.
    pub fn new(board: &Board, a: &Variant, b: &Variant) -> Result<Duet, String> {
        let (a, b) = Playback::pair(board, a, b, board.run.seed)?;
        Ok(Duet {
            a,
            b,
            playing: false,
            speed: 1.0,
            last_frame: None,
        })
    }

    /// Plays or pauses.
    pub fn toggle(&mut self) {
        self.playing = !self.playing && !self.finished();
        self.last_frame = None;
    }

    /// True while playing.
    pub fn playing(&self) -> bool {
        self.playing
    }

    /// Simulated seconds per wall second.
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Sets the speed.
    pub fn set_speed(&mut self, speed: f64) {
        self.speed = speed.clamp(0.01, 1_000.0);
    }

    /// True when both runs are over.
    pub fn finished(&self) -> bool {
        self.a.simulation().finished() && self.b.simulation().finished()
    }

    /// The shared simulated time.
    pub fn now(&self) -> Time {
        self.a.simulation().now().min(self.b.simulation().now())
    }

    /// One animation frame at wall time `now`: both sides to the same simulated time, then
    /// their new messages turned into dots.
    pub fn frame(&mut self, now: f64) {
        let elapsed = self
            .last_frame
            .map_or(0.0, |t| (now - t).clamp(0.0, MAX_GAP_MS));
        self.last_frame = Some(now);
        if self.playing {
            let target = self.now() + (elapsed * 1_000.0 * self.speed) as Time;
            // Each side within its budget; the clock waits for the slower one.
            self.a.advance(target, FRAME_EVENTS);
            self.b.advance(target, FRAME_EVENTS);
            if self.finished() {
                self.playing = false;
            }
        }
        self.a.animate(now);
        self.b.animate(now);
    }

    /// Side A.
    pub fn a(&self) -> &Playback {
        &self.a
    }

    /// Side B.
    pub fn b(&self) -> &Playback {
        &self.b
    }

    /// Messages waiting or being handled at each consuming sticky of side `b` (false: A,
    /// true: B): cheap enough for every animation frame.
    pub fn lags(&self, b: bool) -> Vec<(StickyId, u64)> {
        let p = if b { &self.b } else { &self.a };
        p.compiled
            .map
            .subscriptions
            .iter()
            .copied()
            .zip(p.simulation().lags())
            .collect()
    }

    /// How side `b` (false: A, true: B) stands, its totals included (builds the run's report).
    pub fn standing(&self, b: bool) -> Standing {
        let p = if b { &self.b } else { &self.a };
        let lags = self.lags(b);
        let totals = Totals::of(&p.simulation().report());
        let (first, _) = totals.cards(&Uses::of(&p.compiled.scenario));
        let own = first
            .into_iter()
            .filter(|h| h.about != Mechanism::Every)
            .map(|h| (h.label, h.text))
            .collect();
        Standing {
            waiting: lags.iter().map(|l| l.1).sum(),
            lags,
            handled: totals.handled,
            mean_latency_us: totals.mean_latency_us,
            own,
        }
    }
}

#[cfg(test)]
mod tests {
    use stormlab_board::examples::example;

    use super::*;
    use crate::experiment::for_board;

    #[test]
    fn both_sides_share_one_clock_and_polls_queue_while_pushes_drain() {
        let board = example("retail").unwrap().board();
        let e = for_board(&board).unwrap();
        let mut d = Duet::new(&board, &e.a, &e.b).unwrap();
        d.set_speed(25.0);
        d.toggle();
        let mut waited = (0u64, 0u64);
        let mut t = 0.0;
        while d.playing() && t < 200_000.0 {
            t += 16.0;
            d.frame(t);
            // Same simulated time on both sides, frame after frame.
            let (a, b) = (d.a().simulation().now(), d.b().simulation().now());
            assert!(a.abs_diff(b) <= 1_000_000 || d.finished(), "{a} vs {b}");
            waited.0 += d.standing(false).waiting;
            waited.1 += d.standing(true).waiting;
        }
        assert!(d.finished());
        // Over the run, more messages wait on the polling side.
        assert!(waited.1 > 5 * waited.0.max(1), "{waited:?}");
        assert!(d.standing(true).mean_latency_us > d.standing(false).mean_latency_us);
    }
}
