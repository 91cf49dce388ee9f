//! An export as a message: the job a page hands to the format worker (a board and a request)
//! and its answer (the file, or why not, and the board's saga count), both serializable so they
//! travel as JSON between the page's threads.

use serde::{Deserialize, Serialize};
use stormlab_board::Board;

use crate::{export, mermaid, Exported, Request};

/// An export the page asks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// Numbers the jobs, so the page keeps only the answer to its latest.
    pub id: u32,
    /// The board as it is.
    pub board: Board,
    /// The format and its options.
    pub request: Request,
}

/// An export's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Done {
    /// The job's number.
    pub id: u32,
    /// The exported file, or why the board cannot be exported so.
    pub result: Result<Exported, String>,
    /// How many sagas the board has (the saga sequence diagram draws one of them).
    pub sagas: usize,
}

impl Job {
    /// Carries out the export.
    pub fn run(&self) -> Done {
        Done {
            id: self.id,
            result: export(&self.board, &self.request),
            sagas: mermaid::saga_sequences(&self.board).len(),
        }
    }
}
