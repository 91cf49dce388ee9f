//! Experiments a board carries: a question, the two variants of the board that answer it (the
//! same overrides the Compare view offers, per side), the metric that tells, the number of runs
//! and, optionally, what the runs are expected to show (which `stormlab check` verifies). The
//! built-in examples' lessons are experiments of this kind on the example boards.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::ContextId;
use crate::overrides::Overrides;
use crate::payload::Payload;
use stormlab_words::number;

/// The runs of each variant when an experiment does not say.
pub const DEFAULT_RUNS: u32 = 10;
/// The most runs of each variant an experiment may ask for.
pub const MAX_RUNS: u32 = 100;
/// The longest question or note, in characters.
pub const MAX_TEXT: usize = 2_000;

/// An experiment of the board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Experiment {
    /// The question it answers (also its name).
    pub question: String,
    /// What to look at, and why the variants differ (may be empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub watch: String,
    /// Left side.
    #[serde(default)]
    pub a: Variant,
    /// Right side.
    #[serde(default)]
    pub b: Variant,
    /// The metric that answers the question (a label of the Run view's metrics).
    pub metric: String,
    /// Runs of each variant.
    #[serde(default = "default_runs")]
    pub runs: u32,
    /// What the runs should show; none: a question only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
    /// A sweep the experiment also runs: one setting moved over a range, both sides replicated
    /// at every point (its expectation is about the board as drawn).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweep: Option<SweepPlan>,
}

/// The most points a sweep may have.
pub const MAX_SWEEP_STEPS: u32 = 25;

/// A sweep of an experiment: the setting (by the id `stormlab sweep --setting` takes, such as
/// `consumers` or `interval_ms`), its first and last value, and how many points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepPlan {
    pub setting: String,
    pub from: f64,
    pub to: f64,
    pub steps: u32,
}

impl fmt::Display for SweepPlan {
    /// `consumers 1..10, 5 points`, as the text format writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}..{}, {} points",
            self.setting,
            number(self.from),
            number(self.to),
            self.steps
        )
    }
}

impl std::str::FromStr for SweepPlan {
    type Err = String;

    /// Reads what [`SweepPlan`]'s `Display` writes (`, 5 points` may be left out: 5).
    fn from_str(s: &str) -> Result<SweepPlan, String> {
        let shape = "write a sweep as \"consumers 1..10, 5 points\"";
        let (setting, rest) = s
            .trim()
            .split_once(' ')
            .ok_or_else(|| format!("{s:?}: {shape}"))?;
        let (range, points) = rest.split_once(',').unwrap_or((rest, "5 points"));
        let (from, to) = range
            .trim()
            .split_once("..")
            .ok_or_else(|| format!("{s:?}: {shape}"))?;
        let num = |t: &str| {
            t.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("{s:?}: {:?} is not a number; {shape}", t.trim()))
        };
        let steps = points
            .trim()
            .trim_end_matches("points")
            .trim()
            .parse::<u32>()
            .map_err(|_| format!("{s:?}: {shape}"))?;
        Ok(SweepPlan {
            setting: setting.trim().to_string(),
            from: num(from)?,
            to: num(to)?,
            steps,
        })
    }
}

fn default_runs() -> u32 {
    DEFAULT_RUNS
}

/// A service outage during the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outage {
    /// The bounded context (service) that goes down, by id: renaming it keeps the outage.
    pub context: ContextId,
    /// From this second of simulated time.
    pub from_s: f64,
    /// Until this second.
    pub to_s: f64,
}

impl Outage {
    /// The labels of the outage's fields in the Compare view.
    pub const FROM: &'static str = "From (s)";
    pub const TO: &'static str = "To (s)";

    /// What is wrong with the window, in the Compare view's words: both ends within the
    /// longest run, From before To. `None` when it can run.
    pub fn problem(&self) -> Option<String> {
        let longest = crate::settings::table::DURATION_S.range();
        for (label, value) in [(Outage::FROM, self.from_s), (Outage::TO, self.to_s)] {
            if !(value.is_finite() && (0.0..=longest.max).contains(&value)) {
                return Some(format!(
                    "The outage's {label} takes a number of seconds from 0 to {}, found {}.",
                    number(longest.max),
                    number(value)
                ));
            }
        }
        (self.from_s >= self.to_s).then(|| {
            format!(
                "The outage's {} ({}) must come before its {} ({}).",
                Outage::FROM,
                number(self.from_s),
                Outage::TO,
                number(self.to_s)
            )
        })
    }
}

