//! Entry point of the live worker (a Web Worker the page starts for a live session): holds
//! the participant's session (the board's Yjs document, see `stormlab_live::Session`) and the
//! room's WebSocket, carries frames between them, and tells the page what it should show.

use std::cell::RefCell;
use std::rc::Rc;

use stormlab_live::{Effect, Session};
use stormlab_ui_common::live::{encode, FromLive, Moving, Person, ToLive};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BinaryType, CloseEvent, DedicatedWorkerGlobalScope, MessageEvent, WebSocket};

/// After a dropped connection, how long to wait before trying again (ms).
const RETRY_MS: i32 = 1500;

fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// The worker's state: the session and its connection.
#[derive(Default)]
struct Live {
    session: Option<Session>,
    socket: Option<WebSocket>,
    address: String,
    leaving: bool,
    /// Frames that arrived and wait to be handled together (see [`take_frames`]).
    inbox: Vec<Vec<u8>>,
    /// Who is here is to be told once the current wait ends (see [`tell_people_soon`]).
    people_due: bool,
}

/// The most often who is here (pointers, selections) is told to the page: 30 times a second.
const PEOPLE_MS: i32 = 33;

type Shared = Rc<RefCell<Live>>;

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn tell(message: &FromLive) {
    let _ = scope().post_message(&JsValue::from_str(&encode(message)));
}

/// Does what the session asked: frames to the room, news to the page.
fn carry(live: &Shared, effects: Vec<Effect>) {
    let mut people = false;
    for effect in effects {
        match effect {
            Effect::Send(frame) => {
                if let Some(socket) = &live.borrow().socket {
                    if socket.ready_state() == WebSocket::OPEN {
                        let _ = socket.send_with_u8_array(&frame);
                    }
                }
            }
            Effect::Board { board, after } => tell(&FromLive::Board { board, after }),
            Effect::Joined => tell(&FromLive::Joined),
            Effect::People => people = true,
            Effect::Problem(text) => tell(&FromLive::Problem(text)),
        }
    }
    if people {
        tell_people_soon(live);
    }
}

/// Tells the page who is here at most every [`PEOPLE_MS`]: twenty pointers moving at 30 Hz
/// each make 600 awareness updates a second, more than a page should redraw for.
fn tell_people_soon(live: &Shared) {
    if std::mem::replace(&mut live.borrow_mut().people_due, true) {
        return;
    }
    let again = live.clone();
    let later = Closure::once_into_js(move || {
        again.borrow_mut().people_due = false;
        tell_people(&again);
    });
    let _ = scope()
        .set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), PEOPLE_MS);
}

/// Tells the page who is here now.
fn tell_people(live: &Shared) {
    let list = live
        .borrow()
        .session
        .as_ref()
        .map(|s| s.people())
        .unwrap_or_default();
    let list = list
        .into_iter()
        .map(|p| Person {
            client: p.client,
            name: p.name,
            colour: p.colour,
            me: p.me,
            pointer: p.pointer,
            selection: p.selection,
            lead: p.lead.and_then(|l| serde_json::from_value(l).ok()),
            moving: p.moving.map(|(items, dx, dy)| Moving { items, dx, dy }),
        })
        .collect();
    tell(&FromLive::People(list));
}

/// Handles every frame waiting in the inbox, together (a busy room's frames come in bursts;
/// reading a large board for each would fall behind).
fn take_frames(live: &Shared) {
    let effects = {
        let mut l = live.borrow_mut();
        let frames = std::mem::take(&mut l.inbox);
        l.session
            .as_mut()
            .map(|s| s.frames(frames.iter().map(Vec::as_slice)))
            .unwrap_or_default()
    };
    carry(live, effects);
}

