//! If the app ever panics: a panic hook that puts a message over the page, says the board
//! saved in this browser is intact, and offers to reload it, to download it as a file, or to
//! start empty with it kept aside. The buttons are plain DOM with inline handlers, so they work
//! although the WebAssembly instance that panicked cannot run any more.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

use crate::storage::{json_url, AUTOSAVE_KEY};

/// Where "Start empty" keeps the board it sets aside.
pub const BEFORE_CRASH_KEY: &str = "stormlab.board.before-crash";
/// The query strings that make the page, or the lazy module, panic once it has rendered: the
/// browser tests use them to check this hook, nobody else has a reason to.
pub const PAGE_PANIC: &str = "stormlab-test=panic";
/// See [`PAGE_PANIC`].
pub const LAZY_PANIC: &str = "stormlab-test=lazy-panic";
/// The query string that makes the page log one console error once it has rendered: the
/// browser tests use it to show that their check for console errors catches one.
pub const CONSOLE_ERROR: &str = "stormlab-test=console-error";

/// Installs the hook (once, before the app starts; through Yew, which would otherwise put its
/// own in place when it renders).
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        gloo::console::error!(info.to_string());
        let _ = show(&info.to_string());
    }));
}

/// True when the page was opened with this test-only trigger.
pub fn test_requested(trigger: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|search| search.contains(trigger))
}

fn element(document: &Document, tag: &str, class: &str, text: &str) -> Option<Element> {
    let e = document.create_element(tag).ok()?;
    e.set_class_name(class);
    e.set_text_content(Some(text));
    Some(e)
}

/// Shows the message over the page (once).
fn show(detail: &str) -> Option<()> {
    let window = web_sys::window()?;
    let document = window.document()?;
    if document.get_element_by_id("crash").is_some() {
        return Some(());
    }
    let saved = window.local_storage().ok()??.get_item(AUTOSAVE_KEY).ok()?;
    let overlay = element(&document, "div", "crash", "")?;
    overlay.set_id("crash");
    for (name, value) in [
        ("role", "alertdialog"),
        ("aria-modal", "true"),
        ("aria-labelledby", "crash-title"),
    ] {
        overlay.set_attribute(name, value).ok()?;
    }
    let card = element(&document, "div", "crash-card", "")?;
    let title = element(
        &document,
        "h2",
        "crash-title",
        "Stormlab stopped because of an error",
    )?;
    title.set_id("crash-title");
    let safe = if saved.is_some() {
        "Your board is safe: this browser saved it at your last change, and it opens again when you reload."
    } else {
        "No board was saved in this browser, so there is nothing to restore."
    };
    let body = element(&document, "p", "crash-safe", safe)?;
    let what = element(&document, "p", "crash-detail", detail)?;
    let actions = element(&document, "div", "crash-actions", "")?;
    let reload = element(&document, "button", "crash-reload", "Reload")?;
    reload.set_attribute("onclick", "location.reload()").ok()?;
    actions.append_child(&reload).ok()?;
    if let Some(text) = saved {
        let link = download(&document, &text)?;
        actions.append_child(&link).ok()?;
        let empty = element(
            &document,
            "button",
            "crash-empty",
            "Start with an empty board",
        )?;
        let keep = format!(
            "localStorage.setItem('{BEFORE_CRASH_KEY}', localStorage.getItem('{AUTOSAVE_KEY}') || ''); localStorage.removeItem('{AUTOSAVE_KEY}'); location.reload()"
        );
        empty.set_attribute("onclick", &keep).ok()?;
        empty.set_attribute("title", &format!("The saved board is kept in this browser's storage as \u{201c}{BEFORE_CRASH_KEY}\u{201d}.")).ok()?;
        actions.append_child(&empty).ok()?;
    }
    for part in [&title, &body, &actions, &what] {
        card.append_child(part).ok()?;
    }
    overlay.append_child(&card).ok()?;
    document.body()?.append_child(&overlay).ok()?;
    reload.dyn_ref::<web_sys::HtmlElement>()?.focus().ok()
}

/// A link that downloads the saved board as a file.
fn download(document: &Document, text: &str) -> Option<Element> {
    let link = element(document, "a", "crash-download", "Download the saved board")?;
    link.set_attribute("href", &json_url(text)?).ok()?;
    link.set_attribute("download", "stormlab-board.json").ok()?;
    Some(link)
}
