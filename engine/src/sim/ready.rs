//! The partitions of one consumer instance that hold messages, as a bitset: finding the next
//! one round robin reads a word per 64 partitions instead of looking at each partition.

/// Positions (in an instance's partition list) whose partition holds messages.
#[derive(Default)]
pub(crate) struct Ready {
    words: Vec<u64>,
}

impl Ready {
    /// An empty set over `len` positions.
    pub fn new(len: usize) -> Ready {
        Ready {
            words: vec![0; len.div_ceil(64)],
        }
    }

    #[inline]
    pub fn insert(&mut self, pos: usize) {
        self.words[pos / 64] |= 1 << (pos % 64);
    }

    #[inline]
    pub fn remove(&mut self, pos: usize) {
        self.words[pos / 64] &= !(1 << (pos % 64));
    }

    /// The first position at or after `from` in the set, wrapping around to the start.
    #[inline]
    pub fn next_from(&self, from: usize) -> Option<usize> {
        let start = from / 64;
        let first = self.words.get(start)? & (!0u64 << (from % 64));
        if first != 0 {
            return Some(start * 64 + first.trailing_zeros() as usize);
        }
        let n = self.words.len();
        (1..=n).find_map(|k| {
            let w = (start + k) % n;
            // Coming back to the start word: only the positions before `from` are left.
            let word = if w == start {
                self.words[w] & !(!0u64 << (from % 64))
            } else {
                self.words[w]
            };
            (word != 0).then(|| w * 64 + word.trailing_zeros() as usize)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_from_goes_round_robin_like_a_scan() {
        for len in [1, 3, 64, 65, 200] {
            let mut ready = Ready::new(len);
            let set: Vec<usize> = (0..len).filter(|p| p % 7 == 3 || *p == len - 1).collect();
            for &p in &set {
                ready.insert(p);
            }
            for from in 0..len {
                let scan = (0..len).map(|k| (from + k) % len).find(|p| set.contains(p));
                assert_eq!(ready.next_from(from), scan, "len {len} from {from}");
            }
            for &p in &set {
                ready.remove(p);
            }
            assert_eq!(ready.next_from(0), None);
        }
    }
}
