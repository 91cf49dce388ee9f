//! Share links: the whole board, deflated and base64url-encoded, in the URL fragment
//! (`#board=...`), so a static site can share boards without a server.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::document::Board;
use crate::format::{from_json, to_compact_json, LoadError};
use crate::limits::MAX_BYTES;

/// The fragment key.
pub const PARAM: &str = "board=";

/// The fragment (without `#`) that carries `board`.
pub fn encode(board: &Board) -> String {
    let json = to_compact_json(board);
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!("{PARAM}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// True when a URL fragment carries a board.
pub fn has_board(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with(PARAM)
}

/// Reads the board from a fragment (with or without the leading `#`).
pub fn decode(fragment: &str) -> Result<Board, LoadError> {
    let Some(data) = fragment.trim_start_matches('#').strip_prefix(PARAM) else {
        return Err(LoadError("The link carries no board.".into()));
    };
    if data.len() > MAX_BYTES {
        return Err(LoadError(
            "The share link is too long to be a board.".into(),
        ));
    }
    let packed = URL_SAFE_NO_PAD.decode(data.trim_end_matches('=')).map_err(|_| {
        LoadError("The share link is incomplete or damaged: its board data is not valid (was it cut off or edited?).".into())
    })?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_BYTES).map_err(|e| {
        LoadError(if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput {
            format!("The share link's board unpacks to more than {} MB, more than a board may hold.", MAX_BYTES / 1_048_576)
        } else {
            "The share link is incomplete or damaged: its board data does not unpack (was it cut off?).".into()
        })
    })?;
    let text = String::from_utf8(json)
        .map_err(|_| LoadError("The share link's board is not text.".into()))?;
    // The person opened a link, not a file: the reader's words say so.
    from_json(&text).map_err(|e| e.read_from("the share link's board"))
}
