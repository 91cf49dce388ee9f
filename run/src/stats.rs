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

/// Student's t for a two-sided 95% interval with `df` degrees of freedom (exact to three
/// decimals up to 30, then a series in 1/df).
pub fn t975(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::INFINITY,
        1..=30 => TABLE[df - 1],
        _ => {
            // Cornish-Fisher expansion of t around the normal quantile.
            let z: f64 = 1.959_964;
            let v = df as f64;
            let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
            z + (z3 + z) / (4.0 * v)
                + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * v * v)
                + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * v * v * v)
        }
    }
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
        assert_eq!(t975(9), 2.262);
        assert!((t975(40) - 2.021).abs() < 2e-3, "{}", t975(40));
        assert!((t975(99) - 1.984).abs() < 2e-3, "{}", t975(99));
        assert!((t975(1_000_000) - 1.96).abs() < 1e-3);
    }

    #[test]
    fn an_interval_is_the_mean_plus_or_minus_t_times_the_standard_error() {
        let i = Interval::of(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(i.mean, 2.5);
        // s = 1.29099, s/√4 = 0.645497, t(3) = 3.182.
        assert!((i.half.unwrap() - 3.182 * 0.645_497).abs() < 1e-5);
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
