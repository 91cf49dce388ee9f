//! A small WebDriver client: starts a browser's driver (chromedriver for headless Chromium, and
//! for the smoke path geckodriver for Firefox and WebKitWebDriver for WebKitGTK), opens a session
//! and offers the few commands the tests need (navigate, run script, wait, click, type,
//! screenshot, logs). Only W3C WebDriver commands, but for Chromium's logs and DevTools calls.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};

/// How long a `wait_until` condition may take before the test fails.
const WAIT: Duration = Duration::from_secs(30);

/// A browser engine the tests drive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Chromium (Blink), through chromedriver: every test.
    Chromium,
    /// Firefox ESR (Gecko), through geckodriver: the smoke path.
    Firefox,
    /// WebKitGTK's MiniBrowser (WebKit, Safari's engine), through WebKitWebDriver: the smoke
    /// path.
    WebKit,
}

/// One driver process with one browser session; both end when this is dropped.
pub struct Browser {
    agent: ureq::Agent,
    session_url: String,
    driver: Child,
    engine: Engine,
    /// The virtual X server WebKitGTK draws on (it has no headless mode).
    display: Option<Child>,
}

/// Starts a virtual X server (Xvfb) on a free display; returns it and the display's name.
fn virtual_display() -> (Child, String) {
    use std::io::{BufRead, BufReader};
    let mut xvfb = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1920x1200x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start Xvfb: {e} (run scripts/setup.sh)"));
    let mut line = String::new();
    BufReader::new(xvfb.stdout.take().expect("Xvfb's output"))
        .read_line(&mut line)
        .expect("Xvfb names its display");
    (xvfb, format!(":{}", line.trim()))
}

/// The WebKitGTK MiniBrowser Debian installs (not on the PATH).
fn minibrowser() -> String {
    std::env::var("MINIBROWSER").unwrap_or_else(|_| {
        ["4.1", "4.0", "6.0"]
            .iter()
            .map(|v| format!("/usr/lib/x86_64-linux-gnu/webkit2gtk-{v}/MiniBrowser"))
            .chain(["/usr/lib/x86_64-linux-gnu/webkitgtk-6.0/MiniBrowser".to_string()])
            .find(|p| std::path::Path::new(p).exists())
            .unwrap_or_else(|| panic!("no WebKitGTK MiniBrowser (run scripts/setup.sh)"))
    })
}

impl Browser {
    /// Starts chromedriver and a headless Chromium of the given window size.
    pub fn start(width: u32, height: u32) -> Browser {
        Browser::start_in(Engine::Chromium, width, height)
    }

