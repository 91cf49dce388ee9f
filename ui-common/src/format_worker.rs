//! The page's handle on the format worker (`format-worker/`, its tasks in
//! [`task`]): starts it, sends a task once it listens, hands each answer on, and
//! stops it when dropped. The Export dialog keeps one while it is open; opening a file in the
//! text format starts one for that reading.

pub mod task;

use std::cell::RefCell;
use std::rc::Rc;

use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Serialize;
use stormlab_board::Board;
use task::{Answer, Task, READY};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::Callback;

/// The worker's loader, next to the page, as the page's list of the files it loads later names
/// it (trunk builds it from `format-worker/`; the build gives it a content hash in its name).
fn loader() -> Result<String, String> {
    crate::later::file("format-worker-", "_loader.js")
        .ok_or_else(|| "This page names no format worker to start.".to_string())
}

/// Whether the worker listens yet, and the latest task waiting for it.
#[derive(Default)]
struct Mailbox {
    ready: bool,
    waiting: Option<String>,
}

/// A started worker with its handlers; dropping it stops the worker.
pub struct Running {
    worker: Worker,
    mailbox: Rc<RefCell<Mailbox>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl Running {
    /// Starts the worker: `on_answer` gets each answer it gives, `on_error` hears if it cannot
    /// run (offline before it was ever loaded, for one).
    pub fn start<D: DeserializeOwned + 'static>(
        on_answer: Callback<Answer<D>>,
        on_error: Callback<()>,
    ) -> Result<Running, String> {
        let worker = Worker::new(&loader()?)
            .map_err(|_| "This browser cannot start the format worker.".to_string())?;
        let mailbox = Rc::new(RefCell::new(Mailbox::default()));
        let on_message = {
            let (mailbox, worker) = (mailbox.clone(), worker.clone());
            Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
                let text = e.data().as_string().unwrap_or_default();
                if text == READY {
                    let mut mailbox = mailbox.borrow_mut();
                    mailbox.ready = true;
                    if let Some(task) = mailbox.waiting.take() {
                        let _ = worker.post_message(&JsValue::from_str(&task));
                    }
                } else if let Ok(answer) = serde_json::from_str::<Answer<D>>(&text) {
                    on_answer.emit(answer);
                }
            })
        };
        let on_error =
            Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| on_error.emit(()));
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Running {
            worker,
            mailbox,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends a task now, or once the worker listens (a task sent earlier would be lost).
    pub fn send<J: Serialize>(&self, task: &Task<J>) {
        let task = serde_json::to_string(task).expect("a task always serializes");
        let mut mailbox = self.mailbox.borrow_mut();
        if mailbox.ready {
            let _ = self.worker.post_message(&JsValue::from_str(&task));
        } else {
            mailbox.waiting = Some(task);
        }
    }
}

thread_local! {
    /// The worker reading a text board (one reading at a time: a new one stops the last).
    static READING: RefCell<Option<Running>> = const { RefCell::new(None) };
}

/// Reads a board in the text format in the worker (the page's wasm has no text reader): `done`
/// gets the board or why it cannot be read; the worker stops once it has answered.
pub fn read_text(text: String, done: Callback<Result<Board, String>>) {
    read_in_worker(
        Task::ReadText(text),
        done.reform(|r: Result<(Board, Vec<String>), String>| r.map(|(b, _)| b)),
    );
}

/// Imports AsyncAPI documents (file name, text) in the worker: `done` gets the board and what
/// to review in it, or why the documents cannot be read.
pub fn import(files: Vec<(String, String)>, done: Callback<Result<(Board, Vec<String>), String>>) {
    read_in_worker(Task::Import(files), done);
}

fn read_in_worker(task: Task<()>, done: Callback<Result<(Board, Vec<String>), String>>) {
    let (answered, failed) = (done.clone(), done.clone());
    let on_answer = Callback::from(move |answer: Answer<IgnoredAny>| {
        let result = match answer {
            Answer::ReadText(result) => result.map(|b| (*b, Vec::new())),
            Answer::Import(result) => result.map(|(b, review)| (*b, review)),
            Answer::Export(_) => return,
        };
        stop_reading();
        answered.emit(result);
    });
    let on_error = Callback::from(move |()| {
        stop_reading();
        failed.emit(Err("The reader could not start (offline before it was ever loaded?); try again once connected.".into()));
    });
    match Running::start(on_answer, on_error) {
        Ok(running) => {
            running.send(&task);
            // Replacing the last reading stops its worker.
            READING.with(|slot| *slot.borrow_mut() = Some(running));
        }
        Err(why) => done.emit(Err(why)),
    }
}

/// Stops the reading worker (its handlers stay until the next reading replaces them, since
/// one of them is running now).
fn stop_reading() {
    READING.with(|slot| {
        if let Some(running) = &*slot.borrow() {
            running.worker.terminate();
        }
    });
}
