//! Live rooms' names, shared by the relay and the page. A room's name is its secret: whoever
//! has it edits the board. Its view-only name is derived from it one way (SHA-256), so a
//! view-only link lets the audience watch but never leads back to the room's own name, and the
//! relay, which knows the rooms, finds the room a view-only name stands for.

use sha2::{Digest as _, Sha256};

/// What begins every view-only name (a room's own name never does: see [`is_view`]).
pub const VIEW_PREFIX: &str = "view-";

/// The letters of names: no `0`, `1`, `l` or `o`, which read alike.
const ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";

/// The view-only name of the room `room`: `view-` and 26 characters (130 bits) of the SHA-256
/// of the room's name.
pub fn view_name(room: &str) -> String {
    let digest = Sha256::new()
        .chain_update(b"stormlab view-only room\0")
        .chain_update(room.as_bytes())
        .finalize();
    // Five bits a character, read from the digest's bits in order.
    let bits = |i: usize| (digest[i / 8] >> (7 - i % 8)) & 1;
    let letters: String = (0..26)
        .map(|c| {
            let value = (0..5).fold(0usize, |v, b| v << 1 | usize::from(bits(c * 5 + b)));
            ALPHABET[value] as char
        })
        .collect();
    format!("{VIEW_PREFIX}{letters}")
}

/// True when `name` is a view-only name (its connection may watch, not edit).
pub fn is_view(name: &str) -> bool {
    name.starts_with(VIEW_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_name_is_fixed_by_the_room_and_tells_nothing_of_it() {
        let room = "k3xq8z2mwe7rtp9vbn4hcy6adf";
        let view = view_name(room);
        assert_eq!(view, view_name(room), "the same room, the same view");
        assert!(is_view(&view) && !is_view(room));
        assert_eq!(view.len(), VIEW_PREFIX.len() + 26);
        assert!(!view.contains(room));
        assert!(view[VIEW_PREFIX.len()..]
            .bytes()
            .all(|b| ALPHABET.contains(&b)));
        // Rooms one letter apart have unrelated views.
        let other = view_name("k3xq8z2mwe7rtp9vbn4hcy6adg");
        let same = view
            .bytes()
            .zip(other.bytes())
            .filter(|(a, b)| a == b)
            .count();
        assert!(same < VIEW_PREFIX.len() + 8, "{view} {other}");
        // A view of a view is not the view.
        assert_ne!(view_name(&view), view);
    }

    #[test]
    fn the_view_name_is_the_specified_digest() {
        // SHA-256("stormlab view-only room\0workshop") is fd4e44cd... (sha256sum); its bits five
        // at a time pick the letters, so any other implementation can make the same name.
        let view = view_name("workshop");
        assert_eq!(view, EXPECTED_WORKSHOP_VIEW, "{view}");
    }

    const EXPECTED_WORKSHOP_VIEW: &str = "view-9xhejvi9uwzezirnf9i7zk4dqm";
}
