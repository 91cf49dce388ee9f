//! Every lesson of the seed documents as a ready experiment, run with replications: the
//! difference B − A on the lesson's metric must lie on the lesson's side of zero, interval
//! and all.

use stormlab_board::examples::example;
use stormlab_run::experiment::{judge, lessons, Expect, Judgement};
use stormlab_run::replicate::{run_all, scenarios, seeds, Samples};

const RUNS: usize = 10;

fn replicate(id: &str, e: &stormlab_run::experiment::Experiment) -> Samples {
    let board = example(id).unwrap().board();
    let pair = scenarios(&board, &e.a, &e.b).unwrap_or_else(|p| panic!("{id}: {p}"));
    run_all(&pair, &seeds(board.run.seed, RUNS), 2)
}

#[test]
fn there_are_ten_lessons_each_with_its_question_and_metric() {
    let all = lessons();
    assert_eq!(all.len(), 10);
    for (id, e) in &all {
        assert!(e.question.ends_with('?'), "{id}: {}", e.question);
        assert!(
            e.watch.starts_with(&e.metric),
            "{id}: the text starts with what to look at: {}",
            e.watch
        );
        assert_ne!(e.a, e.b);
    }
}

#[test]
fn every_lesson_shows_its_direction_beyond_the_interval() {
    let mut report = Vec::new();
    for (id, e) in lessons() {
        let samples = replicate(id, &e);
        let c = samples
            .compared()
            .into_iter()
            .find(|c| c.label == e.metric)
            .unwrap_or_else(|| panic!("{id}: no metric {:?}", e.metric));
        let half = c.diff.half.unwrap();
        report.push(format!(
            "{id:<7} {:<28} A {:>10.1} B {:>10.1} B-A {:+.1} ± {half:.1}",
            e.metric, c.a.mean, c.b.mean, c.diff.mean
        ));
        assert!(
            c.diff.excludes_zero(),
            "{id}: {:?} does not tell A and B apart: {c:?}",
            e.question
        );
        let expect = e.expect.expect("every lesson states its direction");
        assert!(
            matches!(expect, Expect::BHigher | Expect::BLower),
            "{expect}"
        );
        assert_eq!(
            c.diff.mean > 0.0,
            expect == Expect::BHigher,
            "{id}: {:?} goes the wrong way: {c:?}",
            e.question
        );
        assert_eq!(judge(expect, &c), Judgement::Holds, "{id}");
    }
    println!("{}", report.join("\n"));
}

#[test]
fn lessons_say_more_than_their_metric() {
    let all = lessons();
    let find = |q: &str| {
        all.iter()
            .find(|(_, e)| e.question.contains(q))
            .unwrap_or_else(|| panic!("{q}"))
    };
    let value =
        |s: &Samples, label: &str| s.compared().into_iter().find(|c| c.label == label).unwrap();
    // Fat events need no callbacks at all; the cost moves to bytes through the broker.
    let (id, e) = find("Fat event or notification");
    let s = replicate(id, e);
    assert_eq!(value(&s, "Callbacks").a.mean, 0.0);
    assert!(
        value(&s, "KB through the broker").diff.mean < 0.0,
        "notifications carry fewer bytes"
    );
    // A fat-event consumer does not notice the producer's outage.
    let (id, e) = find("Editorial is down");
    assert_eq!(value(&replicate(id, e), "Failed callbacks").a.mean, 0.0);
    // Push waits about nothing; poll adds about half its 500 ms interval.
    let (id, e) = find("Push or poll");
    let latency = value(&replicate(id, e), "Mean latency");
    assert!(
        (200_000.0..320_000.0).contains(&latency.diff.mean),
        "{latency:?}"
    );
    // Every saga ends committed or compensated, none left half done.
    let (id, e) = find("Payment is down");
    let s = replicate(id, e);
    assert_eq!(value(&s, "Sagas in progress").b.mean, 0.0);
    assert!(value(&s, "Compensations").b.mean > 0.0);
    // Idempotent consumers: none of the duplicates takes effect.
    let (id, e) = find("lost acknowledgement");
    let s = replicate(id, e);
    assert_eq!(value(&s, "Duplicate effects").b.mean, 0.0);
    assert!(value(&s, "Duplicates delivered").b.mean > 0.0);
    // Keyed, ordered consumers never handle out of order; the outbox loses nothing.
    let (id, e) = find("in the order they happened");
    assert_eq!(value(&replicate(id, e), "Out of order").a.mean, 0.0);
    let (id, e) = find("Dual write or outbox");
    assert_eq!(value(&replicate(id, e), "Events lost").b.mean, 0.0);
    // A tolerant reader fails no message of the new version.
    let (id, e) = find("A new version");
    assert_eq!(value(&replicate(id, e), "Version mismatches").b.mean, 0.0);
}

#[test]
fn replications_report_end_to_end_latency_with_its_interval() {
    for (id, e) in lessons().into_iter().take(3) {
        let samples = replicate(id, &e);
        let c = samples
            .compared()
            .into_iter()
            .find(|c| c.label == "End-to-end latency")
            .unwrap_or_else(|| panic!("{id}: no end-to-end latency"));
        assert!(c.a.mean > 0.0 && c.b.mean > 0.0, "{id}: {c:?}");
        assert!(c.a.half.is_some() && c.diff.half.is_some(), "{id}: {c:?}");
    }
}
