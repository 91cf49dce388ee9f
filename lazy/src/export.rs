//! The Export dialog: each format the board leaves the app in, its options, a preview (the text,
//! or the image), Copy and a Download named after the board. The formats themselves are
//! `stormlab-export`'s, shared with the command line.

use stormlab_board::{Editor, ItemId};
use stormlab_export::{Exported, Format, Request};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::focus::use_focus_on_open;
use crate::format_worker::use_export;
use crate::png;
use stormlab_ui_common::shared::{Severity, Shared};
use stormlab_ui_common::storage;

/// What the dialog can produce: an export format, or a PNG drawn from the SVG.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Choice {
    Format(Format),
    Png,
}

const CHOICES: [(Choice, &str); 7] = [
    (Choice::Format(Format::AsyncApi), "A contract for the engineers: a channel per integration event, who sends and who receives it."),
    (Choice::Format(Format::Mermaid), "A diagram for the docs: contexts as boxes, stickies by kind, links as arrows."),
    (Choice::Format(Format::MermaidSaga), "The saga step by step, with its compensations, as a sequence diagram."),
    (Choice::Format(Format::Svg), "A picture of the board (or the selection) that scales for the wiki."),
    (Choice::Png, "A picture for slides, at twice the size."),
    (Choice::Format(Format::Text), "The board as text: reads, diffs and writes well by hand; Open reads it back."),
    (Choice::Format(Format::Json), "The board file Open and Save use."),
];

fn choice_name(c: Choice) -> &'static str {
    match c {
        Choice::Format(f) => f.name(),
        Choice::Png => "PNG image (2×)",
    }
}

fn choice_id(c: Choice) -> &'static str {
    match c {
        Choice::Format(f) => f.id(),
        Choice::Png => "png",
    }
}

/// Props of the dialog.
#[derive(Properties, PartialEq)]
pub struct ExportProps {
    /// The board and its selection.
    pub editor: Shared<Editor>,
    /// Closes the dialog.
    pub on_close: Callback<()>,
    /// Shows a notice (a download saved, or why not).
    pub on_notice: Callback<(String, Severity)>,
}

