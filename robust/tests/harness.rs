//! The suite's own promises: the same seed makes the same inputs, a panic, a broken promise
//! and a large allocation are each counted, and every kept case still passes.

use std::path::Path;
use std::sync::Mutex;

use stormlab_robust::alloc::Counting;
use stormlab_robust::families::{Family, Outcome, FAMILIES};
use stormlab_robust::suite::{cases, feed, quiet_panics, rng_for};
use stormlab_robust::tally::Verdict;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn the_same_seed_makes_the_same_inputs() {
    for (index, family) in FAMILIES.iter().enumerate() {
        for i in 0..20 {
            let a = (family.generate)(&mut rng_for(1, index, i));
            let b = (family.generate)(&mut rng_for(1, index, i));
            assert_eq!(a, b, "{} input {i}", family.name);
        }
        let first = (family.generate)(&mut rng_for(1, index, 0));
        assert!(
            (1..20).any(|i| (family.generate)(&mut rng_for(1, index, i)) != first),
            "{} makes different inputs",
            family.name
        );
    }
}

fn panics(_: &str) -> Outcome {
    let v: Vec<u32> = Vec::new();
    Outcome::Rejected(v[usize::from(v.is_empty())].to_string())
}

fn breaks(_: &str) -> Outcome {
    Outcome::Broken("reopened different".into())
}

fn allocates(input: &str) -> Outcome {
    let big = vec![1u8; input.len() << 20];
    Outcome::refused(format!(
        "{} bytes",
        big.iter().map(|&b| b as usize).sum::<usize>()
    ))
}

fn family(check: fn(&str) -> Outcome) -> Family {
    Family {
        name: "test",
        what: "a test",
        generate: |_| String::new(),
        check,
    }
}

/// Held by the tests that feed inputs: the allocator's peak and the panic message are the
/// process's, so two feeding at once would read each other's.
static FEEDING: Mutex<()> = Mutex::new(());

#[test]
fn panics_broken_promises_and_memory_are_counted() {
    let _alone = FEEDING.lock().unwrap_or_else(|e| e.into_inner());
    quiet_panics();
    let (verdict, _, _) = feed(&family(panics), "");
    let Verdict::Panic(message) = verdict else {
        panic!("not a panic: {verdict:?}")
    };
    assert!(message.contains("index out of bounds"), "{message}");
    assert_eq!(
        feed(&family(breaks), "").0,
        Verdict::Broken("reopened different".into())
    );
    let (verdict, _, peak) = feed(&family(allocates), &"x".repeat(64));
    assert!(matches!(verdict, Verdict::Rejected(_)));
    assert!((64 << 20..80 << 20).contains(&peak), "peak {peak}");
    assert_eq!(
        feed(&family(|_| Outcome::refused(" ".into())), "").0,
        Verdict::Broken("refused without a message".into())
    );
}

#[test]
fn every_kept_case_passes() {
    let _alone = FEEDING.lock().unwrap_or_else(|e| e.into_inner());
    quiet_panics();
    let (counts, findings) = cases(&Path::new(env!("CARGO_MANIFEST_DIR")).join("cases"));
    // Time limits hold for the optimised build, which scripts/test.sh runs over every kept
    // case; an unoptimised test build is only held to the outcomes.
    let failed: Vec<String> = findings
        .iter()
        .filter(|f| !(cfg!(debug_assertions) && f.problem.starts_with("took ")))
        .map(|f| format!("{} {}: {}", f.family, f.label, f.problem))
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
    assert!(
        counts.iter().all(|c| c.inputs > 0),
        "every family has kept cases"
    );
}
