//! Feeding inputs to a family's check: one at a time under `catch_unwind`, timed and with its
//! peak memory measured; generated inputs spread over threads (each input's randomness comes
//! from the seed and its number alone, so the thread count changes nothing); regression cases
//! read from their folder; failures written out to be kept.

use std::cell::{Cell, RefCell};
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use stormlab_engine::rng::Rng;

use crate::alloc;
use crate::families::{Family, Outcome, FAMILIES};
use crate::tally::{Counts, Verdict, MEMORY, SLOW};
use crate::wording;

thread_local! {
    static PANIC: RefCell<String> = const { RefCell::new(String::new()) };
    static FEEDING: Cell<bool> = const { Cell::new(false) };
}

/// Keeps the messages of panics inside [`feed`] (with their place) for the report instead of
/// printing them; other panics print as usual.
pub fn quiet_panics() {
    let usual = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if FEEDING.with(Cell::get) {
            let text = info.to_string();
            let _ = PANIC.try_with(|p| *p.borrow_mut() = text);
        } else {
            usual(info);
        }
    }));
}

/// One input that failed.
#[derive(Clone, Debug)]
pub struct Finding {
    /// Its family.
    pub family: &'static str,
    /// Its number or case file name.
    pub label: String,
    /// What went wrong.
    pub problem: String,
    /// The input itself.
    pub input: String,
}

/// Feeds one input to the family's check.
pub fn feed(family: &Family, input: &str) -> (Verdict, Duration, u64) {
    let live = alloc::live();
    alloc::reset_peak();
    let start = Instant::now();
    FEEDING.with(|f| f.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| (family.check)(input)));
    FEEDING.with(|f| f.set(false));
    let took = start.elapsed();
    let peak = alloc::peak_since(live);
    let verdict = match result {
        Ok(Outcome::Accepted) => Verdict::Accepted,
        Ok(Outcome::Rejected(message)) => match wording::problem(family.name, &message) {
            Some(why) => Verdict::Broken(format!(
                "a refusal in the engine's words ({why}): {message}"
            )),
            None => Verdict::Rejected(message),
        },
        Ok(Outcome::Broken(problem)) => Verdict::Broken(problem),
        Err(_) => Verdict::Panic(PANIC.with(|p| p.borrow().clone())),
    };
    (verdict, took, peak)
}

/// The failure in a verdict, time and peak, if any.
fn problem(verdict: &Verdict, took: Duration, peak: u64) -> Option<String> {
    match verdict {
        Verdict::Panic(message) => Some(format!("panic: {message}")),
        Verdict::Broken(message) => Some(format!("broken: {message}")),
        _ if took > SLOW => Some(format!("took {:.1} s", took.as_secs_f64())),
        _ if peak > MEMORY => Some(format!("held {} MB at once", peak >> 20)),
        _ => None,
    }
}

/// Feeds one input (watched for hangs), adds it to `counts`, and returns it as a finding
/// (named by `label`) if it failed or, for a kept case, if it did not end as `expected`.
pub fn count(
    family: &Family,
    input: String,
    counts: &mut Counts,
    label: impl FnOnce() -> String,
    expected: Option<&Expected>,
) -> Option<Finding> {
    let label = label();
    let watched = crate::watchdog::feeding_now(family.name, label.clone(), &input);
    let (verdict, took, peak) = feed(family, &input);
    drop(watched);
    counts.add(&verdict, took, peak);
    let problem =
        problem(&verdict, took, peak).or_else(|| expected.and_then(|e| e.missed(&verdict)))?;
    Some(Finding {
        family: family.name,
        label,
        problem,
        input,
    })
}

/// The randomness of input `i` of family number `family`.
pub fn rng_for(seed: u64, family: usize, i: u64) -> Rng {
    Rng::new(seed ^ ((family as u64) << 56) ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// Generates and feeds `inputs` inputs, spread evenly over the families and over `jobs`
/// threads; prints progress every `every` inputs.
pub fn generated(seed: u64, inputs: u64, jobs: usize, every: u64) -> (Vec<Counts>, Vec<Finding>) {
    let next = AtomicU64::new(0);
    let counts = Mutex::new(vec![Counts::default(); FAMILIES.len()]);
    let findings = Mutex::new(Vec::new());
    let started = Instant::now();
    let work = || {
        let mut mine = vec![Counts::default(); FAMILIES.len()];
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= inputs {
                break;
            }
            let index = k as usize % FAMILIES.len();
            let family = &FAMILIES[index];
            let i = k / FAMILIES.len() as u64;
            let input = (family.generate)(&mut rng_for(seed, index, i));
            let label = || format!("seed-{seed}-input-{i}");
            if let Some(finding) = count(family, input, &mut mine[index], label, None) {
                findings.lock().unwrap().push(finding);
            }
            if every > 0 && (k + 1) % every == 0 {
                eprintln!(
                    "  {} inputs in {:.0} s",
                    k + 1,
                    started.elapsed().as_secs_f64()
                );
            }
        }
        let mut all = counts.lock().unwrap();
        for (total, c) in all.iter_mut().zip(&mine) {
            total.merge(c);
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            std::thread::Builder::new()
                .stack_size(8 << 20)
                .spawn_scoped(scope, work)
                .expect("a thread starts");
        }
    });
    (counts.into_inner().unwrap(), findings.into_inner().unwrap())
}