    /// Starts `engine`'s driver and a headless browser of the given window size.
    pub fn start_in(engine: Engine, width: u32, height: u32) -> Browser {
        let port = free_port();
        let (exe, args) = match engine {
            Engine::Chromium => (
                std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()),
                vec![format!("--port={port}")],
            ),
            Engine::Firefox => (
                std::env::var("GECKODRIVER").unwrap_or_else(|_| "geckodriver".into()),
                vec![
                    "--host".into(),
                    "127.0.0.1".into(),
                    "--port".into(),
                    port.to_string(),
                ],
            ),
            Engine::WebKit => (
                std::env::var("WEBKITWEBDRIVER").unwrap_or_else(|_| "WebKitWebDriver".into()),
                vec![format!("--port={port}")],
            ),
        };
        let display = (engine == Engine::WebKit).then(virtual_display);
        let mut command = Command::new(&exe);
        if let Some((_, name)) = &display {
            command.env("DISPLAY", name);
        }
        let driver = command
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {exe}: {e} (run scripts/setup.sh)"));
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while agent.get(&format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "{exe} did not start");
            sleep(Duration::from_millis(50));
        }
        let caps = match engine {
            Engine::Chromium => chromium_capabilities(port, width, height),
            Engine::Firefox => json!({ "capabilities": { "alwaysMatch": {
                "browserName": "firefox",
                "moz:firefoxOptions": {
                    "binary": std::env::var("FIREFOX_BIN").unwrap_or_else(|_| "/usr/bin/firefox-esr".into()),
                    "args": ["-headless", format!("-width={width}"), format!("-height={height}")],
                    "prefs": { "browser.shell.checkDefaultBrowser": false, "app.update.enabled": false }
                }
            }}}),
            Engine::WebKit => json!({ "capabilities": { "alwaysMatch": {
                "browserName": "MiniBrowser",
                "webkitgtk:browserOptions": {
                    "binary": minibrowser(),
                    "args": ["--automation"]
                }
            }}}),
        };
        let mut browser = Browser {
            agent,
            session_url: String::new(),
            driver,
            engine,
            display: display.map(|(xvfb, _)| xvfb),
        };
        let created = browser.raw("POST", &format!("{base}/session"), Some(caps));
        // Scripts may run for a while (the benchmarks); give them room.
        let id = created["value"]["sessionId"]
            .as_str()
            .expect("session id")
            .to_string();
        browser.session_url = format!("{base}/session/{id}");
        browser.cmd("POST", "/timeouts", Some(json!({ "script": 120_000 })));
        if engine != Engine::Chromium {
            browser.cmd(
                "POST",
                "/window/rect",
                Some(json!({ "width": width, "height": height })),
            );
        }
        browser
    }
}

/// Headless Chromium's capabilities: a fresh profile, no network of its own, the window's size.
fn chromium_capabilities(port: u16, width: u32, height: u32) -> Value {
    let profile = std::env::temp_dir().join(format!("stormlab-chrome-{port}"));
    let mut args = vec![
        "--headless=new".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--hide-scrollbars".into(),
        format!("--window-size={width},{height}"),
        // The screen the window is on (full screen takes this size): as large as the window.
        format!("--screen-info={{0,0 {width}x{height}}}"),
        format!("--user-data-dir={}", profile.display()),
    ];
    if let Ok(bin) = std::env::var("CHROME_BIN") {
        args.push(format!("--binary={bin}"));
    }
    json!({ "capabilities": { "alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": { "args": args },
        "goog:loggingPrefs": { "browser": "ALL" }
    }}})
}

