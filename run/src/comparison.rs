//! Two variants of one board run side by side with the same seed and workload, advanced in
//! slices of wall time by the same loop as the Run view, and what their difference shows; then
//! the same pair over more seeds (replications), whose means and intervals are the numbers to
//! quote.

use stormlab_board::Board;

use crate::metrics::{difference, mean_latency_ms, Line, Merged, Totals, Trend};
use crate::playback::Playback;
use crate::replicate::{seeds, Replications, Samples};
use crate::stats::Compared;
use crate::variant::Variant;

/// Engine events each side runs between two looks at the clock.
const CHUNK: u64 = 2_048;

/// Two runs of the same board.
pub struct Comparison {
    a: Playback,
    b: Playback,
    started: f64,
    elapsed_ms: f64,
    /// The runs of the other seeds, once the first pair is done.
    replications: Replications,
    cancelled: bool,
}

/// One metric of both runs and their difference.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// What it measures.
    pub label: &'static str,
    /// A as shown, and as a number.
    pub a: (String, f64),
    /// B as shown, and as a number.
    pub b: (String, f64),
    /// B − A as shown.
    pub delta: String,
    /// Which way B differs.
    pub trend: Trend,
}

impl Comparison {
    /// Both variants of `board` at time zero with the board's seed, started at wall time
    /// `now`; or every problem that keeps either from running, in one sentence.
    pub fn new(board: &Board, a: &Variant, b: &Variant, now: f64) -> Result<Comparison, String> {
        Comparison::with_runs(board, a, b, 1, now)
    }

    /// As [`Comparison::new`], then `runs − 1` more runs of each side with seeds derived from
    /// the board's (see [`seeds`]).
    pub fn with_runs(
        board: &Board,
        a: &Variant,
        b: &Variant,
        runs: usize,
        now: f64,
    ) -> Result<Comparison, String> {
        let seed = board.run.seed;
        let (pa, pb) = Playback::pair(board, a, b, seed)?;
        // The other seeds run the scenarios the playbacks were compiled to.
        let compiled = (pa.compiled.scenario.clone(), pb.compiled.scenario.clone());
        let replications =
            Replications::new(compiled, seeds(seed, runs.max(1)), Samples::default());
        Ok(Comparison {
            a: pa,
            b: pb,
            started: now,
            elapsed_ms: 0.0,
            replications,
            cancelled: false,
        })
    }

    /// Runs both sides for at most `budget_ms` of wall time, then the other seeds; true while
    /// there is more to do.
    pub fn slice(&mut self, budget_ms: f64, clock: &dyn Fn() -> f64) -> bool {
        let start = clock();
        while clock() - start < budget_ms && !self.first_done() {
            self.a.run_events(CHUNK);
            self.b.run_events(CHUNK);
        }
        if self.first_done() && self.replications.progress().0 == 0 {
            self.replications
                .record_first(self.a.simulation(), self.b.simulation());
        }
        if self.first_done() && !self.cancelled {
            let left = budget_ms - (clock() - start);
            if left > 0.0 {
                self.replications.slice(left, clock);
            }
        }
        self.elapsed_ms = clock() - self.started;
        !self.done()
    }

    /// True when the pair on the board's seed has run to its end.
    pub fn first_done(&self) -> bool {
        self.a.simulation().finished() && self.b.simulation().finished()
    }

    /// True when there is nothing left to do (every run done, or the rest cancelled).
    pub fn done(&self) -> bool {
        self.first_done() && (self.cancelled || self.replications.done())
    }

    /// Stops after the runs done so far (their numbers stay).
    pub fn cancel(&mut self) {
        self.cancelled = true;
    }

    /// True when the runs were cancelled before all were done.
    pub fn cancelled(&self) -> bool {
        self.cancelled && !self.replications.done()
    }

    /// Runs done and runs asked for.
    pub fn runs(&self) -> (usize, usize) {
        self.replications.progress()
    }

    /// What every finished run measured.
    pub fn samples(&self) -> &Samples {
        self.replications.samples()
    }

    /// Every headline metric over the finished runs: means, intervals and B − A.
    pub fn summary(&self) -> Vec<Compared> {
        self.samples().compared()
    }

    /// Side A.
    pub fn a(&self) -> &Playback {
        &self.a
    }

    /// Side B.
    pub fn b(&self) -> &Playback {
        &self.b
    }

    /// How far the work is, in percent: the first pair's simulated time, then the runs.
    pub fn progress(&self) -> f64 {
        let (done, runs) = self.runs();
        let (a, b) = (self.a.simulation(), self.b.simulation());
        let first = (a.now().min(b.now()) as f64 / a.duration().max(1) as f64).min(1.0);
        let finished = if done == 0 { first } else { done as f64 };
        (finished / runs.max(1) as f64 * 100.0).min(100.0)
    }

