//! Touch and pen on the board, as on a touchscreen or an interactive whiteboard (WebDriver
//! touch and pen pointers, which Chromium delivers as pointer events of those types): tap to
//! select, drag a sticky, pan with one finger on the background, pinch to zoom, long-press to
//! add to the selection, draw a link from a sticky's handle with a pen.

use serde_json::json;

use crate::board::{add_by_key, fresh, sticky_css, stored_board};
use crate::driver::{Browser, Touch, ESCAPE};
use crate::run::open_example;

fn sticky_x(browser: &Browser, label: &str) -> f64 {
    let board = stormlab_board::format::from_json(&stored_board(browser).unwrap()).unwrap();
    board.stickies.iter().find(|s| s.label == label).unwrap().x
}

/// The board's zoom and pan, read from the world layer's transform.
fn view(browser: &Browser) -> (f64, f64, f64) {
    let m = browser.exec(
        "const m = new DOMMatrix(getComputedStyle(document.querySelector('.world')).transform); return [m.a, m.e, m.f];",
        json!([]),
    );
    (
        m[0].as_f64().unwrap(),
        m[1].as_f64().unwrap(),
        m[2].as_f64().unwrap(),
    )
}

/// A point of the empty board (no sticky, frame or link under it) at least `margin` pixels
/// inside the board's edges.
fn empty_point(browser: &Browser, margin: f64) -> (f64, f64) {
    let p = browser.exec(
        "const b = document.querySelector('section.board').getBoundingClientRect();
         const m = arguments[0];
         for (let y = b.bottom - m; y > b.top + m; y -= 17)
           for (let x = b.left + m; x < b.right - m; x += 23) {
             const e = document.elementFromPoint(x, y);
             if (e && e.matches('section.board')) return [x, y];
           }
         return null;",
        json!([margin]),
    );
    (p[0].as_f64().unwrap(), p[1].as_f64().unwrap())
}

fn tap(browser: &Browser, at: (f64, f64)) {
    browser.fingers("touch", &[(at, vec![Touch::Hold(50)])]);
}

