//! The smallest edit that turns one text into another (one deletion and one insertion between
//! their common start and end), in the UTF-16 units Yjs counts in, so two people typing into
//! one label merge as text rather than one label replacing the other.

/// Where the texts differ: `delete` UTF-16 units at `at` in the old text, then `insert`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Splice {
    /// Offset in UTF-16 units.
    pub at: u32,
    /// How many UTF-16 units to delete.
    pub delete: u32,
    /// What to insert there.
    pub insert: String,
}

fn units(s: &str) -> u32 {
    s.encode_utf16().count() as u32
}

/// The splice from `old` to `new`; `None` when they are equal.
pub fn splice(old: &str, new: &str) -> Option<Splice> {
    if old == new {
        return None;
    }
    let prefix: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
    let suffix: usize = old_rest
        .chars()
        .rev()
        .zip(new_rest.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let removed = &old_rest[..old_rest.len() - suffix];
    let inserted = &new_rest[..new_rest.len() - suffix];
    Some(Splice {
        at: units(&old[..prefix]),
        delete: units(removed),
        insert: inserted.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn apply(old: &str, s: &Splice) -> String {
        let units: Vec<u16> = old.encode_utf16().collect();
        let (at, end) = (s.at as usize, (s.at + s.delete) as usize);
        let mut out = String::from_utf16(&units[..at]).unwrap();
        out.push_str(&s.insert);
        out.push_str(&String::from_utf16(&units[end..]).unwrap());
        out
    }

    #[test]
    fn the_splice_keeps_what_both_share() {
        let s = splice("Order placed", "Order was placed").unwrap();
        assert_eq!((s.at, s.delete, s.insert.as_str()), (6, 0, "was "));
        let s = splice("Pay \u{1f4b3} now", "Pay \u{1f4b6} now").unwrap();
        // The card and the note are two UTF-16 units each.
        assert_eq!((s.at, s.delete), (4, 2));
        assert_eq!(splice("same", "same"), None);
    }

    proptest! {
        #[test]
        fn applying_the_splice_gives_the_new_text(old in "[a-c\u{e9}\u{1f600}]{0,12}", new in "[a-c\u{e9}\u{1f600}]{0,12}") {
            match splice(&old, &new) {
                None => prop_assert_eq!(&old, &new),
                Some(s) => prop_assert_eq!(apply(&old, &s), new),
            }
        }
    }
}
