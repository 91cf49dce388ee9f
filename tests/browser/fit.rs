//! Nothing overflows sideways: on touch screens of a phone (390 × 844, 360 × 740, and on its
//! side, 844 × 390, where the panel sits beside the board), a tablet in
//! portrait (820 × 1180) and in landscape (1180 × 820) and a projector-sized touch screen
//! (1280 × 720), and in a laptop's window (1600 × 1000), with each kind of sticky and a context
//! selected, in the Run and Compare views, the presentation and every dialog (help, Export,
//! messages, the walkthrough editor, the crash message), the page does not scroll sideways and
//! no panel or dialog holds anything wider than itself (a label cut off at the right is a
//! failure); axe-core finds nothing serious in any of them. On touch screens targets are
//! 44 px; on the narrow ones the palette folds into an Add sheet and the panel sits below the
//! board.

use serde_json::{json, Value};

use crate::a11y::assert_clean;
use crate::driver::{Browser, ESCAPE};
use crate::run::mode;

/// What is wider than its box: the page itself, then every panel and dialog whose content is
/// wider than it or reaches past its right edge (each named with the widest offender).
const OVERFLOW: &str = r#"
const out = [];
const page = document.documentElement;
if (page.scrollWidth > window.innerWidth + 1) out.push(`the page: ${page.scrollWidth} px of content in ${window.innerWidth}`);
for (const box of document.querySelectorAll('.side-panel, .run-panel, .compare, [role=dialog], .toolbar, header')) {
  if (box.getClientRects().length === 0) continue;
  const r = box.getBoundingClientRect();
  if (box.scrollWidth > box.clientWidth + 1) out.push(`${box.className || box.tagName}: scrolls sideways (${box.scrollWidth} px in ${box.clientWidth})`);
  for (const el of box.querySelectorAll('label, input, select, button, legend, fieldset, .field, .metric, h2, p')) {
    if (el.getClientRects().length === 0) continue;
    const e = el.getBoundingClientRect();
    // Inside a box that scrolls sideways on purpose (a table's wrapper), a wide child is fine.
    let scroller = el.parentElement, inScroller = false;
    while (scroller && scroller !== box) {
      const o = getComputedStyle(scroller).overflowX;
      if (o === 'auto' || o === 'scroll') { inScroller = true; break; }
      scroller = scroller.parentElement;
    }
    if (!inScroller && e.right > r.right + 1) {
      out.push(`${box.className || box.tagName}: ${el.tagName.toLowerCase()} "${(el.textContent || el.value || '').trim().slice(0, 40)}" ends at ${Math.round(e.right)} past ${Math.round(r.right)}`);
      break;
    }
  }
}
return out;
"#;

pub(crate) fn overflow(browser: &Browser, what: &str) {
    let found = browser.exec(OVERFLOW, json!([]));
    assert_eq!(found, json!([]), "{what}: overflows sideways");
}

/// Selects the first sticky of `kind` (its CSS slug) and waits for its properties.
fn select_kind(browser: &Browser, slug: &str) -> bool {
    let found = browser.exec(
        "const s = document.querySelector(`.sticky.kind-${arguments[0]}`); if (!s) return false; s.focus(); return true;",
        json!([slug]),
    );
    if found != Value::Bool(true) {
        return false;
    }
    browser.wait_until(
        &format!("the {slug}'s properties"),
        &format!("document.querySelector('.sticky.kind-{slug}.selected') && document.querySelector('.side-panel .props')"),
    );
    true
}

/// On a narrow screen the board's tools fold into a More menu: opens it (nothing on a wide one).
fn open_more(browser: &Browser) {
    browser.exec(
        "const t = document.querySelector('.more-toggle'); if (t && t.offsetParent && t.getAttribute('aria-expanded') !== 'true') t.click();",
        json!([]),
    );
}

/// Every visible button, select and tab of the header, toolbar and run panel that is smaller
/// than a finger (44 px), named.
const SMALL_TARGETS: &str = r#"
const out = [];
for (const el of document.querySelectorAll('header button, .toolbar button, .toolbar select, .run-panel button, .run-panel select, .tab')) {
  if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
  const r = el.getBoundingClientRect();
  if (r.width < 43.5 || r.height < 43.5) out.push(`${(el.getAttribute('aria-label') || el.textContent).trim().slice(0, 30)}: ${Math.round(r.width)}×${Math.round(r.height)}`);
}
return out;
"#;

/// A fresh app with the example `id` open, on a touch screen or in a desktop window.
fn open(id: &str, width: u32, height: u32, touch: bool) -> Browser {
    let (browser, _) = if touch {
        crate::board::on_device(width, height)
    } else {
        crate::board::fresh_at(width, height)
    };
    crate::board::choose_example(&browser, id);
    browser
}

