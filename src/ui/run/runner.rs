//! The run behind the Run view: the playback of the current board, play/pause and speed, and
//! the figures measured while running (frame work, engine speed). No web calls: the clock is
//! passed in, so the loops in `driver.rs` own all timing.

use stormlab_board::Board;
use stormlab_engine::Time;
use stormlab_run::compile::Problem;
use stormlab_run::playback::Playback;
use stormlab_run::variant::Variant;

/// Speeds offered: simulated seconds per wall second (`f64::INFINITY`: as fast as possible).
pub const SPEEDS: [(f64, &str); 8] = [
    (0.02, "0.02× (slow motion)"),
    (0.1, "0.1×"),
    (0.25, "0.25×"),
    (1.0, "1× (real time)"),
    (5.0, "5×"),
    (25.0, "25×"),
    (100.0, "100×"),
    (f64::INFINITY, "As fast as possible"),
];

/// Events run between two looks at the clock.
const CHUNK: u64 = 4_096;

/// The run of the board shown in the Run view.
pub struct Runner {
    /// The playback, or why the board cannot run.
    pub playback: Result<Playback, Vec<Problem>>,
    /// Board revision the playback was compiled from.
    pub revision: u64,
    /// Running (else paused).
    pub playing: bool,
    /// Simulated seconds per wall second.
    pub speed: f64,
    /// Wall time of the previous frame.
    pub last_frame: Option<f64>,
    /// Work per animation frame (advance + draw), most recent last, in ms.
    pub frame_work: Vec<f64>,
    /// Wall ms spent inside the engine while playing, and the events run in it.
    pub engine_ms: f64,
    /// Events run while `engine_ms` was measured.
    pub engine_events: u64,
    /// Wall time when the current stretch of "as fast as possible" started, and its events.
    pub fast_since: Option<(f64, u64)>,
    /// The last completed fast stretch: events, wall ms.
    pub fast_result: Option<(u64, f64)>,
}

impl Runner {
    /// A paused run of the board at time zero, with the board's seed.
    pub fn new(board: &Board, revision: u64) -> Runner {
        Runner {
            playback: Playback::new(board, &Variant::default(), board.run.seed),
            revision,
            playing: false,
            speed: 1.0,
            last_frame: None,
            frame_work: Vec::new(),
            engine_ms: 0.0,
            engine_events: 0,
            fast_since: None,
            fast_result: None,
        }
    }

    /// Starts again from the board at time zero, keeping the chosen speed.
    pub fn restart(&mut self, board: &Board, revision: u64) {
        let speed = self.speed;
        *self = Runner::new(board, revision);
        self.speed = speed;
    }

    /// True at "as fast as possible".
    pub fn fast(&self) -> bool {
        self.speed.is_infinite()
    }

    /// Runs the engine towards `target`, for at most `budget_ms` of wall time as measured by
    /// `clock`; returns true when the target or the end of the run was reached.
    pub fn run_for(&mut self, target: Time, budget_ms: f64, clock: &dyn Fn() -> f64) -> bool {
        let Ok(p) = &mut self.playback else {
            return true;
        };
        let start = clock();
        let before = p.simulation().events();
        let reached = loop {
            if p.advance(target, CHUNK) {
                break true;
            }
            if clock() - start >= budget_ms {
                break false;
            }
        };
        self.engine_ms += clock() - start;
        self.engine_events += p.simulation().events() - before;
        reached
    }

    /// One animation frame at wall time `now`: advances by the elapsed wall time times the
    /// speed (not at "as fast as possible", which the fast loop drives), then turns new trace
    /// entries into dots.
    pub fn frame(&mut self, now: f64, clock: &dyn Fn() -> f64) {
        let elapsed = self.last_frame.map_or(0.0, |t| (now - t).clamp(0.0, 100.0));
        self.last_frame = Some(now);
        if self.playing && !self.fast() {
            if let Ok(p) = &self.playback {
                let target = p.simulation().now() + (elapsed * 1_000.0 * self.speed) as Time;
                self.run_for(target, 8.0, clock);
            }
        }
        let fast = self.playing && self.fast();
        if let Ok(p) = &mut self.playback {
            if fast {
                p.skip_animation();
            } else {
                p.animate(now);
            }
            if self.playing && p.simulation().finished() {
                self.playing = false;
            }
        }
    }

    /// True when the run has nothing left to do.
    pub fn finished(&self) -> bool {
        self.playback
            .as_ref()
            .map_or(true, |p| p.simulation().finished())
    }

    /// Records one frame's work time (keeps the last 600).
    pub fn record_frame(&mut self, ms: f64) {
        if self.frame_work.len() == 600 {
            self.frame_work.remove(0);
        }
        self.frame_work.push(ms);
    }

    /// The 95th percentile of recent frame work, in ms.
    pub fn frame_p95(&self) -> f64 {
        let mut v = self.frame_work.clone();
        if v.is_empty() {
            return 0.0;
        }
        v.sort_by(f64::total_cmp);
        v[((v.len() as f64 * 0.95) as usize).min(v.len() - 1)]
    }
}
