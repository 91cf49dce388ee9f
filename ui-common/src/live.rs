//! A live session's messages between the page (its lazy module) and the live worker
//! (`live-worker/`, which holds the board's Yjs document and the room's WebSocket), and the
//! handle that starts the worker. Each message is a JSON string.

use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use stormlab_board::{Board, ItemId};

pub use crate::lazy_bridge::{Lead, Moving};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::Callback;

/// What the page asks of the live worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToLive {
    /// Join the room `room` of the y-websocket server at `server` (`ws://host:port`) as `name`;
    /// with `seed`, the board fills the room if the room is empty (starting a session).
    Join {
        server: String,
        room: String,
        name: String,
        colour: String,
        seed: Option<Board>,
        /// The page's board's revision now.
        revision: u64,
    },
    /// The page's board at `revision`: after a change made here, or an offered board it took.
    Board { board: Board, revision: u64 },
    /// Take back my last change (never someone else's).
    Undo,
    /// Put back what my last undo took.
    Redo,
    /// Where my pointer is on the board (board units), what I have selected, and what I am
    /// dragging.
    Presence {
        pointer: Option<(f64, f64)>,
        selection: Vec<ItemId>,
        #[serde(default)]
        moving: Option<Moving>,
    },
    /// Lead (the others follow this), or stop leading.
    Lead(Option<Lead>),
    /// Take this colour (someone else had mine first).
    Colour(String),
    /// Leave the room.
    Leave,
}

/// Someone in the room, as the page shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Their Yjs client id.
    pub client: u64,
    /// The name they gave.
    pub name: String,
    /// Their colour (CSS).
    pub colour: String,
    /// True for this page's participant.
    pub me: bool,
    /// Their pointer on the board (board units).
    pub pointer: Option<(f64, f64)>,
    /// What they have selected (this page's ids).
    pub selection: Vec<ItemId>,
    /// What they ask everyone to follow, when they lead.
    #[serde(default)]
    pub lead: Option<Lead>,
    /// What they are dragging.
    #[serde(default)]
    pub moving: Option<Moving>,
}

/// What the live worker tells the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromLive {
    /// The worker listens (messages sent before are lost).
    Ready,
    /// Connected and in step with the room.
    Joined,
    /// The connection is down (why); the worker tries again.
    Disconnected(String),
    /// The board as the room now has it (someone else's change, an undo, the room's board on
    /// joining), made on the page's board of revision `after`: the page takes it only if it is
    /// still at that revision (otherwise a new offer follows its change).
    Board { board: Box<Board>, after: u64 },
    /// Who is in the room.
    People(Vec<Person>),
    /// Something went wrong that the user should hear about.
    Problem(String),
}

/// A message as its JSON text.
pub fn encode<T: Serialize>(message: &T) -> String {
    serde_json::to_string(message).expect("live messages always serialize")
}

/// The colours participants get (readable on the board's paper): everyone starts with the
/// first; whoever finds someone who joined the room's document earlier (a smaller client id)
/// with theirs takes the first colour nobody else has ([`free_colour`]).
pub const COLOURS: [&str; 8] = [
    "#d1242f", "#0969da", "#1a7f37", "#8250df", "#bc4c00", "#0a7a8a", "#bf3989", "#6e7781",
];

/// The colour I should take instead of mine, if someone with a smaller client id has it.
pub fn free_colour(people: &[Person]) -> Option<&'static str> {
    let me = people.iter().find(|p| p.me)?;
    let others = || people.iter().filter(|p| !p.me);
    if !others().any(|p| p.colour == me.colour && p.client < me.client) {
        return None;
    }
    COLOURS
        .iter()
        .copied()
        .find(|c| !others().any(|p| p.colour == *c))
}

/// A colour someone gave, if it is one (`#` and 3 to 8 hex digits); the grey otherwise. A
/// plain Yjs client may write anything there, and it goes into a style attribute.
pub fn safe_colour(colour: &str) -> &str {
    let hex = colour.strip_prefix('#').unwrap_or("");
    if (3..=8).contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        colour
    } else {
        "#6e7781"
    }
}

/// A name as shown by a pointer: at most 24 characters (a plain Yjs client may write a book).
pub fn short_name(name: &str) -> String {
    let name = name.trim();
    let mut short: String = name.chars().take(24).collect();
    if short.len() < name.len() {
        short.push('\u{2026}');
    }
    if short.is_empty() {
        "Guest".into()
    } else {
        short
    }
}

/// A room name nobody will guess: 26 letters and digits from the browser's cryptographic
/// generator (`crypto.getRandomValues`), 130 bits; each byte picks one of 32 characters, so
/// every character is equally likely.
pub fn new_room() -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 26];
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .expect("the browser's cryptographic random numbers");
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

/// The link that joins a live session: the page's address with `#live=` and the room's
/// WebSocket address.
pub fn link(page: &str, server: &str, room: &str) -> String {
    let base = page.split('#').next().unwrap_or(page);
    let address = format!("{}/{room}", server.trim_end_matches('/'));
    format!(
        "{base}#live={}",
        String::from(js_sys::encode_uri_component(&address))
    )
}

