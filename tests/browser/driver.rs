//! The browser tests' WebDriver client: fantoccini (a maintained W3C WebDriver client) behind a
//! small blocking API. Starts a browser's driver (chromedriver for headless Chromium, and for
//! the smoke path geckodriver for Firefox and WebKitWebDriver for WebKitGTK), opens a session
//! and offers what the tests need (navigate, run script, wait, click, type, pointer, touch and
//! pen actions, screenshot, logs). Chromium's logs, network emulation and DevTools calls are
//! chromedriver's own commands, sent through fantoccini's custom-command hook.

use std::future::Future;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use fantoccini::actions::{
    InputSource as _, KeyAction, KeyActions, MouseActions, PenActions, PointerAction, TouchActions,
};
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
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
    /// Runs fantoccini's futures: each call blocks on one (the tests are plain threads).
    runtime: tokio::runtime::Runtime,
    client: Option<Client>,
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
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "{exe} did not start");
            sleep(Duration::from_millis(50));
        }
        let Value::Object(caps) = capabilities(engine, port, width, height) else {
            unreachable!("capabilities are an object")
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for the WebDriver client");
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = runtime
            .block_on(
                ClientBuilder::new(connector)
                    .capabilities(caps)
                    .connect(&format!("http://127.0.0.1:{port}")),
            )
            .unwrap_or_else(|e| panic!("{exe}: no session: {e}"));
        let browser = Browser {
            runtime,
            client: Some(client),
            driver,
            engine,
            display: display.map(|(xvfb, _)| xvfb),
        };
        // Scripts may run for a while (the benchmarks); give them room.
        browser.call("set the script timeout", |c| async move {
            let timeouts = fantoccini::wd::TimeoutConfiguration::new(
                Some(Duration::from_secs(120)),
                Some(Duration::from_secs(300)),
                None,
            );
            c.update_timeouts(timeouts).await
        });
        if engine != Engine::Chromium {
            browser.set_window(width, height);
        }
        browser
    }
}

/// What to ask `engine`'s driver for: the browser, its binary and the window's size.
fn capabilities(engine: Engine, port: u16, width: u32, height: u32) -> Value {
    match engine {
        Engine::Chromium => chromium_capabilities(port, width, height),
        Engine::Firefox => json!({
            "browserName": "firefox",
            "moz:firefoxOptions": {
                "binary": std::env::var("FIREFOX_BIN").unwrap_or_else(|_| "/usr/bin/firefox-esr".into()),
                "args": ["-headless", format!("-width={width}"), format!("-height={height}")],
                "prefs": { "browser.shell.checkDefaultBrowser": false, "app.update.enabled": false }
            }
        }),
        Engine::WebKit => json!({
            "browserName": "MiniBrowser",
            "webkitgtk:browserOptions": {
                "binary": minibrowser(),
                "args": ["--automation"]
            }
        }),
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
    json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "args": args },
        "goog:loggingPrefs": { "browser": "ALL" }
    })
}

/// A command of one driver's own (chromedriver's logs, network emulation and DevTools calls):
/// `POST /session/{id}/{path}` with a JSON body.
#[derive(Debug)]
struct Vendor {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for Vendor {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let id = session_id.expect("a session");
        base_url.join(&format!("session/{id}/{}", self.path))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

impl Browser {
    /// Runs one WebDriver call to its end; a refusal fails the test with the driver's words.
    fn call<T, F, Fut>(&self, what: &str, f: F) -> T
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = Result<T, CmdError>>,
    {
        let client = self.client.clone().expect("an open session");
        self.runtime
            .block_on(f(client))
            .unwrap_or_else(|e| panic!("{what} in {:?}: {e}", self.engine))
    }

    /// Sends a command of the driver's own (see [`Vendor`]).
    fn vendor(&self, path: &'static str, body: Value) -> Value {
        self.call(
            path,
            |c| async move { c.issue_cmd(Vendor { path, body }).await },
        )
    }

    /// Loads a URL and waits for the document to finish loading.
    pub fn goto(&self, url: &str) {
        self.call(&format!("open {url}"), |c| async move { c.goto(url).await });
    }

    /// Emulates a network (chromedriver's Chromium extension, Chrome DevTools'
    /// `Network.emulateNetworkConditions` behind it): `latency_ms` per request and a download
    /// rate in bytes per second, or `offline`.
    pub fn network(&self, latency_ms: u32, download_bytes_per_s: u32, offline: bool) {
        self.vendor(
            "chromium/network_conditions",
            json!({ "network_conditions": {
                "offline": offline,
                "latency": latency_ms,
                "download_throughput": download_bytes_per_s,
                "upload_throughput": download_bytes_per_s,
            }}),
        );
    }

    /// Resizes the browser window.
    pub fn set_window(&self, width: u32, height: u32) {
        self.call("resize the window", |c| async move {
            c.set_window_size(width, height).await
        });
    }

    /// Sends a Chrome DevTools Protocol command (chromedriver's `goog/cdp/execute`).
    pub fn cdp(&self, command: &str, params: Value) -> Value {
        self.vendor(
            "goog/cdp/execute",
            json!({ "cmd": command, "params": params }),
        )
    }

