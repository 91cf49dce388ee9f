//! A minimal static file server on loopback that serves `dist/` under a chosen URL prefix.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

/// A running server; it lives until the test process ends.
pub struct StaticServer {
    /// Base URL of the site, ending in `/`, for example `http://127.0.0.1:40123/stormlab/`.
    pub url: String,
    /// When set, connections are closed unanswered: the site is unreachable.
    down: Arc<AtomicBool>,
    /// How long browsers may keep what is served, in seconds (0: not at all).
    keep_for: Arc<AtomicU32>,
    /// The path of every request answered, in order.
    asked: Arc<Mutex<Vec<String>>>,
}

impl StaticServer {
    /// Serves `root` at `prefix` (which starts and ends with `/`) on an ephemeral loopback port.
    pub fn start(root: &Path, prefix: &str) -> StaticServer {
        assert!(
            root.join("index.html").is_file(),
            "{} has no index.html: build the site first (trunk build --release)",
            root.display()
        );
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().unwrap().port();
        let root = root.to_path_buf();
        let prefix_owned = prefix.to_string();
        let down = Arc::new(AtomicBool::new(false));
        let refuse = down.clone();
        let keep_for = Arc::new(AtomicU32::new(0));
        let keep = keep_for.clone();
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if refuse.load(Ordering::SeqCst) {
                    drop(stream);
                    continue;
                }
                let root = root.clone();
                let prefix = prefix_owned.clone();
                let seconds = keep.load(Ordering::SeqCst);
                let log = log.clone();
                thread::spawn(move || serve(stream, &root, &prefix, seconds, &log));
            }
        });
        StaticServer {
            url: format!("http://127.0.0.1:{port}{prefix}"),
            down,
            keep_for,
            asked,
        }
    }

    /// Takes the site off the network (or puts it back).
    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }

    /// How many requests so far asked for a path ending in `file`.
    pub fn served(&self, file: &str) -> usize {
        let asked = self.asked.lock().unwrap();
        asked.iter().filter(|path| path.ends_with(file)).count()
    }

    /// Lets browsers keep what is served for `seconds` from now on, as many static hosts do
    /// (by default nothing may be kept).
    pub fn keep_for(&self, seconds: u32) {
        self.keep_for.store(seconds, Ordering::SeqCst);
    }
}

fn serve(stream: TcpStream, root: &Path, prefix: &str, keep_for: u32, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Read the headers (only Accept-Encoding matters); the request body (if any) is ignored.
    let mut line = String::new();
    let mut gzip_ok = false;
    while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("accept-encoding:") && lower.contains("gzip") {
            gzip_ok = true;
        }
        line.clear();
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    log.lock().unwrap().push(path.to_string());
    let response = match resolve(root, prefix, path) {
        Some(file) => match std::fs::read(&file) {
            Ok(body) => (200, content_type(&file), body),
            Err(_) => (404, "text/plain", b"not found".to_vec()),
        },
        None => (404, "text/plain", b"not found".to_vec()),
    };
    let (status, mime, mut body) = response;
    // Compressed as a static host would serve it, so the first-load figures are realistic.
    let mut encoding = "";
    if gzip_ok && status == 200 && mime != "image/png" {
        body = gzip(&body);
        encoding = "Content-Encoding: gzip\r\n";
    }
    let mut out = stream;
    let cache = match keep_for {
        0 => "no-store".to_string(),
        seconds => format!("max-age={seconds}"),
    };
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {mime}\r\n{encoding}Content-Length: {}\r\nCache-Control: {cache}\r\nConnection: close\r\n\r\n",
        if status == 200 { "OK" } else { "Not Found" },
        body.len()
    );
    let _ = out.write_all(head.as_bytes());
    let _ = out.write_all(&body);
}

fn gzip(body: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(body).expect("gzip in memory");
    encoder.finish().expect("gzip in memory")
}

fn resolve(root: &Path, prefix: &str, path: &str) -> Option<PathBuf> {
    let rest = path.strip_prefix(prefix)?;
    if rest.split('/').any(|part| part == "..") {
        return None;
    }
    let file = if rest.is_empty() {
        root.join("index.html")
    } else {
        root.join(rest)
    };
    file.is_file().then_some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}
