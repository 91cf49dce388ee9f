//! The future-event list, ordered by (time, insertion sequence).
//!
//! Equal times pop in the order they were scheduled, so a run is reproducible bit for bit.
//! Two structures hold the entries:
//! - FIFO lanes, one per constant delay (`push_fixed`): events scheduled with the same delay
//!   after the current time arrive already sorted by (time, sequence), so a lane is a plain
//!   queue. Fixed network hops and fixed service times land here, at O(1) per event.
//! - A binary heap for everything else (random delays, or when all lanes are taken).
//!
//! `pop` takes the smallest (time, sequence) among the lane heads and the heap top, so the
//! order is exactly that of a single priority queue.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

use crate::time::Time;

const LANES: usize = 8;

struct Entry<E> {
    key: u128,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    fn cmp(&self, other: &Self) -> Ordering {
        // BinaryHeap is a max-heap; reverse so the earliest (time, seq) comes out first.
        other.key.cmp(&self.key)
    }
}

/// Scheduled events waiting for their time.
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    /// Lane `i` holds events scheduled `delays[i]` after their scheduling time; `heads[i]` is
    /// the key of its first entry (`u128::MAX` when empty), so finding the earliest head is a
    /// scan of a small array; bit `i` of `active` is set while lane `i` holds entries.
    delays: [Time; LANES],
    heads: [u128; LANES],
    /// The time part of `heads`, compared first (cheaper than the whole key).
    head_times: [Time; LANES],
    lanes: [VecDeque<Entry<E>>; LANES],
    n_lanes: usize,
    active: u32,
    seq: u64,
    /// Time of the last popped event: delays are measured from it.
    now: Time,
    len: usize,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            delays: [0; LANES],
            heads: [u128::MAX; LANES],
            head_times: [Time::MAX; LANES],
            lanes: std::array::from_fn(|_| VecDeque::new()),
            n_lanes: 0,
            active: 0,
            seq: 0,
            now: 0,
            len: 0,
        }
    }
}

#[inline]
fn key(time: Time, seq: u64) -> u128 {
    ((time as u128) << 64) | seq as u128
}

/// "The heap" in `pop_until`'s choice of where the earliest entry is.
const HEAP: usize = LANES;

impl<E> EventQueue<E> {
    /// Schedules `event` at `time`, after everything already scheduled for that time.
    #[inline]
    pub fn push(&mut self, time: Time, event: E) {
        let entry = Entry {
            key: key(time, self.seq),
            event,
        };
        self.seq += 1;
        self.len += 1;
        self.heap.push(entry);
    }

    /// Like [`push`](Self::push), for an event whose delay from the current time is a
    /// constant of the model (a fixed hop or service time): such events arrive in order, so
    /// they queue in a FIFO lane for that delay (when one is free) instead of the heap.
    #[inline]
    pub fn push_fixed(&mut self, time: Time, event: E) {
        if time < self.now {
            return self.push(time, event);
        }
        let delay = time - self.now;
        let lane = match self.delays[..self.n_lanes].iter().position(|&d| d == delay) {
            Some(i) => i,
            None => match (0..self.n_lanes).find(|&i| self.active & (1 << i) == 0) {
                Some(i) => {
                    self.delays[i] = delay;
                    i
                }
                None if self.n_lanes < LANES => {
                    self.delays[self.n_lanes] = delay;
                    self.n_lanes += 1;
                    self.n_lanes - 1
                }
                None => return self.push(time, event),
            },
        };
        let key = key(time, self.seq);
        self.seq += 1;
        self.len += 1;
        if self.active & (1 << lane) == 0 {
            self.heads[lane] = key;
            self.head_times[lane] = time;
            self.active |= 1 << lane;
        }
        self.lanes[lane].push_back(Entry { key, event });
    }

