//! Replications: a comparison's two variants run over several seeds derived from the board's,
//! each to its end, with every headline metric kept per run; [`crate::stats`] turns them into
//! means with intervals. In the page they run in slices of wall time (progress, cancel); on the
//! command line on every core. Both give the same numbers for the same board and runs.

use stormlab_board::Board;
use stormlab_engine::{Scenario, Simulation};

use crate::compile::compile;
use crate::metrics::Totals;
use crate::stats::{compare, Compared};
use crate::variant::Variant;

/// Runs per variant unless asked otherwise (as an experiment that does not say).
pub const DEFAULT_RUNS: usize = stormlab_board::experiment::DEFAULT_RUNS as usize;
/// The most runs per variant (as an experiment may ask).
pub const MAX_RUNS: usize = stormlab_board::experiment::MAX_RUNS as usize;
/// Engine events each side runs between two looks at the clock.
const CHUNK: u64 = 4_096;
/// Seeds stay within what a board's seed may be (2^53 − 1), so each can be typed in.
const SEED_MASK: u64 = (1 << 53) - 1;

/// The seeds of `runs` replications: the board's own seed first (the run the single-seed
/// view shows), then seeds drawn from it, so the same board gives the same seeds anywhere.
pub fn seeds(board_seed: u64, runs: usize) -> Vec<u64> {
    let mut state = board_seed;
    let mut out = vec![board_seed];
    while out.len() < runs {
        // SplitMix64.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        let seed = (z ^ (z >> 31)) & SEED_MASK;
        if !out.contains(&seed) {
            out.push(seed);
        }
    }
    out
}

/// What the runs measured: per run (in seed order) every headline value of each side.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Samples {
    /// The headline labels, in order.
    pub labels: Vec<&'static str>,
    /// The seeds of the runs done so far.
    pub seeds: Vec<u64>,
    /// Per run, A's values.
    pub a: Vec<Vec<f64>>,
    /// Per run, B's values.
    pub b: Vec<Vec<f64>>,
    /// Runs that stopped because work piled up, with why.
    pub halted: Vec<String>,
    /// Engine events of every run, both sides.
    pub events: u64,
}

impl Samples {
    /// Adds run `seed`'s pair of results.
    pub fn push(&mut self, seed: u64, a: &Simulation, b: &Simulation) {
        let ha = Totals::of(&a.report()).headline();
        let hb = Totals::of(&b.report()).headline();
        if self.labels.is_empty() {
            self.labels = ha.iter().map(|h| h.label).collect();
        }
        self.seeds.push(seed);
        self.events += a.events() + b.events();
        self.a.push(ha.iter().map(|h| h.value).collect());
        self.b.push(hb.iter().map(|h| h.value).collect());
        for (side, sim) in [("A", a), ("B", b)] {
            if let Some(halt) = sim.halted() {
                self.halted
                    .push(format!("{side}, seed {seed}: {}", halt.message));
            }
        }
    }

    /// One metric compared over the runs so far (`None` for a label the runs do not measure).
    pub fn compared_one(&self, label: &str) -> Option<Compared> {
        let i = self.labels.iter().position(|l| *l == label)?;
        let a: Vec<f64> = self.a.iter().map(|run| run[i]).collect();
        let b: Vec<f64> = self.b.iter().map(|run| run[i]).collect();
        Some(compare(self.labels[i], &a, &b))
    }

    /// Every metric compared over the runs so far.
    pub fn compared(&self) -> Vec<Compared> {
        self.labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let a: Vec<f64> = self.a.iter().map(|run| run[i]).collect();
                let b: Vec<f64> = self.b.iter().map(|run| run[i]).collect();
                compare(label, &a, &b)
            })
            .collect()
    }

    /// The values of one metric, per run, for A and B (for export).
    pub fn column(&self, label: &str) -> Option<(Vec<f64>, Vec<f64>)> {
        let i = self.labels.iter().position(|l| *l == label)?;
        Some((
            self.a.iter().map(|r| r[i]).collect(),
            self.b.iter().map(|r| r[i]).collect(),
        ))
    }
}

