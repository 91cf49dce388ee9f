//! The values a numeric setting accepts, as the property panel offers them, and the sentence
//! that tells a person what a field takes.

/// The values a numeric setting accepts, as the property panel offers them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    /// What the setting is, as a field label ("Service time (ms)").
    pub label: &'static str,
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
    /// True when the minimum itself is not allowed (durations above zero).
    pub above_min: bool,
    /// True for counts: whole numbers only.
    pub whole: bool,
}

impl Range {
    /// A range from `min` to `max`, both allowed; `whole` for counts.
    pub const fn of(label: &'static str, min: f64, max: f64, whole: bool) -> Range {
        Range {
            label,
            min,
            max,
            above_min: false,
            whole,
        }
    }

    /// True when `v` is in the range.
    pub fn contains(&self, v: f64) -> bool {
        v.is_finite()
            && (if self.above_min {
                v > self.min
            } else {
                v >= self.min
            })
            && v <= self.max
            && (!self.whole || v.fract() == 0.0)
    }

    /// The value typed in a field, or a sentence saying what the field takes.
    pub fn parse(&self, text: &str) -> Result<f64, String> {
        match text.trim().parse::<f64>() {
            Ok(v) if self.contains(v) => Ok(v),
            _ => Err(self.message()),
        }
    }

    /// What the field takes: "Batch: enter a whole number from 1 to 10000."
    pub fn message(&self) -> String {
        format!("{}: enter {}.", self.label, self.describe())
    }

    /// The values it takes: "a whole number from 1 to 10000".
    pub fn describe(&self) -> String {
        let what = if self.whole {
            "a whole number"
        } else {
            "a number"
        };
        let from = if self.above_min { "above" } else { "from" };
        format!("{what} {from} {} to {}", self.min, self.max)
    }

    /// The step a number input offers: 1 for counts, any value otherwise.
    pub fn step(&self) -> &'static str {
        if self.whole {
            "1"
        } else {
            "any"
        }
    }
}

/// Size of one payload field.
pub const FIELD_BYTES: Range = Range::of("Field size (bytes)", 0.0, 100_000_000.0, true);
/// An event's version number.
pub const EVENT_VERSION: Range = Range::of("Version", 1.0, 1_000_000.0, true);

#[cfg(test)]
mod tests {
    use crate::settings::table::{BATCH, DURATION_S, FAILURE_RATE, SEED};

    #[test]
    fn ranges_accept_their_bounds_and_refuse_the_rest_with_a_message() {
        assert_eq!(BATCH.range().parse(" 10 "), Ok(10.0));
        assert_eq!(BATCH.range().parse("1"), Ok(1.0));
        assert!(BATCH.range().parse("2.5").is_err(), "counts are whole");
        assert_eq!(
            BATCH.range().parse("0").unwrap_err(),
            "Batch: enter a whole number from 1 to 10000."
        );
        assert!(
            DURATION_S.range().parse("0").is_err(),
            "a run lasts some time"
        );
        assert_eq!(DURATION_S.range().parse("86400"), Ok(86_400.0));
        assert_eq!(
            DURATION_S.range().message(),
            "Duration (s): enter a number above 0 to 86400."
        );
        for bad in ["NaN", "inf", "-1", "", "seven"] {
            assert!(FAILURE_RATE.range().parse(bad).is_err(), "{bad}");
        }
        assert_eq!(FAILURE_RATE.range().step(), "any");
        assert_eq!(SEED.range().parse("42"), Ok(42.0));
    }
}