    /// The place (a lane, or [`HEAP`]) and key of the earliest entry; `None` when empty.
    #[inline]
    fn earliest(&self) -> Option<(usize, u128)> {
        let mut best = u128::MAX;
        let mut best_time = Time::MAX;
        let mut place = usize::MAX;
        let mut active = self.active;
        while active != 0 {
            let i = active.trailing_zeros() as usize;
            active &= active - 1;
            let t = self.head_times[i];
            // Times decide; the sequence only breaks ties.
            if t < best_time || (t == best_time && self.heads[i] < best) {
                best_time = t;
                best = self.heads[i];
                place = i;
            }
        }
        if let Some(top) = self.heap.peek() {
            if top.key < best {
                return Some((HEAP, top.key));
            }
        }
        (place != usize::MAX).then_some((place, best))
    }

    /// Takes the earliest event if its time is at most `limit`.
    #[inline]
    pub fn pop_until(&mut self, limit: Time) -> Option<(Time, E)> {
        let (place, key) = self.earliest()?;
        let time = (key >> 64) as Time;
        if time > limit {
            return None;
        }
        let event = if place == HEAP {
            self.heap.pop().expect("the heap's top exists").event
        } else {
            let lane = &mut self.lanes[place];
            let entry = lane.pop_front().expect("an active lane has entries");
            match lane.front() {
                Some(next) => {
                    self.heads[place] = next.key;
                    self.head_times[place] = (next.key >> 64) as Time;
                }
                None => {
                    self.heads[place] = u128::MAX;
                    self.head_times[place] = Time::MAX;
                    self.active &= !(1 << place);
                }
            }
            entry.event
        };
        self.len -= 1;
        self.now = time;
        Some((time, event))
    }

    /// Takes the earliest event, with its time.
    #[inline]
    pub fn pop(&mut self) -> Option<(Time, E)> {
        self.pop_until(Time::MAX)
    }

    /// The time of the earliest event, if any.
    #[inline]
    pub fn peek_time(&self) -> Option<Time> {
        self.earliest().map(|(_, key)| (key >> 64) as Time)
    }

    /// How many events are pending.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing is scheduled.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    fn pops_by_time_then_by_insertion_order() {
        let mut q = EventQueue::default();
        q.push(5, "c");
        q.push(1, "a");
        q.push(5, "d");
        q.push(1, "b");
        q.push(0, "first");
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(
            order,
            vec![(0, "first"), (1, "a"), (1, "b"), (5, "c"), (5, "d")]
        );
        assert!(q.is_empty());
    }

    #[test]
    fn matches_a_plain_sorted_order_under_mixed_fixed_and_random_delays() {
        // Simulate a run: pop one event, schedule a few with fixed or random delays; compare
        // with a reference that sorts by (time, seq).
        let mut rng = Rng::new(5);
        let mut q = EventQueue::default();
        let mut reference = std::collections::BTreeMap::new();
        let mut seq = 0u64;
        let mut push = |q: &mut EventQueue<u64>,
                        r: &mut std::collections::BTreeMap<(Time, u64), u64>,
                        t: Time,
                        fixed: bool| {
            if fixed {
                q.push_fixed(t, seq);
            } else {
                q.push(t, seq);
            }
            r.insert((t, seq), seq);
            seq += 1;
        };
        push(&mut q, &mut reference, 0, false);
        let mut popped = 0;
        while let Some((t, ev)) = q.pop() {
            let ((rt, _), rev) = reference.pop_first().expect("reference has it");
            assert_eq!((t, ev), (rt, rev));
            popped += 1;
            if popped > 20_000 {
                continue;
            }
            for _ in 0..rng.below(3) + usize::from(popped < 100) as u32 {
                let (delay, fixed) = match rng.below(4) {
                    0 => (500, true),
                    1 => (100, true),
                    2 => (rng.below(1000) as Time, false),
                    _ => (rng.below(12) as Time * 7, true),
                };
                push(&mut q, &mut reference, t + delay, fixed);
            }
        }
        assert!(reference.is_empty());
        assert!(popped > 1000, "popped only {popped}");
    }
}
