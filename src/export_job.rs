//! The export job the page hands to its Web Worker (the `export-worker` binary), so that the
//! exporters live in the worker's wasm instead of the page's and a large board is exported off
//! the main thread: a board and a request in, the exported text (or why not) and the board's
//! saga count out, each message a JSON string.

use serde::{Deserialize, Serialize};
use stormlab_board::Board;
use stormlab_export::{export, Exported, Request};

/// What the worker says once it listens (jobs sent before are lost).
pub const READY: &str = "ready";

/// What the page asks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// Numbers the jobs, so the page keeps only the answer to its latest.
    pub id: u32,
    /// The board as it is.
    pub board: Board,
    /// The format and its options.
    pub request: Request,
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Done {
    /// The job's number.
    pub id: u32,
    /// The exported file, or why the board cannot be exported so.
    pub result: Result<Exported, String>,
    /// How many sagas the board has (the saga sequence diagram draws one of them).
    pub sagas: usize,
}

/// Runs one job, given and answered as JSON.
pub fn run(job: &str) -> String {
    let done = match serde_json::from_str::<Job>(job) {
        Ok(job) => Done {
            id: job.id,
            result: export(&job.board, &job.request),
            sagas: stormlab_export::mermaid::saga_sequences(&job.board).len(),
        },
        Err(e) => Done {
            // The job's number if it has one, so the page shows why.
            id: serde_json::from_str::<serde_json::Value>(job)
                .ok()
                .and_then(|v| v.get("id")?.as_u64())
                .map_or(0, |id| id as u32),
            result: Err(format!("The export could not read its job: {e}.")),
            sagas: 0,
        },
    };
    serde_json::to_string(&done).expect("an answer always serializes")
}

#[cfg(test)]
mod tests {
    use stormlab_board::examples::example;
    use stormlab_export::Format;

    use super::*;

    #[test]
    fn a_job_travels_as_json_and_answers_what_export_gives() {
        let board = example("saga").unwrap().board();
        let request = Request::new(Format::MermaidSaga);
        let job = Job {
            id: 7,
            board: board.clone(),
            request: request.clone(),
        };
        let done: Done = serde_json::from_str(&run(&serde_json::to_string(&job).unwrap())).unwrap();
        assert_eq!(done.id, 7);
        assert_eq!(done.result, export(&board, &request));
        assert_eq!(done.sagas, 1);
        let broken: Done = serde_json::from_str(&run("{\"id\": 1")).unwrap();
        assert!(broken
            .result
            .unwrap_err()
            .starts_with("The export could not read its job"));
    }
}
