//! The board in a real browser: add stickies, move and connect them, undo and redo, reload,
//! share links, broken files and links, labels as text, example screenshots.

use serde_json::json;

use crate::driver::{Browser, CONTROL, ENTER, ESCAPE, SHIFT, TAB};
use crate::server::StaticServer;

/// A fresh app: empty localStorage, page loaded.
pub(crate) fn fresh() -> (Browser, String) {
    fresh_at(1600, 1000)
}

/// A fresh app in a window of this size.
pub(crate) fn fresh_at(width: u32, height: u32) -> (Browser, String) {
    // A desktop window is at least 500 px wide: a phone's screen is emulated, touch and all.
    fresh_with(width, height, width < 500)
}

/// A fresh app on a touch device's screen of this size (a phone, a tablet in either
/// orientation, a touch screen at the front of the room): its exact size and touch emulated,
/// so the page sees a coarse pointer and touch events.
pub(crate) fn on_device(width: u32, height: u32) -> (Browser, String) {
    fresh_with(width, height, true)
}

fn fresh_with(width: u32, height: u32, touch: bool) -> (Browser, String) {
    let server = StaticServer::start(&crate::dist(), "/stormlab/");
    let browser = Browser::start(width, height);
    if touch {
        browser.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 2, "mobile": width < 1200 }),
        );
        browser.cdp(
            "Emulation.setTouchEmulationEnabled",
            json!({ "enabled": true, "maxTouchPoints": 5 }),
        );
    }
    browser.goto(&server.url);
    browser.exec("localStorage.clear();", json!([]));
    browser.goto(&server.url);
    browser.find(".toolbar");
    (browser, server.url)
}

/// Opens the example `id` from the toolbar's menu and waits until the board shows it.
pub(crate) fn choose_example(browser: &Browser, id: &str) {
    let title = stormlab_board::examples::example(id)
        .unwrap_or_else(|| panic!("no example {id:?}"))
        .board()
        .title;
    browser.exec(
        "const s = document.querySelector('select.examples'); s.value = arguments[0]; s.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([id]),
    );
    browser.wait_until(
        &format!("the example {id}"),
        &format!(
            "document.querySelector('.board-title')?.textContent === {}",
            json!(title)
        ),
    );
}

/// Another browser that opens `board` from its share link at `url`, with nothing of its own
/// stored, once its stickies show.
pub(crate) fn open_shared(url: &str, board: &stormlab_board::Board) -> Browser {
    let other = Browser::start(1280, 800);
    other.goto(url);
    other.exec("localStorage.clear();", json!([]));
    other.goto(&format!("{url}#{}", stormlab_board::share::encode(board)));
    other.exec("location.reload();", json!([]));
    other.wait_until(
        "the board",
        &format!(
            "document.querySelectorAll('.sticky').length === {}",
            board.stickies.len()
        ),
    );
    other
}

pub(crate) fn stored_board(browser: &Browser) -> Option<String> {
    browser
        .exec("return localStorage.getItem('stormlab.board');", json!([]))
        .as_str()
        .map(str::to_string)
}

pub(crate) fn add(browser: &Browser, button: &str, label: &str) {
    let before = browser.count(".sticky");
    browser.click(&format!("button[aria-label='Add {button}']"));
    browser.find(".sticky-editor");
    browser.press(&[CONTROL], "a");
    browser.type_text(label);
    browser.press(&[], ENTER);
    browser.wait_until("the new sticky", &format!("document.querySelectorAll('.sticky').length === {} && !document.querySelector('.sticky-editor')", before + 1));
}

pub(crate) fn sticky_css(browser: &Browser, label: &str) -> String {
    let id = browser
        .exec(
            "for (const s of document.querySelectorAll('.sticky')) { if (s.querySelector('.sticky-label')?.textContent.replaceAll('\\u200b', '') === arguments[0]) return s.dataset.target; } return null;",
            json!([label]),
        )
        .as_str()
        .unwrap_or_else(|| panic!("no sticky labelled {label:?}"))
        .to_string();
    format!(".sticky[data-target='{id}']")
}

