//! Counts per family, and the table the suite prints.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

/// A call slower than this counts as a hang.
pub const SLOW: Duration = Duration::from_secs(2);
/// A call that holds more than this at once counts as a memory failure.
pub const MEMORY: u64 = 512 << 20;

/// What became of one input.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Loaded and kept every promise.
    Accepted,
    /// Refused with this message.
    Rejected(String),
    /// Panicked, with the panic's message.
    Panic(String),
    /// Loaded, then broke a promise.
    Broken(String),
}

/// Counts of one family.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    /// Inputs fed.
    pub inputs: u64,
    /// Loaded and kept every promise.
    pub accepted: u64,
    /// Refused with a message.
    pub rejected: u64,
    /// Panics.
    pub panics: u64,
    /// Calls over [`SLOW`].
    pub slow: u64,
    /// Calls holding over [`MEMORY`].
    pub over_memory: u64,
    /// Round trips and other promises broken.
    pub broken: u64,
    /// The most memory one call held at once.
    pub peak_bytes: u64,
    /// The slowest call.
    pub slowest: Duration,
    /// Time spent in calls.
    pub busy: Duration,
    /// How often each kind of refusal came (its message with the numbers taken out).
    pub refusals: HashMap<String, u64>,
}

impl Counts {
    /// Adds one input.
    pub fn add(&mut self, verdict: &Verdict, took: Duration, peak: u64) {
        self.inputs += 1;
        match verdict {
            Verdict::Accepted => self.accepted += 1,
            Verdict::Rejected(message) => {
                self.rejected += 1;
                *self.refusals.entry(shape(message)).or_default() += 1;
            }
            Verdict::Panic(_) => self.panics += 1,
            Verdict::Broken(_) => self.broken += 1,
        }
        self.slow += u64::from(took > SLOW);
        self.over_memory += u64::from(peak > MEMORY);
        self.peak_bytes = self.peak_bytes.max(peak);
        self.slowest = self.slowest.max(took);
        self.busy += took;
    }

    /// Adds another family's counts.
    pub fn merge(&mut self, o: &Counts) {
        self.inputs += o.inputs;
        self.accepted += o.accepted;
        self.rejected += o.rejected;
        self.panics += o.panics;
        self.slow += o.slow;
        self.over_memory += o.over_memory;
        self.broken += o.broken;
        self.peak_bytes = self.peak_bytes.max(o.peak_bytes);
        self.slowest = self.slowest.max(o.slowest);
        self.busy += o.busy;
        for (shape, n) in &o.refusals {
            *self.refusals.entry(shape.clone()).or_default() += n;
        }
    }

    /// The `n` most frequent kinds of refusal, most frequent first.
    pub fn top_refusals(&self, n: usize) -> Vec<(&str, u64)> {
        let mut all: Vec<(&str, u64)> = self
            .refusals
            .iter()
            .map(|(s, n)| (s.as_str(), *n))
            .collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        all.truncate(n);
        all
    }

    /// Failures of any kind.
    pub fn failures(&self) -> u64 {
        self.panics + self.slow + self.over_memory + self.broken
    }
}

/// A refusal's kind: its first words with every number and quoted name replaced by `#`.
fn shape(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        if c == '"' {
            if !quoted {
                out.push('#');
            }
            quoted = !quoted;
        } else if !(quoted || c.is_ascii_digit() && out.ends_with('#')) {
            out.push(if c.is_ascii_digit() { '#' } else { c });
        }
        if out.chars().count() >= 90 {
            break;
        }
    }
    out
}

/// The header of the table.
pub const HEADER: &str = "family          inputs  accepted  rejected  panics  over 2 s  over 512 MB  round trip/broken  peak MB  slowest ms  mean ms";

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mean = if self.inputs == 0 {
            0.0
        } else {
            self.busy.as_secs_f64() * 1e3 / self.inputs as f64
        };
        write!(
            f,
            "{:>6}  {:>8}  {:>8}  {:>6}  {:>8}  {:>11}  {:>17}  {:>7.1}  {:>10.1}  {:>7.2}",
            self.inputs,
            self.accepted,
            self.rejected,
            self.panics,
            self.slow,
            self.over_memory,
            self.broken,
            self.peak_bytes as f64 / 1_048_576.0,
            self.slowest.as_secs_f64() * 1e3,
            mean,
        )
    }
}
