//! A team's own experiment, kept with its board: Compare's A and B saved as an experiment of
//! the board (its question, metric and expectation), listed beside the example's lessons,
//! taken back by undo and brought again by redo, kept when the page reloads, carried by the
//! share link to another browser, and removed with its button; axe finds nothing serious in
//! the form.

use serde_json::json;

use crate::driver::{Browser, CONTROL};
use crate::run::{mode, open_example};

fn questions(browser: &Browser) -> Vec<String> {
    serde_json::from_value(browser.exec(
        "return [...document.querySelectorAll('.experiment-choice option')].map(o => o.textContent);",
        json!([]),
    ))
    .unwrap()
}

fn choose(browser: &Browser, select: &str, value: &str) {
    browser.exec(
        "const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([select, value]),
    );
}

#[test]
fn an_ab_comparison_is_saved_with_the_board_and_travels_with_it() {
    let (browser, url) = open_example("pizza");
    mode(&browser, "Compare");
    assert_eq!(questions(&browser).len(), 1, "the pizza shop's lesson");
    // B polls instead: run both a few times, then keep it as the team's question.
    choose(&browser, ".side-b select[aria-label='B: Delivery']", "poll");
    browser.exec(
        "const r = document.querySelector('.runs-field input'); r.value = '3'; r.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );
    browser.click(".run-both");
    browser.wait_until(
        "the runs",
        "document.querySelector('.compare .run-status')?.dataset.status === 'finished'",
    );
    // A sweep of the consumers, kept with the experiment.
    for (css, value) in [
        (".sweep-setting", "consumers"),
        (".sweep-from", "1"),
        (".sweep-to", "3"),
        (".sweep-steps", "3"),
        (".sweep-runs", "2"),
    ] {
        choose(&browser, css, value);
    }
    browser.click(".run-sweep");
    browser.wait_until(
        "the sweep",
        "document.querySelector('.sweep-status')?.dataset.status === 'finished'",
    );
    browser.click(".save-experiment-button");
    browser.find(".save-experiment-form");
    assert!(
        browser
            .text(".keep-sweep")
            .unwrap_or_default()
            .contains("consumers 1..3, 3 points"),
        "the sweep is offered"
    );
    browser.exec(
        "const q = document.querySelector('.save-experiment-form input'); q.value = ''; q.focus();",
        json!([]),
    );
    browser.type_text("Does polling the <b>kitchen</b> slow the orders?");
    choose(&browser, ".save-experiment-form select", "Mean latency");
    browser.exec(
        "const s = document.querySelectorAll('.save-experiment-form select')[1]; s.value = '1'; s.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );
    crate::a11y::assert_clean(&browser, "save-as-experiment form");
    browser.screenshot("experiment-save-form");
    browser.click(".save-experiment-form button[type=submit]");
    browser.wait_until(
        "two experiments",
        "document.querySelectorAll('.experiment-choice option').length === 2",
    );
    let q = "Does polling the <b>kitchen</b> slow the orders?";
    assert_eq!(questions(&browser)[1], q, "listed as typed, as text");
    assert_eq!(
        browser.exec(
            "return document.querySelector('.experiment strong').textContent;",
            json!([])
        ),
        q,
        "the saved experiment is shown"
    );
    assert!(browser
        .text(".experiment")
        .unwrap_or_default()
        .contains("Expected: B higher than A on mean latency."));
    browser.wait_until(
        "saved with the board",
        "(localStorage.getItem('stormlab.board') || '').includes('polling the')",
    );
    assert!(
        browser.count(".verdicts li") > 0,
        "saving an experiment changes nothing that runs: the results stay"
    );
    browser.screenshot("experiment-saved");
    let saved = crate::board::stored_board(&browser).unwrap();
    let board = stormlab_board::format::from_json(&saved).unwrap();
    let mine = &board.experiments[1];
    assert_eq!(mine.metric, "Mean latency");
    assert_eq!(mine.runs, 3);
    assert_eq!(
        mine.expect,
        Some(stormlab_board::experiment::Expect::BHigher)
    );
    let sweep = mine.sweep.as_ref().expect("the sweep kept");
    assert_eq!(
        (sweep.setting.as_str(), sweep.from, sweep.to, sweep.steps),
        ("consumers", 1.0, 3.0, 3)
    );
    let b = mine.b.settings.to_words();
    assert!(
        b.contains("delivery=poll") && b.contains("idempotent=true"),
        "{b}"
    );
    // Undo takes the saving back, redo brings it again.
    mode(&browser, "Model");
    browser.click("section.board");
    browser.press(&[CONTROL], "z");
    mode(&browser, "Compare");
    assert_eq!(questions(&browser).len(), 1, "undone");
    mode(&browser, "Model");
    browser.click("section.board");
    browser.press(&[CONTROL], "y");
    mode(&browser, "Compare");
    assert_eq!(questions(&browser).len(), 2, "redone");
    // The page reloads with it.
    browser.exec("location.reload();", json!([]));
    browser.find(".sticky");
    mode(&browser, "Compare");
    assert_eq!(questions(&browser).len(), 2);
    // Shown again, it fills the sweep panel with its sweep.
    choose(&browser, ".experiment-choice select", "1");
    browser.wait_until(
        "the experiment's sweep in the panel",
        "document.querySelector('.sweep-steps')?.value === '3' && document.querySelector('.sweep-to')?.value === '3'",
    );
    choose(&browser, ".experiment-choice select", "0");
    // The share link carries it to another browser.
    let other = crate::board::open_shared(&url, &board);
    mode(&other, "Compare");
    assert_eq!(questions(&other)[1], q);
    // The Remove button removes the lesson.
    browser.click(".remove-experiment");
    browser.wait_until(
        "the lesson removed",
        "document.querySelectorAll('.experiment-choice option').length === 1",
    );
    assert_eq!(questions(&browser), [q]);
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "{errors:#?}");
}
