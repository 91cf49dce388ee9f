//! Service-time and delay distributions, sampled in whole simulated microseconds.

use serde::{Deserialize, Serialize};

use crate::rng::Rng;
use crate::time::Time;

/// A distribution of durations in microseconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Dist {
    /// Always the same duration.
    Fixed {
        /// The duration.
        us: Time,
    },
    /// Exponentially distributed (memoryless), as in an M/M/1 queue.
    Exponential {
        /// The mean duration.
        mean_us: f64,
    },
    /// Uniform between two bounds (inclusive of `min_us`).
    Uniform {
        /// The shortest duration.
        min_us: Time,
        /// The longest duration.
        max_us: Time,
    },
}

impl Default for Dist {
    fn default() -> Dist {
        Dist::Fixed { us: 0 }
    }
}

impl Dist {
    /// Draws one duration, rounded to the nearest microsecond.
    #[inline]
    pub fn sample(&self, rng: &mut Rng) -> Time {
        match *self {
            Dist::Fixed { us } => us,
            Dist::Exponential { mean_us } => (rng.exponential(mean_us) + 0.5) as Time,
            Dist::Uniform { min_us, max_us } => {
                min_us + (rng.unit() * (max_us - min_us) as f64 + 0.5) as Time
            }
        }
    }

    /// True for a constant duration.
    pub fn is_fixed(&self) -> bool {
        matches!(self, Dist::Fixed { .. })
    }

    /// The distribution's mean in microseconds.
    pub fn mean(&self) -> f64 {
        match *self {
            Dist::Fixed { us } => us as f64,
            Dist::Exponential { mean_us } => mean_us,
            Dist::Uniform { min_us, max_us } => (min_us + max_us) as f64 / 2.0,
        }
    }

    /// A reason the parameters are unusable, if any.
    pub fn problem(&self) -> Option<&'static str> {
        match *self {
            Dist::Exponential { mean_us } if !(mean_us.is_finite() && mean_us >= 0.0) => {
                Some("mean_us must be a finite number >= 0")
            }
            Dist::Uniform { min_us, max_us } if min_us > max_us => {
                Some("min_us must not exceed max_us")
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_stay_in_range_and_match_the_mean() {
        let mut rng = Rng::new(11);
        let uniform = Dist::Uniform {
            min_us: 100,
            max_us: 300,
        };
        let samples: Vec<Time> = (0..50_000).map(|_| uniform.sample(&mut rng)).collect();
        assert!(samples.iter().all(|&s| (100..=300).contains(&s)));
        let mean = samples.iter().sum::<Time>() as f64 / samples.len() as f64;
        assert!((mean - 200.0).abs() < 2.0, "mean {mean}");
        assert_eq!(Dist::Fixed { us: 42 }.sample(&mut rng), 42);
        assert_eq!(Dist::Exponential { mean_us: 10.0 }.mean(), 10.0);
    }

    #[test]
    fn bad_parameters_are_named() {
        assert!(Dist::Uniform {
            min_us: 5,
            max_us: 1
        }
        .problem()
        .is_some());
        assert!(Dist::Exponential { mean_us: f64::NAN }.problem().is_some());
        assert!(Dist::Fixed { us: 3 }.problem().is_none());
    }
}