/// Both variants of `board` compiled, or every problem in one sentence.
pub fn scenarios(board: &Board, a: &Variant, b: &Variant) -> Result<(Scenario, Scenario), String> {
    let one = |v: &Variant| {
        compile(board, v).map(|c| c.scenario).map_err(|p| {
            p.iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    Ok((one(a)?, one(b)?))
}

fn start(scenario: &Scenario, seed: u64) -> Simulation {
    Simulation::new(scenario, seed).expect("compile checked the scenario with the engine's plan")
}

/// Runs still to do, advanced a slice of wall time at a time (the page's way).
pub struct Replications {
    scenarios: (Scenario, Scenario),
    seeds: Vec<u64>,
    current: Option<(Simulation, Simulation)>,
    samples: Samples,
}

impl Replications {
    /// The runs of `seeds` (the first may be done already: pass its results in `samples`).
    pub fn new(scenarios: (Scenario, Scenario), seeds: Vec<u64>, samples: Samples) -> Replications {
        Replications {
            scenarios,
            seeds,
            current: None,
            samples,
        }
    }

    /// Records the first seed's pair, run elsewhere (the single-seed view's runs).
    pub fn record_first(&mut self, a: &Simulation, b: &Simulation) {
        if self.samples.seeds.is_empty() {
            self.samples.push(self.seeds[0], a, b);
        }
    }

    /// Runs for at most `budget_ms` of wall time; true while runs remain.
    pub fn slice(&mut self, budget_ms: f64, clock: &dyn Fn() -> f64) -> bool {
        let start_ms = clock();
        while !self.done() && clock() - start_ms < budget_ms {
            let k = self.samples.seeds.len();
            let seed = self.seeds[k];
            let (a, b) = self.current.get_or_insert_with(|| {
                (
                    start(&self.scenarios.0, seed),
                    start(&self.scenarios.1, seed),
                )
            });
            if !a.finished() {
                a.run_events(CHUNK);
            }
            if !b.finished() {
                b.run_events(CHUNK);
            }
            if a.finished() && b.finished() {
                let (a, b) = self.current.take().expect("a run in progress");
                self.samples.push(seed, &a, &b);
            }
        }
        !self.done()
    }

    /// True when every run is done.
    pub fn done(&self) -> bool {
        self.samples.seeds.len() >= self.seeds.len()
    }

    /// Runs done and runs in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.samples.seeds.len(), self.seeds.len())
    }

    /// What the finished runs measured.
    pub fn samples(&self) -> &Samples {
        &self.samples
    }
}

/// Runs every seed of both variants to its end, spread over `threads` threads; the samples
/// are in seed order whatever the threads, so they equal the page's.
pub fn run_all(scenarios: &(Scenario, Scenario), seeds: &[u64], threads: usize) -> Samples {
    let pairs = spread(seeds, threads, |seed| {
        let (mut a, mut b) = (start(&scenarios.0, seed), start(&scenarios.1, seed));
        a.run_to_end();
        b.run_to_end();
        (a, b)
    });
    let mut samples = Samples::default();
    for (seed, (a, b)) in seeds.iter().zip(pairs) {
        samples.push(*seed, &a, &b);
    }
    samples
}

/// Runs one scenario for every seed to its end, spread over `threads` threads; the runs in
/// seed order.
pub fn run_each(scenario: &Scenario, seeds: &[u64], threads: usize) -> Vec<Simulation> {
    spread(seeds, threads, |seed| {
        let mut sim = start(scenario, seed);
        sim.run_to_end();
        sim
    })
}

/// `run(seed)` for every seed on up to `threads` threads, the results in seed order.
fn spread<T: Send>(seeds: &[u64], threads: usize, run: impl Fn(u64) -> T + Sync) -> Vec<T> {
    let threads = threads.clamp(1, seeds.len().max(1));
    let mut results: Vec<Option<T>> = (0..seeds.len()).map(|_| None).collect();
    let run = &run;
    std::thread::scope(|scope| {
        let chunks = results.chunks_mut(seeds.len().div_ceil(threads).max(1));
        let mut first = 0;
        for chunk in chunks {
            let offset = first;
            first += chunk.len();
            scope.spawn(move || {
                for (i, slot) in chunk.iter_mut().enumerate() {
                    *slot = Some(run(seeds[offset + i]));
                }
            });
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("every run finished"))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use stormlab_board::examples::example;

    use super::*;
    use crate::experiment;

    #[test]
    fn seeds_start_with_the_boards_and_are_distinct_and_reproducible() {
        let s = seeds(7, 100);
        assert_eq!(s[0], 7);
        assert_eq!(s, seeds(7, 100));
        assert_eq!(&seeds(7, 10)[..], &s[..10]);
        let mut unique = s.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 100);
        assert!(s.iter().all(|x| *x <= SEED_MASK));
    }

    #[test]
    fn one_metric_compared_is_that_metric_of_every_metric_compared() {
        let board = example("retail").unwrap().board();
        let e = experiment::for_board(&board).unwrap();
        let sc = scenarios(&board, &e.a, &e.b).unwrap();
        let s = seeds(board.run.seed, 3);
        let mut r = Replications::new(sc, s, Samples::default());
        while r.slice(1_000.0, &|| 0.0) {}
        let samples = &r.samples;
        assert_eq!(samples.a.len(), 3, "three runs of each side");
        assert!(!samples.compared().is_empty());
        for c in samples.compared() {
            assert_eq!(samples.compared_one(c.label), Some(c));
        }
        assert_eq!(samples.compared_one("no such metric"), None);
    }

    #[test]
    fn slices_and_threads_give_the_same_numbers() {
        let board = example("pizza").unwrap().board();
        let e = experiment::for_board(&board).unwrap();
        let sc = scenarios(&board, &e.a, &e.b).unwrap();
        let s = seeds(board.run.seed, 4);
        let parallel = run_all(&sc, &s, 3);
        assert_eq!(parallel, run_all(&sc, &s, 1));
        let mut r = Replications::new(sc, s, Samples::default());
        let t = Cell::new(0.0);
        let clock = || {
            // 20 ms per read: one chunk of each side per slice.
            t.set(t.get() + 20.0);
            t.get()
        };
        let mut slices = 1;
        while r.slice(25.0, &clock) {
            slices += 1;
        }
        assert!(slices >= 4, "a slice per run at least: {slices}");
        assert_eq!(r.samples(), &parallel);
        // The lesson of the example, with its interval: idempotency removes duplicate effects.
        let effects = parallel
            .compared()
            .into_iter()
            .find(|c| c.label == "Duplicate effects")
            .unwrap();
        assert!(effects.a.mean > 0.0 && effects.b.mean == 0.0, "{effects:?}");
        assert!(effects.diff.excludes_zero(), "{effects:?}");
    }
}