    /// Where the runs are, in a sentence.
    pub fn status(&self) -> String {
        let (done, runs) = self.runs();
        if self.done() {
            let mut status = if runs == 1 {
                format!(
                    "Both runs finished ({} and {} engine events, {:.1} s).",
                    self.a.simulation().events(),
                    self.b.simulation().events(),
                    self.elapsed_ms / 1e3
                )
            } else if self.cancelled() {
                format!(
                    "Cancelled after {done} of {runs} runs of each variant ({:.1} s).",
                    self.elapsed_ms / 1e3
                )
            } else {
                format!(
                    "{runs} runs of each variant finished ({:.1} s).",
                    self.elapsed_ms / 1e3
                )
            };
            for (side, p) in [("A", &self.a), ("B", &self.b)] {
                if let Some(halt) = p.simulation().halted() {
                    status.push_str(&format!(" {side}: {}", halt.message));
                }
            }
            let first = usize::from(self.a.simulation().halted().is_some())
                + usize::from(self.b.simulation().halted().is_some());
            let others = self.samples().halted.len().saturating_sub(first);
            if others > 0 {
                status.push_str(&format!(
                    " {others} other runs stopped early: work piled up."
                ));
            }
            status
        } else if runs > 1 && done > 0 {
            format!(
                "Running… run {} of {runs} ({:.0}%)",
                done + 1,
                self.progress()
            )
        } else {
            format!("Running… {:.0}%", self.progress())
        }
    }

    /// Every headline metric of A and B with B − A.
    pub fn rows(&self) -> Vec<Row> {
        let ha = Totals::of(&self.a.simulation().report()).headline();
        let hb = Totals::of(&self.b.simulation().report()).headline();
        ha.into_iter()
            .zip(hb)
            .map(|(a, b)| {
                let (delta, trend) = difference(a.value, b.value);
                Row {
                    label: a.label,
                    a: (a.text, a.value),
                    b: (b.text, b.value),
                    delta,
                    trend,
                }
            })
            .collect()
    }

    /// The mean latency of both sides over simulated time.
    pub fn latency_lines(&self) -> Vec<Line> {
        vec![
            Merged::new(&self.a, None).line("A", "#1f6feb", |n, _, _| mean_latency_ms(n)),
            Merged::new(&self.b, None).line("B", "#cf222e", |n, _, _| mean_latency_ms(n)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use stormlab_board::examples::example;

    use super::*;
    use crate::experiment;

    #[test]
    fn push_and_poll_run_side_by_side_to_the_end_in_slices() {
        let board = example("retail").unwrap().board();
        let e = experiment::for_board(&board).unwrap();
        let mut c = Comparison::new(&board, &e.a, &e.b, 0.0).unwrap();
        assert!(c.status().starts_with("Running… 0%"));
        let t = Cell::new(0.0);
        let clock = || {
            // 20 ms per read: one chunk per side and slice.
            t.set(t.get() + 20.0);
            t.get()
        };
        let mut slices = 1;
        while c.slice(25.0, &clock) {
            slices += 1;
        }
        assert!(slices > 1 && c.done());
        assert!(c.status().starts_with("Both runs finished"));
        let rows = c.rows();
        let latency = rows.iter().find(|r| r.label == "Mean latency").unwrap();
        assert!(latency.a.1 < latency.b.1, "push is faster: {latency:?}");
        assert_eq!(latency.trend, Trend::Up);
        let polls = rows.iter().find(|r| r.label == "Empty polls").unwrap();
        assert_eq!(polls.a.1, 0.0);
        assert!(polls.b.1 > 0.0);
        assert_eq!(c.latency_lines().len(), 2);
        // Same seed, same workload: A runs exactly as a run of the board alone would.
        let mut alone = Playback::new(&board, &e.a, board.run.seed).unwrap();
        alone.run_events(u64::MAX);
        assert_eq!(
            alone.simulation().report().to_json(),
            c.a().simulation().report().to_json()
        );
    }

    #[test]
    fn replications_give_means_with_intervals_and_can_be_cancelled() {
        let board = example("retail").unwrap().board();
        let e = experiment::for_board(&board).unwrap();
        let t = Cell::new(0.0);
        let clock = || {
            t.set(t.get() + 5.0);
            t.get()
        };
        let mut c = Comparison::with_runs(&board, &e.a, &e.b, 5, 0.0).unwrap();
        while c.slice(25.0, &clock) {}
        assert_eq!(c.runs(), (5, 5));
        assert!(
            c.status().starts_with("5 runs of each variant finished"),
            "{}",
            c.status()
        );
        let latency = c
            .summary()
            .into_iter()
            .find(|r| r.label == "Mean latency")
            .unwrap();
        assert_eq!(latency.a.n, 5);
        assert!(
            latency.diff.excludes_zero() && latency.diff.mean > 0.0,
            "poll is slower: {latency:?}"
        );
        // The first run is the single-seed view's.
        let first = c
            .rows()
            .into_iter()
            .find(|r| r.label == "Mean latency")
            .unwrap();
        assert_eq!(c.samples().column("Mean latency").unwrap().0[0], first.a.1);

        let mut c = Comparison::with_runs(&board, &e.a, &e.b, 50, 0.0).unwrap();
        while c.runs().0 < 3 {
            c.slice(25.0, &clock);
        }
        c.cancel();
        assert!(!c.slice(25.0, &clock) && c.done() && c.cancelled());
        let (done, _) = c.runs();
        assert!((3..50).contains(&done));
        assert!(
            c.status()
                .starts_with(&format!("Cancelled after {done} of 50 runs")),
            "{}",
            c.status()
        );
        assert_eq!(c.summary()[0].a.n, done);
    }

    #[test]
    fn a_board_that_cannot_run_gives_its_problems_in_one_sentence() {
        let e = Comparison::new(
            &Board::default(),
            &Variant::default(),
            &Variant::default(),
            0.0,
        );
        assert!(e.err().unwrap().contains("Nothing starts the flow"));
    }
}
