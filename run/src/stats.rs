//! Statistics of replications: the mean of a metric over runs with its 95% confidence interval
//! (Student's t), the difference B − A paired by seed (both variants of a run share its seed
//! and workload, so their difference varies less than either), and a plain verdict when the
//! interval of the difference leaves out zero.

/// A mean with the half-width of its 95% confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    /// The mean over the runs.
    pub mean: f64,
    /// Half the width of the 95% interval (`None` with fewer than two runs).
    pub half: Option<f64>,
    /// How many runs.
    pub n: usize,
}

/// Student's t for a two-sided 95% interval with `df` degrees of freedom: the 0.975 quantile
/// from `statrs`, rounded to nine decimals. The rounding keeps the page (WebAssembly, whose
/// logarithm is not the C library's) and the command line on the same bits: the two may
/// differ in the last place before rounding, never after (a test checks that no quantile up
/// to 2,000 degrees of freedom lies near a rounding boundary).
pub fn t975(df: usize) -> f64 {
    if df == 0 {
        return f64::INFINITY;
    }
    (t975_unrounded(df) * 1e9).round() / 1e9
}

fn t975_unrounded(df: usize) -> f64 {
    use statrs::distribution::{ContinuousCDF as _, StudentsT};
    StudentsT::new(0.0, 1.0, df as f64)
        .expect("a positive number of degrees of freedom")
        .inverse_cdf(0.975)
}

impl Interval {
    /// The mean of `values` and its 95% interval.
    pub fn of(values: &[f64]) -> Interval {
        let n = values.len();
        if n == 0 {
            return Interval {
                mean: 0.0,
                half: None,
                n,
            };
        }
        let mean = values.iter().sum::<f64>() / n as f64;
        let half = (n >= 2).then(|| {
            let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
            t975(n - 1) * (var / n as f64).sqrt()
        });
        Interval { mean, half, n }
    }

    /// True when the whole interval lies on one side of zero.
    pub fn excludes_zero(&self) -> bool {
        match self.half {
            Some(h) => self.mean - h > 0.0 || self.mean + h < 0.0,
            None => false,
        }
    }
}

/// One metric compared over the runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Compared {
    /// What it measures.
    pub label: &'static str,
    /// Over A's runs.
    pub a: Interval,
    /// Over B's runs.
    pub b: Interval,
    /// B − A, run by run.
    pub diff: Interval,
}

/// Compares a metric's values of A and B, run by run (the same seed at the same index).
pub fn compare(label: &'static str, a: &[f64], b: &[f64]) -> Compared {
    let diffs: Vec<f64> = a.iter().zip(b).map(|(x, y)| y - x).collect();
    Compared {
        label,
        a: Interval::of(a),
        b: Interval::of(b),
        diff: Interval::of(&diffs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_the_tables() {
        // Published tables (three decimals) and the normal limit.
        for (df, t) in [
            (1, 12.706),
            (2, 4.303),
            (9, 2.262),
            (30, 2.042),
            (40, 2.021),
            (99, 1.984),
        ] {
            assert!((t975(df) - t).abs() < 5e-4, "t({df}) = {}", t975(df));
        }
        assert_eq!(t975(0), f64::INFINITY);
        assert!((t975(1000) - 1.962_339).abs() < 1e-6);
        // Falling with the degrees of freedom.
        assert!((1..200).all(|df| t975(df + 1) < t975(df)));
    }

    #[test]
    fn no_quantile_lies_near_a_rounding_boundary() {
        // A last-place difference between two platforms' logarithms cannot change the rounded
        // value unless the exact one is within about 1e-15 of a nine-decimal boundary. Checked
        // well past the 99 degrees of freedom of the most runs an experiment takes (statrs's
        // quantile loses digits past some thousands: 1.959848 for a million, not 1.959966).
        for df in 1..=2_000 {
            let scaled = t975_unrounded(df) * 1e9;
            let from_boundary = (scaled - scaled.floor() - 0.5).abs();
            assert!(
                from_boundary < 0.5 - 1e-4,
                "t({df}) = {} lies near a rounding boundary",
                t975_unrounded(df)
            );
        }
    }

    #[test]
    fn an_interval_is_the_mean_plus_or_minus_t_times_the_standard_error() {
        let i = Interval::of(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(i.mean, 2.5);
        // s = 1.29099, s/√4 = 0.645497, t(3) = 3.182446.
        assert!((i.half.unwrap() - 3.182_446 * 0.645_497).abs() < 1e-5);
        assert_eq!(Interval::of(&[5.0]).half, None);
        assert!(
            !Interval::of(&[5.0]).excludes_zero(),
            "one run proves nothing"
        );
        assert!(Interval::of(&[1.0, 1.2, 0.9]).excludes_zero());
        assert!(!Interval::of(&[1.0, -1.2, 0.9]).excludes_zero());
    }

    #[test]
    fn the_difference_is_paired_by_run() {
        // Both sides vary a lot from run to run, but B is always A plus 1: the difference is
        // exactly 1, with no spread.
        let a = [10.0, 50.0, 30.0, 70.0];
        let b = [11.0, 51.0, 31.0, 71.0];
        let c = compare("x", &a, &b);
        assert_eq!(c.diff.mean, 1.0);
        assert_eq!(c.diff.half, Some(0.0));
        assert!(c.diff.excludes_zero());
        assert!(c.a.half.unwrap() > 20.0);
    }

    #[test]
    fn a_true_mean_is_inside_its_interval_about_95_times_in_100() {
        // Uniform(0, 1) samples of 10 from a fixed generator: the mean 0.5 is covered about 95%
        // of the time.
        let mut rng = stormlab_engine::rng::Rng::new(42);
        let trials = 4_000;
        let covered = (0..trials)
            .filter(|_| {
                let v: Vec<f64> = (0..10).map(|_| rng.unit()).collect();
                let i = Interval::of(&v);
                (i.mean - 0.5).abs() <= i.half.unwrap()
            })
            .count();
        let rate = covered as f64 / trials as f64;
        assert!((0.935..0.965).contains(&rate), "covered {rate}");
    }
}
