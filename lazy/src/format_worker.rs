//! The Export dialog's side of the format worker: starts it when the dialog opens (and stops it
//! when it closes), sends a job whenever the board or the request changes, and keeps the
//! answer to the latest job only.

use std::cell::RefCell;
use std::rc::Rc;

use stormlab_board::Editor;
use stormlab_export::Request;
use yew::prelude::*;

use stormlab_export::job::{Done, Job};
use stormlab_ui_common::format_worker::task::{Answer, Task};
use stormlab_ui_common::format_worker::Running;
use stormlab_ui_common::shared::Shared;

/// Starts the worker for the dialog: its answers to the latest job (and only those) go to
/// `answer`.
fn start(
    answer: UseStateSetter<Option<Done>>,
    latest: Rc<RefCell<u32>>,
) -> Result<Running, String> {
    let on_answer = {
        let (answer, latest) = (answer.clone(), latest.clone());
        Callback::from(move |a: Answer<Done>| {
            if let Answer::Export(done) = a {
                if done.id == *latest.borrow() {
                    answer.set(Some(done));
                }
            }
        })
    };
    let on_error = Callback::from(move |()| {
        let id = *latest.borrow();
        answer.set(Some(Done {
            id,
            result: Err("The exporter could not start (offline before it was ever loaded?). Try again once connected.".into()),
            sagas: 0,
        }));
    });
    Running::start(on_answer, on_error)
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
                    r.send(&Task::Export(Box::new(job)));
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
