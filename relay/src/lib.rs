//! Hosts live rooms for Stormlab (and any Yjs client): `stormlab relay` serves each room at
//! `ws://HOST:PORT/ROOM` exactly as a y-websocket server does, on yrs (the Rust port of Yjs) and
//! tokio-tungstenite, and keeps each room on disk (with `--data DIR`) so a restart loses
//! nothing. The relay knows nothing of boards: it passes the Yjs protocols on.

mod room;
pub mod store;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::{SinkExt, StreamExt};
use stormlab_board::room as view_name;
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::StatusCode;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Error, Message as Frame};

pub use room::Room;

/// The largest frame a connection may send (a whole board's first sync fits many times over).
pub const MAX_FRAME_BYTES: usize = 16 << 20;

/// The room a request's path names: the path after its `/`, without a query (as y-websocket's
/// server reads it), made of letters, digits, `-`, `_` and `.`, not starting with a dot, at most
/// 100 characters (it is also a file name in the data folder).
pub fn room_of(path: &str) -> Result<String, String> {
    let name = path.strip_prefix('/').unwrap_or(path);
    let name = name.split('?').next().unwrap_or_default();
    let fine = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if name.is_empty() {
        return Err("no room named: connect to ws://HOST:PORT/ROOM".into());
    }
    if name.len() > 100 || name.starts_with('.') || !name.chars().all(fine) {
        return Err(format!(
            "{name:?} is not a room name: use up to 100 letters, digits, '-', '_' or '.', not starting with '.'"
        ));
    }
    Ok(name.to_string())
}

/// The relay: its rooms (opened when someone first joins) and where it keeps them.
pub struct Relay {
    rooms: Mutex<HashMap<String, Arc<Mutex<Room>>>>,
    data: Option<PathBuf>,
    next_peer: AtomicU64,
}

impl Relay {
    /// A relay keeping its rooms in `data` (in memory only without).
    pub fn new(data: Option<PathBuf>) -> Arc<Relay> {
        Arc::new(Relay {
            rooms: Mutex::new(HashMap::new()),
            data,
            next_peer: AtomicU64::new(1),
        })
    }

    /// The room a connection's name stands for and whether it may edit: a room's own name
    /// edits; a view-only name (see `stormlab_board::room`) watches the room it was derived
    /// from, among the rooms open or kept on disk. A view-only name opens no new room.
    fn resolve(&self, name: &str) -> Result<(String, bool), String> {
        if !view_name::is_view(name) {
            return Ok((name.to_string(), true));
        }
        let open: Vec<String> = self
            .rooms
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .keys()
            .cloned()
            .collect();
        let kept = self
            .data
            .as_deref()
            .map(store::rooms_in)
            .unwrap_or_default();
        open.into_iter()
            .chain(kept)
            .find(|room| view_name::view_name(room) == name)
            .map(|room| (room, false))
            .ok_or_else(|| {
                "no live room has this view-only link: has its session ended?".to_string()
            })
    }

    fn room(&self, name: &str) -> Result<Arc<Mutex<Room>>, String> {
        let mut rooms = self.rooms.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(room) = rooms.get(name) {
            return Ok(room.clone());
        }
        let room = match &self.data {
            Some(dir) => Room::on_disk(dir, name)?,
            None => Room::in_memory(),
        };
        let room = Arc::new(Mutex::new(room));
        rooms.insert(name.to_string(), room.clone());
        Ok(room)
    }

    /// Forgets a room nobody is in (it is on disk; in memory only, it is gone).
    fn close_if_empty(&self, name: &str) {
        if self.data.is_none() {
            return; // in memory, the room is all there is: keep it
        }
        let mut rooms = self.rooms.lock().unwrap_or_else(|p| p.into_inner());
        let empty = rooms
            .get(name)
            .is_some_and(|r| r.lock().unwrap_or_else(|p| p.into_inner()).is_empty());
        if empty {
            rooms.remove(name);
        }
    }

    /// Serves connections from `listener` until the task is dropped.
    pub async fn serve(self: Arc<Relay>, listener: TcpListener) {
        loop {
            let Ok((stream, from)) = listener.accept().await else {
                continue;
            };
            let relay = self.clone();
            tokio::spawn(async move {
                if let Err(e) = relay.connection(stream).await {
                    eprintln!("relay: {from}: {e}");
                }
            });
        }
    }