/// One side of a comparison: settings of the table set over the whole board at compile time
/// (every consumer polls, every service has an outbox, ...), and the few changes that are no
/// setting of a sticky (a payload style for every integration event, an outage, a version bump,
/// circuit breakers), so the same board can run twice (same seed, same workload) with one thing
/// changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Variant {
    /// Settings of the settings table, set everywhere they apply (by their keys).
    #[serde(flatten)]
    pub settings: Overrides,
    /// Every integration event carries this payload.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<Payload>,
    /// A service down for a while.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outage: Option<Outage>,
    /// Every integration event is published this many versions above what the board says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_bump: Option<u32>,
    /// Every consumer has a circuit breaker on its callbacks (or none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub circuit_breaker: Option<bool>,
}

/// A side of an experiment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The left side.
    A,
    /// The right side.
    B,
}

/// What an experiment's runs should show about its metric, checked on the 95% intervals: an
/// expectation holds when the interval lies wholly on the expected side, fails when it lies
/// wholly on the other, and cannot be told otherwise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expect {
    /// B's mean is above A's (the difference B − A is above 0).
    BHigher,
    /// B's mean is below A's.
    BLower,
    /// One side's mean is under a bound (in the metric's unit).
    Under(Side, f64),
    /// One side's mean is over a bound.
    Over(Side, f64),
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = |s: &Side| if *s == Side::A { "a" } else { "b" };
        match self {
            Expect::BHigher => f.write_str("b higher"),
            Expect::BLower => f.write_str("b lower"),
            Expect::Under(s, v) => write!(f, "{} under {v}", side(s)),
            Expect::Over(s, v) => write!(f, "{} over {v}", side(s)),
        }
    }
}

impl std::str::FromStr for Expect {
    type Err = String;

    /// `b higher`, `b lower`, `a under 200`, `b over 0.5` (`b fewer`/`b more` read as lower
    /// and higher). A bound is in the metric's unit as the runs give it (a count, or
    /// microseconds for a time), or a time with its unit: `a under 200 ms` (`ms`, `s`, `µs`).
    fn from_str(text: &str) -> Result<Expect, String> {
        let mut words: Vec<&str> = text.split_whitespace().collect();
        // A unit, written apart or not: a time, held in microseconds.
        let mut scale = 1.0;
        let count = words.len();
        if let Some(last) = words.last_mut() {
            for (unit, factor) in [("ms", 1e3), ("µs", 1.0), ("us", 1.0), ("s", 1e6)] {
                if *last == unit && count == 4 {
                    *last = "";
                    scale = factor;
                    break;
                }
                if let Some(n) = last.strip_suffix(unit).filter(|n| n.parse::<f64>().is_ok()) {
                    *last = n;
                    scale = factor;
                    break;
                }
            }
        }
        words.retain(|w| !w.is_empty());
        let side = |w: &str| match w {
            "a" | "A" => Some(Side::A),
            "b" | "B" => Some(Side::B),
            _ => None,
        };
        let bad = || {
            format!(
                "An expectation reads \"b higher\", \"b lower\", \"a under N\" or \"b over N\" (a time with its unit: 200 ms), not \"{text}\"."
            )
        };
        match words[..] {
            ["b" | "B", "higher" | "more"] => Ok(Expect::BHigher),
            ["b" | "B", "lower" | "fewer" | "less"] => Ok(Expect::BLower),
            [s, op @ ("under" | "over"), n] => {
                let side = side(s).ok_or_else(bad)?;
                let n: f64 = n
                    .parse()
                    .ok()
                    .filter(|n: &f64| n.is_finite())
                    .ok_or_else(bad)?;
                let n = n * scale;
                Ok(if op == "under" {
                    Expect::Under(side, n)
                } else {
                    Expect::Over(side, n)
                })
            }
            _ => Err(bad()),
        }
    }
}

impl Serialize for Expect {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Expect {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Expect, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// What is wrong with a board's experiments, if anything: one of them (see
/// [`Experiment::problem`]), two asking the same question, or more than a board keeps.
pub fn check_all(experiments: &[Experiment]) -> Result<(), String> {
    let most = crate::limits::MAX_EXPERIMENTS;
    if experiments.len() > most {
        return Err(format!(
            "The board has {} experiments; a board keeps at most {most}.",
            experiments.len()
        ));
    }
    for (i, e) in experiments.iter().enumerate() {
        if let Some(problem) = e.problem() {
            return Err(problem);
        }
        if experiments[..i]
            .iter()
            .any(|x| x.question.trim() == e.question.trim())
        {
            return Err(format!(
                "Two experiments ask {}: each question names one experiment.",
                stormlab_words::quoted(&e.question)
            ));
        }
    }
    Ok(())
}

impl Experiment {
    /// An experiment asking `question`, answered by `metric`, its sides as drawn.
    pub fn new(question: &str, metric: &str) -> Experiment {
        Experiment {
            question: question.to_string(),
            watch: String::new(),
            a: Variant::default(),
            b: Variant::default(),
            metric: metric.to_string(),
            runs: DEFAULT_RUNS,
            expect: None,
            sweep: None,
        }
    }

