//! A live session between two browsers: one starts it on the retail board, the other opens
//! its link and joins; each sees the other's pointer and selection; when the first leads, the
//! other follows her to the Run view and plays and pauses with her; stickies added on either
//! side appear on the other, undo takes back only one's own sticky, the header counts who is
//! here, and the visitor who leaves gets their own board back. The same session runs through `stormlab relay` and through the reference
//! y-websocket server from npm.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::board::{add_by_key, fresh_at};
use crate::driver::{Browser, CONTROL, ENTER, ESCAPE};

/// Our relay, running in this process until dropped (its runtime, and so every connection,
/// goes with it).
struct OurRelay {
    port: u16,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl OurRelay {
    /// On `port` (0: a free one), keeping rooms in `data` if given.
    fn start(port: u16, data: Option<std::path::PathBuf>) -> OurRelay {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                tokio::select! {
                    () = stormlab_relay::Relay::new(data).serve(listener) => {}
                    _ = stopped => {}
                }
            });
        });
        OurRelay {
            port,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        format!("ws://127.0.0.1:{}", self.port)
    }
}

impl Drop for OurRelay {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The reference y-websocket server, killed when dropped.
struct Reference(Child);

impl Drop for Reference {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn reference_server() -> (Reference, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/js");
    let child = Command::new("node")
        .arg("node_modules/@y/websocket-server/src/server.js")
        .current_dir(root)
        .env("HOST", "127.0.0.1")
        .env("PORT", port.to_string())
        .stdout(Stdio::null())
        .spawn()
        .expect("node runs the reference server");
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the reference server never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (Reference(child), format!("ws://127.0.0.1:{port}"))
}

fn labels(browser: &Browser) -> Vec<String> {
    serde_json::from_value(browser.exec(
        "return [...document.querySelectorAll('.sticky .sticky-label')].map(l => l.textContent);",
        json!([]),
    ))
    .unwrap()
}

/// Waits until `who` sees (or no longer sees) a sticky labelled `label`; on a timeout, says
/// which labels their page shows (and saves a screenshot), so a lost sticky can be told from a
/// lost label.
fn wait_for_label(browser: &Browser, who: &str, label: &str, present: bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while labels(browser).iter().any(|l| l == label) != present {
        if Instant::now() > deadline {
            let shot = browser.screenshot(&format!("live-lost-{who}-{label}"));
            panic!(
                "{who} {} {label} within 20 s: their stickies read {:?}; editing: {}; screenshot {}",
                if present { "never sees" } else { "still sees" },
                labels(browser),
                browser.exec("return document.querySelector('.sticky-editor')?.value ?? 'no editor';", json!([])),
                shot.display()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Someone opens a session's `link` on their own (empty) board and joins as `name`; waits
/// until their page shows the room's `stickies`.
fn join(link: &str, name: &str, stickies: u64) -> Browser {
    let (browser, _) = fresh_at(1280, 800);
    join_with(browser, link, name, stickies)
}

/// As [`join`], in a browser already started (of any engine).
fn join_with(browser: Browser, link: &str, name: &str, stickies: u64) -> Browser {
    browser.goto(link);
    // Only the fragment changed: load the page again, as opening the link in a new tab does.
    browser.exec("location.reload();", json!([]));
    browser.type_into(".live-name", name);
    browser.click(".live-start");
    browser.wait_until(
        &format!("{name} has the room's board"),
        &format!("document.querySelectorAll('.sticky').length === {stickies}"),
    );
    browser.press(&[], ESCAPE);
    browser
}

/// Puts two screenshots of the same size side by side in `target/screenshots/<name>.png`, so
/// two participants' views can be looked at together.
fn side_by_side(left: &std::path::Path, right: &std::path::Path, name: &str) {
    let read = |path: &std::path::Path| {
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut pixels).unwrap();
        assert_eq!(frame.bit_depth, png::BitDepth::Eight, "{}", path.display());
        pixels.truncate(frame.buffer_size());
        (frame.width, frame.height, frame.color_type, pixels)
    };
    let (lw, lh, colour, l) = read(left);
    let (rw, rh, colour_r, r) = read(right);
    assert_eq!((lh, colour), (rh, colour_r), "two views of the same kind");
    let step = colour.samples();
    let (lrow, rrow) = (lw as usize * step, rw as usize * step);
    let mut out = Vec::with_capacity(l.len() + r.len());
    for y in 0..lh as usize {
        out.extend_from_slice(&l[y * lrow..(y + 1) * lrow]);
        out.extend_from_slice(&r[y * rrow..(y + 1) * rrow]);
    }
    let path = crate::root().join(format!("target/screenshots/{name}.png"));
    let mut encoder = png::Encoder::new(std::fs::File::create(&path).unwrap(), lw + rw, lh);
    encoder.set_color(colour);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .write_header()
        .unwrap()
        .write_image_data(&out)
        .unwrap();
}

/// The relay's address and the room a session's link names (for a Yjs client to join).
fn server_and_room(link: &str) -> (String, String) {
    let address = link
        .split("#live=")
        .nth(1)
        .expect("a live link")
        .replace("%3A", ":")
        .replace("%2F", "/");
    let (server, room) = address.rsplit_once('/').expect("ws://HOST:PORT/ROOM");
    (server.to_string(), room.to_string())
}

/// The link of the session `browser` is in, from its live dialog.
fn room_link(browser: &Browser) -> String {
    browser.click("button[aria-label='Live session']");
    let link = browser.exec(
        "return document.querySelector('.live-link').value;",
        json!([]),
    );
    browser.press(&[], ESCAPE);
    link.as_str().unwrap().to_string()
}

/// What a page shows of the board: every sticky's label and place (to the hundredth: engines
/// write a style's decimals each their own way), sorted, and the number of links.
fn shown(browser: &Browser) -> Value {
    browser.exec(
        "const all = [...document.querySelectorAll('.sticky')].map(e =>
           `${e.querySelector('.sticky-label').textContent} @ ${parseFloat(e.style.left).toFixed(2)},${parseFloat(e.style.top).toFixed(2)}`).sort();
         return [all, document.querySelectorAll('.link').length];",
        json!([]),
    )
}

#[test]
fn three_browsers_editing_one_sticky_at_once_end_on_one_board() {
    let relay = OurRelay::start(0, None);
    three_edit_at_once(&relay.url(), "ours");
}

#[test]
fn three_browsers_editing_at_once_through_the_reference_server() {
    let (_reference, url) = reference_server();
    three_edit_at_once(&url, "reference");
}

/// Ada, Ben and Cy in a room on `server` rename one sticky, add their own and drag one each,
/// all at once, and end on one board.
fn three_edit_at_once(server: &str, which: &str) {
    let (ada, ben, stickies) = start_and_join(server);
    ben.press(&[], ESCAPE);
    let link = room_link(&ada);
    let cy = join(&link, "Cy", stickies);
    // All three at once: each renames PlaceOrder (the same sticky), adds a sticky of their own
    // and drags another.
    std::thread::scope(|scope| {
        for (who, browser, mine) in [
            ("Ada", &ada, "FromAda"),
            ("Ben", &ben, "FromBen"),
            ("Cy", &cy, "FromCy"),
        ] {
            scope.spawn(move || {
                browser.click(&crate::board::sticky_css(browser, "PlaceOrder"));
                browser.press(&[], crate::driver::ENTER);
                crate::board::type_label(browser, &format!("Place{who}"));
                browser.click("section.board");
                add_by_key(browser, "e", mine);
                // Each drags a sticky of their own choosing: a pointer aimed at a sticky that
                // someone else is moving may land beside it (two people moving one sticky is
                // the merge tests' case: two_moves_of_one_sticky_end_on_one_of_them_on_both_sides).
                let dragged = match who {
                    "Ada" => "Customer",
                    "Ben" => "Order status",
                    _ => "OrderPlaced",
                };
                let (x, y) = browser.center(&crate::board::sticky_css(browser, dragged));
                browser.drag((x, y), (x + 60.0, y + 60.0), 6);
            });
        }
    });
    for (who, browser) in [("Ada", &ada), ("Ben", &ben), ("Cy", &cy)] {
        for mine in ["FromAda", "FromBen", "FromCy"] {
            wait_for_label(browser, who, mine, true);
        }
    }
    // The same board on all three (positions, labels and links), whatever order the changes
    // crossed in; the renamed sticky's label holds what the three typed, merged as text.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let boards = [shown(&ada), shown(&ben), shown(&cy)];
        if boards[0] == boards[1] && boards[1] == boards[2] {
            let labels: Vec<String> = serde_json::from_value(boards[0][0].clone()).unwrap();
            assert_eq!(labels.len() as u64, stickies + 3, "{labels:?}");
            assert!(
                labels.iter().any(|l| l.starts_with("Place")),
                "the renamed sticky: {labels:?}"
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "three boards never agreed: {boards:#?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    for (who, browser) in [("ada", &ada), ("ben", &ben), ("cy", &cy)] {
        browser.screenshot(&format!("live-three-{which}-{who}"));
    }
}

#[test]
fn a_room_across_engines_chromium_firefox_and_webkit() {
    use crate::driver::Engine;
    let relay = OurRelay::start(0, None);
    let (ada, link, stickies) = start_session(&relay.url());
    let ben = join_with(
        Browser::start_in(Engine::Firefox, 1280, 800),
        &link,
        "Ben",
        stickies,
    );
    let cy = join_with(
        Browser::start_in(Engine::WebKit, 1280, 800),
        &link,
        "Cy",
        stickies,
    );
    for (browser, mine) in [
        (&ada, "FromChromium"),
        (&ben, "FromFirefox"),
        (&cy, "FromWebKit"),
    ] {
        browser.click("section.board");
        add_by_key(browser, "e", mine);
    }
    for (who, browser) in [("Ada", &ada), ("Ben", &ben), ("Cy", &cy)] {
        for mine in ["FromChromium", "FromFirefox", "FromWebKit"] {
            wait_for_label(browser, who, mine, true);
        }
        browser.wait_until(
            &format!("{who} counts three here"),
            "document.querySelector('.live-badge')?.textContent.includes('3')",
        );
    }
    assert_eq!(
        shown(&ada),
        shown(&ben),
        "Chromium and Firefox show one board"
    );
    assert_eq!(
        shown(&ada),
        shown(&cy),
        "Chromium and WebKit show one board"
    );
    cy.screenshot("live-webkit");
}

#[test]
fn a_tablet_and_a_phone_join_the_room_and_storm_by_touch() {
    let relay = OurRelay::start(0, None);
    let (ada, link, stickies) = start_session(&relay.url());
    let mut added = Vec::new();
    for (who, width, height) in [("Tab", 820, 1180), ("Pho", 390, 844)] {
        let (device, _) = crate::board::on_device(width, height);
        let device = join_with(device, &link, who, stickies + added.len() as u64);
        // A sticky from the Add sheet, its text typed on the on-screen keyboard.
        crate::touch::tap_if_shown(&device, ".add-toggle");
        crate::touch::tap_on(&device, "button[aria-label='Add domain event']");
        let label = format!("From{who}");
        crate::board::type_label(&device, &label);
        wait_for_label(&ada, "Ada", &label, true);
        added.push((device, label));
    }
    // Ada's sticky reaches both devices.
    ada.click("section.board");
    add_by_key(&ada, "e", "FromAda");
    for (device, label) in &added {
        wait_for_label(device, label, "FromAda", true);
        device.wait_until(
            "three here",
            "document.querySelector('.live-badge')?.textContent.includes('3')",
        );
    }
    // The header keeps its live badge on the phone, nothing wider than the screen.
    crate::fit::overflow(&added[1].0, "390×844, in a live room");
    assert_eq!(
        added[1].0.exec(
            "const b = document.querySelector('.live-badge').getBoundingClientRect(); return b.right <= innerWidth && b.width > 20;",
            json!([])
        ),
        json!(true),
        "the live badge is in sight on the phone"
    );
    added[1].0.screenshot("live-phone");
}

#[test]
fn a_yjs_application_edits_the_room_and_the_page_shows_it() {
    let relay = OurRelay::start(0, None);
    yjs_application_edits(&relay.url());
    let (_reference, url) = reference_server();
    yjs_application_edits(&url);
}

/// A plain Yjs application joins Ada's room on `server`, edits, and Ada's page shows it.
fn yjs_application_edits(server: &str) {
    let (ada, _ben, stickies) = start_and_join(server);
    let link = room_link(&ada);
    let (server, room) = server_and_room(&link);
    let (server, room) = (server.as_str(), room.as_str());
    // A plain Yjs client (yjs with the y-websocket provider, from npm) joins and edits.
    let out = Command::new("timeout")
        .args(["60", "node", "yjs-board.mjs", "join", server, room])
        .current_dir(crate::root().join("tests/js"))
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    wait_for_label(&ada, "Ada", "FromYjs", true);
    assert_eq!(ada.count(".sticky"), stickies + 1);
    ada.wait_until(
        "the label typed into by Yjs",
        "[...document.querySelectorAll('.sticky-label')].some(l => l.textContent.startsWith('New '))",
    );
}

/// Ada starts a session on the retail board on `server`; Ben opens its link and joins. The
/// two browsers and the number of stickies on the board.
fn start_and_join(server: &str) -> (Browser, Browser, u64) {
    let (ada, link, stickies) = start_session(server);
    // Ben opens the link on his own (empty) board and joins.
    let (ben, _) = fresh_at(1280, 800);
    ben.goto(&link);
    // Only the fragment changed: load the page again, as opening the link in a new tab does.
    ben.exec("location.reload();", json!([]));
    ben.find(".live-name");
    assert!(
        ben.text(".live-intro").unwrap_or_default().contains("Join"),
        "the dialog offers to join"
    );
    crate::a11y::assert_clean(&ben, "live join dialog");
    ben.type_into(".live-name", "Ben");
    ben.click(".live-start");
    ben.wait_until(
        "Ben has the room's board",
        &format!("document.querySelectorAll('.sticky').length === {stickies}"),
    );
    (ada, ben, stickies)
}

/// Ada starts a session on the retail board on `server`: her browser, the room's link and the
/// number of stickies.
fn start_session(server: &str) -> (Browser, String, u64) {
    let (ada, _) = fresh_at(1280, 800);
    crate::board::choose_example(&ada, "retail");
    let stickies = ada.count(".sticky");
    ada.click("button[aria-label='Live session']");
    ada.find(".live-name");
    ada.type_into(".live-name", "Ada");
    ada.exec(
        "document.querySelector('.live-server').value = arguments[0];",
        json!([server]),
    );
    ada.screenshot("live-start");
    ada.click(".live-start");
    ada.wait_until(
        "Ada in the room",
        "document.querySelector('.live-status')?.dataset.joined === 'true'",
    );
    let link = ada
        .exec(
            "return document.querySelector('.live-link').value;",
            json!([]),
        )
        .as_str()
        .unwrap()
        .to_string();
    assert!(link.contains("#live=ws%3A%2F%2F127.0.0.1"), "{link}");
    ada.screenshot("live-link");
    ada.press(&[], ESCAPE);
    (ada, link, stickies)
}

#[test]
fn benchmark_frame_time_with_20_remote_cursors() {
    let relay = OurRelay::start(0, None);
    let (ada, link, _) = start_session(&relay.url());
    let (server, room) = server_and_room(&link);
    let (server, room) = (server.as_str(), room.as_str());
    // Twenty plain Yjs clients point at the board and move, 30 times a second each.
    let mut cursors = Command::new("timeout")
        .args(["60", "node", "yjs-cursors.mjs", server, room, "20", "12"])
        .current_dir(crate::root().join("tests/js"))
        .stdout(Stdio::null())
        .spawn()
        .expect("node runs");
    ada.wait_until(
        "twenty pointers on Ada's board",
        "document.querySelectorAll('.presence-name').length >= 20",
    );
    // 3 s of frames while they move: the interval between frames as the browser delivers them.
    let result = ada.exec_async(
        "const done = arguments[arguments.length - 1];
         const times = []; let last = performance.now(); const start = last;
         const moved = new Set();
         function tick(t) {
           times.push(t - last); last = t;
           const p = document.querySelector('.presence-pointer');
           if (p) moved.add(p.getAttribute('style'));
           if (t - start < 3000) requestAnimationFrame(tick);
           else {
             times.sort((a, b) => a - b);
             const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
             done({ frames: times.length, p50: q(0.5), p95: q(0.95), max: times[times.length - 1],
                    pointers: document.querySelectorAll('.presence-name').length, positions: moved.size });
           }
         }
         requestAnimationFrame(tick);",
        json!([]),
    );
    let _ = cursors.kill();
    let _ = cursors.wait();
    println!(
        "live_cursors_frame_ms (20 remote pointers moving at 30 Hz): p50 {:.2} p95 {:.2} max {:.2} over {} frames; {} pointers shown, one moved through {} places",
        result["p50"].as_f64().unwrap_or(f64::NAN),
        result["p95"].as_f64().unwrap_or(f64::NAN),
        result["max"].as_f64().unwrap_or(f64::NAN),
        result["frames"],
        result["pointers"],
        result["positions"],
    );
    assert!(
        result["positions"].as_u64().unwrap_or(0) > 5,
        "the pointers moved on Ada's board: {result}"
    );
    ada.screenshot("live-twenty-pointers");
}

#[test]
fn a_room_goes_on_when_its_relay_restarts_and_what_was_done_meanwhile_arrives() {
    let data = std::env::temp_dir().join(format!("stormlab-live-rooms-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let relay = OurRelay::start(0, Some(data.clone()));
    let port = relay.port;
    let (ada, ben, stickies) = start_and_join(&relay.url());
    // The relay stops: both hear it, and Ada goes on working.
    drop(relay);
    for (who, b) in [("Ada", &ada), ("Ben", &ben)] {
        b.wait_until(
            &format!("{who} reconnecting"),
            "document.querySelector('.live-badge.offline') !== null",
        );
    }
    ada.click("section.board");
    add_by_key(&ada, "e", "WhileAway");
    // Back on the same port with the same rooms: both are in step again, Ben gets her sticky.
    let _relay = OurRelay::start(port, Some(data.clone()));
    for (who, b) in [("Ada", &ada), ("Ben", &ben)] {
        b.wait_until(&format!("{who} in step again"), "document.querySelector('.live-badge') !== null && !document.querySelector('.live-badge.offline')");
    }
    wait_for_label(&ben, "Ben", "WhileAway", true);
    assert_eq!(ben.count(".sticky"), stickies + 1);
    let kept = std::fs::read_dir(&data).unwrap().count();
    assert_eq!(kept, 1, "the room is kept on disk");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_view_only_link_watches_the_board_and_cannot_change_it() {
    let relay = OurRelay::start(0, None);
    let (ada, _) = fresh_at(1280, 800);
    crate::board::choose_example(&ada, "retail");
    let stickies = ada.count(".sticky");
    ada.click("button[aria-label='Live session']");
    ada.type_into(".live-name", "Ada");
    ada.exec(
        "document.querySelector('.live-server').value = arguments[0];",
        json!([relay.url()]),
    );
    ada.click(".live-start");
    ada.wait_until(
        "Ada in the room",
        "document.querySelector('.live-status')?.dataset.joined === 'true'",
    );
    let (edit, view) = (
        ada.exec(
            "return document.querySelector('.live-link').value;",
            json!([]),
        ),
        ada.exec(
            "return document.querySelector('.live-view-link').value;",
            json!([]),
        ),
    );
    let (edit, view) = (edit.as_str().unwrap(), view.as_str().unwrap().to_string());
    assert!(view.contains("view-") && view != edit, "{view}");
    let room = edit.rsplit("%2F").next().unwrap();
    assert!(
        !view.contains(room),
        "the view-only link does not carry the room's name"
    );
    ada.screenshot("live-links");
    ada.press(&[], ESCAPE);
    // Cy, in the audience, opens the view-only link and watches.
    let (cy, _) = fresh_at(1280, 800);
    cy.goto(&view);
    cy.exec("location.reload();", json!([]));
    cy.type_into(".live-name", "Cy");
    cy.click(".live-start");
    cy.wait_until(
        "Cy has the room's board",
        &format!("document.querySelectorAll('.sticky').length === {stickies}"),
    );
    assert!(crate::board::notice(&cy).contains("view-only"));
    assert_eq!(cy.count(".palette"), 0, "no palette for a watcher");
    // A key that adds a sticky is refused with the reason; nothing reaches Ada.
    cy.press(&[], ESCAPE);
    cy.click("section.board");
    cy.press(&[], "e");
    cy.wait_until(
        "the refusal",
        "document.querySelector('.notice-text')?.textContent.includes('This is a view-only link')",
    );
    assert_eq!(cy.count(".sticky"), stickies);
    assert_eq!(cy.count(".sticky-editor"), 0);
    // Ada's change reaches Cy.
    ada.click("section.board");
    add_by_key(&ada, "e", "ForTheAudience");
    wait_for_label(&cy, "Cy", "ForTheAudience", true);
    cy.click("button[aria-label='Live session']");
    cy.wait_until(
        "Cy's dialog says she watches",
        "document.querySelector('.live-status')?.textContent.startsWith('Watching, view-only')",
    );
    assert_eq!(
        cy.count(".live-view-link"),
        0,
        "a watcher has no link to a lesser view"
    );
    cy.screenshot("live-view-only");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        ada.count(".sticky"),
        stickies + 1,
        "only Ada's sticky was added"
    );
}

fn storm_together(server: &str) {
    let (ada, ben, _) = start_and_join(server);
    ben.wait_until(
        "Ben sees two here",
        "document.querySelector('.live-badge')?.textContent.includes('2')",
    );
    ada.wait_until(
        "Ada sees two here",
        "document.querySelector('.live-badge')?.textContent.includes('2')",
    );
    ben.press(&[], ESCAPE);
    // Ben points at the board and selects a sticky: Ada sees his pointer, his name by it, and
    // an outline in his colour around what he selected.
    let (x, y) = ben.center(&crate::board::sticky_css(&ben, "PlaceOrder"));
    ben.cdp(
        "Input.dispatchMouseEvent",
        json!({ "type": "mouseMoved", "x": x + 3.0, "y": y + 3.0 }),
    );
    ada.wait_until(
        "Ben's pointer on Ada's board",
        "[...document.querySelectorAll('.presence-name')].some(n => n.textContent === 'Ben')",
    );
    ben.click(&crate::board::sticky_css(&ben, "PlaceOrder"));
    ada.wait_until(
        "Ben's selection on Ada's board",
        "document.querySelectorAll('.presence-selection').length === 1",
    );
    let outline = ada.exec(
        "const o = document.querySelector('.presence-selection').getBoundingClientRect();
         const s = [...document.querySelectorAll('.sticky')].find(s => s.querySelector('.sticky-label')?.textContent === 'PlaceOrder').getBoundingClientRect();
         return o.left <= s.left && o.right >= s.right && o.top <= s.top && o.bottom >= s.bottom;",
        json!([]),
    );
    assert_eq!(
        outline,
        json!(true),
        "the outline surrounds the sticky Ben selected"
    );
    let ada_view = ada.screenshot("live-presence");
    let ben_view = ben.screenshot("live-presence-ben");
    side_by_side(&ada_view, &ben_view, "live-side-by-side");
    // Both started with the same colour; Ben, the later, took another.
    ada.click(".live-badge");
    ada.wait_until(
        "two colours in Ada's list",
        "(() => { const c = [...document.querySelectorAll('.live-dot')].map(d => d.style.background); return c.length === 2 && c[0] !== c[1]; })()",
    );
    crate::a11y::assert_clean(&ada, "live dialog");
    ada.press(&[], ESCAPE);
    // Ada asks everyone to follow: Ben's view goes to the Run view with hers, his run plays
    // and pauses with hers, at her run's time; when she stops leading, Ben is free again.
    ada.click(".live-badge");
    ada.click(".live-role-button");
    ada.wait_until(
        "Ada leads",
        "document.querySelector('.live-role')?.textContent.startsWith('You lead')",
    );
    ada.press(&[], ESCAPE);
    crate::run::mode(&ada, "Run");
    ben.wait_until("Ben follows Ada to the Run view", "document.querySelector('.mode.active')?.textContent === 'Run' && document.querySelector('.run-panel') !== null");
    ada.click(".run-panel button[aria-label=Play]");
    ben.wait_until(
        "Ben's run plays with Ada's",
        "document.querySelector('.run-status')?.dataset.status === 'running'",
    );
    ada.click(".run-panel button[aria-label=Pause]");
    ben.wait_until(
        "Ben's run pauses with Ada's",
        "document.querySelector('.run-status')?.dataset.status === 'paused'",
    );
    let at = |b: &Browser| {
        b.exec(
            "return Number(document.querySelector('.run-status').dataset.nowUs);",
            json!([]),
        )
        .as_f64()
        .unwrap()
    };
    ben.wait_until(
        "Ben's run at Ada's time",
        &format!(
            "Math.abs(Number(document.querySelector('.run-status').dataset.nowUs) - {}) <= 300000",
            at(&ada)
        ),
    );
    // Her pointer shows over Ben's running board as over his Model view.
    let (x, y) = ada.center("section.board");
    ada.cdp(
        "Input.dispatchMouseEvent",
        json!({ "type": "mouseMoved", "x": x, "y": y }),
    );
    ben.wait_until("Ada's pointer over Ben's run", "[...document.querySelectorAll('.board-wrap .presence-name')].some(n => n.textContent === 'Ada')");
    ben.screenshot("live-following");
    crate::run::mode(&ada, "Model");
    ben.wait_until(
        "Ben back in the Model view",
        "document.querySelector('.mode.active')?.textContent === 'Model'",
    );
    // Ada presents: Ben's page presents with her, step by step, and ends with her.
    ada.click(".present-button");
    ada.click(".start-presenting");
    ben.wait_until("Ben presents with Ada", "document.querySelector('.app.presenting .present-count')?.textContent.startsWith('Step 1 of')");
    ada.press(&[], "\u{E00F}"); // Page Down
    ben.wait_until(
        "Ben at step 2",
        "document.querySelector('.present-count')?.textContent.startsWith('Step 2 of')",
    );
    ben.screenshot("live-following-presentation");
    ada.press(&[], ESCAPE);
    ben.wait_until(
        "Ben's presentation over",
        "!document.querySelector('.app.presenting')",
    );
    ada.click(".live-badge");
    ada.click(".live-role-button");
    ada.wait_until(
        "Ada no longer leads",
        "document.querySelector('.live-role')?.textContent.startsWith('Nobody leads')",
    );
    ada.press(&[], ESCAPE);
    // Each adds a sticky, Ada's arriving while Ben types his: each sees the other's, and what
    // Ben had typed before hers arrived stays (his page drew the room's board meanwhile, and a
    // render must not put a field's old text back under someone typing).
    ben.click("section.board");
    ben.press(&[], "e");
    ben.find(".sticky-editor");
    ben.press(&[CONTROL], "a");
    ben.type_text("From");
    ada.click("section.board");
    add_by_key(&ada, "e", "FromAda");
    wait_for_label(&ben, "Ben", "FromAda", true);
    ben.type_text("Ben");
    ben.press(&[], ENTER);
    // Ben's own page keeps his sticky (were it lost on his side, the room would never get it).
    wait_for_label(&ben, "Ben", "FromBen", true);
    wait_for_label(&ada, "Ada", "FromBen", true);
    ada.screenshot("live-ada");
    // Ada drags a sticky: Ben sees it move (a ghost in her colour) before she drops it, then
    // the sticky where she dropped it.
    let left_of = |b: &Browser| {
        b.exec(
            "return [...document.querySelectorAll('.sticky')].find(s => s.querySelector('.sticky-label').textContent === 'PlaceOrder').getBoundingClientRect().left;",
            json!([]),
        )
        .as_f64()
        .unwrap()
    };
    let ben_before = left_of(&ben);
    let (x, y) = ada.center(&crate::board::sticky_css(&ada, "PlaceOrder"));
    let mouse = |kind: &str, (x, y): (f64, f64), buttons: u32| {
        ada.cdp(
            "Input.dispatchMouseEvent",
            json!({ "type": kind, "x": x, "y": y, "button": "left", "buttons": buttons, "clickCount": 1 }),
        );
    };
    mouse("mousePressed", (x, y), 1);
    for step in 1..=6 {
        mouse(
            "mouseMoved",
            (x + 20.0 * f64::from(step), y + 8.0 * f64::from(step)),
            1,
        );
        std::thread::sleep(Duration::from_millis(70));
    }
    ben.wait_until(
        "Ben sees Ada's drag",
        "[...document.querySelectorAll('.presence-ghost')].some(g => g.textContent === 'PlaceOrder')",
    );
    assert_eq!(
        left_of(&ben),
        ben_before,
        "the sticky itself moves when dropped"
    );
    ben.screenshot("live-dragging");
    mouse("mouseReleased", (x + 120.0, y + 48.0), 0);
    ben.wait_until(
        "the ghost gone",
        "!document.querySelector('.presence-ghost')",
    );
    ben.wait_until(
        "Ben sees the sticky where Ada dropped it",
        &format!("[...document.querySelectorAll('.sticky')].find(s => s.querySelector('.sticky-label').textContent === 'PlaceOrder').getBoundingClientRect().left > {}", ben_before + 20.0),
    );
    // Ada's undo takes back her move, then her sticky, not Ben's, on both sides.
    ada.click("section.board");
    ada.press(&[CONTROL], "z");
    ben.wait_until(
        "the move undone for Ben",
        &format!("Math.abs([...document.querySelectorAll('.sticky')].find(s => s.querySelector('.sticky-label').textContent === 'PlaceOrder').getBoundingClientRect().left - {ben_before}) < 1"),
    );
    ada.press(&[CONTROL], "z");
    wait_for_label(&ada, "Ada", "FromAda", false);
    wait_for_label(&ben, "Ben", "FromAda", false);
    assert!(
        labels(&ada).contains(&"FromBen".to_string()),
        "Ben's sticky stays: {:?}",
        labels(&ada)
    );
    assert!(labels(&ben).contains(&"FromBen".to_string()));
    // Ben leaves: his own board (empty) comes back; Ada sees one here.
    ben.click(".live-badge");
    ben.click(".live-leave");
    ben.wait_until("Ben's own board back", "document.querySelectorAll('.sticky').length === 0 && !document.querySelector('.live-badge')");
    ada.wait_until(
        "Ada sees one here",
        "document.querySelector('.live-badge')?.textContent.includes('1')",
    );
    for (who, b) in [("Ada", &ada), ("Ben", &ben)] {
        let errors = b.console_errors();
        assert!(errors.is_empty(), "{who}'s console errors: {errors:#?}");
    }
}

#[test]
fn two_browsers_storm_one_board_through_stormlab_relay() {
    let relay = OurRelay::start(0, None);
    storm_together(&relay.url());
}

#[test]
fn two_browsers_storm_one_board_through_the_reference_y_websocket_server() {
    let (_server, url) = reference_server();
    storm_together(&url);
}
