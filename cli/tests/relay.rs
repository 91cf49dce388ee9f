//! `stormlab relay` hosts rooms that plain Yjs clients (yjs with the y-websocket provider, from
//! npm, pinned in tests/js) share exactly as they share a room of the reference y-websocket
//! server, which the same checks run against; a room kept with `--data` survives the relay
//! being killed; a path that is not a room name is refused.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A server process, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `stormlab relay` on a free port (keeping rooms in `data`), returns it and its URL,
/// read from the first line it prints.
fn relay(data: Option<&PathBuf>) -> (Server, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_stormlab"));
    command.args(["relay", "--port", "0"]);
    if let Some(dir) = data {
        command.arg("--data").arg(dir);
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("stormlab relay starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("ws://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches("/ROOM,")
        .to_string();
    (Server(child), url)
}

/// Starts the reference y-websocket server from npm on a free port.
fn reference_server() -> (Server, String) {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("node")
        .arg("node_modules/@y/websocket-server/src/server.js")
        .current_dir(root().join("tests/js"))
        .env("HOST", "127.0.0.1")
        .env("PORT", port.to_string())
        .stdout(Stdio::null())
        .spawn()
        .expect("node runs the reference server");
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the reference server never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (Server(child), format!("ws://127.0.0.1:{port}"))
}

/// Runs the Yjs clients' script; panics with its words when a check fails.
fn clients(args: &[&str]) {
    let out = Command::new("timeout")
        .arg("60")
        .arg("node")
        .arg("yjs-room.mjs")
        .args(args)
        .current_dir(root().join("tests/js"))
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{:?}: {}{}",
        args,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn yjs_clients_share_a_room_of_our_relay_as_they_do_on_the_reference_server() {
    let (_ours, url) = relay(None);
    clients(&["check", &url]);
    let (_reference, url) = reference_server();
    clients(&["check", &url]);
}

#[test]
fn a_kept_room_survives_the_relay_being_killed() {
    let data = std::env::temp_dir().join(format!("stormlab-rooms-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let (first, url) = relay(Some(&data));
    clients(&["write", &url, "workshop"]);
    drop(first); // SIGKILL: no chance to save anything on the way out
    assert!(data.join("workshop.yjs-updates").is_file());
    let (_second, url) = relay(Some(&data));
    clients(&["read", &url, "workshop"]);
    std::fs::remove_dir_all(&data).unwrap();
}

/// Asks the server at `url` for a WebSocket at `path` by hand; returns the whole reply.
fn handshake(url: &str, path: &str) -> String {
    let address = url.trim_start_matches("ws://");
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let _ = stream.read_to_string(&mut reply);
    reply
}

#[test]
fn a_path_that_is_not_a_room_name_is_refused_with_its_reason() {
    let (_ours, url) = relay(None);
    for path in ["/.hidden", "/a/b", "/"] {
        let reply = handshake(&url, path);
        assert!(reply.starts_with("HTTP/1.1 400"), "{path}: {reply}");
        assert!(
            reply.contains("room"),
            "{path}: the reason is given: {reply}"
        );
    }
}

#[test]
fn a_view_only_link_watches_the_room_and_its_edits_are_refused() {
    let data = std::env::temp_dir().join(format!("stormlab-view-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let (_ours, url) = relay(Some(&data));
    let room = "k3xq8z2mwe7rtp9vbn4hcy6adf";
    let view = stormlab_board::room::view_name(room);
    clients(&["view", &url, room, &view]);
    // A view-only name that stands for no room opens none: refused with the reason.
    let stray = stormlab_board::room::view_name("no-such-room");
    let reply = handshake(&url, &format!("/{stray}"));
    assert!(reply.starts_with("HTTP/1.1 404"), "{reply}");
    assert!(reply.contains("view-only link"), "{reply}");
    std::fs::remove_dir_all(&data).unwrap();
}