/// How a kept case must end, from the `<case>.expect` file beside it: its first line says
/// `accepted` or `rejected`, and every further line is words a refusal must contain (or, after
/// `not `, must not).
#[derive(Clone, Debug, PartialEq)]
pub struct Expected {
    /// Whether the input must open (and run) or be refused.
    pub accepted: bool,
    /// Words the refusal must contain.
    pub words: Vec<String>,
}

impl Expected {
    /// Reads an `.expect` file's text.
    pub fn parse(text: &str) -> Result<Expected, String> {
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let accepted = match lines.next() {
            Some("accepted") => true,
            Some("rejected") => false,
            other => {
                return Err(format!(
                    "the first line must be accepted or rejected, found {other:?}"
                ))
            }
        };
        Ok(Expected {
            accepted,
            words: lines.map(String::from).collect(),
        })
    }

    /// What the verdict got wrong, if anything (failures are reported on their own).
    pub fn missed(&self, verdict: &Verdict) -> Option<String> {
        match (verdict, self.accepted) {
            (Verdict::Accepted, true) => None,
            (Verdict::Accepted, false) => Some("expected a refusal, but it was accepted".into()),
            (Verdict::Rejected(m), true) => Some(format!("expected it to open, but: {m}")),
            (Verdict::Rejected(m), false) => {
                self.words
                    .iter()
                    .find_map(|w| match w.strip_prefix("not ") {
                        Some(w) if m.contains(w) => Some(format!(
                            "expected the refusal not to say \"{w}\", but it said: {m}"
                        )),
                        None if !m.contains(w.as_str()) => Some(format!(
                            "expected the refusal to say \"{w}\", but it said: {m}"
                        )),
                        _ => None,
                    })
            }
            _ => None,
        }
    }
}

/// Feeds every kept case under `dir/<family>/` (each `.txt` file, held to the `.expect` file
/// beside it where there is one).
pub fn cases(dir: &Path) -> (Vec<Counts>, Vec<Finding>) {
    let mut counts = vec![Counts::default(); FAMILIES.len()];
    let mut findings = Vec::new();
    for (index, family) in FAMILIES.iter().enumerate() {
        let mut files: Vec<PathBuf> = fs::read_dir(dir.join(family.name))
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort();
        for file in &files {
            let Some((name, input)) = read_case(file) else {
                continue;
            };
            let expected = match fs::read_to_string(file.with_file_name(format!("{name}.expect"))) {
                Ok(text) => Some(
                    Expected::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display())),
                ),
                Err(_) => None,
            };
            let label = || name.clone();
            findings.extend(count(
                family,
                input,
                &mut counts[index],
                label,
                expected.as_ref(),
            ));
        }
    }
    (counts, findings)
}

/// A kept case's name and input: `name.txt` as it is, `name.txt.deflate` inflated (for the
/// few cases of several megabytes); other files are not cases.
fn read_case(file: &Path) -> Option<(String, String)> {
    let file_name = file.file_name()?.to_string_lossy().into_owned();
    let (name, packed) = if let Some(name) = file_name.strip_suffix(".txt.deflate") {
        (name, true)
    } else {
        (file_name.strip_suffix(".txt")?, false)
    };
    let bytes = fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let bytes = if packed {
        miniz_oxide::inflate::decompress_to_vec(&bytes)
            .unwrap_or_else(|e| panic!("{}: {e:?}", file.display()))
    } else {
        bytes
    };
    let input = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    Some((name.to_string(), input))
}

/// Writes each finding to `dir/<family>/<label>.txt`; returns where.
pub fn keep(dir: &Path, findings: &[Finding]) -> Vec<PathBuf> {
    findings
        .iter()
        .map(|f| {
            let folder = dir.join(f.family);
            fs::create_dir_all(&folder).expect("the failures folder can be made");
            let path = folder.join(format!("{}.txt", f.label));
            fs::write(&path, &f.input).expect("a failure can be written");
            path
        })
        .collect()
}
