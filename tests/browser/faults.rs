//! Faults in a real browser: the app panics (a test-only trigger) and the page says so, keeps
//! the saved board and reloads it; the browser refuses localStorage and the board stays in
//! memory, saveable as a file; a hostile share link and a board too dense to run each get a
//! message, and the board stays editable.

use serde_json::json;
use stormlab_board::examples::example;
use stormlab_board::share;

use crate::board::{add, fresh, notice, stored_board};
use crate::run::{click_mode, mode, open_in_run_view};

#[test]
fn the_check_for_console_errors_catches_one() {
    let (browser, url) = fresh();
    assert_eq!(
        browser.console_errors(),
        Vec::<String>::new(),
        "a clean start"
    );
    browser.goto(&format!("{url}?stormlab-test=console-error"));
    browser.find(".toolbar");
    browser.wait_until(
        "the page drawn",
        "performance.getEntriesByName('stormlab-first-render').length > 0",
    );
    let errors = browser.console_errors();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("a console error planted on purpose")),
        "the planted error is caught: {errors:#?}"
    );
}

#[test]
fn a_panic_in_the_lazy_module_shows_the_same_message_and_keeps_the_board() {
    let (browser, url) = fresh();
    add(&browser, "domain event", "Survives");
    let saved = stored_board(&browser).expect("autosaved");
    browser.goto("about:blank");
    browser.goto(&format!("{url}?stormlab-test=lazy-panic"));
    browser.find(".sticky");
    // The page runs; the lazy module panics as it starts, when a run view first opens.
    click_mode(&browser, "Run");
    browser.wait_until("the crash message", "document.querySelector('#crash')");
    let text = browser.text("#crash").unwrap_or_default();
    assert!(
        text.contains("Stormlab stopped because of an error")
            && text.contains("Your board is safe"),
        "{text}"
    );
    assert!(
        text.contains("test-only panic in the lazy module"),
        "{text}"
    );
    let focused = browser.exec("return document.activeElement.className;", json!([]));
    assert_eq!(focused, json!("crash-reload"), "Reload has the focus");
    assert_eq!(stored_board(&browser).as_deref(), Some(saved.as_str()));
    browser.screenshot("crash-lazy");
}

#[test]
fn a_panic_shows_a_message_keeps_the_saved_board_and_reloads_it() {
    let (browser, url) = fresh();
    add(&browser, "domain event", "Survives");
    let saved = stored_board(&browser).expect("autosaved");
    browser.goto("about:blank");
    browser.goto(&format!("{url}?stormlab-test=panic"));
    browser.wait_until("the crash message", "document.querySelector('#crash')");
    let text = browser.text("#crash").unwrap_or_default();
    assert!(
        text.contains("Stormlab stopped because of an error"),
        "{text}"
    );
    assert!(text.contains("Your board is safe"), "{text}");
    assert!(
        text.contains("test-only panic"),
        "the detail names the panic: {text}"
    );
    assert_eq!(
        browser.text(".crash-download").as_deref(),
        Some("Download the saved board")
    );
    let focused = browser.exec("return document.activeElement.className;", json!([]));
    assert_eq!(focused, json!("crash-reload"), "Reload has the focus");
    assert_eq!(
        stored_board(&browser).as_deref(),
        Some(saved.as_str()),
        "the saved board is intact"
    );
    browser.screenshot("crash");
    // Reload (without the trigger, as a person would after the fault): the board is back.
    browser.exec(
        "history.replaceState(null, '', location.pathname);",
        json!([]),
    );
    browser.click(".crash-reload");
    browser.wait_until(
        "the board again",
        "document.querySelector('.sticky') && !document.querySelector('#crash')",
    );
    assert!(browser
        .text(".sticky-label")
        .unwrap_or_default()
        .contains("Survives"));
}

