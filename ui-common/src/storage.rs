//! The one place that touches the browser's storage, files and URL: autosave in localStorage,
//! opening board files (JSON or text) and saving files, and share links in the URL fragment.

use gloo::file::callbacks::FileReader;
use stormlab_board::format::{self, LoadError};
use stormlab_board::limits::MAX_BYTES;
use stormlab_board::{share, text, Board};
use wasm_bindgen::JsCast;
use yew::Callback;

/// The localStorage key of the autosaved board.
pub const AUTOSAVE_KEY: &str = "stormlab.board";
/// Where an autosave that could not be read is kept, so nothing is lost.
pub const BACKUP_KEY: &str = "stormlab.board.unreadable";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The autosaved board: `None` when there is none; when it cannot be read, a message for the
/// user saying why and where its text was kept (copied to [`BACKUP_KEY`], and left in place
/// until the board is next changed).
pub fn load_autosave() -> Option<Result<Board, String>> {
    let store = storage()?;
    let text = store.get_item(AUTOSAVE_KEY).ok()??;
    Some(format::from_json(&text).map_err(|e: LoadError| {
        let kept = match store.set_item(BACKUP_KEY, &text) {
            Ok(()) => format!("Its text was copied to \u{201c}{BACKUP_KEY}\u{201d} in this browser's storage."),
            Err(_) => "Its text stays in this browser's storage until you change the board; use Open or an example to carry on.".into(),
        };
        format!("The board saved in this browser could not be read ({e}). {kept} You start with an empty board.")
    }))
}

/// Saves the board to localStorage; returns false when the browser refused (quota, privacy).
pub fn save_autosave(board: &Board) -> bool {
    storage().is_some_and(|s| {
        s.set_item(AUTOSAVE_KEY, &format::to_compact_json(board))
            .is_ok()
    })
}

/// The board in the URL's share link, if there is one, and clears it from the address bar (so a
/// reload does not open it again over later edits): `Err` says why the link could not be read.
pub fn take_shared_board() -> Option<Result<Board, String>> {
    let fragment = fragment();
    if !share::has_board(&fragment) {
        return None;
    }
    let board = share::decode(&fragment).map_err(|e| e.to_string());
    clear_fragment();
    Some(board)
}

/// Reads a board file the user picked; `done` gets the board and a notice saying it was
/// opened, or a sentence saying why not. Keep the reader until then (dropping it cancels).
pub fn open_board_file(
    file: web_sys::File,
    done: Callback<Result<(Board, String), String>>,
) -> Option<FileReader> {
    let name = file.name();
    if file.size() > MAX_BYTES as f64 {
        done.emit(Err(format!(
            "Could not open \u{201c}{name}\u{201d}: the file is too large ({:.1} MB); boards are limited to {} MB.",
            file.size() / 1_048_576.0,
            MAX_BYTES / 1_048_576
        )));
        return None;
    }
    let blob = gloo::file::File::from(file);
    Some(gloo::file::callbacks::read_as_text(&blob, move |result| {
        let file_name = name.clone();
        let opened = move |read: Result<Board, String>| match read {
            Ok(board) => Ok((board, format!("Opened \u{201c}{file_name}\u{201d}."))),
            Err(e) => Err(format!(
                "Could not open \u{201c}{file_name}\u{201d}: {e} The board was not changed."
            )),
        };
        match result {
            // The AsyncAPI importer lives in the format worker: the contract becomes a board, with
            // what to review.
            Ok(text) if stormlab_board::file::is_asyncapi(&text) => {
                let file_name = name.clone();
                let imported = move |read: Result<(Board, Vec<String>), String>| {
                    match read {
                    Ok((board, review)) => Ok((board, imported_notice(&format!("\u{201c}{file_name}\u{201d}"), &review))),
                    Err(e) => Err(format!(
                        "Could not import \u{201c}{file_name}\u{201d}: {e}. The board was not changed."
                    )),
                }
                };
                crate::format_worker::import(vec![(name.clone(), text)], done.reform(imported))
            }
            // So does the text format's reader (neither is in the page's wasm).
            Ok(text) if text::is_text(&text) => {
                crate::format_worker::read_text(text, done.reform(opened))
            }
            Ok(text) => done.emit(opened(format::from_json(&text).map_err(|e| e.to_string()))),
            Err(e) => done.emit(Err(format!("Could not read \u{201c}{name}\u{201d}: {e}."))),
        }
    }))
}

/// Reads several files the user picked at once: AsyncAPI documents (one per service, as teams
/// keep them) imported together into one board, with the other files for their references to
/// follow (by file name); with no AsyncAPI document among them, refused (a board opens alone). `done` as for
/// [`open_board_file`]; keep the readers until then.
pub fn open_contract_files(
    files: Vec<web_sys::File>,
    done: Callback<Result<(Board, String), String>>,
) -> Vec<FileReader> {
    let names: Vec<String> = files.iter().map(|f| f.name()).collect();
    let total: f64 = files.iter().map(|f| f.size()).sum();
    if total > MAX_BYTES as f64 {
        done.emit(Err(format!(
            "Could not open these {} files: together they are too large ({:.1} MB); boards are limited to {} MB.",
            files.len(),
            total / 1_048_576.0,
            MAX_BYTES / 1_048_576
        )));
        return Vec::new();
    }
    let texts = std::rc::Rc::new(std::cell::RefCell::new(vec![None::<String>; files.len()]));
    files
        .into_iter()
        .enumerate()
        .map(|(i, file)| {
            let (texts, names, done) = (texts.clone(), names.clone(), done.clone());
            gloo::file::callbacks::read_as_text(&gloo::file::File::from(file), move |result| {
                let text = match result {
                    Ok(text) => text,
                    Err(e) => {
                        done.emit(Err(format!(
                            "Could not read \u{201c}{}\u{201d}: {e}.",
                            names[i]
                        )));
                        return;
                    }
                };
                texts.borrow_mut()[i] = Some(text);
                let all: Option<Vec<String>> = texts.borrow().iter().cloned().collect();
                if let Some(all) = all {
                    import_together(names, all, done);
                }
            })
        })
        .collect()
}