#[test]
fn fingers_select_drag_pan_pinch_and_long_press_on_the_board() {
    let (browser, _) = open_example("retail");
    let customer = sticky_css(&browser, "Customer");
    let order = sticky_css(&browser, "Order");

    // A tap selects.
    tap(&browser, browser.center(&customer));
    browser.wait_until(
        "the tap's selection",
        &format!("document.querySelector(\"{customer}\").classList.contains('selected')"),
    );

    // A long press on another sticky adds it to the selection (what Shift+click does).
    browser.fingers("touch", &[(browser.center(&order), vec![Touch::Hold(900)])]);
    browser.wait_until(
        "two selected",
        "document.querySelectorAll('.sticky.selected').length === 2",
    );

    // A finger drags a sticky (and the selection it belongs to): one undoable move.
    let before = sticky_x(&browser, "Customer");
    let zoom = view(&browser).0;
    let from = browser.center(&customer);
    browser.fingers(
        "touch",
        &[(
            from,
            vec![
                Touch::To(from.0 + 40.0, from.1),
                Touch::To(from.0 + 120.0, from.1 + 10.0),
            ],
        )],
    );
    browser.wait_until("the move saved", &format!(
        "JSON.parse(localStorage.getItem('stormlab.board')).stickies.find(s => s.label === 'Customer').x > {}",
        before + 60.0 / zoom
    ));
    let moved = sticky_x(&browser, "Customer") - before;
    assert!(
        (moved - 120.0 / zoom).abs() < 2.0,
        "moved {moved} board units at zoom {zoom}"
    );

    // One finger on the background pans; nothing on the board moves.
    let (z0, x0, y0) = view(&browser);
    let start = empty_point(&browser, 80.0);
    browser.fingers(
        "touch",
        &[(
            start,
            vec![
                Touch::To(start.0 + 30.0, start.1 - 20.0),
                Touch::To(start.0 + 90.0, start.1 - 60.0),
            ],
        )],
    );
    let (z1, x1, y1) = view(&browser);
    assert_eq!(z1, z0, "a pan keeps the zoom");
    assert!(
        (x1 - x0 - 90.0).abs() < 2.0 && (y1 - y0 + 60.0).abs() < 2.0,
        "{x0},{y0} -> {x1},{y1}"
    );
    assert!((sticky_x(&browser, "Customer") - before - moved).abs() < 1e-6);

    // Two fingers spreading apart zoom in around the point between them.
    let centre = empty_point(&browser, 140.0);
    let (a, b) = ((centre.0 - 40.0, centre.1), (centre.0 + 40.0, centre.1));
    browser.fingers(
        "touch",
        &[
            (
                a,
                vec![Touch::To(a.0 - 30.0, a.1), Touch::To(a.0 - 60.0, a.1)],
            ),
            (
                b,
                vec![Touch::To(b.0 + 30.0, b.1), Touch::To(b.0 + 60.0, b.1)],
            ),
        ],
    );
    let (z2, _, _) = view(&browser);
    assert!(
        (z2 / z1 - 2.5).abs() < 0.1,
        "zoom {z1} -> {z2} for fingers 80 -> 200 px apart"
    );
    browser.screenshot("touch-pinched");
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn a_pen_draws_a_link_from_a_stickys_handle_and_a_long_press_on_the_board_selects_an_area() {
    let (browser, _) = fresh();
    browser.click("section.board");
    add_by_key(&browser, "c", "PlaceOrder");
    add_by_key(&browser, "g", "Order");
    draw_link(&browser, "pen", "PlaceOrder", "Order");

    // A long press on the empty board, then a drag, selects what the rectangle covers.
    browser.press(&[], ESCAPE);
    let corner = browser.exec(
        "const r = [...document.querySelectorAll('.sticky')].map(s => s.getBoundingClientRect());
         return [Math.min(...r.map(b => b.left)) - 20, Math.min(...r.map(b => b.top)) - 20,
                 Math.max(...r.map(b => b.right)) + 20, Math.max(...r.map(b => b.bottom)) + 20];",
        json!([]),
    );
    let (x0, y0) = (corner[0].as_f64().unwrap(), corner[1].as_f64().unwrap());
    let (x1, y1) = (corner[2].as_f64().unwrap(), corner[3].as_f64().unwrap());
    browser.fingers(
        "touch",
        &[(
            (x0, y0),
            vec![Touch::Hold(800), Touch::To(x1, y1), Touch::Hold(50)],
        )],
    );
    browser.wait_until(
        "both selected by the rectangle",
        "document.querySelectorAll('.sticky.selected').length === 2",
    );
}

/// With `pointer` (a finger or a pen): taps the sticky `from` to select it and show its
/// handle, then draws from the handle to the sticky `to`; waits for the one link.
fn draw_link(browser: &Browser, pointer: &str, from: &str, to: &str) {
    let (from, to) = (sticky_css(browser, from), sticky_css(browser, to));
    browser.fingers(pointer, &[(browser.center(&from), vec![Touch::Hold(50)])]);
    browser.wait_until(
        "selected",
        &format!("document.querySelector(\"{from}\").classList.contains('selected')"),
    );
    let handle = browser.center(&format!("{from} .connect-handle"));
    let target = browser.center(&to);
    browser.fingers(
        pointer,
        &[(
            handle,
            vec![
                Touch::To(handle.0 + 20.0, handle.1),
                Touch::To(target.0, target.1),
                Touch::Hold(50),
            ],
        )],
    );
    browser.wait_until(
        "the link",
        "document.querySelectorAll('g.link').length === 1",
    );
}

/// Taps the element `css` with a finger.
pub(crate) fn tap_on(browser: &Browser, css: &str) {
    tap(browser, browser.center(css));
}

/// Taps `css` if it is shown (a folded palette's Add button or the More menu on a narrow
/// screen); on a wide one what it opens is already there.
pub(crate) fn tap_if_shown(browser: &Browser, css: &str) {
    let shown = browser.exec(
        "const e = document.querySelector(arguments[0]); return !!e && e.getClientRects().length > 0;",
        json!([css]),
    );
    if shown == json!(true) {
        tap_on(browser, css);
    }
}

/// The screen's height shrinks to `height`, as it does for the page when an on-screen
/// keyboard comes up (the page asks for `interactive-widget=resizes-content`).
fn keyboard(browser: &Browser, width: u32, height: u32) {
    browser.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": 2, "mobile": width < 1200 }),
    );
}

