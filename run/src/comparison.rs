//! Two variants of one board run side by side with the same seed and workload, advanced in
//! slices of wall time by the same loop as the Run view, and what their difference shows.

use stormlab_board::Board;

use crate::metrics::{difference, mean_latency_ms, Line, Merged, Totals, Trend};
use crate::playback::Playback;
use crate::variant::Variant;

/// Engine events each side runs between two looks at the clock.
const CHUNK: u64 = 2_048;

/// Two runs of the same board.
pub struct Comparison {
    a: Playback,
    b: Playback,
    started: f64,
    elapsed_ms: f64,
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
        let seed = board.run.seed;
        match (Playback::new(board, a, seed), Playback::new(board, b, seed)) {
            (Ok(a), Ok(b)) => Ok(Comparison {
                a,
                b,
                started: now,
                elapsed_ms: 0.0,
            }),
            (Err(p), _) | (_, Err(p)) => Err(p
                .iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join(" ")),
        }
    }

    /// Runs both sides for at most `budget_ms` of wall time; true while either has more to do.
    pub fn slice(&mut self, budget_ms: f64, clock: &dyn Fn() -> f64) -> bool {
        let start = clock();
        while clock() - start < budget_ms && !self.done() {
            self.a.run_events(CHUNK);
            self.b.run_events(CHUNK);
        }
        self.elapsed_ms = clock() - self.started;
        !self.done()
    }

    /// True when both runs have nothing left to do.
    pub fn done(&self) -> bool {
        self.a.simulation().finished() && self.b.simulation().finished()
    }

    /// Side A.
    pub fn a(&self) -> &Playback {
        &self.a
    }

    /// Side B.
    pub fn b(&self) -> &Playback {
        &self.b
    }

    /// How far the slower side is, in percent of the workload's duration.
    pub fn progress(&self) -> f64 {
        let (a, b) = (self.a.simulation(), self.b.simulation());
        (a.now().min(b.now()) as f64 / a.duration().max(1) as f64 * 100.0).min(100.0)
    }

    /// Where the runs are, in a sentence.
    pub fn status(&self) -> String {
        if self.done() {
            let mut status = format!(
                "Both runs finished ({} and {} engine events, {:.1} s).",
                self.a.simulation().events(),
                self.b.simulation().events(),
                self.elapsed_ms / 1e3
            );
            for (side, p) in [("A", &self.a), ("B", &self.b)] {
                if let Some(halt) = p.simulation().halted() {
                    status.push_str(&format!(" {side}: {}", halt.message));
                }
            }
            status
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