fn check_at(width: u32, height: u32, touch: bool) {
    // The examples between them draw every kind; the saga board also gets the views and
    // dialogs checked.
    let mut seen = Vec::new();
    let mut examples: Vec<&str> = stormlab_board::examples::EXAMPLES
        .iter()
        .map(|e| e.id)
        .collect();
    examples.retain(|e| *e != "saga");
    examples.insert(0, "saga");
    let size = format!("{width}×{height}");
    for example in examples {
        if seen.len() == stormlab_board::Kind::ALL.len() {
            break;
        }
        let browser = open(example, width, height, touch);
        for kind in stormlab_board::Kind::ALL {
            let slug = kind.slug();
            if seen.contains(&slug) || !select_kind(&browser, slug) {
                continue;
            }
            seen.push(slug);
            overflow(&browser, &format!("{size}, a {slug} selected"));
            if slug == "policy" {
                // A polling policy shows more fields.
                browser.exec(
                    "const s = [...document.querySelectorAll('.sim-props select')][0]; s.value = 'poll'; s.dispatchEvent(new Event('change', {bubbles: true}));",
                    json!([]),
                );
                browser.wait_until("the poll fields", "[...document.querySelectorAll('.sim-props label')].some(l => l.textContent.startsWith('Poll interval'))");
                overflow(&browser, &format!("{size}, a polling policy"));
                browser.exec(
                    "document.querySelector('.sim-props').scrollIntoView();",
                    json!([]),
                );
                browser.screenshot(&format!("panel-policy-{width}x{height}"));
            }
        }
        if example == "saga" {
            views_and_dialogs(&browser, &size, width, height);
        }
    }
    let mut all: Vec<&str> = stormlab_board::Kind::ALL.iter().map(|k| k.slug()).collect();
    all.retain(|k| !seen.contains(k));
    assert!(all.is_empty(), "kinds never selected: {all:?}");
    if touch {
        let browser = open("retail", width, height, touch);
        let small = browser.exec(SMALL_TARGETS, json!([]));
        assert_eq!(small, json!([]), "{size}: targets smaller than 44 px");
        presentation(&browser, &size, width, height);
        crash_message(&browser, &size);
    }
}

/// A context's properties, the help, the Run and Compare views, the Export dialog and the
/// messages: none overflows, and axe finds nothing serious in the views.
fn views_and_dialogs(browser: &Browser, size: &str, width: u32, height: u32) {
    browser.exec("document.querySelector('.context').focus();", json!([]));
    browser.wait_until(
        "a context's properties",
        "document.querySelector('.side-panel .sim-props legend')?.textContent.includes('service')",
    );
    overflow(browser, &format!("{size}, a context selected"));
    assert_clean(
        browser,
        &format!("Model view at {size} with a context selected"),
    );
    browser.exec(
        "document.querySelector('.sim-props').scrollIntoView();",
        json!([]),
    );
    browser.screenshot(&format!("panel-context-{width}x{height}"));
    browser.click("section.board");
    browser.press(&[], "?");
    browser.find("[role=dialog]");
    overflow(browser, &format!("{size}, the help"));
    browser.press(&[], ESCAPE);
    mode(browser, "Run");
    browser.exec(
        "document.querySelector('.run-settings-box').open = true;",
        json!([]),
    );
    overflow(browser, &format!("{size}, the Run view"));
    assert_clean(browser, &format!("Run view at {size}"));
    browser.screenshot(&format!("fit-run-{width}x{height}"));
    mode(browser, "Compare");
    overflow(browser, &format!("{size}, the Compare view"));
    assert_clean(browser, &format!("Compare view at {size}"));
    browser.screenshot(&format!("fit-compare-{width}x{height}"));
    open_more(browser);
    browser.click("button[aria-label=Export]");
    browser.wait_until("the export dialog", "document.querySelector('[role=dialog] .export-preview, [role=dialog] pre, [role=dialog] img')");
    overflow(browser, &format!("{size}, the Export dialog"));
    browser.screenshot(&format!("fit-export-{width}x{height}"));
    browser.press(&[], ESCAPE);
    browser.wait_until(
        "the export dialog closed",
        "!document.querySelector('[role=dialog]')",
    );
    browser.click(".messages-button");
    browser.find("[role=dialog]");
    overflow(browser, &format!("{size}, the messages"));
    browser.press(&[], ESCAPE);
}