    async fn connection(self: Arc<Relay>, stream: TcpStream) -> Result<(), String> {
        let mut name = Err(String::new());
        let mut editor = false;
        // The callback's type is tungstenite's (its refusal is an HTTP response).
        #[allow(clippy::result_large_err)]
        let check = |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
            name = room_of(request.uri().path());
            let (refused, status) = match &name {
                Ok(asked) => match self.resolve(asked) {
                    Ok(found) => {
                        name = Ok(found.0.clone());
                        editor = found.1;
                        return Ok(response);
                    }
                    Err(e) => (e, StatusCode::NOT_FOUND),
                },
                Err(e) => (e.clone(), StatusCode::BAD_REQUEST),
            };
            let mut refusal = ErrorResponse::new(Some(refused));
            *refusal.status_mut() = status;
            Err(refusal)
        };
        let config = WebSocketConfig::default()
            .max_message_size(Some(MAX_FRAME_BYTES))
            .max_frame_size(Some(MAX_FRAME_BYTES));
        let ws = tokio_tungstenite::accept_hdr_async_with_config(stream, check, Some(config))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
        let name = name?;
        let room = self.room(&name)?;
        let peer = self.next_peer.fetch_add(1, Ordering::Relaxed);
        let (outbox, mut inbox) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
        lock(&room).join(peer, outbox, editor)?;
        let (mut sink, mut stream) = ws.split();
        let result = loop {
            tokio::select! {
                Some(bytes) = inbox.recv() => {
                    if let Err(e) = sink.send(Frame::Binary(bytes.into())).await {
                        break Err(format!("room {name}: {e}"));
                    }
                }
                frame = stream.next() => match frame {
                    Some(Ok(Frame::Binary(bytes))) => {
                        let handled = lock(&room).receive(peer, &bytes);
                        if let Err(e) = handled {
                            let _ = sink.send(Frame::Close(None)).await;
                            break Err(format!("room {name}: {e}"));
                        }
                    }
                    Some(Ok(Frame::Close(_))) | None => break Ok(()),
                    Some(Ok(_)) => {} // pings are answered by tungstenite; text is not ours
                    // A client that goes without a goodbye (a closed laptop) has simply left.
                    Some(Err(Error::Io(_) | Error::ConnectionClosed | Error::AlreadyClosed | Error::Protocol(_))) => break Ok(()),
                    Some(Err(e)) => break Err(format!("room {name}: {e}")),
                },
            }
        };
        lock(&room).leave(peer);
        self.close_if_empty(&name);
        result
    }
}

fn lock(room: &Mutex<Room>) -> std::sync::MutexGuard<'_, Room> {
    room.lock().unwrap_or_else(|p| p.into_inner())
}

/// What `stormlab relay` was asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// The address to listen on (default 127.0.0.1; 0.0.0.0 for the room's network).
    pub host: String,
    /// The port (default 1234, y-websocket's).
    pub port: u16,
    /// Where rooms are kept (none: in memory).
    pub data: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            host: "127.0.0.1".into(),
            port: 1234,
            data: None,
        }
    }
}

/// Runs the relay until Ctrl+C, saying where it listens.
pub fn run(options: Options) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start: {e}"))?;
    runtime.block_on(async move {
        let address = format!("{}:{}", options.host, options.port);
        let listener = TcpListener::bind(&address)
            .await
            .map_err(|e| format!("cannot listen on {address}: {e}"))?;
        let bound: SocketAddr = listener.local_addr().map_err(|e| e.to_string())?;
        let kept = match &options.data {
            Some(dir) => format!("kept in {}", dir.display()),
            None => "in memory only (give --data DIR to keep them)".into(),
        };
        // The first line says where: scripts and tests read the port from it.
        println!("stormlab relay: rooms at ws://{bound}/ROOM, {kept}");
        let relay = Relay::new(options.data);
        tokio::select! {
            () = relay.serve(listener) => Ok(()),
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_room_is_the_path_without_its_slash_and_query() {
        assert_eq!(room_of("/workshop-7").unwrap(), "workshop-7");
        assert_eq!(room_of("/a.b_c?token=1").unwrap(), "a.b_c");
        for bad in [
            "/",
            "/../etc",
            "/.hidden",
            "/a/b",
            "/spaces here",
            "/caf\u{e9}",
        ] {
            assert!(room_of(bad).is_err(), "{bad}");
        }
        assert!(room_of(&format!("/{}", "a".repeat(101))).is_err());
    }
}