pub(crate) fn notice(browser: &Browser) -> String {
    browser.wait_until("a notice", "document.querySelector('.notice-text')");
    browser.text(".notice-text").unwrap_or_default()
}

#[test]
fn add_move_connect_undo_redo_and_reload() {
    let (browser, url) = fresh();
    add(&browser, "aggregate", "Order");
    add(&browser, "domain event", "OrderPlaced");
    add(&browser, "command", "PlaceOrder");
    assert_eq!(browser.count(".sticky"), 3);

    // Spread them out by dragging (top-most first: new stickies land on top of each other).
    let order = sticky_css(&browser, "Order");
    let placed = sticky_css(&browser, "OrderPlaced");
    let place = sticky_css(&browser, "PlaceOrder");
    let (cx, cy) = browser.center(&place);
    browser.drag((cx, cy), (cx - 400.0, cy + 150.0), 12);
    let (px, py) = browser.center(&placed);
    browser.drag((px, py), (px + 300.0, py + 150.0), 12);
    let moved = browser.center(&placed);
    assert!(
        (moved.0 - px - 300.0).abs() < 2.0,
        "the event moved with the pointer: {px} -> {}",
        moved.0
    );

    // Connect aggregate -> event by dragging from the aggregate's handle.
    let handle = format!("{order} .connect-handle");
    browser.drag(browser.center(&handle), browser.center(&placed), 10);
    browser.wait_until(
        "one link",
        "document.querySelectorAll('g.link').length === 1",
    );
    // An event cannot lead to an aggregate: refused with the reason.
    browser.drag(
        browser.center(&format!("{placed} .connect-handle")),
        browser.center(&order),
        10,
    );
    assert!(
        notice(&browser).contains("An event cannot lead to an aggregate"),
        "{}",
        notice(&browser)
    );
    assert_eq!(browser.count(".link"), 1);

    browser.click("section.board");
    browser.press(&[CONTROL], "z");
    browser.wait_until(
        "the link undone",
        "document.querySelectorAll('.link').length === 0",
    );
    browser.press(&[CONTROL, SHIFT], "z");
    browser.wait_until(
        "the link redone",
        "document.querySelectorAll('g.link').length === 1",
    );
    browser.click("button[aria-label='Undo']");
    browser.wait_until(
        "the link undone by button",
        "document.querySelectorAll('.link').length === 0",
    );
    browser.click("button[aria-label='Redo']");
    browser.wait_until(
        "the link redone by button",
        "document.querySelectorAll('g.link').length === 1",
    );
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    browser.screenshot("board-editing");

    // Reload: the autosaved board comes back.
    browser.goto(&url);
    browser.wait_until(
        "the restored board",
        "document.querySelectorAll('.sticky').length === 3",
    );
    assert_eq!(browser.count(".link"), 1);
    assert!(browser
        .text(&placed)
        .unwrap()
        .replace('\u{200b}', "")
        .contains("OrderPlaced"));
}

#[test]
fn labels_are_text_never_markup() {
    let (browser, _) = fresh();
    add(
        &browser,
        "hotspot",
        "<img src=x onerror=\"document.title='pwned'\"><b>bold</b>",
    );
    assert_eq!(browser.count(".sticky img, .sticky b"), 0);
    assert!(browser
        .text(".sticky-label")
        .unwrap()
        .contains("<img src=x"));
    assert_ne!(browser.exec("return document.title;", json!([])), "pwned");
}

