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

/// True when `text` looks like an AsyncAPI document (YAML or JSON with an `asyncapi` key at its
/// top), so an Open can tell a contract to import from a board.
pub fn is_asyncapi(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}');
    if t.trim_start().starts_with('{') {
        // A board's JSON names its kind; a contract's has an `asyncapi` key (read as JSON in
        // the worker, which says so if it is not one).
        return t.contains("\"asyncapi\"") && !t.contains(crate::format::BOARD_KIND);
    }
    t.lines().any(|l| {
        l.starts_with("asyncapi:") || l.starts_with("\"asyncapi\":") || l.starts_with("'asyncapi':")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contract_is_told_from_a_board() {
        assert!(is_asyncapi("# comment\nasyncapi: 3.0.0\ninfo: {}\n"));
        assert!(is_asyncapi("{\"asyncapi\": \"2.6.0\", \"info\": {}}"));
        let board = crate::examples::example("retail").unwrap().board();
        assert!(!is_asyncapi(&crate::format::to_json(&board)));
        assert!(!is_asyncapi(&crate::text::to_text(&board)));
        assert!(!is_asyncapi("notes: asyncapi: 3.0.0"));
    }
}