    /// Runs a script (a function body; `arguments` holds `args`) and returns its result.
    pub fn exec(&self, script: &str, args: Value) -> Value {
        let args = arguments(args);
        self.call("a script", |c| async move { c.execute(script, args).await })
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

    /// The first element matching `css`, waiting for it to appear.
    pub fn find(&self, css: &str) -> Element {
        self.wait_until(
            &format!("an element matching {css}"),
            &format!("document.querySelector({css:?})"),
        );
        self.call(&format!("find {css}"), |c| async move {
            c.find(Locator::Css(css)).await
        })
    }

    /// Clicks the first element matching `css`.
    pub fn click(&self, css: &str) {
        let element = self.find(css);
        self.call(
            &format!("click {css}"),
            |_| async move { element.click().await },
        );
    }

    /// Types into the first element matching `css` (a file path, for a file input).
    pub fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.call(&format!("type into {css}"), |_| async move {
            element.send_keys(text).await
        });
    }

    /// Presses keys with modifiers held: `press(&[CONTROL], "z")`.
    pub fn press(&self, modifiers: &[&str], key: &str) {
        let key = one_key(key);
        let mods: Vec<char> = modifiers.iter().map(|m| one_key(m)).collect();
        let mut keys = KeyActions::new("keyboard".into());
        for &m in &mods {
            keys = keys.then(KeyAction::Down { value: m });
        }
        keys = keys
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        for &m in mods.iter().rev() {
            keys = keys.then(KeyAction::Up { value: m });
        }
        self.call(
            "press keys",
            |c| async move { c.perform_actions(keys).await },
        );
    }

    /// Types text into whatever has focus.
    pub fn type_text(&self, text: &str) {
        let mut keys = KeyActions::new("keyboard".into());
        for c in text.chars() {
            keys = keys
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.call("type", |c| async move { c.perform_actions(keys).await });
    }

    /// Drags with the mouse from one viewport point to another in `steps` moves.
    pub fn drag(&self, from: (f64, f64), to: (f64, f64), steps: u32) {
        let mut mouse = MouseActions::new("mouse".into())
            .then(move_to(from, 0))
            .then(PointerAction::Down { button: 0 });
        for i in 1..=steps {
            let t = i as f64 / steps as f64;
            let point = (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t);
            mouse = mouse.then(move_to(point, 16));
        }
        mouse = mouse.then(PointerAction::Up { button: 0 });
        self.call("drag", |c| async move {
            c.perform_actions(mouse).await?;
            c.release_actions().await
        });
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
        let path = |start: (f64, f64), steps: &[Touch]| {
            let mut actions = vec![move_to(start, 0), PointerAction::Down { button: 0 }];
            actions.extend(steps.iter().map(|step| match *step {
                Touch::To(x, y) => move_to((x, y), 40),
                Touch::Hold(ms) => PointerAction::Pause {
                    duration: Duration::from_millis(ms),
                },
            }));
            actions.push(PointerAction::Up { button: 0 });
            actions
        };
        let mut all = fantoccini::actions::Actions::default();
        for (i, (start, steps)) in fingers.iter().enumerate() {
            let id = format!("finger{i}");
            let actions = path(*start, steps);
            all = match pointer_type {
                "pen" => all.and(
                    actions
                        .into_iter()
                        .fold(PenActions::new(id), |p, a| p.then(a)),
                ),
                "touch" => all.and(
                    actions
                        .into_iter()
                        .fold(TouchActions::new(id), |p, a| p.then(a)),
                ),
                other => panic!("no pointer type {other:?}"),
            };
        }
        self.call(pointer_type, |c| async move {
            c.perform_actions(all).await?;
            c.release_actions().await
        });
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
        let args = arguments(args);
        self.call("an asynchronous script", |c| async move {
            c.execute_async(script, args).await
        })
    }

    /// Messages the page logged at level SEVERE (console errors, failed loads, exceptions). A
    /// reply that is not a list of log entries fails the test: it must not read as "no errors".
    pub fn console_errors(&self) -> Vec<String> {
        assert_eq!(
            self.engine,
            Engine::Chromium,
            "only Chromium's driver reports the console"
        );
        let logs = self.vendor("se/log", json!({ "type": "browser" }));
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
        let png = self.call("screenshot", |c| async move { c.screenshot().await });
        let dir = crate::root().join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("create screenshot dir");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }
}

/// A script's arguments: the tests give a JSON array.
fn arguments(args: Value) -> Vec<Value> {
    match args {
        Value::Array(items) => items,
        other => panic!("script arguments are a JSON array, not {other}"),
    }
}

/// A pointer move to a viewport point (WebDriver takes whole pixels) taking `ms`.
fn move_to((x, y): (f64, f64), ms: u64) -> PointerAction {
    PointerAction::MoveTo {
        duration: Some(Duration::from_millis(ms)),
        x: (x as i64) as f64,
        y: (y as i64) as f64,
    }
}

/// A key given as a one-character string (the WebDriver key codes below are such strings).
fn one_key(key: &str) -> char {
    let mut chars = key.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => c,
        _ => panic!("one key at a time, not {key:?}"),
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            // The session ends with its window; a driver that does not answer is killed below.
            let _ = self.runtime.block_on(async {
                tokio::time::timeout(Duration::from_secs(10), client.close()).await
            });
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
