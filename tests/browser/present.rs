//! Presentation mode on a 1280 × 720 projector-sized window: the walkthrough steps through the
//! links from the keyboard (as a clicker sends Page Down / Page Up), highlights the current
//! pair, then plays the run with its numbers in large type; the facilitator's order and
//! captions are saved with the board and travel in the share link; axe finds nothing serious.

use serde_json::json;

use crate::driver::{Browser, END, ENTER, ESCAPE};

const PAGE_DOWN: &str = "\u{E00F}";
const PAGE_UP: &str = "\u{E00E}";

/// A fresh 1280 × 720 app with an example open.
fn projector(example: &str) -> (Browser, String) {
    crate::run::open_example_at(example, 1280, 720)
}

fn caption(browser: &Browser) -> (String, String) {
    let count = browser.text(".present-count").unwrap_or_default();
    let text = browser.text(".present-caption").unwrap_or_default();
    (count, text)
}

fn selected_labels(browser: &Browser) -> Vec<String> {
    let labels = browser.exec(
        "return [...document.querySelectorAll('.sticky.selected .sticky-label')].map(e => e.textContent);",
        json!([]),
    );
    serde_json::from_value(labels).unwrap()
}

#[test]
fn a_clicker_walks_the_room_through_the_links_then_the_run_plays_in_large_type() {
    let (browser, _) = projector("retail");
    let links = browser.count("g.link");
    browser.click(".present-button");
    browser.find(".walk-dialog");
    assert_eq!(browser.count(".walk-step"), links, "one step per link");
    browser.screenshot("walkthrough-editor-1280x720");
    crate::a11y::assert_clean(&browser, "walkthrough editor");
    browser.click(".start-presenting");
    browser.find(".app.presenting");
    let (count, first) = caption(&browser);
    assert_eq!(count, format!("Step 1 of {links}"));
    // The flow starts at the actor: its command is the first step.
    let pair = selected_labels(&browser);
    assert_eq!(pair.len(), 2, "{pair:?}");
    assert!(
        first.contains(&pair[0]) && first.contains(&pair[1]),
        "{first} / {pair:?}"
    );
    let hidden = browser.exec(
        "return ['.app-header', '.toolbar', '.side-panel'].map(c => getComputedStyle(document.querySelector(c)).display);",
        json!([]),
    );
    assert_eq!(
        hidden,
        json!(["none", "none", "none"]),
        "header, palette and panel hidden"
    );
    // Large type: the caption is at least 28 px high, the stickies at least 12 px.
    let sizes = browser.exec(
        "return [parseFloat(getComputedStyle(document.querySelector('.present-caption')).fontSize),
                 document.querySelector('.sticky.selected .sticky-label').getBoundingClientRect().height];",
        json!([]),
    );
    assert!(sizes[0].as_f64().unwrap() >= 28.0, "{sizes}");
    assert!(sizes[1].as_f64().unwrap() >= 12.0, "{sizes}");
    browser.screenshot("present-step-1280x720");
    crate::a11y::assert_clean(&browser, "presentation");

    browser.press(&[], PAGE_DOWN);
    browser.wait_until(
        "step 2",
        "document.querySelector('.present-count').textContent.startsWith('Step 2 of')",
    );
    let (_, second) = caption(&browser);
    assert_ne!(first, second);
    browser.press(&[], " ");
    browser.wait_until(
        "step 3",
        "document.querySelector('.present-count').textContent.startsWith('Step 3 of')",
    );
    browser.press(&[], PAGE_UP);
    browser.press(&[], PAGE_UP);
    browser.wait_until(
        "back to step 1",
        "document.querySelector('.present-count').textContent.startsWith('Step 1 of')",
    );
    // Typing does not edit the board while presenting.
    browser.type_text("c");
    assert_eq!(browser.count(".sticky-editor"), 0);

    // Past the last step the board runs, its numbers in large type.
    browser.press(&[], END);
    browser.wait_until("the run", "document.querySelector('.present-numbers')");
    browser.wait_until(
        "messages handled",
        "Number(document.querySelector('[data-present-metric=\"Messages handled\"]')?.textContent) > 20",
    );
    let big = browser.exec(
        "return parseFloat(getComputedStyle(document.querySelector('.present-value')).fontSize);",
        json!([]),
    );
    assert!(big.as_f64().unwrap() >= 40.0, "{big}");
    browser.screenshot("present-run-1280x720");
    crate::a11y::assert_clean(&browser, "presentation while the board runs");
    browser.press(&[], PAGE_UP);
    browser.wait_until(
        "the last step again",
        &format!(
            "document.querySelector('.present-count')?.textContent === 'Step {links} of {links}'"
        ),
    );
    browser.press(&[], ESCAPE);
    browser.wait_until(
        "the presentation ended",
        "!document.querySelector('.app.presenting')",
    );
    assert_eq!(browser.count(".present-bar"), 0);
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn the_facilitators_order_and_captions_are_saved_and_travel_in_the_share_link() {
    let (browser, url) = projector("saga");
    browser.click(".present-button");
    browser.find(".walk-dialog");
    let said_second = browser
        .exec(
            "return document.querySelectorAll('.walk-caption')[1].placeholder;",
            json!([]),
        )
        .as_str()
        .unwrap()
        .to_string();
    // Step 2 goes first, then step 1 gets a caption of the facilitator's.
    browser.click("button[aria-label='Move step 2 earlier']");
    browser.wait_until(
        "the new order",
        &format!("document.querySelectorAll('.walk-caption')[0].placeholder === {said_second:?}"),
    );
    browser.click(".walk-caption");
    browser.type_text("First, what the customer <b>sees</b>");
    browser.press(&[], ENTER);
    browser.wait_until(
        "the caption saved",
        "(localStorage.getItem('stormlab.board') || '').includes('what the customer')",
    );
    browser.click(".start-presenting");
    browser.find(".app.presenting");
    assert_eq!(
        caption(&browser).1,
        "First, what the customer <b>sees</b>",
        "shown as text"
    );
    assert_eq!(browser.count(".present-caption b"), 0);
    browser.press(&[], ESCAPE);
    browser.wait_until("ended", "!document.querySelector('.app.presenting')");

    // The share link carries the walkthrough to another browser.
    let saved = browser
        .exec("return localStorage.getItem('stormlab.board');", json!([]))
        .as_str()
        .unwrap()
        .to_string();
    let board = stormlab_board::format::from_json(&saved).unwrap();
    assert_eq!(
        board.walkthrough[0].caption,
        "First, what the customer <b>sees</b>"
    );
    let other = crate::board::open_shared(&url, &board);
    other.click(".present-button");
    other.click(".start-presenting");
    other.find(".app.presenting");
    assert_eq!(caption(&other).1, "First, what the customer <b>sees</b>");
}