/// Percent-encodes `text` for a `data:` URL.
fn data_url(mime: &str, text: &str) -> String {
    let mut out = format!("data:{mime};charset=utf-8,");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b" -_.~/:=,;()'".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The stickies and the frames among the selected items.
fn split_selection(
    selection: &std::collections::BTreeSet<ItemId>,
) -> (
    Vec<stormlab_board::StickyId>,
    Vec<stormlab_board::ContextId>,
) {
    let stickies = selection
        .iter()
        .filter_map(|i| match i {
            ItemId::Sticky(s) => Some(*s),
            _ => None,
        })
        .collect();
    let frames = selection
        .iter()
        .filter_map(|i| match i {
            ItemId::Context(c) => Some(*c),
            _ => None,
        })
        .collect();
    (stickies, frames)
}

/// The preview: an image for SVG and PNG, the text otherwise, or why there is none (yet).
fn preview(result: &Option<Result<Exported, String>>, choice: Choice) -> Html {
    match (result, choice) {
        (None, _) => {
            html! { <p class="export-preparing" role="status">{ "Preparing the export…" }</p> }
        }
        (Some(Err(why)), _) => html! { <p class="export-error" role="alert">{ why }</p> },
        (Some(Ok(e)), Choice::Png | Choice::Format(Format::Svg)) => html! {
            <img class="export-image" src={data_url("image/svg+xml", &e.text)} alt={format!("Preview of {}", e.file_name)} />
        },
        (Some(Ok(e)), _) => html! {
            <textarea class="export-text" readonly=true spellcheck="false" aria-label="Preview" value={e.text.clone()} />
        },
    }
}

/// Copies the exported text to the clipboard, and says so.
fn copy(
    result: &Option<Result<Exported, String>>,
    on_notice: &Callback<(String, Severity)>,
) -> Callback<MouseEvent> {
    let (text, notice) = (
        result
            .as_ref()
            .and_then(|r| r.as_ref().ok())
            .map(|e| e.text.clone()),
        on_notice.clone(),
    );
    Callback::from(move |_: MouseEvent| {
        if let Some(text) = &text {
            storage::copy_text(text);
            notice.emit((
                format!(
                    "Copied {} characters to the clipboard (if the browser allowed it).",
                    text.chars().count()
                ),
                Severity::Info,
            ));
        }
    })
}

/// Downloads the export (a PNG is drawn from the SVG first), and says so.
fn download(
    result: &Option<Result<Exported, String>>,
    file_name: &str,
    on_notice: &Callback<(String, Severity)>,
    choice: Choice,
) -> Callback<MouseEvent> {
    let (result, file_name, notice) = (result.clone(), file_name.to_string(), on_notice.clone());
    Callback::from(move |_: MouseEvent| {
        let Some(Ok(Exported { text, .. })) = &result else {
            return;
        };
        if choice == Choice::Png {
            let notice = notice.clone();
            png::download_png(
                text,
                file_name.clone(),
                2.0,
                Callback::from(move |r: Result<String, String>| {
                    notice.emit(match r {
                        Ok(said) => (said, Severity::Info),
                        Err(why) => (why, Severity::Error),
                    });
                }),
            );
            return;
        }
        let mime = match choice {
            Choice::Format(f) => f.mime(),
            Choice::Png => "image/png",
        };
        notice.emit(match storage::download_as(&file_name, text, mime) {
            Ok(()) => (format!("Saved {file_name}."), Severity::Info),
            Err(why) => (why, Severity::Error),
        });
    })
}

/// The export dialog.
#[function_component]
pub fn ExportDialog(props: &ExportProps) -> Html {
    let choice = use_state(|| Choice::Format(Format::AsyncApi));
    // The keyboard starts in the dialog, on the chosen format.
    let dialog = use_focus_on_open("input:checked");
    let request = use_state(|| Request::new(Format::AsyncApi));
    let selection_only = use_state(|| false);
    let board = &props.editor.board;
    let selection = &props.editor.selection;
    let has_selection = !selection.is_empty();
    let mut req = (*request).clone();
    req.format = match *choice {
        Choice::Format(f) => f,
        Choice::Png => Format::Svg,
    };
    if req.context.is_some_and(|c| board.context(c).is_none()) {
        req.context = None;
    }
    req.selection = (*selection_only && has_selection).then(|| split_selection(selection));
    // Worked out in the format worker; until it answers, the preview says so.
    let done = use_export(&props.editor, &req);
    let shown = done.is_some().then_some(choice_id(*choice));
    let sagas = done.as_ref().map_or(0, |d| d.sagas);
    // `None` while the worker works.
    let result = done.map(|d| d.result);
    let ready = matches!(result, Some(Ok(_)));
    let file_name = match (&result, *choice) {
        (Some(Ok(e)), Choice::Png) => e.file_name.trim_end_matches(".svg").to_string() + ".png",
        (Some(Ok(e)), _) => e.file_name.clone(),
        _ => String::new(),
    };

    let pick = {
        let choice = choice.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                if let Some((c, _)) = CHOICES.iter().find(|(c, _)| choice_id(*c) == input.value()) {
                    choice.set(*c);
                }
            }
        })
    };
    let set = |f: fn(&mut Request, &HtmlInputElement)| {
        let request = request.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                let mut r = (*request).clone();
                f(&mut r, &input);
                request.set(r);
            }
        })
    };
    let from_select = |f: fn(&mut Request, String)| {
        let request = request.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                let mut r = (*request).clone();
                f(&mut r, select.value());
                request.set(r);
            }
        })
    };
    let on_context = from_select(|r, v| r.context = v.parse().ok().map(stormlab_board::ContextId));
    let on_saga = from_select(|r, v| r.saga = v.parse().unwrap_or(0));
    let on_selection_only = {
        let selection_only = selection_only.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                selection_only.set(input.checked());
            }
        })
    };

    let options = match *choice {
        Choice::Format(Format::AsyncApi) => html! {
            <div class="export-options">
                <label>{ "View " }
                    <select onchange={on_context} aria-label="Which context's view">
                        <option value="" selected={req.context.is_none()}>{ "The whole board" }</option>
                        { for board.contexts.iter().map(|c| html! {
                            <option value={c.id.0.to_string()} selected={req.context == Some(c.id)}>{ format!("What {} sends and receives", c.name) }</option>
                        }) }
                    </select>
                </label>
                <label><input type="checkbox" checked={req.domain_events} onchange={set(|r, i| r.domain_events = i.checked())} />{ " Include domain events" }</label>
            </div>
        },
        Choice::Format(Format::MermaidSaga) => {
            html! {
                <div class="export-options">
                    if sagas > 1 {
                        <label>{ "Saga " }
                            <select onchange={on_saga} aria-label="Which saga">
                                { for (0..sagas).map(|i| html! { <option value={i.to_string()} selected={req.saga == i}>{ format!("Saga {}", i + 1) }</option> }) }
                            </select>
                        </label>
                    }
                </div>
            }
        }
        Choice::Format(Format::Svg) | Choice::Png => html! {
            <div class="export-options">
                <label><input type="checkbox" checked={req.legend} onchange={set(|r, i| r.legend = i.checked())} />{ " Legend" }</label>
                <label title={if has_selection { "" } else { "Select stickies or frames on the board first" }}>
                    <input type="checkbox" checked={*selection_only && has_selection} disabled={!has_selection} onchange={on_selection_only} />
                    { " Only the selection" }
                </label>
            </div>
        },
        _ => html! {},
    };
    let preview = preview(&result, *choice);
    let on_copy = copy(&result, &props.on_notice);
    let on_download = download(&result, &file_name, &props.on_notice, *choice);
    let close = props.on_close.reform(|_: MouseEvent| ());
    let text_format = !matches!(*choice, Choice::Png | Choice::Format(Format::Svg));
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="export-title">
            <div class="dialog export-dialog" ref={dialog}>
                <h2 id="export-title">{ "Export the board" }</h2>
                <div class="export-body">
                    <fieldset class="export-formats">
                        <legend>{ "Format" }</legend>
                        { for CHOICES.iter().map(|(c, about)| html! {
                            <label class={classes!("export-format", (*c == *choice).then_some("chosen"))}>
                                <input type="radio" name="export-format" value={choice_id(*c)} checked={*c == *choice} onchange={pick.clone()} />
                                <span class="export-format-name">{ choice_name(*c) }</span>
                                <span class="export-format-about">{ *about }</span>
                            </label>
                        }) }
                    </fieldset>
                    <div class="export-main">
                        { options }
                        <div class="export-preview" data-format={shown}>{ preview }</div>
                    </div>
                </div>
                <div class="dialog-buttons">
                    if text_format {
                        <button onclick={on_copy} disabled={!ready}>{ "Copy" }</button>
                    }
                    <button class="primary" onclick={on_download} disabled={!ready} aria-label={format!("Download {file_name}")}>
                        { format!("Download {file_name}") }
                    </button>
                    <button onclick={close} aria-label="Close export">{ "Close" }</button>
                </div>
            </div>
        </div>
    }
}
