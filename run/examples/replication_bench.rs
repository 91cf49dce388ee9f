//! Replication benchmark: each example's ready experiment run 20 times per variant, and a
//! 10-point sweep with 10 runs per point, on one thread and on every core: wall time, engine
//! events per second, and the speed-up. Figures to compare run to run, not a check.

use std::time::Instant;

use stormlab_board::examples::EXAMPLES;
use stormlab_run::experiment::for_board;
use stormlab_run::replicate::{run_all, scenarios, seeds};
use stormlab_run::sweep::{run_sweep, Axis, Base, Spec};

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let runs = 20;
    let mut total = (0.0, 0.0, 0u64);
    for e in EXAMPLES {
        let board = e.board();
        let x = for_board(&board).expect("every example has an experiment");
        let compiled = scenarios(&board, &x.a, &x.b).expect("the examples run");
        let s = seeds(board.run.seed, runs);
        let time = |threads: usize| {
            let start = Instant::now();
            let samples = run_all(&compiled, &s, threads);
            (start.elapsed().as_secs_f64(), samples)
        };
        let (one, samples) = time(1);
        let (all, again) = time(cores);
        assert_eq!(samples, again, "the threads change nothing");
        println!(
            "replications_native {:<7} {runs} runs x 2 variants: {:>6.1} M events; 1 thread {:.3} s ({:.1} M events/s); {cores} threads {:.3} s ({:.1} M events/s); speed-up {:.2}",
            e.id,
            samples.events as f64 / 1e6,
            one,
            samples.events as f64 / one / 1e6,
            all,
            samples.events as f64 / all / 1e6,
            one / all
        );
        total = (total.0 + one, total.1 + all, total.2 + samples.events);
    }
    println!(
        "replications_native all: {:.1} M events; 1 thread {:.3} s; {cores} threads {:.3} s; speed-up {:.2}",
        total.2 as f64 / 1e6,
        total.0,
        total.1,
        total.0 / total.1
    );
    // A 10-point sweep of the review's consumers, 10 runs of each variant per point.
    let board = stormlab_board::examples::example("review")
        .expect("the review example")
        .board();
    let x = for_board(&board).expect("an experiment");
    let base = Base::new(&board, &x.a, &x.b).expect("the review runs");
    let spec = Spec {
        axis: Axis::Consumers,
        from: 1.0,
        to: 10.0,
        steps: 10,
        runs: 10,
    };
    let time = |threads: usize| {
        let start = Instant::now();
        let points = run_sweep(&base, &spec, threads).expect("the sweep runs");
        (start.elapsed().as_secs_f64(), points)
    };
    let (one, points) = time(1);
    let (all, again) = time(cores);
    assert_eq!(points, again, "the threads change nothing");
    let events: u64 = points.iter().map(|p| p.samples.events).sum();
    println!(
        "sweep_native review consumers 1..10, 10 points x 10 runs x 2 variants: {:.1} M events; 1 thread {:.3} s ({:.1} M events/s); {cores} threads {:.3} s ({:.1} M events/s); speed-up {:.2}",
        events as f64 / 1e6,
        one,
        events as f64 / one / 1e6,
        all,
        events as f64 / all / 1e6,
        one / all
    );
}
