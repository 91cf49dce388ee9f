//! Nothing overflows sideways: at a projector's 1280 × 720 and a laptop's 1600 × 1000, with each
//! kind of sticky and a context selected, in the Run and Compare views and in the help and Export
//! dialogs, the page does not scroll sideways and no panel or dialog holds anything wider than
//! itself (a label cut off at the right is a failure).

use serde_json::{json, Value};

use crate::driver::Browser;
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
            browser.press(&[], "\u{E00C}");
            mode(&browser, "Run");
            browser.exec(
                "document.querySelector('.run-settings-box').open = true;",
                json!([]),
            );
            overflow(&browser, &format!("{width}×{height}, the Run view"));
            browser.screenshot(&format!("fit-run-{width}x{height}"));
            mode(&browser, "Compare");
            overflow(&browser, &format!("{width}×{height}, the Compare view"));
            browser.click("button[aria-label=Export]");
            browser.wait_until("the export dialog", "document.querySelector('[role=dialog] .export-preview, [role=dialog] pre, [role=dialog] img')");
            overflow(&browser, &format!("{width}×{height}, the Export dialog"));
        }
    }
    let mut all: Vec<&str> = stormlab_board::Kind::ALL.iter().map(|k| k.slug()).collect();
    all.retain(|k| !seen.contains(k));
    assert!(all.is_empty(), "kinds never selected: {all:?}");
}

#[test]
fn nothing_overflows_sideways_on_a_projector() {
    check_at(1280, 720);
}

#[test]
fn nothing_overflows_sideways_on_a_laptop() {
    check_at(1600, 1000);
}