    /// What is wrong with it, in the words of the file checks (`None`: it can be kept). Its
    /// metric is checked where the runs' metrics are known.
    pub fn problem(&self) -> Option<String> {
        let name = stormlab_words::quoted(&self.question);
        if self.question.trim().is_empty() {
            return Some("An experiment needs a question.".into());
        }
        if self.question.chars().count() > MAX_TEXT || self.watch.chars().count() > MAX_TEXT {
            return Some(format!(
                "The experiment {name} has a question or note over {MAX_TEXT} characters."
            ));
        }
        if self.metric.trim().is_empty() {
            return Some(format!("The experiment {name} names no metric."));
        }
        if !(1..=MAX_RUNS).contains(&self.runs) {
            return Some(format!(
                "The experiment {name} asks for {} runs; an experiment runs each side 1 to {MAX_RUNS} times.",
                self.runs
            ));
        }
        if let Some(p) = &self.sweep {
            if p.setting.trim().is_empty() || !(2..=MAX_SWEEP_STEPS).contains(&p.steps) {
                return Some(format!(
                    "The experiment {name} sweeps over {} points of {:?}; a sweep names its setting and has 2 to {MAX_SWEEP_STEPS} points.",
                    p.steps, p.setting
                ));
            }
            if !(p.from.is_finite() && p.to.is_finite()) {
                return Some(format!(
                    "The experiment {name} sweeps over a range that is not two numbers."
                ));
            }
        }
        for (side, v) in [("A", &self.a), ("B", &self.b)] {
            if let Some(o) = &v.outage {
                // An outage of a context deleted since takes nothing down (the Compare view
                // says "a deleted context").
                if let Some(p) = o.problem() {
                    return Some(format!("The experiment {name}, side {side}: {p}"));
                }
            }
            if v.version_bump.is_some_and(|n| n > 100) {
                return Some(format!(
                    "The experiment {name}, side {side}, bumps the events' version more than 100 times."
                ));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sweep_reads_what_it_writes() {
        let p: SweepPlan = "consumers 1..10, 5 points".parse().unwrap();
        assert_eq!(
            (p.setting.as_str(), p.from, p.to, p.steps),
            ("consumers", 1.0, 10.0, 5)
        );
        assert_eq!(p.to_string().parse::<SweepPlan>(), Ok(p.clone()));
        assert_eq!(
            "interval_ms 100..2000".parse::<SweepPlan>().unwrap().steps,
            5
        );
        assert!("consumers 1-10"
            .parse::<SweepPlan>()
            .unwrap_err()
            .contains("consumers 1..10, 5 points"));
        let mut e = Experiment::new("Q?", "Mean latency");
        e.sweep = Some(SweepPlan { steps: 40, ..p });
        assert!(e.problem().unwrap().contains("2 to 25 points"));
    }

    #[test]
    fn expectations_read_what_they_write() {
        for e in [
            Expect::BHigher,
            Expect::BLower,
            Expect::Under(Side::A, 200.0),
            Expect::Over(Side::B, 0.5),
        ] {
            assert_eq!(e.to_string().parse::<Expect>(), Ok(e));
        }
        assert_eq!("B fewer".parse::<Expect>(), Ok(Expect::BLower));
        assert!("b sideways"
            .parse::<Expect>()
            .unwrap_err()
            .contains("b sideways"));
        assert!("a under lots".parse::<Expect>().is_err());
        // A time with its unit is held in microseconds, as the runs measure times.
        for text in [
            "a under 200 ms",
            "a under 200ms",
            "a under 0.2 s",
            "a under 200000",
        ] {
            assert_eq!(
                text.parse::<Expect>(),
                Ok(Expect::Under(Side::A, 200_000.0)),
                "{text}"
            );
        }
        assert_eq!(
            "b over 5 s".parse::<Expect>(),
            Ok(Expect::Over(Side::B, 5e6))
        );
        assert!("a under 200 parsecs".parse::<Expect>().is_err());
    }
}
