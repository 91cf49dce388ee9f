//! Running a board in a real browser: open an example, run it, read the metrics; push vs
//! poll compared side by side; the payment service taken down makes sagas compensate; the
//! event log exports valid JSON; a board that cannot run lists what is missing.

use serde_json::{json, Value};

use crate::driver::Browser;

pub(crate) fn open_example(id: &str) -> (Browser, String) {
    open_example_at(id, 1600, 1000)
}

/// A fresh app in a window of this size with an example open.
pub(crate) fn open_example_at(id: &str, width: u32, height: u32) -> (Browser, String) {
    let (browser, url) = crate::board::fresh_at(width, height);
    crate::board::choose_example(&browser, id);
    (browser, url)
}

/// A fresh app showing `board`, opened from a share link, in the Run view.
pub(crate) fn open_in_run_view(board: &stormlab_board::Board) -> (Browser, String) {
    let (browser, url) = crate::board::fresh();
    browser.goto(&format!("{url}#{}", stormlab_board::share::encode(board)));
    // Only the fragment changed: load the page again so the app reads it at start-up.
    browser.exec("location.reload();", json!([]));
    browser.wait_until(
        "the board",
        "document.querySelectorAll('.sticky').length > 8",
    );
    mode(&browser, "Run");
    browser.find(".run-panel");
    (browser, url)
}

/// Clicks a view's tab (without waiting for the view).
pub(crate) fn click_mode(browser: &Browser, name: &str) {
    browser.exec(
        "for (const b of document.querySelectorAll('.mode')) if (b.textContent === arguments[0]) b.click();",
        json!([name]),
    );
}

/// Presses Play in the Run view and waits until the run has handled events.
pub(crate) fn play_until_handled(browser: &Browser) {
    browser.click("button[aria-label=Play]");
    browser.wait_until(
        "messages handled",
        "Number(document.querySelector('.run-status')?.dataset.events) > 0",
    );
}

/// Opens a view by its tab; a run view is ready once the lazy module (loaded the first time) has
/// drawn it.
pub(crate) fn mode(browser: &Browser, name: &str) {
    click_mode(browser, name);
    let drawn = match name {
        "Run" => ".run-panel",
        "Compare" => ".compare",
        _ => return,
    };
    browser.wait_until(
        &format!("the {name} view"),
        &format!("document.querySelector('.lazy-loading') === null && document.querySelector('{drawn}') !== null"),
    );
}

/// The mean latency of both variants of `example`'s first experiment over `runs` seeds, run
/// natively (what the page's Compare view must show).
pub(crate) fn native_mean_latency(example: &str, runs: usize) -> stormlab_run::stats::Compared {
    let board = stormlab_board::examples::example(example).unwrap().board();
    let e = stormlab_run::experiment::for_board(&board).unwrap();
    let compiled = stormlab_run::replicate::scenarios(&board, &e.a, &e.b).unwrap();
    let native = stormlab_run::replicate::run_all(
        &compiled,
        &stormlab_run::replicate::seeds(board.run.seed, runs),
        2,
    );
    native
        .compared()
        .into_iter()
        .find(|c| c.label == "Mean latency")
        .unwrap()
}

pub(crate) fn choose_speed(browser: &Browser, label: &str) {
    browser.exec(
        "const s = document.querySelector('select[aria-label=Speed]'); for (const o of s.options) if (o.textContent.startsWith(arguments[0])) s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([label]),
    );
}

