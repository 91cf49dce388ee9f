//! `stormlab-robust`: runs the regression cases, then generated hostile inputs, and prints the
//! counts per family. Exits with 1 when anything panicked, hung, ran out of memory or broke a
//! round trip. `--inputs N` (default 4,000), `--seed S`, `--jobs J` (default: every core),
//! `--hang-after S` (default 60: an input running longer fails the run at once, named).

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use stormlab_robust::alloc::Counting;
use stormlab_robust::families::FAMILIES;
use stormlab_robust::suite::{cases, count, generated, keep, quiet_panics, Finding};
use stormlab_robust::tally::{Counts, HEADER};
use stormlab_robust::watchdog;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The suite's fixed seed ("STORMLAB").
const SEED: u64 = 0x5354_4f52_4d4c_4142;

fn arg(args: &[String], name: &str) -> Option<u64> {
    let i = args.iter().position(|a| a == name)?;
    let value = args
        .get(i + 1)
        .unwrap_or_else(|| panic!("{name} needs a number"));
    Some(
        value
            .replace('_', "")
            .parse()
            .unwrap_or_else(|_| panic!("{name}: not a number: {value}")),
    )
}

fn table(title: &str, counts: &[Counts]) -> Counts {
    println!("\n{title}\n{HEADER}");
    let mut total = Counts::default();
    for (family, c) in FAMILIES.iter().zip(counts) {
        println!("{:<14}  {c}", family.name);
        total.merge(c);
    }
    println!("{:<14}  {total}", "all");
    total
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let inputs = arg(&args, "--inputs").unwrap_or(4_000);
    let seed = arg(&args, "--seed").unwrap_or(SEED);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let jobs = arg(&args, "--jobs").map_or(cores, |j| j as usize);
    if let Some(i) = args.iter().position(|a| a == "--explain") {
        return explain(args.get(i + 1), args.get(i + 2));
    }
    quiet_panics();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // An input that runs this long is hung: the run fails there, naming it, instead of stalling.
    let hang = Duration::from_secs(arg(&args, "--hang-after").unwrap_or(60));
    watchdog::start(hang, root.join("../target/robust-failures"));
    if args.iter().any(|a| a == "--selftest-hang") {
        // A family whose check never returns: the watchdog must end the run, naming it.
        let family = stormlab_robust::families::Family {
            name: "selftest",
            what: "an input that never returns",
            generate: |_| String::new(),
            check: |_| loop {
                std::thread::sleep(Duration::from_millis(50));
            },
        };
        let mut counts = Counts::default();
        count(
            &family,
            "never returns".into(),
            &mut counts,
            || "hang".into(),
            None,
        );
        return ExitCode::SUCCESS;
    }
    for family in &FAMILIES {
        println!("{:<14}  {}", family.name, family.what);
    }
    let started = Instant::now();
    let (kept, mut findings) = cases(&root.join("cases"));
    table("Kept regression cases (robust/cases/)", &kept);
    let every = if inputs >= 20_000 { inputs / 10 } else { 0 };
    let (counts, more) = generated(seed, inputs, jobs, every);
    findings.extend(more);
    let total = table(
        &format!("Generated inputs (seed {seed}, {jobs} threads)"),
        &counts,
    );
    println!("\nMost frequent refusals per family (numbers and names as #):");
    for (family, c) in FAMILIES.iter().zip(&counts) {
        for (shape, n) in c.top_refusals(4) {
            println!("{:<14}  {n:>6}  {shape}", family.name);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "\n{} inputs in {secs:.1} s ({:.0} inputs/s)",
        total.inputs,
        total.inputs as f64 / secs
    );
    report(root, &findings)
}

/// `--explain FAMILY FILE`: feeds one file and says what became of it.
fn explain(family: Option<&String>, file: Option<&String>) -> ExitCode {
    let (Some(name), Some(file)) = (family, file) else {
        eprintln!("usage: stormlab-robust --explain FAMILY FILE");
        return ExitCode::FAILURE;
    };
    let Some(family) = FAMILIES.iter().find(|f| f.name == name.as_str()) else {
        eprintln!("no family {name}");
        return ExitCode::FAILURE;
    };
    let input = std::fs::read_to_string(file).expect("the file reads");
    let start = Instant::now();
    let outcome = (family.check)(&input);
    println!(
        "{outcome:?} in {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    ExitCode::SUCCESS
}

fn report(root: &Path, findings: &[Finding]) -> ExitCode {
    if findings.is_empty() {
        println!("No panics, no calls over 2 s, no call over 512 MB, no broken round trip.");
        return ExitCode::SUCCESS;
    }
    let dir = root.join("../target/robust-failures");
    let paths = keep(&dir, findings);
    println!(
        "\n{} FAILURES (each written out; move a new one into robust/cases/<family>/ to keep it):",
        findings.len()
    );
    for (f, path) in findings.iter().zip(&paths).take(30) {
        let problem: String = f.problem.chars().take(300).collect();
        println!(
            "- {} {}: {problem}\n  {}",
            f.family,
            f.label,
            path.display()
        );
    }
    ExitCode::FAILURE
}
