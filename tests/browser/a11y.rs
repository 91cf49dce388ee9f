//! Accessibility audits with axe-core (the npm package pinned in `tests/js`), run in the page on
//! every view with an example open: no serious or critical violation may remain.

use serde_json::{json, Value};

use crate::driver::Browser;
use crate::run::{mode, open_example};

/// axe-core's browser build, installed by `scripts/setup.sh` (npm ci in `tests/js`).
fn axe_source() -> String {
    let path = crate::root().join("tests/js/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/setup.sh)", path.display()))
}

/// Runs axe on the whole document and returns its serious and critical violations, each as
/// "rule: help (n elements: first targets)".
pub(crate) fn serious_violations(browser: &Browser) -> Vec<String> {
    if browser.exec("return typeof axe;", json!([])) != json!("object") {
        browser.exec(&axe_source(), json!([]));
    }
    let result = browser.exec_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document, { resultTypes: ['violations'] })
            .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, help: v.help, n: v.nodes.length,
                             targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))))
            .catch(e => done([{ id: 'axe-error', help: String(e), n: 0, targets: [] }]));",
        json!([]),
    );
    result
        .as_array()
        .expect("axe results")
        .iter()
        .map(|v: &Value| {
            format!(
                "{}: {} ({} elements: {})",
                v["id"], v["help"], v["n"], v["targets"]
            )
        })
        .collect()
}

pub(crate) fn assert_clean(browser: &Browser, view: &str) {
    let violations = serious_violations(browser);
    assert!(
        violations.is_empty(),
        "axe-core finds serious violations in the {view}:\n{}",
        violations.join("\n")
    );
}

#[test]
fn model_run_and_compare_views_pass_axe() {
    let (browser, _) = open_example("retail");
    assert_clean(&browser, "Model view");
    browser.click(".sticky");
    assert_clean(&browser, "Model view with a sticky selected");

    mode(&browser, "Run");
    browser.find(".run-panel");
    browser.click("button[aria-label=Play]");
    browser.wait_until(
        "messages delivered",
        "document.querySelector('[data-metric]') !== null",
    );
    assert_clean(&browser, "Run view");

    mode(&browser, "Compare");
    browser.find(".run-both");
    assert_clean(&browser, "Compare view");
    browser.click(".run-both");
    browser.wait_until(
        "the replications",
        "document.querySelector('.compare .run-status')?.dataset.status === 'finished'",
    );
    browser.find(".replicated caption");
    assert_clean(&browser, "Compare view with results");
}

#[test]
fn help_overlay_passes_axe() {
    let (browser, _) = open_example("saga");
    browser.click("section.board");
    browser.press(&[], "?");
    browser.find("[role=dialog]");
    assert_clean(&browser, "help overlay");
}
