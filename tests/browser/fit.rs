//! Nothing overflows sideways: at a projector's 1280 × 720, a laptop's 1600 × 1000, a tablet in
//! portrait (820 × 1180) and phones (390 × 844, 360 × 740), with each kind of sticky and a
//! context selected, in the Run and Compare views and in the help and Export dialogs, the page
//! does not scroll sideways and no panel or dialog holds anything wider than itself (a label cut
//! off at the right is a failure). On the narrow screens targets are 44 px, the palette folds
//! into an Add sheet and the panel sits below the board.

use serde_json::{json, Value};

use crate::driver::{Browser, ESCAPE};
use crate::run::{mode, open_example_at};

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

fn overflow(browser: &Browser, what: &str) {
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

fn check_at(width: u32, height: u32) {
    // The examples between them draw every kind; the saga board also gets the views and
    // dialogs checked.
    let mut seen = Vec::new();
    let mut examples: Vec<&str> = stormlab_board::examples::EXAMPLES
        .iter()
        .map(|e| e.id)
        .collect();
    examples.retain(|e| *e != "saga");
    examples.insert(0, "saga");
    for example in examples {
        if seen.len() == stormlab_board::Kind::ALL.len() {
            break;
        }
        let (browser, _) = open_example_at(example, width, height);
        for kind in stormlab_board::Kind::ALL {
            let slug = kind.slug();
            if seen.contains(&slug) || !select_kind(&browser, slug) {
                continue;
            }
            seen.push(slug);
            overflow(&browser, &format!("{width}×{height}, a {slug} selected"));
            if slug == "policy" {
                // A polling policy shows more fields.
                browser.exec(
                    "const s = [...document.querySelectorAll('.sim-props select')][0]; s.value = 'poll'; s.dispatchEvent(new Event('change', {bubbles: true}));",
                    json!([]),
                );
                browser.wait_until("the poll fields", "[...document.querySelectorAll('.sim-props label')].some(l => l.textContent.startsWith('Poll interval'))");
                overflow(&browser, &format!("{width}×{height}, a polling policy"));
                browser.exec(
                    "document.querySelector('.sim-props').scrollIntoView();",
                    json!([]),
                );
                browser.screenshot(&format!("panel-policy-{width}x{height}"));
            }
        }
        if example == "saga" {
            browser.exec("document.querySelector('.context').focus();", json!([]));
            browser.wait_until(
                "a context's properties",
                "document.querySelector('.side-panel .sim-props legend')?.textContent.includes('service')",
            );
            overflow(&browser, &format!("{width}×{height}, a context selected"));
            browser.exec(
                "document.querySelector('.sim-props').scrollIntoView();",
                json!([]),
            );
            browser.screenshot(&format!("panel-context-{width}x{height}"));
            browser.click("section.board");
            browser.press(&[], "?");
            browser.find("[role=dialog]");
            overflow(&browser, &format!("{width}×{height}, the help"));
            browser.press(&[], ESCAPE);
            mode(&browser, "Run");
            browser.exec(
                "document.querySelector('.run-settings-box').open = true;",
                json!([]),
            );
            overflow(&browser, &format!("{width}×{height}, the Run view"));
            browser.screenshot(&format!("fit-run-{width}x{height}"));
            mode(&browser, "Compare");
            overflow(&browser, &format!("{width}×{height}, the Compare view"));
            browser.screenshot(&format!("fit-compare-{width}x{height}"));
            open_more(&browser);
            browser.click("button[aria-label=Export]");
            browser.wait_until("the export dialog", "document.querySelector('[role=dialog] .export-preview, [role=dialog] pre, [role=dialog] img')");
            overflow(&browser, &format!("{width}×{height}, the Export dialog"));
        }
    }
    let mut all: Vec<&str> = stormlab_board::Kind::ALL.iter().map(|k| k.slug()).collect();
    all.retain(|k| !seen.contains(k));
    assert!(all.is_empty(), "kinds never selected: {all:?}");
}

/// A narrow screen: nothing overflows, targets are a finger wide, the palette and the board's
/// tools fold away and open as sheets, the side panel goes below the board.
fn check_narrow(width: u32, height: u32) {
    check_at(width, height);
    let (browser, _) = open_example_at("retail", width, height);
    let small = browser.exec(SMALL_TARGETS, json!([]));
    assert_eq!(
        small,
        json!([]),
        "{width}×{height}: targets smaller than 44 px"
    );
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
fn nothing_overflows_sideways_on_a_phone() {
    check_narrow(390, 844);
}

#[test]
fn nothing_overflows_sideways_on_a_small_phone() {
    check_narrow(360, 740);
}

#[test]
fn nothing_overflows_sideways_on_a_projector() {
    check_at(1280, 720);
}

#[test]
fn nothing_overflows_sideways_on_a_laptop() {
    check_at(1600, 1000);
}
