//! The Run view's state machine: the playback of the board, play and pause, speed, stepping,
//! scrubbing, restarting and interventions, each arriving as a [`RunMsg`] handled in
//! [`Runner::update`]; plus what is measured while running (frame work, engine speed).
//!
//! No web calls: wall time comes in as numbers and a clock function, so the loops that drive
//! a run (one per animation frame, and slices of engine work at "as fast as possible") own
//! all timing and this stays testable natively.

use std::rc::Rc;

use stormlab_board::Board;
use stormlab_engine::Time;

use crate::compile::Problem;
use crate::playback::Playback;
use crate::variant::Variant;

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
/// The speed a new run starts at (1×).
pub const DEFAULT_SPEED: usize = 3;
/// Events run between two looks at the clock.
const CHUNK: u64 = 4_096;
/// Wall milliseconds of engine work allowed in one animation frame.
const FRAME_BUDGET_MS: f64 = 8.0;
/// Longest wall gap between frames taken into account (a tab in the background).
const MAX_FRAME_GAP_MS: f64 = 100.0;
/// Frame work times kept for the percentile.
const FRAMES_KEPT: usize = 600;

/// What can be done to a run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RunMsg {
    /// Play if paused, pause if playing (not once finished).
    TogglePlay,
    /// Pause and process exactly one engine event.
    Step,
    /// Choose a speed by its index in [`SPEEDS`].
    SetSpeed(usize),
    /// Pause and move to this simulated time (back by replaying from the start).
    Scrub(Time),
    /// Start again from time zero with the same board and seed.
    Reset,
    /// Take a service (engine index) down (false) or bring it back (true).
    SetServiceUp(usize, bool),
    /// Move a subscription's dead letters back to its queue.
    Redrive(usize),
}

/// Whether a run can go on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The board has problems.
    CannotRun,
    /// Nothing left to do.
    Finished,
    /// Advancing.
    Running,
    /// Waiting for play.
    Paused,
    /// On its way to a scrubbed time (a long way goes in slices).
    Seeking,
}

impl Status {
    /// As shown (and as the page's `data-status` says).
    pub fn name(self) -> &'static str {
        match self {
            Status::CannotRun => "cannot run",
            Status::Finished => "finished",
            Status::Running => "running",
            Status::Paused => "paused",
            Status::Seeking => "seeking",
        }
    }
}

/// The run of the board shown in the Run view.
pub struct Runner {
    board: Rc<Board>,
    playback: Result<Playback, Vec<Problem>>,
    playing: bool,
    speed: usize,
    last_frame: Option<f64>,
    frame_work: Vec<f64>,
    engine_ms: f64,
    engine_events: u64,
    fast_since: Option<(f64, u64)>,
    fast_result: Option<(u64, f64)>,
}

impl Runner {
    /// A paused run of the board at time zero, with the board's seed, at 1×.
    pub fn new(board: Rc<Board>) -> Runner {
        Runner {
            playback: Playback::new(&board, &Variant::default(), board.run.seed),
            board,
            playing: false,
            speed: DEFAULT_SPEED,
            last_frame: None,
            frame_work: Vec::new(),
            engine_ms: 0.0,
            engine_events: 0,
            fast_since: None,
            fast_result: None,
        }
    }

    /// Starts again from `board` at time zero, keeping the chosen speed (the board changed).
    pub fn load(&mut self, board: Rc<Board>) {
        let speed = self.speed;
        // The old run goes first: a reload never holds two simulations at once.
        self.playback = Err(Vec::new());
        *self = Runner::new(board);
        self.speed = speed;
    }

    /// Carries out a message; returns true when what the panels show changed.
    pub fn update(&mut self, msg: RunMsg) -> bool {
        if self.seeking() && !matches!(msg, RunMsg::Scrub(_) | RunMsg::Reset | RunMsg::SetSpeed(_))
        {
            // The run is on its way to a scrubbed time: nothing else happens until it is there.
            return false;
        }
        match msg {
            RunMsg::TogglePlay => {
                if self.finished() || self.playback.is_err() {
                    return false;
                }
                self.playing = !self.playing;
                self.last_frame = None;
            }
            RunMsg::Step => {
                self.playing = false;
                if let Ok(p) = &mut self.playback {
                    p.step();
                }
            }
            RunMsg::SetSpeed(i) => {
                self.speed = i.min(SPEEDS.len() - 1);
                self.last_frame = None;
            }
            RunMsg::Scrub(t) => {
                self.playing = false;
                if let Ok(p) = &mut self.playback {
                    p.seek(t);
                    // A short way is gone at once; a long one goes on in slices.
                    p.seek_within(CHUNK);
                }
            }
            RunMsg::Reset => self.load(self.board.clone()),
            RunMsg::SetServiceUp(service, up) => {
                if let Ok(p) = &mut self.playback {
                    p.set_service_up(service, up);
                }
            }
            RunMsg::Redrive(sub) => {
                if let Ok(p) = &mut self.playback {
                    p.redrive(sub);
                }
            }
        }
        true
    }