/// Opens the room's WebSocket (again, after a drop).
fn connect(live: &Shared) {
    let address = live.borrow().address.clone();
    let socket = match WebSocket::new(&address) {
        Ok(s) => s,
        Err(_) => {
            tell(&FromLive::Problem(format!(
                "{address} is not an address a browser can connect to."
            )));
            return;
        }
    };
    socket.set_binary_type(BinaryType::Arraybuffer);
    let on_open = {
        let live = live.clone();
        Closure::<dyn Fn()>::new(move || {
            let effects = live
                .borrow_mut()
                .session
                .as_mut()
                .map(|s| s.opened())
                .unwrap_or_default();
            carry(&live, effects);
        })
    };
    let on_message = {
        let live = live.clone();
        Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            let Ok(buffer) = e.data().dyn_into::<js_sys::ArrayBuffer>() else {
                return;
            };
            let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
            let first = {
                let mut l = live.borrow_mut();
                l.inbox.push(bytes);
                l.inbox.len() == 1
            };
            if first {
                // Frames already queued behind this one arrive before the timeout fires: all of
                // them are handled together, and the board is read once.
                let again = live.clone();
                let later = Closure::once_into_js(move || take_frames(&again));
                let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(
                    later.unchecked_ref(),
                    0,
                );
            }
        })
    };
    let on_close = {
        let live = live.clone();
        Closure::<dyn Fn(CloseEvent)>::new(move |e: CloseEvent| {
            if live.borrow().leaving {
                return;
            }
            let why = if e.reason().is_empty() {
                format!("the connection to {} closed", live.borrow().address)
            } else {
                e.reason()
            };
            tell(&FromLive::Disconnected(why));
            // A session that reconnects starts its sync again (what it changed offline goes
            // with its answer to the room's state vector).
            let again = live.clone();
            let retry = Closure::once_into_js(move || connect(&again));
            let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(
                retry.unchecked_ref(),
                RETRY_MS,
            );
        })
    };
    socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    // The handlers live as long as the socket (the worker ends with the session).
    on_open.forget();
    on_message.forget();
    on_close.forget();
    live.borrow_mut().socket = Some(socket);
}

fn handle(live: &Shared, message: ToLive) {
    let effects = match message {
        ToLive::Join {
            server,
            room,
            name,
            colour,
            seed,
            revision,
        } => {
            let client = (js_sys::Math::random() * 2f64.powi(52)) as u64 + 1;
            {
                let mut l = live.borrow_mut();
                l.session = Some(Session::new(client, &name, &colour, seed, revision, now));
                l.address = format!("{}/{room}", server.trim_end_matches('/'));
            }
            connect(live);
            Vec::new()
        }
        ToLive::Board { board, revision } => live
            .borrow_mut()
            .session
            .as_mut()
            .map(|s| s.local(&board, revision))
            .unwrap_or_default(),
        ToLive::Undo => live
            .borrow_mut()
            .session
            .as_mut()
            .map(|s| s.undo(true))
            .unwrap_or_default(),
        ToLive::Redo => live
            .borrow_mut()
            .session
            .as_mut()
            .map(|s| s.undo(false))
            .unwrap_or_default(),
        ToLive::Presence {
            pointer,
            selection,
            moving,
        } => live
            .borrow_mut()
            .session
            .as_mut()
            .map(|s| s.presence(pointer, &selection, moving.map(|m| (m.items, m.dx, m.dy))))
            .unwrap_or_default(),
        ToLive::Colour(colour) => live
            .borrow_mut()
            .session
            .as_mut()
            .map(|s| s.recolour(&colour))
            .unwrap_or_default(),
        ToLive::Lead(lead) => {
            let lead = lead.and_then(|l| serde_json::to_value(l).ok());
            live.borrow_mut()
                .session
                .as_mut()
                .map(|s| s.lead(lead))
                .unwrap_or_default()
        }
        ToLive::Leave => {
            let effects = live
                .borrow_mut()
                .session
                .as_mut()
                .map(|s| s.leave())
                .unwrap_or_default();
            carry(live, effects);
            let mut l = live.borrow_mut();
            l.leaving = true;
            if let Some(socket) = l.socket.take() {
                let _ = socket.close();
            }
            Vec::new()
        }
    };
    carry(live, effects);
}

fn main() {
    let live: Shared = Rc::new(RefCell::new(Live::default()));
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let text = e.data().as_string().unwrap_or_default();
        match serde_json::from_str::<ToLive>(&text) {
            Ok(message) => handle(&live, message),
            Err(e) => tell(&FromLive::Problem(format!(
                "a malformed message to the live worker: {e}"
            ))),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    tell(&FromLive::Ready);
}