/// The walkthrough editor, a step of the presentation and the run at its end, stepped with
/// the presentation's own buttons: nothing overflows, the caption and the numbers are in
/// large type, axe finds nothing serious.
fn presentation(browser: &Browser, size: &str, width: u32, height: u32) {
    browser.click(".present-button");
    browser.find(".walk-dialog");
    overflow(browser, &format!("{size}, the walkthrough editor"));
    assert_clean(browser, &format!("walkthrough editor at {size}"));
    browser.screenshot(&format!("fit-walkthrough-{width}x{height}"));
    browser.click(".start-presenting");
    browser.find(".app.presenting");
    overflow(browser, &format!("{size}, a step of the presentation"));
    let caption = browser.exec(
        "return parseFloat(getComputedStyle(document.querySelector('.present-caption')).fontSize);",
        json!([]),
    );
    assert!(
        caption.as_f64().unwrap() >= 24.0,
        "{size}: caption {caption} px"
    );
    assert_clean(browser, &format!("presentation at {size}"));
    browser.screenshot(&format!("fit-present-{width}x{height}"));
    browser.click("button[aria-label='Next step']");
    browser.wait_until(
        "step 2",
        "document.querySelector('.present-count')?.textContent.startsWith('Step 2 of')",
    );
    browser.press(&[], crate::driver::END);
    browser.wait_until(
        "the run's numbers",
        "Number(document.querySelector('[data-present-metric=\"Messages handled\"]')?.textContent) > 5",
    );
    overflow(browser, &format!("{size}, the presentation's run"));
    // Every number and its label in sight, the numbers at least 28 px high.
    let numbers = browser.exec(
        "return [...document.querySelectorAll('.present-number')].map(n => {
           const r = n.getBoundingClientRect(), v = n.querySelector('.present-value');
           const l = n.querySelector('.present-label');
           return r.left >= 0 && r.right <= innerWidth + 1 && r.bottom <= innerHeight + 1
             && parseFloat(getComputedStyle(v).fontSize) >= 28 && l.getClientRects().length > 0;
         });",
        json!([]),
    );
    let numbers: Vec<bool> = serde_json::from_value(numbers).unwrap();
    assert!(
        numbers.len() >= 4 && numbers.iter().all(|ok| *ok),
        "{size}: the presentation's numbers {numbers:?}"
    );
    assert_clean(browser, &format!("presentation's run at {size}"));
    browser.screenshot(&format!("fit-present-run-{width}x{height}"));
    browser.click("button[aria-label='End the presentation']");
    browser.wait_until(
        "the presentation ended",
        "!document.querySelector('.app.presenting')",
    );
}

/// The message the page shows when it stops on an error fits the screen.
fn crash_message(browser: &Browser, size: &str) {
    let url = browser.exec(
        "return location.href.split('#')[0].split('?')[0];",
        json!([]),
    );
    browser.goto(&format!("{}?stormlab-test=panic", url.as_str().unwrap()));
    browser.wait_until("the crash message", "document.querySelector('#crash')");
    overflow(browser, &format!("{size}, the crash message"));
}

/// A narrow screen: the palette and the board's tools fold away and open as sheets, the side
/// panel goes below the board.
fn check_narrow(width: u32, height: u32) {
    check_at(width, height, true);
    let browser = open("retail", width, height, true);
    // The palette is one Add button; its kinds open as a sheet, and one of them adds a sticky.
    assert_eq!(browser.count(".palette-item:not([hidden])"), 10);
    let shown = |selector: &str| {
        browser
            .exec(
                "const e = document.querySelector(arguments[0]); return !!e && e.getClientRects().length > 0;",
                json!([selector]),
            )
            .as_bool()
            .unwrap()
    };
    assert!(!shown(".palette-item"), "the palette is folded");
    let before = browser.count(".sticky");
    browser.click(".add-toggle");
    assert!(shown(".palette-item"), "the Add sheet shows the kinds");
    overflow(&browser, &format!("{width}×{height}, the Add sheet"));
    browser.screenshot(&format!("fit-add-{width}x{height}"));
    browser.click("button[aria-label='Add domain event']");
    browser.wait_until(
        "a new sticky",
        &format!("document.querySelectorAll('.sticky').length > {before}"),
    );
    assert!(!shown(".palette-item"), "choosing a kind closes the sheet");
    browser.press(&[], ESCAPE);
    // The board keeps most of the screen, the panel below it.
    let (board, panel) = (
        browser.exec(
            "return document.querySelector('section.board').getBoundingClientRect().height;",
            json!([]),
        ),
        browser.exec(
            "return document.querySelector('.side-panel').getBoundingClientRect().top;",
            json!([]),
        ),
    );
    let board = board.as_f64().unwrap();
    let inner = browser
        .exec("return window.innerHeight;", json!([]))
        .as_f64()
        .unwrap();
    assert!(
        board >= 0.4 * inner,
        "{width}×{height}: the board is {board} px high of {inner}"
    );
    let below = browser.exec(
        "return document.querySelector('section.board').getBoundingClientRect().bottom;",
        json!([]),
    );
    assert!(
        panel.as_f64().unwrap() >= below.as_f64().unwrap() - 1.0,
        "the panel is below the board"
    );
    browser.screenshot(&format!("fit-model-{width}x{height}"));
}

#[test]
fn nothing_overflows_sideways_on_a_tablet_in_portrait() {
    check_narrow(820, 1180);
}

#[test]
fn nothing_overflows_sideways_on_a_tablet_in_landscape() {
    check_at(1180, 820, true);
}

#[test]
fn nothing_overflows_sideways_on_a_phone() {
    check_narrow(390, 844);
}

#[test]
fn nothing_overflows_sideways_on_a_small_phone() {
    check_narrow(360, 740);
}

#[test]
fn nothing_overflows_sideways_on_a_projectors_touch_screen() {
    check_at(1280, 720, true);
}

#[test]
fn nothing_overflows_sideways_on_a_laptop() {
    check_at(1600, 1000, false);
}

#[test]
fn nothing_overflows_sideways_on_a_phone_in_landscape() {
    check_at(844, 390, true);
}