    /// One animation frame at wall time `now`: advances by the elapsed wall time times the
    /// speed (not at "as fast as possible", which [`Runner::slice`] drives), then turns new
    /// trace entries into dots. Pauses at the end of the run.
    pub fn frame(&mut self, now: f64, clock: &dyn Fn() -> f64) {
        let elapsed = self
            .last_frame
            .map_or(0.0, |t| (now - t).clamp(0.0, MAX_FRAME_GAP_MS));
        self.last_frame = Some(now);
        let speed = self.speed();
        if self.playing && !self.fast() {
            if let Ok(p) = &self.playback {
                let target = p.simulation().now() + (elapsed * 1_000.0 * speed) as Time;
                self.run_for(target, FRAME_BUDGET_MS, clock);
            }
        }
        let fast = self.wants_slices();
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

    /// One slice of a run at "as fast as possible", at most `budget_ms` of wall time; returns
    /// true when more slices are wanted. The last slice records the stretch's speed.
    pub fn slice(&mut self, budget_ms: f64, clock: &dyn Fn() -> f64) -> bool {
        if self.seeking() {
            return self.seek_for(budget_ms, clock);
        }
        if !self.wants_slices() {
            self.fast_since = None;
            return false;
        }
        let events = self.events();
        let since = *self.fast_since.get_or_insert((clock(), events));
        let end = self.playback.as_ref().map_or(0, |p| p.simulation().end());
        let reached = self.run_for(end, budget_ms, clock);
        if reached || self.finished() {
            self.fast_result = Some((self.events() - since.1, clock() - since.0));
            self.fast_since = None;
            self.playing = false;
            return false;
        }
        true
    }

    /// Goes on towards the scrubbed time for at most `budget_ms`; true while not there yet.
    fn seek_for(&mut self, budget_ms: f64, clock: &dyn Fn() -> f64) -> bool {
        let Ok(p) = &mut self.playback else {
            return false;
        };
        let start = clock();
        loop {
            if p.seek_within(CHUNK) {
                return false;
            }
            if clock() - start >= budget_ms {
                return true;
            }
        }
    }

    /// Runs the engine towards `target` for at most `budget_ms`; true when it got there.
    fn run_for(&mut self, target: Time, budget_ms: f64, clock: &dyn Fn() -> f64) -> bool {
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

    /// Records one frame's work time, when playing at an animated speed.
    pub fn record_frame(&mut self, ms: f64) {
        if !self.playing || self.fast() {
            return;
        }
        if self.frame_work.len() == FRAMES_KEPT {
            self.frame_work.remove(0);
        }
        self.frame_work.push(ms);
    }

    /// The board being run.
    pub fn board(&self) -> &Rc<Board> {
        &self.board
    }

    /// The playback, or why the board cannot run.
    pub fn playback(&self) -> Result<&Playback, &[Problem]> {
        self.playback.as_ref().map_err(Vec::as_slice)
    }

    /// True while advancing.
    pub fn playing(&self) -> bool {
        self.playing
    }

    /// The chosen speed's index in [`SPEEDS`].
    pub fn speed_index(&self) -> usize {
        self.speed
    }

    /// Simulated seconds per wall second.
    pub fn speed(&self) -> f64 {
        SPEEDS[self.speed].0
    }

    /// True at "as fast as possible".
    pub fn fast(&self) -> bool {
        self.speed().is_infinite()
    }

    /// True while playing as fast as possible, or on the way to a scrubbed time: the loop
    /// should run slices.
    pub fn wants_slices(&self) -> bool {
        (self.playing && self.fast()) || self.seeking()
    }

    /// True while the run is on its way to a scrubbed time.
    pub fn seeking(&self) -> bool {
        self.playback.as_ref().is_ok_and(Playback::seeking)
    }

    /// True when the run has nothing left to do (or cannot run).
    pub fn finished(&self) -> bool {
        self.playback
            .as_ref()
            .map_or(true, |p| p.simulation().finished())
    }

    /// Whether the run can go on, and whether it does.
    pub fn status(&self) -> Status {
        if self.playback.is_err() {
            Status::CannotRun
        } else if self.seeking() {
            Status::Seeking
        } else if self.finished() {
            Status::Finished
        } else if self.playing {
            Status::Running
        } else {
            Status::Paused
        }
    }

    /// Engine events so far.
    pub fn events(&self) -> u64 {
        self.playback
            .as_ref()
            .map_or(0, |p| p.simulation().events())
    }

    /// How far the run is along its timeline, in percent.
    pub fn progress(&self) -> f64 {
        self.playback.as_ref().map_or(0.0, |p| {
            (p.simulation().now() as f64 / p.horizon().max(1) as f64 * 100.0).min(100.0)
        })
    }

    /// Engine events per wall second while playing (zero before any).
    pub fn engine_rate(&self) -> f64 {
        if self.engine_ms > 0.0 {
            self.engine_events as f64 / self.engine_ms * 1e3
        } else {
            0.0
        }
    }

    /// The last completed stretch at "as fast as possible": events and wall ms.
    pub fn fast_result(&self) -> Option<(u64, f64)> {
        self.fast_result
    }

    /// Frames measured (while playing at an animated speed).
    pub fn frames(&self) -> usize {
        self.frame_work.len()
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

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use stormlab_board::examples::example;
    use stormlab_board::Action;

    use super::*;

    fn runner(id: &str) -> Runner {
        Runner::new(Rc::new(example(id).unwrap().board()))
    }

    /// A clock that advances by `step` ms each time it is read.
    fn ticking(step: f64) -> impl Fn() -> f64 {
        let t = Cell::new(0.0);
        move || {
            t.set(t.get() + step);
            t.get()
        }
    }

    fn now(r: &Runner) -> Time {
        r.playback().unwrap().simulation().now()
    }

    #[test]
    fn play_advances_by_wall_time_times_speed_and_pause_stops() {
        let mut r = runner("retail");
        assert_eq!(r.status(), Status::Paused);
        assert!(r.update(RunMsg::TogglePlay));
        assert_eq!(r.status(), Status::Running);
        let clock = || 0.0;
        r.frame(1_000.0, &clock);
        assert_eq!(now(&r), 0, "the first frame only starts the clock");
        r.frame(1_050.0, &clock);
        assert_eq!(
            now(&r),
            50_000,
            "50 ms of wall time at 1× is 50 ms simulated"
        );
        r.update(RunMsg::SetSpeed(4));
        r.frame(1_100.0, &clock);
        assert_eq!(now(&r), 50_000, "a new speed restarts the frame clock");
        r.frame(1_110.0, &clock);
        assert_eq!(now(&r), 100_000, "10 ms at 5×");
        r.update(RunMsg::TogglePlay);
        r.frame(1_200.0, &clock);
        assert_eq!(now(&r), 100_000);
        assert_eq!(r.status(), Status::Paused);
    }

    #[test]
    fn a_long_gap_between_frames_counts_as_at_most_a_tenth_of_a_second() {
        let mut r = runner("retail");
        r.update(RunMsg::TogglePlay);
        r.frame(0.0, &|| 0.0);
        r.frame(60_000.0, &|| 0.0);
        assert_eq!(now(&r), 100_000);
    }

    #[test]
    fn step_pauses_and_runs_exactly_one_event() {
        let mut r = runner("retail");
        r.update(RunMsg::TogglePlay);
        r.update(RunMsg::Step);
        assert!(!r.playing());
        assert_eq!(r.events(), 1);
        r.update(RunMsg::Step);
        assert_eq!(r.events(), 2);
    }

    #[test]
    fn scrubbing_pauses_and_moves_the_clock_both_ways() {
        let mut r = runner("retail");
        r.update(RunMsg::Scrub(3_000_000));
        assert_eq!(now(&r), 3_000_000);
        let events = r.events();
        r.update(RunMsg::TogglePlay);
        r.update(RunMsg::Scrub(1_000_000));
        assert!(!r.playing());
        assert_eq!(now(&r), 1_000_000);
        assert!(r.events() < events);
        assert!((r.progress() - 100.0 / 60.0).abs() < 1e-9);
    }

    #[test]
    fn a_long_scrub_goes_in_slices_and_holds_other_messages_until_there() {
        let mut board = example("retail").unwrap().board();
        board.run.duration_s = 86_400.0;
        for s in &mut board.stickies {
            s.settings.rate_per_sec = 2_000.0;
        }
        let mut r = Runner::new(Rc::new(board));
        let target = 3_600_000_000;
        r.update(RunMsg::Scrub(target));
        assert!(
            r.events() <= 2 * CHUNK,
            "the message itself runs at most a chunk"
        );
        assert_eq!(r.status(), Status::Seeking);
        assert!(r.wants_slices());
        assert!(!r.update(RunMsg::Step), "nothing else happens on the way");
        assert!(!r.update(RunMsg::TogglePlay));
        // A clock that moves 30 ms per read ends each slice after one chunk.
        let clock = ticking(30.0);
        let mut slices = 0;
        while r.slice(25.0, &clock) {
            slices += 1;
            assert!(now(&r) <= target);
            if slices == 3 {
                // A new scrub while on the way replaces the target (here: backwards).
                r.update(RunMsg::Scrub(1_000_000));
            }
        }
        assert!(slices >= 3, "the way took slices");
        assert_eq!((now(&r), r.status()), (1_000_000, Status::Paused));
        assert!(!r.wants_slices());
    }

    #[test]
    fn an_overloaded_board_stops_with_a_message_naming_the_service() {
        let mut board = example("retail").unwrap().board();
        board.run.duration_s = 3_600.0;
        for s in &mut board.stickies {
            s.settings.rate_per_sec = 100_000.0;
        }
        let mut r = Runner::new(Rc::new(board));
        r.update(RunMsg::SetSpeed(SPEEDS.len() - 1));
        r.update(RunMsg::TogglePlay);
        while r.slice(25.0, &ticking(1.0)) {}
        let p = r.playback().unwrap();
        let halt = p.simulation().halted().expect("the run stopped");
        assert!(
            halt.message
                .contains("commands waiting at Order management"),
            "{}",
            halt.message
        );
        assert_eq!(r.status(), Status::Finished);
        assert!(!r.update(RunMsg::TogglePlay), "a stopped run does not play");
    }

    #[test]
    fn fast_slices_run_to_the_end_and_record_the_speed() {
        let mut r = runner("retail");
        r.update(RunMsg::SetSpeed(SPEEDS.len() - 1));
        assert!(!r.wants_slices(), "not while paused");
        assert!(!r.slice(25.0, &ticking(1.0)));
        r.update(RunMsg::TogglePlay);
        assert!(r.wants_slices());
        // A clock that moves 30 ms per read ends each slice after one chunk.
        let clock = ticking(30.0);
        let mut slices = 1;
        while r.slice(25.0, &clock) {
            slices += 1;
        }
        assert!(slices > 1, "the run took several slices");
        assert_eq!(r.status(), Status::Finished);
        let (events, ms) = r.fast_result().unwrap();
        assert_eq!(events, r.events());
        assert!(ms > 0.0 && r.engine_rate() > 0.0);
        // Frames while fast skip the animation and record no frame work.
        r.record_frame(3.0);
        assert_eq!(r.frames(), 0);
        assert!(
            !r.update(RunMsg::TogglePlay),
            "a finished run does not play"
        );
    }

    #[test]
    fn reset_and_a_new_board_start_again_and_keep_the_speed() {
        let mut r = runner("retail");
        r.update(RunMsg::SetSpeed(5));
        r.update(RunMsg::Scrub(2_000_000));
        r.update(RunMsg::Reset);
        assert_eq!((r.events(), r.speed_index()), (0, 5));
        let board = r.board().clone();
        let seed = stormlab_board::settings::RunSettings {
            seed: 99,
            ..board.run.clone()
        };
        let changed = stormlab_board::apply(&board, &Action::SetRunSettings(seed)).unwrap();
        r.load(Rc::new(changed.board));
        assert_eq!(r.playback().unwrap().seed, 99);
        assert_eq!(r.speed_index(), 5);
    }

    #[test]
    fn interventions_are_carried_out_and_replayed_by_a_scrub() {
        let mut r = runner("saga");
        r.update(RunMsg::Scrub(5_000_000));
        r.update(RunMsg::SetServiceUp(2, false));
        r.update(RunMsg::Scrub(6_000_000));
        assert!(!r.playback().unwrap().simulation().service_up(2));
        r.update(RunMsg::Scrub(5_500_000));
        assert!(!r.playback().unwrap().simulation().service_up(2));
        r.update(RunMsg::SetServiceUp(2, true));
        r.update(RunMsg::Redrive(0));
        assert_eq!(r.playback().unwrap().interventions().len(), 3);
    }

    #[test]
    fn a_board_that_cannot_run_says_so_and_ignores_play() {
        let mut r = Runner::new(Rc::new(Board::default()));
        assert_eq!(r.status(), Status::CannotRun);
        assert!(!r.update(RunMsg::TogglePlay));
        r.update(RunMsg::Step);
        r.frame(0.0, &|| 0.0);
        assert_eq!(r.events(), 0);
        assert!(r.playback().is_err_and(|p| !p.is_empty()));
    }

    #[test]
    fn frame_work_keeps_the_latest_and_gives_its_95th_percentile() {
        let mut r = runner("retail");
        r.update(RunMsg::TogglePlay);
        for i in 0..700 {
            r.record_frame(f64::from(i % 100));
        }
        assert_eq!(r.frames(), FRAMES_KEPT);
        assert_eq!(r.frame_p95(), 95.0);
    }
}
