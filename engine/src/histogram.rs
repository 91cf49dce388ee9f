//! Fixed-size log-linear histograms of durations: constant memory, about 3% relative error.

use serde::Serialize;

use crate::time::Time;

const SUB_BITS: u32 = 5; // 32 sub-buckets per power of two.
const SUB: usize = 1 << SUB_BITS;
const OCTAVES: usize = 64 - SUB_BITS as usize;
const BUCKETS: usize = SUB * (OCTAVES + 1);

/// What one histogram holds in memory, its buckets included (for the memory estimate).
pub const HISTOGRAM_BYTES: u64 =
    (BUCKETS * std::mem::size_of::<u64>() + std::mem::size_of::<Histogram>()) as u64;

/// Counts of durations in buckets whose width grows with the value.
#[derive(Clone)]
pub struct Histogram {
    counts: Box<[u64]>,
    count: u64,
    sum: u128,
    min: Time,
    max: Time,
}

impl Default for Histogram {
    fn default() -> Histogram {
        Histogram {
            counts: vec![0; BUCKETS].into_boxed_slice(),
            count: 0,
            sum: 0,
            min: Time::MAX,
            max: 0,
        }
    }
}

#[inline]
fn bucket_of(v: Time) -> usize {
    if v < SUB as Time {
        return v as usize;
    }
    let msb = 63 - v.leading_zeros(); // >= SUB_BITS
    let shift = msb - SUB_BITS;
    let sub = (v >> shift) as usize & (SUB - 1);
    ((shift as usize + 1) << SUB_BITS) + sub
}

/// The smallest value that falls into bucket `b`.
fn bucket_low(b: usize) -> Time {
    if b < SUB {
        return b as Time;
    }
    let shift = (b >> SUB_BITS) - 1;
    ((SUB + (b & (SUB - 1))) as Time) << shift
}

impl Histogram {
    /// Adds one observation.
    #[inline]
    pub fn record(&mut self, v: Time) {
        self.counts[bucket_of(v)] += 1;
        self.count += 1;
        self.sum += v as u128;
        self.min = self.min.min(v);
        self.max = self.max.max(v);
    }

    /// How many observations were recorded.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The exact mean, or 0 when empty.
    pub fn mean(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.sum as f64 / self.count as f64
        }
    }

    /// The exact sum of the observations.
    pub fn sum(&self) -> u128 {
        self.sum
    }

    /// The value at quantile `q` in [0, 1] (the middle of its bucket), or 0 when empty.
    pub fn quantile(&self, q: f64) -> Time {
        if self.count == 0 {
            return 0;
        }
        let rank = ((q.clamp(0.0, 1.0) * self.count as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (b, &c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                let low = bucket_low(b);
                let high = bucket_low(b + 1).saturating_sub(1).max(low);
                let mid = low + (high - low) / 2;
                return mid.clamp(self.min, self.max);
            }
        }
        self.max
    }

    /// Adds every observation of `other`.
    pub fn merge(&mut self, other: &Histogram) {
        if other.count == 0 {
            return;
        }
        for (a, b) in self.counts.iter_mut().zip(other.counts.iter()) {
            *a += b;
        }
        self.count += other.count;
        self.sum += other.sum;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// Forgets every observation.
    pub fn clear(&mut self) {
        if self.count > 0 {
            self.counts.iter_mut().for_each(|c| *c = 0);
        }
        self.count = 0;
        self.sum = 0;
        self.min = Time::MAX;
        self.max = 0;
    }

    /// A serializable summary: count, mean, p50/p95/p99, min and max.
    pub fn summary(&self) -> Summary {
        Summary {
            count: self.count,
            mean_us: self.mean(),
            p50_us: self.quantile(0.50),
            p95_us: self.quantile(0.95),
            p99_us: self.quantile(0.99),
            min_us: if self.count == 0 { 0 } else { self.min },
            max_us: self.max,
        }
    }
}

/// Percentiles and extremes of a histogram, in microseconds.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Number of observations.
    pub count: u64,
    /// Exact mean.
    pub mean_us: f64,
    /// Median.
    pub p50_us: Time,
    /// 95th percentile.
    pub p95_us: Time,
    /// 99th percentile.
    pub p99_us: Time,
    /// Smallest observation.
    pub min_us: Time,
    /// Largest observation.
    pub max_us: Time,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_contiguous_and_monotonic() {
        let mut last = 0;
        for v in (0..100_000u64).chain([1 << 40, u64::MAX / 2, u64::MAX]) {
            let b = bucket_of(v);
            assert!(b >= last || v >= 1 << 40, "bucket went backwards at {v}");
            assert!(bucket_low(b) <= v, "low {} > {v}", bucket_low(b));
            last = b;
        }
        assert!(bucket_of(u64::MAX) < BUCKETS);
    }

    #[test]
    fn quantiles_are_within_a_few_percent() {
        let mut h = Histogram::default();
        for v in 1..=100_000u64 {
            h.record(v);
        }
        for (q, exact) in [(0.5, 50_000.0), (0.95, 95_000.0), (0.99, 99_000.0)] {
            let got = h.quantile(q) as f64;
            assert!((got / exact - 1.0).abs() < 0.035, "q{q}: {got} vs {exact}");
        }
        assert_eq!(h.mean(), 50_000.5);
        assert_eq!(h.summary().max_us, 100_000);
        let mut merged = Histogram::default();
        let mut other = Histogram::default();
        for v in 1..=50_000u64 {
            merged.record(v);
        }
        for v in 50_001..=100_000u64 {
            other.record(v);
        }
        merged.merge(&other);
        assert_eq!(merged.summary(), h.summary());
        h.clear();
        assert_eq!(h.summary(), Summary::default());
    }
}
