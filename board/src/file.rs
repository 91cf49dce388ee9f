//! A board file of either kind, told apart by its first character: the versioned JSON format
//! ([`crate::format`]) or the text format ([`crate::text`]). Above both, so neither needs the
//! other.

use crate::document::Board;
use crate::format::{from_json, LoadError};

/// Reads a board file of either format: JSON (any version) or the text format.
pub fn open(text: &str) -> Result<Board, LoadError> {
    if crate::text::is_text(text) {
        from_text_file(text)
    } else {
        from_json(text)
    }
}

/// Reads a board in the text format, with the message [`open`] gives.
pub fn from_text_file(text: &str) -> Result<Board, LoadError> {
    crate::text::from_text(text)
        .map_err(|e| LoadError(format!("This text board cannot be read. {e}")))
}