/// Several documents read: imported together if every one is an AsyncAPI document.
fn import_together(
    names: Vec<String>,
    texts: Vec<String>,
    done: Callback<Result<(Board, String), String>>,
) {
    if !texts.iter().any(|t| stormlab_board::file::is_asyncapi(t)) {
        done.emit(Err(format!(
            "Could not open these {} files: none is an AsyncAPI document, and only AsyncAPI documents (with the files they refer to) open together; a board opens alone. The board was not changed.",
            names.len()
        )));
        return;
    }
    let documents = texts
        .iter()
        .filter(|t| stormlab_board::file::is_asyncapi(t))
        .count();
    // Services often name their documents alike (`asyncapi.yaml`): their count says more.
    let all = format!("{documents} AsyncAPI documents");
    let imported = move |read: Result<(Board, Vec<String>), String>| match read {
        Ok((board, review)) => Ok((board, imported_notice(&all, &review))),
        Err(e) => Err(format!(
            "Could not import {all}: {e}. The board was not changed."
        )),
    };
    crate::format_worker::import(
        names.into_iter().zip(texts).collect(),
        done.reform(imported),
    );
}

/// What the page says after an import: the board is new, and what to review in it.
fn imported_notice(file: &str, review: &[String]) -> String {
    let mut text = if file.starts_with('\u{201c}') {
        format!("Imported the AsyncAPI document {file} as a board.")
    } else {
        format!("Imported {file} as one board.")
    };
    for r in review {
        text.push(' ');
        text.push_str(r);
    }
    text
}

/// The URL fragment without `#`.
fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// Removes the fragment from the address bar without reloading or adding history.
fn clear_fragment() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
}

/// The full URL of a share link for `board`.
pub fn share_url(board: &Board) -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let base = location.href().unwrap_or_default();
    let base = base.split('#').next().unwrap_or_default().to_string();
    format!("{base}#{}", share::encode(board))
}

/// Puts the share link in the address bar and tries to copy it to the clipboard.
pub fn publish_share_link(url: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
    let clipboard = window.navigator().clipboard();
    let _ = clipboard.write_text(url);
}

/// Offers `text` as a download named `filename`.
pub fn download(filename: &str, text: &str) -> Result<(), String> {
    download_as(filename, text, "application/json")
}

/// Offers `text` as a download named `filename` of media type `mime`.
pub fn download_as(filename: &str, text: &str, mime: &str) -> Result<(), String> {
    let blob = text_blob(text, mime).ok_or("The browser refused to save the file.")?;
    download_blob(filename, &blob)
}

/// Offers `blob` as a download named `filename`.
pub fn download_blob(filename: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let fail = |_| "The browser refused to save the file.".to_string();
    let window = web_sys::window().ok_or("No window.")?;
    let document = window.document().ok_or("No document.")?;
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(fail)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "No anchor.".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// `text` as a blob of media type `mime`.
pub fn text_blob(text: &str, mime: &str) -> Option<web_sys::Blob> {
    let parts = web_sys::js_sys::Array::new();
    parts.push(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()
}

/// An object URL holding `text` as a JSON file (for a download link).
pub fn json_url(text: &str) -> Option<String> {
    let blob = text_blob(text, "application/json")?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Copies `text` to the clipboard if the browser allows it.
pub fn copy_text(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

/// A file name for the board: its title in lower case with dashes.
pub fn file_name(board: &Board) -> String {
    let slug: String = board
        .title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!(
        "{}.stormlab.json",
        if slug.is_empty() { "board" } else { &slug }
    )
}

/// A small preference kept in this browser (a live session's name and relay address), if any.
pub fn preference(key: &str) -> Option<String> {
    gloo::utils::window()
        .local_storage()
        .ok()
        .flatten()?
        .get_item(&format!("stormlab-pref-{key}"))
        .ok()
        .flatten()
}

/// Keeps a small preference in this browser (quietly: a refusal only means it is asked again).
pub fn set_preference(key: &str, value: &str) {
    if let Some(storage) = gloo::utils::window().local_storage().ok().flatten() {
        let _ = storage.set_item(&format!("stormlab-pref-{key}"), value);
    }
}

/// The `#live=` link this page was opened with (the server and the room), taken from the
/// address bar, or why it is broken; `None` when there is none.
pub fn take_live_link() -> Option<Result<(String, String), String>> {
    let link = crate::live::parse_link(&fragment())?;
    clear_fragment();
    Some(link)
}
