//! The page's side of the export worker: starts it when the Export dialog opens (and stops it
//! when it closes), sends a job whenever the board or the request changes, and keeps the
//! answer to the latest job only.

use std::cell::RefCell;
use std::rc::Rc;

use stormlab_board::Editor;
use stormlab_export::Request;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::prelude::*;

use super::state::Shared;
use crate::export_job::{Done, Job, READY};

/// The worker's loader, next to the page (trunk builds it from `src/bin/export-worker.rs`).
const LOADER: &str = "./export-worker_loader.js";

/// Whether the worker listens yet, and the latest job waiting for it.
#[derive(Default)]
struct Mailbox {
    ready: bool,
    waiting: Option<String>,
}

/// A started worker with its handlers; dropping it stops the worker.
struct Running {
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
    /// Sends a job now, or once the worker listens (a job sent earlier would be lost).
    fn send(&self, job: String) {
        let mut mailbox = self.mailbox.borrow_mut();
        if mailbox.ready {
            let _ = self.worker.post_message(&JsValue::from_str(&job));
        } else {
            mailbox.waiting = Some(job);
        }
    }
}

fn start(
    answer: UseStateSetter<Option<Done>>,
    latest: Rc<RefCell<u32>>,
) -> Result<Running, String> {
    let worker =
        Worker::new(LOADER).map_err(|_| "This browser cannot start the exporter.".to_string())?;
    let mailbox = Rc::new(RefCell::new(Mailbox::default()));
    let on_message = {
        let (answer, latest, mailbox, worker) = (
            answer.clone(),
            latest.clone(),
            mailbox.clone(),
            worker.clone(),
        );
        Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            let text = e.data().as_string().unwrap_or_default();
            if text == READY {
                let mut mailbox = mailbox.borrow_mut();
                mailbox.ready = true;
                if let Some(job) = mailbox.waiting.take() {
                    let _ = worker.post_message(&JsValue::from_str(&job));
                }
            } else if let Ok(done) = serde_json::from_str::<Done>(&text) {
                if done.id == *latest.borrow() {
                    answer.set(Some(done));
                }
            }
        })
    };
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
        let id = *latest.borrow();
        answer.set(Some(Done {
            id,
            result: Err("The exporter could not start (offline before it was ever loaded?). Try again once connected.".into()),
            sagas: 0,
        }));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Running {
        worker,
        mailbox,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// The export of `editor`'s board for `request`, worked out in the worker: `None` while the
/// job for this board and request is under way (never the answer to an earlier one).
#[hook]
pub fn use_export(editor: &Shared<Editor>, request: &Request) -> Option<Done> {
    let answer = use_state(|| None::<Done>);
    let latest = use_mut_ref(|| 0u32);
    let asked = use_mut_ref(|| None::<(u64, Request)>);
    let running = use_mut_ref(|| None::<Result<Running, String>>);
    let key = (editor.revision, request.clone());
    {
        let (answer, latest, running, editor) = (
            answer.clone(),
            latest.clone(),
            running.clone(),
            editor.clone(),
        );
        let asked = asked.clone();
        use_effect_with(key.clone(), move |(revision, request)| {
            *asked.borrow_mut() = Some((*revision, request.clone()));
            let id = {
                let mut latest = latest.borrow_mut();
                *latest += 1;
                *latest
            };
            let mut running = running.borrow_mut();
            let running = running.get_or_insert_with(|| start(answer.setter(), latest.clone()));
            match running {
                Ok(r) => {
                    let job = Job {
                        id,
                        board: editor.board.clone(),
                        request: request.clone(),
                    };
                    answer.set(None);
                    r.send(serde_json::to_string(&job).expect("a job always serializes"));
                }
                Err(why) => answer.set(Some(Done {
                    id,
                    result: Err(why.clone()),
                    sagas: 0,
                })),
            }
        });
    }
    let current = asked.borrow().as_ref() == Some(&key);
    (*answer)
        .clone()
        .filter(|d| current && d.id == *latest.borrow())
}