/// A workshop on a phone, a tablet or a touch screen, by touch: add two stickies (from the Add
/// sheet where the palette is folded) and type their text, the edited sticky kept in sight
/// above the on-screen keyboard; link them with a finger, open an example (from the More menu
/// where the tools are folded), move to the Run view, play and read the first row of numbers.
fn storm_by_touch_at(width: u32, height: u32) {
    let (browser, _) = crate::board::on_device(width, height);
    for (kind, label) in [("Add command", "PlaceOrder"), ("Add aggregate", "Order")] {
        tap_if_shown(&browser, ".add-toggle");
        tap_on(&browser, &format!("button[aria-label='{kind}']"));
        browser.find(".sticky-editor");
        // The keyboard takes the lower 45 % of the screen: the sticky being typed into stays
        // in the part of the board above it.
        keyboard(&browser, width, height * 55 / 100);
        browser.wait_until(
            "the edited sticky above the keyboard",
            "(() => { const e = document.querySelector('.sticky-editor').getBoundingClientRect();
                      const b = document.querySelector('section.board').getBoundingClientRect();
                      return e.top >= b.top - 1 && e.bottom <= Math.min(b.bottom, innerHeight) + 1; })()",
        );
        crate::board::type_label(&browser, label);
        keyboard(&browser, width, height);
    }
    browser.screenshot(&format!("touch-typed-{width}x{height}"));
    draw_link(&browser, "touch", "PlaceOrder", "Order");
    // An example from the More menu, then the Run view, played.
    tap_if_shown(&browser, ".more-toggle");
    crate::board::choose_example(&browser, "retail");
    tap_on(&browser, ".mode:nth-child(2)");
    browser.wait_until(
        "the Run view",
        "document.querySelector('.run-panel button[aria-label=Play]')",
    );
    tap_on(&browser, ".run-panel button[aria-label=Play]");
    browser.wait_until(
        "messages handled",
        "Number(document.querySelector('.first-row [data-metric=\"Messages handled\"]')?.textContent) > 3",
    );
    // The first row reads at a finger's distance: inside the panel, in type of 14 px or more,
    // and its first numbers in view without scrolling.
    let cards = browser.exec(
        "const p = document.querySelector('.side-panel').getBoundingClientRect();
         return [...document.querySelectorAll('.first-row .metric-value')].map(v => {
           const r = v.getBoundingClientRect();
           return r.left >= p.left - 1 && r.right <= p.right + 1 && parseFloat(getComputedStyle(v).fontSize) >= 14;
         });",
        json!([]),
    );
    let first_in_view = browser.exec(
        "const p = document.querySelector('.side-panel').getBoundingClientRect();
         const value = document.querySelector('.first-row .metric-value');
         const v = value.getBoundingClientRect();
         // Nothing (a notice, the board's badges) lies over it either.
         const top = document.elementFromPoint(v.left + v.width / 2, v.top + v.height / 2);
         return v.bottom <= Math.min(p.bottom, window.innerHeight) && !!top && value.contains(top);",
        json!([]),
    );
    assert_eq!(
        first_in_view,
        json!(true),
        "{width}×{height}: the first numbers need a scroll or lie under something"
    );
    let cards: Vec<bool> = serde_json::from_value(cards).unwrap();
    assert!(
        cards.len() >= 4 && cards.iter().all(|ok| *ok),
        "{width}×{height}: {cards:?}"
    );
    browser.screenshot(&format!("touch-run-{width}x{height}"));
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn a_room_storms_by_touch_on_a_phone() {
    storm_by_touch_at(390, 844);
}

#[test]
fn a_room_storms_by_touch_on_a_phone_on_its_side() {
    storm_by_touch_at(844, 390);
}

#[test]
fn a_room_storms_by_touch_on_a_tablet() {
    storm_by_touch_at(820, 1180);
}

#[test]
fn a_room_storms_by_touch_on_a_tablet_in_landscape() {
    storm_by_touch_at(1180, 820);
}

#[test]
fn a_room_storms_by_touch_on_a_projectors_touch_screen() {
    storm_by_touch_at(1280, 720);
}
