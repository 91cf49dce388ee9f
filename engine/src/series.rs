//! Time series sampled at a fixed spacing, in constant memory: when full, every other point is
//! dropped and the spacing doubles.

use serde::Serialize;

use crate::time::Time;

/// One sample of a subscription.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SubPoint {
    /// Sample time.
    pub t: Time,
    /// Messages handled so far (cumulative).
    pub processed: u64,
    /// Consumer lag: messages published to the subscription and not yet settled.
    pub lag: u64,
    /// Messages waiting in the broker (not yet delivered or fetched).
    pub queued: u64,
    /// Messages in the dead-letter queue.
    pub dlq: u64,
    /// Retries so far (cumulative).
    pub retries: u64,
    /// Callbacks to the producer so far (cumulative).
    pub callbacks: u64,
    /// Failed callbacks so far (cumulative).
    pub callback_failures: u64,
    /// Duplicate deliveries so far (cumulative).
    pub duplicates: u64,
    /// Stale read-model reads so far (cumulative).
    pub stale_reads: u64,
    /// Mean end-to-end latency of messages handled since the previous sample.
    pub latency_mean_us: f64,
    /// Median of the same.
    pub latency_p50_us: Time,
    /// 95th percentile of the same.
    pub latency_p95_us: Time,
    /// 99th percentile of the same.
    pub latency_p99_us: Time,
}

/// One sample of the whole system.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GlobalPoint {
    /// Sample time.
    pub t: Time,
    /// Engine events processed so far.
    pub events: u64,
    /// Events committed by producers so far.
    pub committed: u64,
    /// Events accepted by the broker so far.
    pub published: u64,
    /// Events lost so far.
    pub lost: u64,
    /// Sagas committed so far.
    pub sagas_committed: u64,
    /// Sagas rolled back so far.
    pub sagas_rolled_back: u64,
    /// Sagas started and not yet finished.
    pub sagas_in_progress: u64,
}

/// Sampling clock plus the stored points.
pub(crate) struct Series {
    pub interval: Time,
    pub next_at: Time,
    capacity: usize,
    pub global: Vec<GlobalPoint>,
    pub subs: Vec<Vec<SubPoint>>,
    /// Per saga, its messages as a subscription's: handled so far and latency.
    pub sagas: Vec<Vec<SubPoint>>,
}

impl Series {
    pub fn new(interval: Time, capacity: usize, n_subs: usize, n_sagas: usize) -> Series {
        Series {
            interval: interval.max(1),
            next_at: 0,
            capacity: capacity.max(2),
            global: Vec::new(),
            subs: vec![Vec::new(); n_subs],
            sagas: vec![Vec::new(); n_sagas],
        }
    }

    /// Makes room for one more point, thinning when full.
    pub fn make_room(&mut self) {
        if self.global.len() < self.capacity {
            return;
        }
        fn thin<T: Clone>(v: &mut Vec<T>) {
            let kept: Vec<T> = v.iter().step_by(2).cloned().collect();
            *v = kept;
        }
        thin(&mut self.global);
        self.subs.iter_mut().for_each(thin);
        self.sagas.iter_mut().for_each(thin);
        self.interval *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinning_keeps_memory_bounded_and_doubles_the_spacing() {
        let mut s = Series::new(10, 4, 1, 0);
        for i in 0..20 {
            s.make_room();
            s.global.push(GlobalPoint {
                t: i,
                ..Default::default()
            });
            s.subs[0].push(SubPoint {
                t: i,
                ..Default::default()
            });
            assert!(s.global.len() <= 4);
        }
        assert!(s.interval > 10);
        assert_eq!(s.global.len(), s.subs[0].len());
    }
}