impl Browser {
    fn raw(&self, method: &str, url: &str, body: Option<Value>) -> Value {
        let response = match method {
            "GET" => self.agent.get(url).call(),
            "DELETE" => self.agent.delete(url).call(),
            _ => self.agent.post(url).send_json(body.unwrap_or(json!({}))),
        };
        let mut response = response.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let value: Value = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_json()
            .unwrap_or_else(|e| panic!("{method} {url}: bad JSON: {e}"));
        if let Some(error) = value["value"]["error"].as_str() {
            panic!("{method} {url}: {error}: {}", value["value"]["message"]);
        }
        value
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.session_url);
        self.raw(method, &url, body)["value"].take()
    }

    /// Loads a URL and waits for the document to finish loading.
    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    /// Emulates a network (chromedriver's Chromium extension, Chrome DevTools'
    /// `Network.emulateNetworkConditions` behind it): `latency_ms` per request and a download
    /// rate in bytes per second, or `offline`.
    pub fn network(&self, latency_ms: u32, download_bytes_per_s: u32, offline: bool) {
        self.cmd(
            "POST",
            "/chromium/network_conditions",
            Some(json!({ "network_conditions": {
                "offline": offline,
                "latency": latency_ms,
                "download_throughput": download_bytes_per_s,
                "upload_throughput": download_bytes_per_s,
            }})),
        );
    }

    /// Resizes the browser window.
    pub fn set_window(&self, width: u32, height: u32) {
        self.cmd(
            "POST",
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        );
    }

    /// Sends a Chrome DevTools Protocol command (chromedriver's `goog/cdp/execute`).
    pub fn cdp(&self, command: &str, params: Value) -> Value {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": command, "params": params })),
        )
    }

    /// Runs a script (a function body; `arguments` holds `args`) and returns its result.
    pub fn exec(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Polls `expression` (a JavaScript expression) until it is truthy; returns its value.
    pub fn wait_until(&self, what: &str, expression: &str) -> Value {
        let script = format!("return ({expression});");
        let deadline = Instant::now() + WAIT;
        loop {
            let value = self.exec(&script, json!([]));
            let truthy = !matches!(value, Value::Null | Value::Bool(false))
                && value != json!(0)
                && value != json!("");
            if truthy {
                return value;
            }
            if Instant::now() > deadline {
                let errors = match self.engine {
                    Engine::Chromium => format!("{:?}", self.console_errors()),
                    _ => "(only Chromium's driver reports them)".into(),
                };
                panic!(
                    "timed out waiting for {what} in {:?}; console errors: {errors}",
                    self.engine
                );
            }
            sleep(Duration::from_millis(50));
        }
    }

    /// The text content of the first element matching `css`, or None.
    pub fn text(&self, css: &str) -> Option<String> {
        let value = self.exec(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
            json!([css]),
        );
        value.as_str().map(str::to_string)
    }

    /// The WebDriver id of the first element matching `css`, waiting for it to appear.
    pub fn find(&self, css: &str) -> String {
        self.wait_until(
            &format!("an element matching {css}"),
            &format!("document.querySelector({css:?})"),
        );
        let found = self.cmd(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        found
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .expect("element id")
            .to_string()
    }

    /// Clicks the first element matching `css`.
    pub fn click(&self, css: &str) {
        let id = self.find(css);
        self.cmd("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    /// Types into the first element matching `css` (a file path, for a file input).
    pub fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.cmd(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// Presses keys with modifiers held: `press(&[CONTROL], "z")`.
    pub fn press(&self, modifiers: &[&str], key: &str) {
        let mut actions: Vec<Value> = modifiers
            .iter()
            .map(|m| json!({ "type": "keyDown", "value": m }))
            .collect();
        actions.push(json!({ "type": "keyDown", "value": key }));
        actions.push(json!({ "type": "keyUp", "value": key }));
        actions.extend(
            modifiers
                .iter()
                .rev()
                .map(|m| json!({ "type": "keyUp", "value": m })),
        );
        self.cmd(
            "POST",
            "/actions",
            Some(json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })),
        );
    }

    /// Types text into whatever has focus.
    pub fn type_text(&self, text: &str) {
        let mut actions = Vec::new();
        for c in text.chars() {
            actions.push(json!({ "type": "keyDown", "value": c.to_string() }));
            actions.push(json!({ "type": "keyUp", "value": c.to_string() }));
        }
        self.cmd(
            "POST",
            "/actions",
            Some(json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })),
        );
    }

    /// Drags with the mouse from one viewport point to another in `steps` moves.
    pub fn drag(&self, from: (f64, f64), to: (f64, f64), steps: u32) {
        let mut actions = vec![
            json!({ "type": "pointerMove", "duration": 0, "x": from.0 as i64, "y": from.1 as i64 }),
            json!({ "type": "pointerDown", "button": 0 }),
        ];
        for i in 1..=steps {
            let t = i as f64 / steps as f64;
            let (x, y) = (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t);
            actions.push(
                json!({ "type": "pointerMove", "duration": 16, "x": x as i64, "y": y as i64 }),
            );
        }
        actions.push(json!({ "type": "pointerUp", "button": 0 }));
        self.cmd(
            "POST",
            "/actions",
            Some(json!({ "actions": [{ "type": "pointer", "id": "mouse", "parameters": { "pointerType": "mouse" }, "actions": actions }] })),
        );
        self.cmd("DELETE", "/actions", None);
    }

    /// Touch or pen input (`pointer_type` "touch" or "pen"): each finger starts at a point,
    /// goes down, then takes its steps (all fingers in lockstep, one WebDriver tick per step),
    /// then lifts. Fingers must have as many steps.
    pub fn fingers(&self, pointer_type: &str, fingers: &[((f64, f64), Vec<Touch>)]) {
        let steps = fingers[0].1.len();
        assert!(
            fingers.iter().all(|f| f.1.len() == steps),
            "fingers in lockstep"
        );
        let sources: Vec<Value> = fingers
            .iter()
            .enumerate()
            .map(|(i, (start, path))| {
                let mut actions = vec![
                    json!({ "type": "pointerMove", "duration": 0, "x": start.0 as i64, "y": start.1 as i64 }),
                    json!({ "type": "pointerDown", "button": 0 }),
                ];
                for step in path {
                    actions.push(match step {
                        Touch::To(x, y) => {
                            json!({ "type": "pointerMove", "duration": 40, "x": *x as i64, "y": *y as i64 })
                        }
                        Touch::Hold(ms) => json!({ "type": "pause", "duration": ms }),
                    });
                }
                actions.push(json!({ "type": "pointerUp", "button": 0 }));
                json!({ "type": "pointer", "id": format!("finger{i}"),
                        "parameters": { "pointerType": pointer_type }, "actions": actions })
            })
            .collect();
        self.cmd("POST", "/actions", Some(json!({ "actions": sources })));
        self.cmd("DELETE", "/actions", None);
    }

    /// The centre of the first element matching `css`, in viewport pixels.
    pub fn center(&self, css: &str) -> (f64, f64) {
        self.find(css);
        let v = self.exec(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2];",
            json!([css]),
        );
        (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
    }

    /// How many elements match `css`.
    pub fn count(&self, css: &str) -> u64 {
        self.exec(
            "return document.querySelectorAll(arguments[0]).length;",
            json!([css]),
        )
        .as_u64()
        .unwrap()
    }

    /// Runs an asynchronous script; it must call `arguments[arguments.length - 1](result)`.
    pub fn exec_async(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/async",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Messages the page logged at level SEVERE (console errors, failed loads, exceptions). A
    /// reply that is not a list of log entries fails the test: it must not read as "no errors".
    pub fn console_errors(&self) -> Vec<String> {
        assert_eq!(
            self.engine,
            Engine::Chromium,
            "only Chromium's driver reports the console"
        );
        let logs = self.cmd("POST", "/se/log", Some(json!({ "type": "browser" })));
        let entries = logs
            .as_array()
            .unwrap_or_else(|| panic!("the browser's log is not a list of entries: {logs}"));
        entries
            .iter()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| {
                entry["message"]
                    .as_str()
                    .unwrap_or_else(|| panic!("a log entry without a message: {entry}"))
                    .to_string()
            })
            .collect()
    }

    /// Saves a PNG of the viewport to `target/screenshots/<name>.png` and returns its path.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let encoded = self.cmd("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(encoded.as_str().expect("screenshot data"))
            .expect("screenshot base64");
        let dir = crate::root().join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("create screenshot dir");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session_url.is_empty() {
            let _ = self.agent.delete(&self.session_url).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        if let Some(mut xvfb) = self.display.take() {
            let _ = xvfb.kill();
            let _ = xvfb.wait();
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// WebDriver key codes.
pub const CONTROL: &str = "\u{E009}";
/// WebDriver key codes.
pub const SHIFT: &str = "\u{E008}";
/// WebDriver key codes.
pub const ENTER: &str = "\u{E007}";
/// WebDriver key codes.
pub const TAB: &str = "\u{E004}";
/// WebDriver key codes.
pub const ESCAPE: &str = "\u{E00C}";
/// WebDriver key codes.
pub const END: &str = "\u{E010}";

/// One step of a finger in [`Browser::fingers`].
#[derive(Clone, Copy, Debug)]
pub enum Touch {
    /// Move to this viewport point.
    To(f64, f64),
    /// Stay still this many milliseconds.
    Hold(u64),
}
