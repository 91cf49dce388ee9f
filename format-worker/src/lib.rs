//! What the format worker does with each task the page sends (see
//! `stormlab_ui_common::format_worker::task`): an export job answered with the exported file,
//! a text board answered with the board or why it cannot be read, AsyncAPI documents with the
//! board imported from them. Given and answered as JSON.

use stormlab_export::job::{Done, Job};
use stormlab_import::Source;
use stormlab_ui_common::format_worker::task::{Answer, Task};

/// The AsyncAPI documents among `files` imported together; a reference to another file is
/// followed to one of `files` by its name (the page has file names, not directories).
fn import(files: &[(String, String)]) -> Result<(Box<stormlab_board::Board>, Vec<String>), String> {
    let sources: Vec<Source> = files
        .iter()
        .filter(|(_, text)| stormlab_import::is_asyncapi(text))
        .map(|(name, text)| Source {
            path: name.clone(),
            text: text.clone(),
        })
        .collect();
    let load = |path: &str| {
        let name = path.rsplit('/').next().unwrap_or(path);
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, text)| text.clone())
            .ok_or_else(|| format!("{name} was not opened with the document (open them together)"))
    };
    stormlab_import::import(&sources, &load).map(|i| (Box::new(i.board), i.review))
}

/// Carries out one task, given and answered as JSON.
pub fn run(task: &str) -> String {
    let answer = match serde_json::from_str::<Task<Job>>(task) {
        Ok(Task::Export(job)) => Answer::Export(job.run()),
        Ok(Task::Import(files)) => Answer::Import(import(&files)),
        Ok(Task::ReadText(text)) => Answer::ReadText(
            stormlab_board::file::from_text_file(&text)
                .map(Box::new)
                .map_err(|e| e.to_string()),
        ),
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
    use stormlab_export::{export, Format, Request};

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
        let answer =
            serde_json::from_str::<Answer<Done>>(&run(&serde_json::to_string(&job).unwrap()));
        let Ok(Answer::Export(done)) = answer else {
            panic!("not an export's answer: {answer:?}");
        };
        assert_eq!(done.id, 7);
        assert_eq!(done.result, export(&board, &request));
        assert_eq!(done.sagas, 1);
        let broken =
            serde_json::from_str::<Answer<Done>>(&run("{\"Export\": {\"id\": 4, \"board\": 1}}"));
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
            let task = serde_json::to_string(&Task::<Job>::ReadText(text.into())).unwrap();
            match serde_json::from_str::<Answer<Done>>(&run(&task)) {
                Ok(Answer::ReadText(result)) => result.map(|b| *b),
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
