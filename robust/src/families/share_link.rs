//! Share links: example links cut at any length and flipped, hostile boards packed as links,
//! deflate bombs, and noise; what opens must keep the board file's promises.

use std::sync::OnceLock;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use stormlab_board::examples::EXAMPLES;
use stormlab_board::format::to_compact_json;
use stormlab_board::share;
use stormlab_engine::rng::Rng;

use super::{board_file, Outcome};
use crate::mutate::{between, pick};

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Packs any bytes as a link, as the app would pack a board.
pub fn pack(bytes: &[u8]) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(bytes, 6);
    format!("{}{}", share::PARAM, URL_SAFE_NO_PAD.encode(packed))
}

/// Links that unpack to far more than they weigh; built once.
fn bombs() -> &'static [String] {
    static BOMBS: OnceLock<Vec<String>> = OnceLock::new();
    BOMBS.get_or_init(|| {
        let board = to_compact_json(&EXAMPLES[0].board());
        let padded = |n: usize| format!("{board}{}", " ".repeat(n));
        let mut nested = "[".repeat(4_000_000);
        nested.push_str(&"]".repeat(1_000_000));
        let mut long_label = to_compact_json(&EXAMPLES[1].board());
        long_label = long_label.replacen(
            "\"label\":\"",
            &format!("\"label\":\"{}", "W".repeat(4_900_000)),
            1,
        );
        vec![
            pack(&vec![b' '; 64 << 20]),
            pack(&vec![0u8; 32 << 20]),
            pack(padded(5 * 1024 * 1024 - board.len()).as_bytes()),
            pack(padded(5 * 1024 * 1024 - board.len() + 1).as_bytes()),
            pack(padded(20 << 20).as_bytes()),
            pack(nested.as_bytes()),
            pack(long_label.as_bytes()),
            pack(&[0xff, 0xfe, 0x00, 0x80].repeat(1 << 20)),
        ]
    })
}

fn example_link(rng: &mut Rng) -> String {
    share::encode(&pick(rng, EXAMPLES).board())
}

/// A hostile link.
pub fn generate(rng: &mut Rng) -> String {
    let mut link = match rng.below(10) {
        0..=3 => pack(board_file::mutated_json(rng).as_bytes()),
        4..=6 => example_link(rng),
        7 => pick(rng, bombs()).clone(),
        _ => {
            let n = between(rng, 0, 3_000) as usize;
            let noise: String = (0..n).map(|_| *pick(rng, ALPHABET) as char).collect();
            format!(
                "{}{noise}",
                pick(rng, &["board=", "#board=", "", "board", "#"])
            )
        }
    };
    if rng.chance(0.5) {
        damage(rng, &mut link);
    }
    link
}

/// Cuts the link, flips, swaps or inserts characters, or pads it.
fn damage(rng: &mut Rng, link: &mut String) {
    let len = link.len().max(1);
    let at = rng.below(len as u32) as usize;
    match rng.below(6) {
        0 => link.truncate(at),
        1 => link.replace_range(
            at..(at + 1).min(link.len()),
            &(*pick(rng, ALPHABET) as char).to_string(),
        ),
        2 => {
            const PIECES: [&str; 8] = ["%20", "=", "==", "+", "/", " ", "é", "\n"];
            let piece = *pick(rng, &PIECES);
            link.insert_str(at, piece)
        }
        3 => link.push_str(&"A".repeat(between(rng, 1, 100) as usize)),
        4 => link.replace_range(..link.len().min(7), "board="),
        _ => link.truncate(share::PARAM.len() + at % 24),
    }
}

/// Opens the link; what opens must keep the board file's promises.
pub fn check(link: &str) -> Outcome {
    match share::decode(link) {
        Err(e) => Outcome::refused(e.0),
        Ok(board) => board_file::round_trip(&board),
    }
}