#[test]
fn start_empty_after_a_panic_keeps_the_board_aside() {
    let (browser, url) = fresh();
    add(&browser, "command", "SetAside");
    let saved = stored_board(&browser).expect("autosaved");
    browser.goto("about:blank");
    browser.goto(&format!("{url}?stormlab-test=panic"));
    browser.wait_until("the crash message", "document.querySelector('#crash')");
    browser.exec(
        "history.replaceState(null, '', location.pathname);",
        json!([]),
    );
    browser.click(".crash-empty");
    browser.wait_until(
        "the app again",
        "document.querySelector('.toolbar') && !document.querySelector('#crash')",
    );
    assert_eq!(browser.count(".sticky"), 0);
    let kept = browser.exec(
        "return localStorage.getItem('stormlab.board.before-crash');",
        json!([]),
    );
    assert_eq!(kept.as_str(), Some(saved.as_str()));
}

#[test]
fn storage_that_refuses_gets_a_notice_and_the_board_stays_in_memory_and_saveable() {
    let (browser, _) = fresh();
    add(&browser, "domain event", "Before");
    // The quota is used up (or private mode refuses): every write throws.
    browser.exec(
        "Storage.prototype.setItem = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };",
        json!([]),
    );
    add(&browser, "command", "AfterQuota");
    let message = notice(&browser);
    assert!(
        message.contains("refused to save the board locally") && message.contains("Save"),
        "{message}"
    );
    assert_eq!(browser.count(".sticky"), 2, "the board stays in memory");
    browser.screenshot("storage-refused");
    // Storage gone altogether (some privacy modes): the app carries on, and Save still works.
    browser.exec(
        "Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });",
        json!([]),
    );
    browser.click(".notice button");
    add(&browser, "policy", "NoStorage");
    assert!(notice(&browser).contains("refused to save the board locally"));
    browser.exec(
        "window.savedFiles = []; const click = HTMLAnchorElement.prototype.click; HTMLAnchorElement.prototype.click = function () { if (this.download) window.savedFiles.push(this.download); else click.call(this); };",
        json!([]),
    );
    browser.click("button[aria-label^='Save']");
    let files = browser.wait_until(
        "a saved file",
        "window.savedFiles.length > 0 && window.savedFiles",
    );
    assert!(
        files[0].as_str().unwrap_or_default().ends_with(".json"),
        "{files}"
    );
    assert_eq!(browser.count(".sticky"), 3);
}

#[test]
fn a_hostile_share_link_gets_a_message_and_the_board_stays_editable() {
    let (browser, url) = fresh();
    add(&browser, "domain event", "Mine");
    let saved = stored_board(&browser).expect("autosaved");
    let mut hostile = example("retail").unwrap().board();
    hostile.run.partitions = 1_000_000_000;
    browser.goto("about:blank");
    browser.goto(&format!("{url}#{}", share::encode(&hostile)));
    let message = notice(&browser);
    assert!(
        message.contains("Could not open the shared board")
            && message.contains("partitions")
            && message.contains("1000"),
        "{message}"
    );
    assert_eq!(stored_board(&browser).as_deref(), Some(saved.as_str()));
    browser.screenshot("hostile-link");
    browser.click(".notice button");
    add(&browser, "command", "StillEditable");
    assert_eq!(browser.count(".sticky"), 2);
}

#[test]
fn a_board_too_dense_to_run_names_the_sticky_and_stays_editable() {
    // Twelve commands at the panel's highest rate: each in range, together too dense.
    let board = stormlab_board::examples::crowded(12, 100_000.0).unwrap();
    let (browser, _) = open_in_run_view(&board);
    browser.find(".problems");
    let text = browser.text(".problems").unwrap_or_default();
    assert!(
        text.contains("Too much happens at once") && text.contains("this command's arrivals"),
        "{text}"
    );
    assert_eq!(
        browser.exec(
            "return document.querySelector('.run-status').dataset.status;",
            json!([])
        ),
        json!("cannot run")
    );
    browser.screenshot("too-dense");
    browser.click(".problems .lint-item");
    browser.wait_until(
        "the sticky at fault selected",
        "document.querySelector('.sticky.selected')",
    );
    mode(&browser, "Model");
    let before = browser.count(".sticky");
    add(&browser, "policy", "StillEditable");
    assert_eq!(browser.count(".sticky"), before + 1);
}
