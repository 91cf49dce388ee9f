//! The tasks the page hands to its format worker (the `format-worker` crate), so that the
//! exporters and the text reader live in the worker's wasm instead of the page's and a large
//! board is exported off the main thread. An export job is a board and a request in, the
//! exported text (or why not) and the board's saga count out (their types are the export
//! crate's, `stormlab_export::job`); a reading is a text board in, the board (or why not) out;
//! an import AsyncAPI documents in, the board and what to review (or why not) out.
//! Each message is a JSON string.

use serde::{Deserialize, Serialize};
use stormlab_board::Board;

/// What the worker says once it listens (jobs sent before are lost).
pub const READY: &str = "ready";

/// What the page asks of the worker; `J` is an export job (the exporters' own type, which the
/// page does not link: it only ever asks for a reading).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Task<J> {
    /// Export a board.
    Export(Box<J>),
    /// Read a board file in the text format.
    ReadText(String),
    /// Import AsyncAPI documents (file name, text) into one board.
    Import(Vec<(String, String)>),
}

/// What the worker answers; `D` is an export's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer<D> {
    /// To an export job.
    Export(D),
    /// To a reading: the board, or why it cannot be read.
    ReadText(Result<Box<Board>, String>),
    /// To an import: the board and what to review in it, or why the documents cannot be read.
    Import(Result<(Box<Board>, Vec<String>), String>),
}
