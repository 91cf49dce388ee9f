//! Typed ids, so a sticky id cannot be passed where a link id is expected.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

id_type!(
    /// A sticky note.
    StickyId,
    "s"
);
id_type!(
    /// A bounded-context frame.
    ContextId,
    "c"
);
id_type!(
    /// A connection between two stickies.
    LinkId,
    "l"
);

/// Anything on the board that can be selected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum ItemId {
    /// A sticky.
    Sticky(StickyId),
    /// A context frame.
    Context(ContextId),
    /// A link.
    Link(LinkId),
}

impl std::fmt::Display for ItemId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ItemId::Sticky(id) => id.fmt(f),
            ItemId::Context(id) => id.fmt(f),
            ItemId::Link(id) => id.fmt(f),
        }
    }
}

impl std::str::FromStr for ItemId {
    type Err = ();

    /// Parses `s12`, `c3` or `l7` (the form used in the page's `data-item` attributes).
    fn from_str(s: &str) -> Result<ItemId, ()> {
        let (prefix, n) = s.split_at(1.min(s.len()));
        let n: u32 = n.parse().map_err(|_| ())?;
        match prefix {
            "s" => Ok(ItemId::Sticky(StickyId(n))),
            "c" => Ok(ItemId::Context(ContextId(n))),
            "l" => Ok(ItemId::Link(LinkId(n))),
            _ => Err(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_ids_round_trip_through_text() {
        for id in [
            ItemId::Sticky(StickyId(4)),
            ItemId::Context(ContextId(0)),
            ItemId::Link(LinkId(99)),
        ] {
            assert_eq!(id.to_string().parse::<ItemId>(), Ok(id));
        }
        assert!("x1".parse::<ItemId>().is_err());
        assert!("s".parse::<ItemId>().is_err());
        assert!("".parse::<ItemId>().is_err());
    }
}