fn metric(browser: &Browser, label: &str) -> String {
    browser
        .exec(
            "const m = document.querySelector(`[data-metric=\"${arguments[0]}\"]`); return m ? m.textContent : null;",
            json!([label]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn number(text: &str) -> f64 {
    text.trim_end_matches(|c: char| !c.is_ascii_digit())
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("not a number: {text:?}"))
}

#[test]
fn an_example_runs_with_animated_messages_and_metrics() {
    let (browser, _url) = open_example("retail");
    mode(&browser, "Run");
    browser.find(".run-panel");
    assert_eq!(
        browser.count(".service-switch"),
        4,
        "a switch per bounded context"
    );
    choose_speed(&browser, "5×");
    browser.click("button[aria-label=Play]");
    browser.wait_until(
        "messages in flight",
        "Number(document.querySelector('.run-canvas').dataset.inFlight) > 3",
    );
    browser.wait_until(
        "handled messages",
        "Number(document.querySelector('[data-metric=\"Messages handled\"]')?.textContent) > 20",
    );
    browser.screenshot("run-retail");
    browser.click("button[aria-label=Pause]");
    let status = browser.text(".run-status").unwrap_or_default();
    assert!(status.starts_with("paused"), "{status}");
    // Stepping moves the run by exactly one engine event.
    let events = |b: &Browser| {
        b.exec(
            "return Number(document.querySelector('.run-status').dataset.events);",
            json!([]),
        )
        .as_u64()
        .unwrap()
    };
    let before = events(&browser);
    browser.click("button[aria-label='Step one event']");
    browser.wait_until(
        "one more event",
        &format!(
            "Number(document.querySelector('.run-status').dataset.events) === {}",
            before + 1
        ),
    );
    // Lag badges sit on the policies and read models.
    assert!(browser.count(".lag-badge") >= 4);
    // Scrubbing back to 1 s replays the run up to there.
    browser.exec(
        "const r = document.querySelector('input[type=range]'); r.value = '1'; r.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([]),
    );
    browser.wait_until(
        "the scrubbed time",
        "document.querySelector('.run-status').dataset.nowUs === '1000000'",
    );
    assert!(events(&browser) < before);
    // Space plays and pauses.
    browser.exec("document.activeElement.blur();", json!([]));
    browser.press(&[], " ");
    browser.wait_until(
        "running",
        "document.querySelector('.run-status').dataset.status === 'running'",
    );
    browser.press(&[], " ");
    browser.wait_until(
        "paused",
        "document.querySelector('.run-status').dataset.status === 'paused'",
    );
    let latency = metric(&browser, "Mean latency");
    assert!(latency.ends_with("ms"), "{latency}");
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn push_has_lower_mean_latency_than_poll_over_replicated_runs() {
    let (browser, _url) = open_example("retail");
    mode(&browser, "Compare");
    browser.find(".compare");
    let heading = browser.text(".compare-sides").unwrap_or_default();
    assert!(heading.contains("A: Delivery: push"), "{heading}");
    assert!(heading.contains("B: Delivery: poll"), "{heading}");
    assert_eq!(
        browser.exec(
            "return document.querySelector('.runs-field input').value;",
            json!([])
        ),
        "10"
    );
    // How long a 10 ms timer waits while the runs go on: the page must keep answering.
    browser.exec(
        "window.__late = 0; window.__ticking = true; let last = performance.now();
         const tick = () => { const now = performance.now(); window.__late = Math.max(window.__late, now - last - 10); last = now; if (window.__ticking) setTimeout(tick, 10); };
         setTimeout(tick, 10);",
        json!([]),
    );
    browser.click(".run-both");
    browser.wait_until(
        "ten runs of each",
        "document.querySelector('.compare .run-status')?.dataset.status === 'finished'",
    );
    let late = browser.exec("window.__ticking = false; return window.__late;", json!([]));
    println!("compare_replications_page: 10 runs of each variant of retail; longest extra wait of a 10 ms timer {:.0} ms", late.as_f64().unwrap());
    assert_eq!(
        browser.exec(
            "return document.querySelector('.run-status').dataset.runs;",
            json!([])
        ),
        "10"
    );
    let values = browser.exec(
        "const r = document.querySelector('.replicated tr[data-row=\"Mean latency\"]'); const d = (s) => r.querySelector(`[data-side=${s}]`).dataset;
         return [Number(d('a').value), Number(d('a').half), Number(d('b').value), Number(d('b').half), r.querySelector('.delta').dataset.excludesZero];",
        json!([]),
    );
    let (push, push_half, poll, poll_half) = (
        values[0].as_f64().unwrap(),
        values[1].as_f64().unwrap(),
        values[2].as_f64().unwrap(),
        values[3].as_f64().unwrap(),
    );
    assert!(push > 0.0 && push < poll, "push {push} µs, poll {poll} µs");
    assert!(
        push_half > 0.0 && poll_half > 0.0,
        "intervals from ten seeds: ±{push_half}, ±{poll_half}"
    );
    assert_eq!(values[4], "true", "the difference is beyond its interval");
    // The same numbers as the command line's, computed natively from the same seeds.
    let latency = native_mean_latency("retail", 10);
    assert_eq!(
        (push, poll),
        (latency.a.mean, latency.b.mean),
        "page and native agree"
    );
    let verdicts = browser.text(".verdicts").unwrap_or_default();
    assert!(
        verdicts.contains("B has a higher mean latency:") && verdicts.contains("over 10 runs"),
        "{verdicts}"
    );
    assert!(browser
        .text(".replicated caption")
        .unwrap()
        .starts_with("Over 10 runs of each"));
    browser.exec("document.querySelector('.notice button')?.click(); document.querySelector('.run-both-bar').scrollIntoView();", json!([]));
    browser.screenshot("compare-retail");
    // The first seed's runs on their own are still there, and agree with the first sample.
    browser.click(".single-seed summary");
    assert!(browser.count(".single tr[data-row]") > 10);

    // A hundred runs, cancelled after a few: the runs done so far give the numbers.
    browser.exec(
        "const i = document.querySelector('.runs-field input'); i.value = '100'; i.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );
    let shown = browser.exec(
        "return document.querySelector('.runs-field input').value;",
        json!([]),
    );
    assert_eq!(shown, "100");
    browser.click(".run-both");
    // Cancelled from inside the page as soon as three runs are done (the runs are quick).
    browser.exec_async(
        "const done = arguments[arguments.length - 1];
         const look = () => {
           const s = document.querySelector('.run-status');
           if (s && s.dataset.status === 'running' && Number(s.dataset.runs) >= 3) { document.querySelector('.cancel-runs').click(); done(true); }
           else setTimeout(look, 0);
         };
         look();",
        json!([]),
    );
    browser.wait_until(
        "cancelled",
        "document.querySelector('.run-status').dataset.status === 'finished'",
    );
    let status = browser.text(".run-status").unwrap();
    assert!(
        status.starts_with("Cancelled after ") && status.contains(" of 100 runs"),
        "{status}"
    );
    assert!(!browser
        .exec(
            "return !!document.querySelector('.cancel-runs');",
            json!([])
        )
        .as_bool()
        .unwrap());
}

#[test]
fn taking_payment_down_makes_sagas_compensate() {
    let (browser, _url) = open_example("saga");
    mode(&browser, "Run");
    browser.find(".run-panel");
    choose_speed(&browser, "25×");
    browser.click("button[aria-label=Play]");
    browser.wait_until(
        "sagas",
        "Number(document.querySelector('[data-metric=\"Sagas committed\"]')?.textContent) > 5",
    );
    let rolled_back = number(&metric(&browser, "Sagas rolled back"));
    let compensations = number(&metric(&browser, "Compensations"));
    browser.click("button[aria-label='Payment is up: take it down']");
    browser.find("button[aria-label='Payment is down: bring it back']");
    browser.wait_until(
        "sagas rolled back after the outage",
        &format!("Number(document.querySelector('[data-metric=\"Sagas rolled back\"]').textContent) > {}", rolled_back + 5.0),
    );
    assert!(number(&metric(&browser, "Compensations")) > compensations + 5.0);
    browser.click("button[aria-label=Pause]");
    browser.click(".tabs .tab:nth-child(3)");
    browser.find(".saga-row.rolled-back");
    let story = browser
        .text(".saga-row.rolled-back .saga-story")
        .unwrap_or_default();
    // The payment step timed out; the stock reservation, then the order, are undone.
    let release = story
        .find("ReleaseInventory")
        .unwrap_or_else(|| panic!("{story}"));
    let cancel = story
        .find("CancelOrder")
        .unwrap_or_else(|| panic!("{story}"));
    assert!(story.contains("ChargePayment timed out"), "{story}");
    assert!(release < cancel, "compensations in reverse order: {story}");
    browser.screenshot("run-saga-outage");
}

#[test]
fn the_event_log_filters_and_exports_valid_cloudevents_json() {
    let (browser, _url) = open_example("pizza");
    mode(&browser, "Run");
    choose_speed(&browser, "25×");
    browser.click("button[aria-label=Play]");
    browser.wait_until(
        "handled messages",
        "Number(document.querySelector('[data-metric=\"Messages handled\"]')?.textContent) > 30",
    );
    browser.click("button[aria-label=Pause]");
    browser.click(".tabs .tab:nth-child(2)");
    browser.find(".log-table");
    browser.type_into(".log-bar input", "delivered Kitchen");
    browser.wait_until("filtered rows", "document.querySelectorAll('.log-table tbody tr').length > 0 && [...document.querySelectorAll('.log-table tbody tr')].every(r => r.textContent.includes('delivered') && r.textContent.includes('Kitchen'))");
    // Capture the download: the export is a Blob handed to an object URL.
    browser.exec(
        "window.__blobs = []; const o = URL.createObjectURL; URL.createObjectURL = (b) => { window.__blobs.push(b); return o.call(URL, b); };",
        json!([]),
    );
    browser.click(".log-bar button");
    let text = browser.exec_async(
        "const done = arguments[arguments.length - 1]; (async () => { while (!window.__blobs.length) await new Promise(r => setTimeout(r, 50)); done(await window.__blobs[0].text()); })();",
        json!([]),
    );
    let log: Value =
        serde_json::from_str(text.as_str().unwrap()).expect("the export is valid JSON");
    let lines = log.as_array().expect("an array of events");
    assert!(!lines.is_empty());
    for line in lines {
        for field in ["specversion", "id", "source", "type", "time", "data"] {
            assert!(line.get(field).is_some(), "{field} missing in {line}");
        }
        assert_eq!(line["happening"], "delivered");
        assert_eq!(line["source"], "/services/Kitchen");
    }
    browser.screenshot("run-log");
}

#[test]
fn a_board_that_cannot_run_lists_what_is_missing_and_selects_it() {
    // The retail board with the payment command handled by nothing.
    let mut board = stormlab_board::examples::example("retail").unwrap().board();
    let pay = board
        .stickies
        .iter()
        .find(|s| s.label == "ProcessPayment")
        .unwrap()
        .id;
    board.links.retain(|l| l.from != pay);
    let (browser, _url) = open_in_run_view(&board);
    browser.find(".problems");
    let text = browser.text(".problems").unwrap_or_default();
    assert!(
        text.contains("ProcessPayment") && text.contains("handled by nothing"),
        "{text}"
    );
    assert_eq!(
        browser.text(".run-status strong").as_deref(),
        Some("cannot run")
    );
    browser.click(".problems .lint-item");
    browser.wait_until(
        "the sticky selected",
        "[...document.querySelectorAll('.sticky.selected')].some(s => s.textContent.replaceAll('\\u200b', '').includes('ProcessPayment'))",
    );
    browser.screenshot("run-problems");
}

#[test]
fn a_policy_switched_to_poll_in_the_property_panel_polls_in_the_run() {
    let (browser, _url) = open_example("retail");
    browser.click(&crate::board::sticky_css(
        &browser,
        "Whenever an order is placed, reserve its items",
    ));
    browser.find(".sim-props");
    browser.exec(
        "const s = [...document.querySelectorAll('.sim-props select')][0]; s.value = 'poll'; s.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );
    browser.wait_until("the poll settings", "[...document.querySelectorAll('.sim-props label')].some(l => l.textContent.startsWith('Poll interval'))");
    browser.screenshot("sim-settings");
    mode(&browser, "Run");
    assert_eq!(metric(&browser, "Empty polls"), "0");
    choose_speed(&browser, "25×");
    browser.click("button[aria-label=Play]");
    browser.wait_until(
        "empty polls",
        "Number(document.querySelector('[data-metric=\"Empty polls\"]')?.textContent) > 0",
    );
    // Undo brings push back, and the run starts again from the board as it is.
    mode(&browser, "Model");
    browser.click("button[aria-label=Undo]");
    mode(&browser, "Run");
    assert_eq!(metric(&browser, "Empty polls"), "0");
    assert_eq!(
        browser.text(".run-status strong").as_deref(),
        Some("paused")
    );
}

#[test]
fn a_sweep_draws_callbacks_growing_with_the_consumers_of_a_notification() {
    let (browser, _url) = open_example("review");
    mode(&browser, "Compare");
    browser.find(".sweep");
    let set = |css: &str, value: &str| {
        browser.exec(
            "const i = document.querySelector(arguments[0]); i.value = arguments[1]; i.dispatchEvent(new Event('change', {bubbles: true}));",
            json!([css, value]),
        );
    };
    set(".sweep-setting", "consumers");
    set(".sweep-from", "1");
    set(".sweep-to", "7");
    set(".sweep-steps", "4");
    set(".sweep-runs", "5");
    browser.click(".run-sweep");
    browser.wait_until(
        "the sweep",
        "document.querySelector('.sweep-status')?.dataset.status === 'finished'",
    );
    assert_eq!(
        browser.text(".sweep-status").unwrap(),
        "4 points of 5 runs of each variant finished."
    );
    browser.exec(
        "const s = document.querySelector('.sweep-bar select'); s.value = 'Callbacks'; s.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );
    browser.wait_until("the callbacks", "document.querySelector('.sweep-chart figcaption').textContent.startsWith('Callbacks against')");
    let rows = browser.exec(
        "return [...document.querySelectorAll('.sweep-table tbody tr')].map(r => [Number(r.dataset.value), Number(r.querySelector('[data-side=a]').dataset.mean), Number(r.querySelector('[data-side=b]').dataset.mean)]);",
        json!([]),
    );
    let rows: Vec<(f64, f64, f64)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r[0].as_f64().unwrap(),
                r[1].as_f64().unwrap(),
                r[2].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        vec![1.0, 3.0, 5.0, 7.0]
    );
    // Fat events (A) need no callbacks; notifications (B) one per consumer and review.
    assert!(rows.iter().all(|r| r.1 == 0.0), "{rows:?}");
    for w in rows.windows(2) {
        assert!(
            w[1].2 > w[0].2,
            "callbacks grow with the consumers: {rows:?}"
        );
    }
    let per_consumer: Vec<f64> = rows.iter().map(|r| r.2 / r.0).collect();
    let (lo, hi) = per_consumer
        .iter()
        .fold((f64::MAX, f64::MIN), |(l, h), v| (l.min(*v), h.max(*v)));
    assert!(hi / lo < 1.15, "linear: {per_consumer:?}");
    assert_eq!(browser.count(".sweep-chart .series-b .point"), 4);
    assert_eq!(browser.count(".sweep-chart .series-a .point"), 4);
    // One variant alone.
    browser.exec("[...document.querySelectorAll('.sweep-bar label.check')][0].querySelector('input').click();", json!([]));
    browser.wait_until("A hidden", "!document.querySelector('.sweep-chart .series-a') && document.querySelector('.sweep-chart .series-b')");
    // The numbers leave as CSV.
    browser.exec(
        "window.__blobs = []; const o = URL.createObjectURL; URL.createObjectURL = (b) => { window.__blobs.push(b); return o.call(URL, b); };
         HTMLAnchorElement.prototype.click = function () { window.__name = this.download; };",
        json!([]),
    );
    browser.exec("[...document.querySelectorAll('.sweep-bar button')].find(b => b.textContent === 'Download CSV').click();", json!([]));
    let csv = browser.exec_async(
        "const done = arguments[arguments.length - 1]; (async () => { while (!window.__blobs.length) await new Promise(r => setTimeout(r, 20)); done([window.__name, await window.__blobs[0].text()]); })();",
        json!([]),
    );
    assert_eq!(csv[0], "a-published-review-fans-out.sweep-consumers.csv");
    assert!(
        csv[1]
            .as_str()
            .unwrap()
            .starts_with("setting,value,metric,a_mean"),
        "{csv}"
    );
    browser.exec("document.querySelector('.notice button')?.click(); document.querySelector('.sweep').scrollIntoView();", json!([]));
    browser.screenshot("compare-sweep-consumers");
}

#[test]
fn both_variants_play_side_by_side_on_one_clock() {
    let (browser, _url) = open_example("retail");
    mode(&browser, "Compare");
    // The notice about the opened example covers the bottom of the page.
    browser.exec(
        "document.querySelector('.notice button')?.click();",
        json!([]),
    );
    browser.click(".watch-both");
    browser.find(".duet-canvas");
    assert_eq!(browser.count(".duet-canvas"), 2);
    browser.exec(
        "const s = document.querySelector('.duet-controls select'); s.value = '5'; s.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );
    browser.click(".duet-play");
    // While both play, poll's queues fill while push's drain: sample the waiting messages.
    let sampled = browser.exec_async(
        "const done = arguments[arguments.length - 1];
         const canvases = document.querySelectorAll('.duet-canvas');
         const seen = { a: 0, b: 0, frames: 0, clocks: new Set() };
         const look = () => {
           seen.a += Number(canvases[0].dataset.waiting || 0);
           seen.b += Number(canvases[1].dataset.waiting || 0);
           seen.frames += 1;
           seen.clocks.add(document.querySelector('.duet-clock').dataset.now);
           if (seen.frames < 120) requestAnimationFrame(look); else done([seen.a, seen.b, seen.clocks.size]);
         };
         requestAnimationFrame(look);",
        json!([]),
    );
    let (a, b, clocks) = (
        sampled[0].as_f64().unwrap(),
        sampled[1].as_f64().unwrap(),
        sampled[2].as_f64().unwrap(),
    );
    assert!(
        clocks > 3.0,
        "the shared clock moves: {clocks} distinct times"
    );
    assert!(
        b > 3.0 * a.max(1.0),
        "poll's queues fill while push's drain: waiting A {a}, B {b}"
    );
    let figures = browser.exec(
        "return [...document.querySelectorAll('.duet-side [data-figure=handled]')].map(e => Number(e.textContent));",
        json!([]),
    );
    assert!(figures[0].as_f64().unwrap() > 0.0, "{figures}");
    browser.exec("document.querySelector('.notice button')?.click(); document.querySelector('.duet').scrollIntoView();", json!([]));
    browser.screenshot("compare-side-by-side");
    browser.click(".duet-play");
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn a_ready_lesson_is_chosen_and_its_verdict_read() {
    let (browser, _url) = open_example("retail");
    mode(&browser, "Compare");
    let options = browser.exec("return [...document.querySelectorAll('.experiment-choice option')].map(o => o.textContent);", json!([]));
    assert_eq!(options.as_array().unwrap().len(), 5, "{options}");
    // Request-response against events, with Shipping down.
    browser.exec(
        "const s = document.querySelector('.experiment-choice select'); s.value = '1'; s.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );
    let heading = browser.text(".compare-sides").unwrap_or_default();
    assert!(
        heading.contains("B: Style: request response, Shipping down from 10 s to 30 s"),
        "{heading}"
    );
    assert_eq!(
        browser.exec(
            "return document.querySelector('.experiment').dataset.metric;",
            json!([])
        ),
        "Commands failed or refused"
    );
    browser.click(".run-both");
    browser.wait_until(
        "the runs",
        "document.querySelector('.compare .run-status')?.dataset.status === 'finished'",
    );
    let verdicts = browser.text(".verdicts").unwrap_or_default();
    assert!(
        verdicts.contains("B has more commands failed or refused:"),
        "{verdicts}"
    );
    browser.exec("document.querySelector('.notice button')?.click(); document.querySelector('.compare-head').scrollIntoView();", json!([]));
    browser.screenshot("compare-lesson-request-response");
}

#[test]
fn a_consumer_reads_one_version_and_a_tolerant_reader_is_set_in_the_panel() {
    let (browser, _url) = open_example("retail");
    browser.click(&crate::board::sticky_css(
        &browser,
        "When payment is confirmed, ship",
    ));
    browser.find(".sim-props");
    let read = browser.exec(
        "const l = [...document.querySelectorAll('.sim-props label')].find(l => l.textContent.startsWith('Reads event version')); return l.querySelector('input').value;",
        json!([]),
    );
    assert_eq!(read, "1", "the example's consumers read version 1");
    browser.exec(
        "const l = [...document.querySelectorAll('.sim-props label.check')].find(l => l.textContent.startsWith('Tolerant reader')); l.querySelector('input').click();",
        json!([]),
    );
    browser.wait_until(
        "saved",
        "(localStorage.getItem('stormlab.board') || '').includes('\"tolerant_reader\":true')",
    );
    let saved = crate::board::stored_board(&browser).unwrap();
    let version = format!("\"version\":{}", stormlab_board::format::BOARD_VERSION);
    assert!(saved.contains(&version), "saved as the current version");
    // The board's style is a run setting.
    mode(&browser, "Run");
    browser.exec(
        "document.querySelector('.run-settings-box').open = true; const l = [...document.querySelectorAll('.run-settings label')].find(l => l.textContent.startsWith('Style')); const s = l.querySelector('select'); s.value = 'request_response'; s.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );
    browser.wait_until(
        "saved style",
        "(localStorage.getItem('stormlab.board') || '').includes('\"style\":\"request_response\"')",
    );
}
