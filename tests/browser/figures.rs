//! The numbers that answer the board in front of the room: every example played at full speed
//! for 10 simulated seconds opens with a first row of cards that holds no zero and charts that
//! all have data; the saga example's Run view and presentation at 1280 × 720, screenshotted.

use serde_json::json;

use crate::driver::{Browser, END};
use crate::run::{choose_speed, mode, open_example_at};

/// Plays the open example as fast as possible until 10 simulated seconds, then pauses (or
/// finds it finished).
fn play_ten_seconds(browser: &Browser) {
    choose_speed(browser, "As fast as possible");
    browser.click("button[aria-label=Play]");
    browser.wait_until(
        "10 simulated seconds",
        "Number(document.querySelector('.run-status')?.dataset.nowUs) >= 10000000",
    );
    // As fast as possible, the run may have reached its end already (Play shows again).
    browser.exec(
        "document.querySelector('button[aria-label=Pause]')?.click();",
        json!([]),
    );
}

/// A card's label and text.
type Card = (String, String);
/// A drawn chart's title, and whether any of its lines leaves the zero line.
type Drawn = (String, bool);

/// The first row's cards, and the charts drawn.
fn first_row_and_charts(browser: &Browser) -> (Vec<Card>, Vec<Drawn>) {
    let found = browser.exec(
        "const cards = [...document.querySelectorAll('.first-row [data-metric]')].map(m => [m.dataset.metric, m.textContent]);
         const charts = [...document.querySelectorAll('.charts .chart')].map(c => [c.getAttribute('aria-label') || c.querySelector('svg').getAttribute('aria-label'), Number(c.dataset.highest) > 0 && c.querySelectorAll('path').length > 0]);
         return [cards, charts];",
        json!([]),
    );
    serde_json::from_value(found).expect("cards and charts")
}

#[test]
fn every_example_opens_with_a_first_row_of_numbers_and_charts_with_data() {
    for example in stormlab_board::examples::EXAMPLES {
        let (browser, _) = open_example_at(example.id, 1280, 720);
        mode(&browser, "Run");
        play_ten_seconds(&browser);
        let (cards, charts) = first_row_and_charts(&browser);
        assert!(cards.len() >= 4, "{}: {cards:?}", example.id);
        for (label, text) in &cards {
            let value: f64 = text
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .unwrap_or_else(|_| panic!("{}: {label} reads {text}", example.id));
            assert!(value > 0.0, "{}: {label} reads {text}", example.id);
        }
        assert!(charts.len() >= 2, "{}: {charts:?}", example.id);
        for (title, drawn) in &charts {
            assert!(
                drawn,
                "{}: the chart {title} has nothing to draw",
                example.id
            );
        }
        if example.id == "saga" {
            let labels: Vec<&str> = cards.iter().map(|c| c.0.as_str()).collect();
            assert!(labels.contains(&"Sagas rolled back"), "{labels:?}");
            browser.screenshot("saga-run-1280x720");
        }
    }
}

#[test]
fn the_saga_example_presents_its_own_numbers() {
    let (browser, _) = open_example_at("saga", 1280, 720);
    browser.click(".present-button");
    browser.find(".walk-dialog");
    browser.click(".start-presenting");
    browser.find(".app.presenting");
    browser.press(&[], END);
    browser.wait_until("the run", "document.querySelector('.present-numbers')");
    browser.wait_until(
        "sagas in large type",
        "Number(document.querySelector('[data-present-metric=\"Sagas committed\"]')?.textContent) > 3",
    );
    let labels = browser.exec(
        "return [...document.querySelectorAll('[data-present-metric]')].map(m => m.dataset.presentMetric);",
        json!([]),
    );
    assert_eq!(
        labels,
        json!([
            "Messages handled",
            "End-to-end latency",
            "Sagas committed",
            "Sagas rolled back"
        ])
    );
    browser.screenshot("saga-present-1280x720");
}
