//! The tasks the page hands to its format worker (the `format-worker` binary), so that the
//! exporters and the text reader live in the worker's wasm instead of the page's and a large
//! board is exported off the main thread. An export job is a board and a request in, the
//! exported text (or why not) and the board's saga count out; a reading is a text board in, the
//! board (or why not) out. Each message is a JSON string.

use serde::{Deserialize, Serialize};
use stormlab_board::Board;
use stormlab_export::{export, Exported, Request};

/// What the worker says once it listens (jobs sent before are lost).
pub const READY: &str = "ready";

/// What the page asks of the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Task {
    /// Export a board.
    Export(Box<Job>),
    /// Read a board file in the text format.
    ReadText(String),
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// To an export job.
    Export(Done),
    /// To a reading: the board, or why it cannot be read.
    ReadText(Result<Board, String>),
}

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

/// Carries out one task, given and answered as JSON.
pub fn run(task: &str) -> String {
    let answer = match serde_json::from_str::<Task>(task) {
        Ok(Task::Export(job)) => Answer::Export(Done {
            id: job.id,
            result: export(&job.board, &job.request),
            sagas: stormlab_export::mermaid::saga_sequences(&job.board).len(),
        }),
        Ok(Task::ReadText(text)) => {
            Answer::ReadText(stormlab_board::file::from_text_file(&text).map_err(|e| e.to_string()))
        }
        Err(e) => Answer::Export(Done {
            // An export job's number if it has one, so the page shows why.
            id: serde_json::from_str::<serde_json::Value>(task)
                .ok()
                .and_then(|v| v.get("Export")?.get("id")?.as_u64())
                .map_or(0, |id| id as u32),
            result: Err(format!("The export could not read its job: {e}.")),
            sagas: 0,
        }),
    };
    serde_json::to_string(&answer).expect("an answer always serializes")
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
        let job = Task::Export(Box::new(Job {
            id: 7,
            board: board.clone(),
            request: request.clone(),
        }));
        let answer = serde_json::from_str(&run(&serde_json::to_string(&job).unwrap()));
        let Ok(Answer::Export(done)) = answer else {
            panic!("not an export's answer: {answer:?}");
        };
        assert_eq!(done.id, 7);
        assert_eq!(done.result, export(&board, &request));
        assert_eq!(done.sagas, 1);
        let broken = serde_json::from_str(&run("{\"Export\": {\"id\": 4, \"board\": 1}}"));
        let Ok(Answer::Export(broken)) = broken else {
            panic!("not an export's answer: {broken:?}");
        };
        assert_eq!(broken.id, 4);
        assert!(broken
            .result
            .unwrap_err()
            .starts_with("The export could not read its job"));
    }

    #[test]
    fn a_text_board_is_read_as_the_page_would_read_it_and_a_bad_one_says_why() {
        let board = example("saga").unwrap().board();
        let text = stormlab_board::text::to_text(&board);
        let read = |text: &str| {
            let task = serde_json::to_string(&Task::ReadText(text.into())).unwrap();
            match serde_json::from_str(&run(&task)) {
                Ok(Answer::ReadText(result)) => result,
                other => panic!("not a reading's answer: {other:?}"),
            }
        };
        assert_eq!(
            read(&text),
            stormlab_board::file::open(&text).map_err(|e| e.to_string())
        );
        assert!(read(&text).is_ok());
        let bad = read("board \"x\"\nsticky nonsense");
        assert!(bad
            .unwrap_err()
            .starts_with("This text board cannot be read."));
    }
}