/// The rendered height of sticky label text on the board (font size times the view's zoom).
fn label_px(browser: &Browser) -> f64 {
    browser
        .exec(
            "const l = document.querySelector('.sticky .sticky-label');
             const m = new DOMMatrix(getComputedStyle(document.querySelector('.world')).transform);
             return parseFloat(getComputedStyle(l).fontSize) * m.a;",
            json!([]),
        )
        .as_f64()
        .unwrap()
}

#[test]
fn the_run_view_on_a_projector_shows_readable_stickies_and_the_headline_metrics() {
    let (browser, _) = projector("retail");
    crate::run::mode(&browser, "Run");
    browser.find(".run-panel");
    browser.click("button[aria-label=Play]");
    browser.wait_until(
        "messages handled",
        "Number(document.querySelector('[data-metric=\"Messages handled\"]')?.textContent) > 5",
    );
    // The notice about the example fades by itself (8 s); the facilitator may close it sooner.
    browser.exec(
        "document.querySelector('.notice button')?.click();",
        json!([]),
    );
    browser.wait_until("no notice", "!document.querySelector('.notice')");
    browser.screenshot("run-1280x720");
    // The headline metrics (the first row of cards) are in the panel's view without scrolling.
    let fold = browser.exec(
        "const cards = [...document.querySelectorAll('.metric')].slice(0, 3);
         const panel = document.querySelector('.run-panel');
         return [cards.length, Math.max(...cards.map(c => c.getBoundingClientRect().bottom)),
                 panel.getBoundingClientRect().bottom, panel.scrollTop];",
        json!([]),
    );
    assert_eq!(fold[0], json!(3), "{fold}");
    assert!(
        fold[1].as_f64().unwrap() <= fold[2].as_f64().unwrap(),
        "metrics below the fold: {fold}"
    );
    // Sticky labels at least 12 px high, or a readable zoom one click away.
    let fitted = label_px(&browser);
    if fitted < 12.0 {
        browser.click("button.readable-zoom");
        let readable = label_px(&browser);
        assert!(
            readable >= 12.0,
            "labels {fitted:.1} px fitted, {readable:.1} px at the readable zoom"
        );
    }
    browser.screenshot("run-1280x720-readable");
    // Resizing the window refits the board to the Run view's new area.
    if browser.count("button.readable-zoom[aria-pressed=true]") == 1 {
        browser.click("button.readable-zoom");
        browser.wait_until(
            "the whole board again",
            "document.querySelector('button.readable-zoom').getAttribute('aria-pressed') === 'false'",
        );
    }
    let before = browser.exec(
        "return document.querySelector('.world').style.transform;",
        json!([]),
    );
    browser.set_window(1600, 1000);
    browser.wait_until(
        "the board refitted",
        &format!("document.querySelector('.world').style.transform !== {before}"),
    );
}
