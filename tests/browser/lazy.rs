//! The page's two halves: the first load fetches the editor only; the lazy module (run views,
//! Compare, the dialogs) comes once, the first time one of them opens; when it cannot load, the
//! view says why, the board stays, and opening the view again tries again.

use serde_json::json;

use crate::board::notice;
use crate::driver::Browser;
use crate::run::{click_mode, mode, open_example, play_until_handled};
use crate::server::StaticServer;

/// How many resources the page fetched whose name contains `part`.
fn fetched(browser: &Browser, part: &str) -> u64 {
    browser
        .exec(
            "return performance.getEntriesByType('resource').filter(r => r.name.includes(arguments[0])).length;",
            json!([part]),
        )
        .as_u64()
        .unwrap_or(0)
}

#[test]
fn the_first_load_fetches_the_editor_only_and_the_lazy_module_once() {
    let (browser, _) = open_example("retail");
    assert_eq!(
        fetched(&browser, "lazy"),
        0,
        "nothing lazy before it is wanted"
    );
    assert_eq!(fetched(&browser, "format-worker"), 0);

    mode(&browser, "Run");
    play_until_handled(&browser);
    mode(&browser, "Compare");
    mode(&browser, "Model");
    browser.click("button[aria-label=Export]");
    browser.find(".export-dialog");
    browser.click("button[aria-label='Close export']");
    mode(&browser, "Run");
    let dist = crate::dist();
    assert_eq!(
        fetched(&browser, &crate::later_file(&dist, "lazy", "_bg.wasm")),
        1,
        "the lazy module, once"
    );
    assert_eq!(
        fetched(&browser, &crate::later_file(&dist, "lazy", ".js")),
        1
    );
    // Its views sit in the page's layout: the run panel beside the board, over the same rows.
    let (board, panel) = (
        browser.exec(
            "return document.querySelector('.board-wrap').getBoundingClientRect().toJSON();",
            json!([]),
        ),
        browser.exec(
            "return document.querySelector('.run-panel').getBoundingClientRect().toJSON();",
            json!([]),
        ),
    );
    assert!(
        panel["left"].as_f64() >= board["right"].as_f64(),
        "{board} {panel}"
    );
    assert_eq!(panel["top"], board["top"]);
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn a_lazy_module_that_cannot_load_says_why_and_loads_when_asked_again() {
    let server = StaticServer::start(&crate::dist(), "/stormlab/");
    let browser = Browser::start(1280, 800);
    // No service worker (it would serve the module from its cache), and no lazy module.
    browser.cdp("Network.enable", json!({}));
    browser.cdp(
        "Network.setBlockedURLs",
        json!({ "urls": ["*sw.js", format!("*{}", crate::later_file(&crate::dist(), "lazy", ".js"))] }),
    );
    browser.goto(&server.url);
    browser.find(".toolbar");
    crate::board::choose_example(&browser, "pizza");
    let stickies = browser.count(".sticky");

    click_mode(&browser, "Run");
    browser.wait_until(
        "the reason in the view",
        "document.querySelector('.lazy-loading[role=alert]')",
    );
    let shown = browser.text(".lazy-loading").unwrap_or_default();
    assert!(
        shown.contains("Could not load the simulator") && shown.contains(".js did not load"),
        "{shown}"
    );
    let message = notice(&browser);
    assert!(message.contains("Your board is unchanged"), "{message}");
    assert_eq!(
        browser.count(".sticky"),
        stickies,
        "the board is still there"
    );
    browser.screenshot("lazy-module-failed");

    // The connection is back: opening the view again loads it.
    browser.cdp("Network.setBlockedURLs", json!({ "urls": ["*sw.js"] }));
    mode(&browser, "Model");
    mode(&browser, "Run");
    play_until_handled(&browser);
    assert_eq!(browser.count(".sticky"), stickies);
}