/// The view-only link of a room: as [`link`], with the room's view-only name (whoever opens
/// it watches; `stormlab relay` refuses its edits).
pub fn view_link(page: &str, server: &str, room: &str) -> String {
    link(page, server, &stormlab_board::room::view_name(room))
}

/// The server and the room a `#live=` fragment names, or why it names none.
pub fn parse_link(fragment: &str) -> Option<Result<(String, String), String>> {
    let encoded = fragment.trim_start_matches('#').strip_prefix("live=")?;
    let address = js_sys::decode_uri_component(encoded)
        .ok()
        .and_then(|a| a.as_string())
        .unwrap_or_default();
    let problem = || {
        format!("This live-session link is broken: {address:?} is not a room's address (ws://HOST:PORT/ROOM).")
    };
    if !(address.starts_with("ws://") || address.starts_with("wss://")) {
        return Some(Err(problem()));
    }
    let Some((server, room)) = address.rsplit_once('/') else {
        return Some(Err(problem()));
    };
    if room.is_empty()
        || server.ends_with('/')
        || !room
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Some(Err(problem()));
    }
    Some(Ok((server.to_string(), room.to_string())))
}

/// The worker's loader, as the page's list of files it loads later names it.
fn loader() -> Result<String, String> {
    crate::later::file("live-worker-", "_loader.js")
        .ok_or_else(|| "This page names no live worker to start.".to_string())
}

/// A started live worker; dropping it stops the worker (and so leaves the room).
pub struct Running {
    worker: Worker,
    queue: Rc<RefCell<Option<Vec<String>>>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl Running {
    /// Starts the worker; `on_message` hears everything it says.
    pub fn start(on_message: Callback<FromLive>) -> Result<Running, String> {
        let worker = Worker::new(&loader()?)
            .map_err(|_| "This browser cannot start the live worker.".to_string())?;
        // Messages wait until the worker says it listens.
        let queue: Rc<RefCell<Option<Vec<String>>>> = Rc::new(RefCell::new(Some(Vec::new())));
        let heard = {
            let (queue, worker, on_message) = (queue.clone(), worker.clone(), on_message.clone());
            Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
                let text = e.data().as_string().unwrap_or_default();
                match serde_json::from_str::<FromLive>(&text) {
                    Ok(FromLive::Ready) => {
                        for waiting in queue.borrow_mut().take().unwrap_or_default() {
                            let _ = worker.post_message(&JsValue::from_str(&waiting));
                        }
                    }
                    Ok(message) => on_message.emit(message),
                    Err(e) => on_message.emit(FromLive::Problem(format!(
                        "a malformed message from the live worker: {e}"
                    ))),
                }
            })
        };
        let failed = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
            on_message.emit(FromLive::Problem(
                "The live worker could not start (offline before it was ever loaded?).".into(),
            ))
        });
        worker.set_onmessage(Some(heard.as_ref().unchecked_ref()));
        worker.set_onerror(Some(failed.as_ref().unchecked_ref()));
        Ok(Running {
            worker,
            queue,
            _on_message: heard,
            _on_error: failed,
        })
    }

    /// Sends a message now, or once the worker listens.
    pub fn send(&self, message: &ToLive) {
        let text = encode(message);
        let mut queue = self.queue.borrow_mut();
        match queue.as_mut() {
            Some(waiting) => waiting.push(text),
            None => {
                let _ = self.worker.post_message(&JsValue::from_str(&text));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(client: u64, colour: &str, me: bool) -> Person {
        Person {
            client,
            name: format!("p{client}"),
            colour: colour.into(),
            me,
            pointer: None,
            selection: Vec::new(),
            lead: None,
            moving: None,
        }
    }

    #[test]
    fn the_later_of_two_with_one_colour_takes_the_first_free_one() {
        let [a, b] = [COLOURS[0], COLOURS[1]];
        assert_eq!(
            free_colour(&[person(5, a, true), person(3, a, false)]),
            Some(b)
        );
        assert_eq!(
            free_colour(&[person(5, a, false), person(3, a, true)]),
            None
        );
        assert_eq!(
            free_colour(&[person(5, a, true), person(3, b, false)]),
            None
        );
        let mut room: Vec<Person> = (0..8)
            .map(|i| person(i, COLOURS[i as usize], false))
            .collect();
        room.push(person(9, a, true));
        assert_eq!(free_colour(&room), None, "no colour free: keep mine");
    }

    #[test]
    fn only_a_hex_colour_reaches_a_style_and_a_name_stays_short() {
        assert_eq!(safe_colour("#d1242f"), "#d1242f");
        assert_eq!(safe_colour("#abc"), "#abc");
        for bad in [
            "red",
            "#12",
            "#123456789",
            "#d1242f;background:url(x)",
            "",
            "#ggg",
        ] {
            assert_eq!(safe_colour(bad), "#6e7781", "{bad}");
        }
        assert_eq!(short_name("  Ada  "), "Ada");
        assert_eq!(short_name(""), "Guest");
        let long = short_name(&"é".repeat(100));
        assert_eq!(long.chars().count(), 25);
        assert!(long.ends_with('\u{2026}'));
    }
}