#[test]
fn a_share_link_carries_the_board() {
    let (browser, url) = fresh();
    browser.exec(
        "const s = document.querySelector('select.examples'); s.value = 'saga'; s.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );
    browser.wait_until(
        "the saga example",
        "document.querySelectorAll('.sticky').length > 20",
    );
    let stickies = browser.count(".sticky");
    browser.click("button[aria-label='Share link']");
    let link = browser.wait_until(
        "a link in the address bar",
        "location.hash.startsWith('#board=') && location.href",
    );
    let link = link.as_str().unwrap().to_string();
    assert!(link.starts_with(&url));

    // Someone else opens it: another browser profile, nothing stored.
    let other = Browser::start(1400, 900);
    other.goto(&url);
    other.exec("localStorage.clear();", json!([]));
    other.goto("about:blank");
    other.goto(&link);
    other.wait_until(
        "the shared board",
        &format!("document.querySelectorAll('.sticky').length === {stickies}"),
    );
    assert_eq!(
        other.text(".board-title").as_deref(),
        Some("Order saga with compensation")
    );
    assert!(notice(&other).contains("Opened the board from the link"));
    other.wait_until("the fragment cleared", "location.hash === ''");
    other.wait_until(
        "the shared board saved",
        "localStorage.getItem('stormlab.board') !== null",
    );
}

#[test]
fn a_broken_link_is_refused_and_the_board_is_kept() {
    let (browser, url) = fresh();
    add(&browser, "domain event", "Kept");
    let saved = stored_board(&browser).expect("autosaved");
    // A person pastes a damaged link into the address bar: a fresh page load.
    browser.goto("about:blank");
    browser.goto(&format!("{url}#board=AAAA-broken"));
    let message = notice(&browser);
    assert!(
        message.contains("Could not open the shared board") && message.contains("damaged"),
        "{message}"
    );
    assert_eq!(browser.count(".sticky"), 1);
    assert!(browser.text(".sticky-label").unwrap().contains("Kept"));
    assert_eq!(stored_board(&browser).as_deref(), Some(saved.as_str()));
}

#[test]
fn a_broken_file_is_refused_with_a_message_and_the_board_is_kept() {
    let (browser, _) = fresh();
    add(&browser, "command", "KeepMe");
    let saved = stored_board(&browser).expect("autosaved");
    let dir = std::env::temp_dir().join(format!("stormlab-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.json");
    std::fs::write(
        &broken,
        "{\"kind\": \"stormlab-board\", \"version\": 2, \"stickies\": [ {\"id\": 1",
    )
    .unwrap();
    browser.type_into("input[type=file]", broken.to_str().unwrap());
    let message = notice(&browser);
    assert!(
        message.contains("Could not open \u{201c}broken.json\u{201d}")
            && message.contains("truncated"),
        "{message}"
    );
    let wrong = dir.join("wrong.json");
    std::fs::write(&wrong, "{\"kind\": \"stormlab-board\", \"version\": 99}").unwrap();
    browser.click(".notice button");
    browser.type_into("input[type=file]", wrong.to_str().unwrap());
    assert!(
        notice(&browser).contains("newer Stormlab"),
        "{}",
        notice(&browser)
    );
    // A huge file is refused by its size, before it is read.
    let huge = dir.join("huge.json");
    std::fs::write(&huge, " ".repeat(6 * 1024 * 1024)).unwrap();
    browser.click(".notice button");
    browser.type_into("input[type=file]", huge.to_str().unwrap());
    assert!(
        notice(&browser).contains("too large"),
        "{}",
        notice(&browser)
    );
    assert_eq!(browser.count(".sticky"), 1);
    assert_eq!(stored_board(&browser).as_deref(), Some(saved.as_str()));

    // A good file opens.
    let good = dir.join("good.json");
    std::fs::write(
        &good,
        include_str!("../../board/tests/fixtures/board-v1.json"),
    )
    .unwrap();
    browser.type_into("input[type=file]", good.to_str().unwrap());
    browser.wait_until(
        "the opened file",
        "document.querySelectorAll('.sticky').length === 6",
    );
}

#[test]
fn example_boards_render_with_their_advice() {
    let (browser, _) = fresh();
    for e in stormlab_board::examples::EXAMPLES {
        choose_example(&browser, e.id);
        // The new board's own stickies and links, not the previous board's.
        let (stickies, links) = (e.board().stickies.len(), e.board().links.len());
        browser.wait_until(
            "the example drawn",
            &format!("document.querySelectorAll('.sticky').length === {stickies} && document.querySelectorAll('.link').length >= {links}"),
        );
        browser.screenshot(&format!("example-{}", e.id));
    }
    // The review fans out to five consumers through a notification event: advice says so.
    let advice = browser.text(".lint-list").unwrap_or_default();
    assert!(advice.is_empty() || !advice.contains("panicked"));
    choose_example(&browser, "review");
    browser.wait_until("the review advice", "document.querySelector('.lint-list') && document.querySelector('.lint-list').textContent.includes('call the producer back')");
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn keyboard_help_lists_the_shortcuts_and_every_button_has_a_name() {
    let (browser, _) = fresh();
    browser.click("section.board");
    browser.press(&[], "?");
    browser.find("[role=dialog]");
    assert!(browser.text("[role=dialog]").unwrap().contains("Undo"));
    browser.screenshot("help");
    browser.press(&[], ESCAPE);
    browser.wait_until(
        "the help closed",
        "!document.querySelector('[role=dialog]')",
    );
    let unnamed = browser.exec(
        "return [...document.querySelectorAll('button, select, input, textarea')].filter(e => !(e.getAttribute('aria-label') || e.textContent.trim() || e.labels?.length)).map(e => e.outerHTML);",
        json!([]),
    );
    assert_eq!(unnamed, json!([]), "controls without an accessible name");
}

#[test]
fn an_unreadable_autosave_is_reported_and_kept() {
    let (browser, url) = fresh();
    browser.exec("localStorage.setItem('stormlab.board', '{\"kind\": \"stormlab-board\", \"version\": 2, \"stickies\": [');", json!([]));
    browser.goto(&url);
    let message = notice(&browser);
    assert!(
        message.contains("could not be read") && message.contains("copied to"),
        "{message}"
    );
    assert_eq!(browser.count(".sticky"), 0);
    let kept = browser.exec(
        "return [localStorage.getItem('stormlab.board'), localStorage.getItem('stormlab.board.unreadable')];",
        json!([]),
    );
    let broken = "{\"kind\": \"stormlab-board\", \"version\": 2, \"stickies\": [";
    assert_eq!(
        kept,
        json!([broken, broken]),
        "the unreadable save stays, and a copy is kept aside"
    );
}

#[test]
fn a_sticky_reached_with_tab_is_selected_and_keys_act_on_it() {
    let (browser, _) = fresh();
    add(&browser, "domain event", "Focused");
    browser.click("section.board");
    browser.exec("document.querySelector('.sticky').focus();", json!([]));
    browser.wait_until(
        "the sticky selected",
        "document.querySelector('.sticky.selected')",
    );
    let before = browser.center(".sticky");
    browser.press(&[], "\u{E014}"); // Arrow right: nudge by 10 board units.
    browser.wait_until(
        "the nudge",
        &format!(
            "document.querySelector('.sticky').getBoundingClientRect().x > {}",
            before.0 - 80.0 + 5.0
        ),
    );
    browser.press(&[], "\u{E017}"); // Delete.
    browser.wait_until(
        "the sticky deleted",
        "document.querySelectorAll('.sticky').length === 0",
    );
}

#[test]
fn new_stickies_and_frames_land_in_free_space_in_view() {
    let (browser, _) = fresh();
    for label in ["One", "Two", "Three", "Four", "Five", "Six"] {
        add(&browser, "domain event", label);
        browser.press(&[], ESCAPE);
    }
    browser.click("button[aria-label='Add bounded context']");
    browser.click("button[aria-label='Add bounded context']");
    let rects = browser.exec(
        "const board = document.querySelector('.board').getBoundingClientRect();
         const r = (e) => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
         return { board: [board.left, board.top, board.right, board.bottom], stickies: [...document.querySelectorAll('.sticky')].map(r), frames: [...document.querySelectorAll('.context')].map(r) };",
        json!([]),
    );
    let list = |k: &str| -> Vec<Vec<f64>> {
        rects[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r.as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_f64().unwrap())
                    .collect()
            })
            .collect()
    };
    let overlap = |a: &[f64], b: &[f64]| a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    let board: Vec<f64> = rects["board"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let (stickies, frames) = (list("stickies"), list("frames"));
    assert_eq!((stickies.len(), frames.len()), (6, 2));
    for (i, a) in stickies.iter().enumerate() {
        assert!(
            a[0] >= board[0] && a[2] <= board[2] && a[1] >= board[1] && a[3] <= board[3],
            "sticky {i} in view: {a:?} {board:?}"
        );
        for b in &stickies[i + 1..] {
            assert!(!overlap(a, b), "stickies apart: {a:?} {b:?}");
        }
    }
    assert!(!overlap(&frames[0], &frames[1]), "frames apart");
    browser.screenshot("placement");
}

#[test]
fn a_new_context_is_named_in_place_and_typing_adds_no_stickies() {
    let (browser, _) = fresh();
    browser.click("button[aria-label='Add bounded context']");
    browser.find(".context-name-editor");
    browser.press(&[CONTROL], "a");
    // Letters that are palette shortcuts (e, c, p...) go into the name, not onto the board.
    browser.type_text("Checkout and payment");
    browser.press(&[], ENTER);
    browser.wait_until("the name", "!document.querySelector('.context-name-editor') && document.querySelector('.context-name')?.textContent === 'Checkout and payment'");
    assert_eq!(
        browser.count(".sticky"),
        0,
        "no sticky was added while typing"
    );
    // Escape while naming keeps the name it had.
    browser.click("button[aria-label='Add bounded context']");
    browser.find(".context-name-editor");
    browser.type_text("Nope");
    browser.press(&[], ESCAPE);
    browser.wait_until(
        "cancelled",
        "!document.querySelector('.context-name-editor')",
    );
    let names = browser.exec(
        "return [...document.querySelectorAll('.context-name')].map(n => n.textContent);",
        json!([]),
    );
    assert_eq!(names, json!(["Checkout and payment", "New context"]));
    assert_eq!(browser.count(".sticky"), 0);
}

#[test]
fn notices_fade_out_of_the_way_and_stay_readable_in_the_history() {
    let (browser, _) = fresh();
    browser.exec(
        "const s = document.querySelector('select.examples'); s.value = 'pizza'; s.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );
    let text = notice(&browser);
    assert!(text.starts_with("Opened the example"), "{text}");
    // On a line of its own below the workspace: it covers neither the board nor a panel.
    let clear = browser.exec(
        "const n = document.querySelector('.notice').getBoundingClientRect(); const w = document.querySelector('.workspace').getBoundingClientRect(); return n.top >= w.bottom - 0.5;",
        json!([]),
    );
    assert_eq!(clear, true, "the notice stays out of the workspace");
    browser.click(".notice button");
    browser.wait_until("gone", "!document.querySelector('.notice')");
    assert_eq!(
        browser.text(".messages-button").as_deref(),
        Some("Messages (1)")
    );
    browser.click(".messages-button");
    browser.find(".notice-log-dialog");
    let items = browser.exec(
        "return [...document.querySelectorAll('.notice-log-item')].map(i => i.textContent);",
        json!([]),
    );
    assert!(
        items[0].as_str().unwrap().starts_with("Opened the example"),
        "{items}"
    );
    // Keys typed while the history is open do nothing to the board.
    let stickies = browser.count(".sticky");
    browser.type_text("ec");
    assert_eq!(browser.count(".sticky"), stickies);
    browser.press(&[], ESCAPE);
    browser.wait_until("closed", "!document.querySelector('.notice-log-dialog')");
}

/// Presses Tab until the focused sticky shows `label` (focusing a sticky selects it).
fn tab_to_sticky(browser: &Browser, label: &str) {
    tab_until(
        browser,
        &format!("the sticky {label:?}"),
        "const e = document.activeElement; return e?.classList.contains('sticky') && e.querySelector('.sticky-label').textContent === arguments[0];",
        json!([label]),
    );
}

/// Presses Tab until `test` (a script returning true or false, given `args`) holds for what
/// has the focus; at most 60 times.
fn tab_until(browser: &Browser, what: &str, test: &str, args: serde_json::Value) {
    for _ in 0..60 {
        browser.press(&[], TAB);
        if browser.exec(test, args.clone()) == json!(true) {
            return;
        }
    }
    let focused = browser.exec(
        "return document.activeElement?.outerHTML.slice(0, 200) ?? null;",
        json!([]),
    );
    panic!("Tab never reached {what}; the focus is on {focused}");
}

/// Adds a sticky with its palette letter (`c` a command, `g` an aggregate, ...) and types its
/// label, all from the keyboard.
pub(crate) fn add_by_key(browser: &Browser, key: &str, label: &str) {
    browser.press(&[], key);
    type_label(browser, label);
}

/// Types `label` into the sticky editor that opens for a new sticky, and closes it.
pub(crate) fn type_label(browser: &Browser, label: &str) {
    browser.find(".sticky-editor");
    browser.press(&[CONTROL], "a");
    browser.type_text(label);
    browser.press(&[], ENTER);
    browser.wait_until(
        "the label kept",
        "!document.querySelector('.sticky-editor')",
    );
}

#[test]
fn two_stickies_are_connected_from_the_keyboard_alone() {
    let (browser, _) = fresh();
    browser.click("section.board");
    // C adds a command, G an aggregate; each opens its label for typing.
    add_by_key(&browser, "c", "PlaceOrder");
    add_by_key(&browser, "g", "Order");
    assert_eq!(browser.count("g.link"), 0);
    tab_to_sticky(&browser, "PlaceOrder");
    browser.press(&[], "l");
    assert!(
        notice(&browser).starts_with("Connecting from"),
        "{}",
        notice(&browser)
    );
    tab_to_sticky(&browser, "Order");
    browser.press(&[], ENTER);
    browser.wait_until(
        "the link",
        "document.querySelectorAll('g.link').length === 1",
    );
    assert!(notice(&browser).starts_with("Connected"));
    let saved = stored_board(&browser).unwrap_or_default();
    let board = stormlab_board::format::from_json(&saved).expect("the stored board");
    let names: Vec<(String, String)> = board
        .links
        .iter()
        .map(|l| {
            let name = |id| board.sticky(id).unwrap().label.clone();
            (name(l.from), name(l.to))
        })
        .collect();
    assert_eq!(names, [("PlaceOrder".to_string(), "Order".to_string())]);
}

#[test]
fn a_context_is_reached_renamed_and_resized_from_the_keyboard() {
    let (browser, _) = fresh();
    browser.click("section.board");
    // B adds a context and opens its name; Enter keeps the name typed.
    browser.press(&[], "b");
    browser.find(".context-name-editor");
    browser.press(&[CONTROL], "a");
    browser.type_text("Kitchen");
    browser.press(&[], ENTER);
    browser.wait_until("named", "!document.querySelector('.context-name-editor')");
    browser.press(&[], ESCAPE);
    // Tab reaches the frame (and selects it); Enter renames it in place.
    tab_until(
        &browser,
        "the context",
        "return document.activeElement.classList.contains('context');",
        json!([]),
    );
    browser.press(&[], ENTER);
    browser.find(".context-name-editor");
    browser.press(&[CONTROL], "a");
    browser.type_text("Bar");
    browser.press(&[], ENTER);
    browser.wait_until(
        "renamed",
        "(localStorage.getItem('stormlab.board') || '').includes('\"name\":\"Bar\"')",
    );
    let width = |browser: &Browser| {
        let board = stormlab_board::format::from_json(&stored_board(browser).unwrap()).unwrap();
        board.contexts[0].w
    };
    let before = width(&browser);
    // Still selected: Ctrl+Right twice widens it by 20, with Shift by 50.
    browser.press(&[CONTROL], "\u{E014}");
    browser.press(&[CONTROL], "\u{E014}");
    browser.press(&[CONTROL, SHIFT], "\u{E014}");
    browser.wait_until(
        "resized",
        &format!(
            "JSON.parse(localStorage.getItem('stormlab.board')).contexts[0].w === {}",
            before + 70.0
        ),
    );
    assert_eq!(width(&browser), before + 70.0);
}

#[test]
fn a_fields_type_size_and_parts_are_edited_in_compact_rows() {
    let (browser, _) = crate::run::open_example("retail");
    browser.click(&sticky_css(&browser, "OrderPlaced"));
    browser.find(".field-row");
    let rows = |b: &Browser| {
        b.exec(
            "return [...document.querySelectorAll('.fields .field-row:not(.add-part):not(.field-head)')].map(r => [r.querySelector('.field-name').value, r.querySelector('.field-type').value, r.querySelector('.field-bytes').value, r.querySelector('.field-bytes').disabled, r.classList.contains('part')]);",
            json!([]),
        )
    };
    // The example's order: a uuid (its size fixed), lines as a list of parts, a customer object.
    let before = rows(&browser);
    assert_eq!(
        before[0],
        json!(["order_id", "uuid", "36", true, false]),
        "{before}"
    );
    assert_eq!(
        before[1],
        json!(["lines", "array", "800", false, false]),
        "{before}"
    );
    assert_eq!(
        before[2],
        json!(["sku", "string", "12", false, true]),
        "{before}"
    );
    browser.exec(
        "document.querySelector('.fields').scrollIntoView({block: 'end'});",
        json!([]),
    );
    browser.screenshot("field-rows");
    // The customer becomes a date-time: its size follows (24) and its parts go.
    let set = |css: &str, value: &str| {
        browser.exec(
            "const all = document.querySelectorAll(arguments[0]); const i = all[all.length - 1]; i.value = arguments[1]; i.dispatchEvent(new Event('change', {bubbles: true}));",
            json!([css, value]),
        );
    };
    let customer_type = "[aria-label='Field 3 type']";
    set(customer_type, "date-time");
    browser.wait_until(
        "the size from the type",
        "document.querySelector(\"[aria-label='Field 3 size in bytes']\")?.value === '24'",
    );
    let board =
        stormlab_board::format::from_json(&crate::board::stored_board(&browser).unwrap()).unwrap();
    let placed = board
        .stickies
        .iter()
        .find(|s| s.label == "OrderPlaced")
        .unwrap();
    let customer = &placed.event.as_ref().unwrap().fields[2];
    assert_eq!(
        (customer.ty, customer.bytes, customer.of.len()),
        (stormlab_board::FieldType::DateTime, 24, 0)
    );
    // Undo brings the object and its parts back.
    browser.click("section.board");
    browser.press(&[CONTROL], "z");
    browser.click(&sticky_css(&browser, "OrderPlaced"));
    browser.wait_until(
        "the customer's parts back",
        "document.querySelector(\"[aria-label='Field 3 type']\")?.value === 'object'",
    );
    // A part is added to the lines, and one made optional.
    browser.click("[aria-label='Add a part to lines']");
    browser.wait_until(
        "a fourth part",
        "!!document.querySelector(\"[aria-label='Field 2 part 4 name']\")",
    );
    browser.click("[aria-label='Field 2 part 4 required']");
    browser.wait_until(
        "saved",
        "/\"required\":\\s*false/.test(localStorage.getItem('stormlab.board') || '')",
    );
}
