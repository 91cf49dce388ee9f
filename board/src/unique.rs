//! Names made unique within one document: `name`, then `name2`, `name3`... handed out in
//! constant time per name however many share a stem (a board may hold thousands of stickies
//! with the same text).

use std::collections::{HashMap, HashSet};

/// Hands out names unique within one document.
#[derive(Debug, Default)]
pub struct Unique {
    used: HashSet<String>,
    /// Per stem, the last number tried.
    next: HashMap<String, u32>,
}

impl Unique {
    /// `name`, or `name`, `sep` and the next free number from 2 (`order-2`) if taken.
    pub fn take(&mut self, name: String, sep: &str) -> String {
        self.take_with(name, |stem, n| format!("{stem}{sep}{n}"))
    }

    /// `name`, or `numbered(name, n)` for the next free `n` from 2 if taken.
    pub fn take_with(&mut self, name: String, numbered: impl Fn(&str, u32) -> String) -> String {
        if self.used.insert(name.clone()) {
            return name;
        }
        let n = self.next.entry(name.clone()).or_insert(1);
        loop {
            *n += 1;
            let candidate = numbered(&name, *n);
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_numbered_from_two_and_never_repeat() {
        let mut u = Unique::default();
        assert_eq!(u.take("a".into(), ""), "a");
        assert_eq!(u.take("a".into(), ""), "a2");
        assert_eq!(u.take("a2".into(), ""), "a22", "a2 was handed out already");
        assert_eq!(u.take("a".into(), ""), "a3");
        assert_eq!(u.take_with("b".into(), |s, n| format!("{s} ({n})")), "b");
        assert_eq!(
            u.take_with("b".into(), |s, n| format!("{s} ({n})")),
            "b (2)"
        );
        let names: HashSet<String> = (0..10_000).map(|_| u.take("c".into(), "-")).collect();
        assert_eq!(names.len(), 10_000);
    }
}
