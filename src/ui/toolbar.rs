//! The toolbar: the palette, history, zoom, examples, file and share actions, help.

use gloo::file::callbacks::FileReader;
use stormlab_board::examples::EXAMPLES;
use stormlab_board::format;
use stormlab_board::{Action, Editor, Kind, Rect, Scope};
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::state::{Msg, Severity, Shared};
use crate::storage;

/// Props of the toolbar.
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// The editor (for undo/redo state, selection and the board).
    pub editor: Shared<Editor>,
    /// Sends messages to the app.
    pub dispatch: Callback<Msg>,
    /// The board element.
    pub board: NodeRef,
    /// The current view, to place new stickies in the middle of the screen.
    pub view: stormlab_board::viewport::Viewport,
}

/// The board element's size in pixels.
pub fn board_size(node: &NodeRef) -> (f64, f64) {
    node.cast::<HtmlElement>()
        .map(|el| (el.client_width() as f64, el.client_height() as f64))
        .unwrap_or((1200.0, 800.0))
}

/// Offers the board as a `.json` download; the notice says what happened.
pub fn save_file(board: &stormlab_board::Board) -> Msg {
    let name = storage::file_name(board);
    match storage::download(&name, &format::to_json(board)) {
        Ok(()) => Msg::Notify(format!("Saved {name}."), Severity::Info),
        Err(e) => Msg::Notify(e, Severity::Error),
    }
}

/// What the palette can add.
#[derive(Clone, Copy, PartialEq)]
pub enum PaletteItem {
    /// A sticky of a kind (events with a scope).
    Sticky(Kind, Option<Scope>),
    /// A bounded-context frame.
    Context,
}

impl PaletteItem {
    /// Palette entries with their labels and shortcut keys.
    pub const ALL: [(PaletteItem, &'static str, &'static str); 10] = [
        (
            PaletteItem::Sticky(Kind::Event, Some(Scope::Domain)),
            "Domain event",
            "E",
        ),
        (
            PaletteItem::Sticky(Kind::Event, Some(Scope::Integration)),
            "Integration event",
            "I",
        ),
        (PaletteItem::Sticky(Kind::Command, None), "Command", "C"),
        (PaletteItem::Sticky(Kind::Actor, None), "Actor", "A"),
        (PaletteItem::Sticky(Kind::Aggregate, None), "Aggregate", "G"),
        (PaletteItem::Sticky(Kind::Policy, None), "Policy", "P"),
        (
            PaletteItem::Sticky(Kind::ReadModel, None),
            "Read model",
            "R",
        ),
        (
            PaletteItem::Sticky(Kind::ExternalSystem, None),
            "External system",
            "X",
        ),
        (PaletteItem::Sticky(Kind::Hotspot, None), "Hotspot", "H"),
        (PaletteItem::Context, "Bounded context", "B"),
    ];

    /// The action adding this item in the middle of the visible board.
    pub fn action(
        self,
        editor: &Editor,
        view: &stormlab_board::viewport::Viewport,
        size: (f64, f64),
    ) -> Action {
        let (cx, cy) = view.to_world(size.0 / 2.0, size.1 / 2.0);
        // Cascade new items a little so several additions do not hide each other.
        let step = (editor.board.next_id % 6) as f64 * 24.0;
        match self {
            PaletteItem::Sticky(kind, scope) => {
                let (w, h) = kind.size();
                Action::AddSticky {
                    kind,
                    x: cx - w / 2.0 + step,
                    y: cy - h / 2.0 + step,
                    label: None,
                    scope,
                }
            }
            PaletteItem::Context => Action::AddContext {
                name: "New context".into(),
                rect: Rect {
                    x: cx - 300.0 + step,
                    y: cy - 200.0 + step,
                    w: 600.0,
                    h: 400.0,
                },
            },
        }
    }

    fn slug(self) -> &'static str {
        match self {
            PaletteItem::Sticky(Kind::Event, Some(Scope::Integration)) => "integration",
            PaletteItem::Sticky(kind, _) => kind.slug(),
            PaletteItem::Context => "context",
        }
    }
}

/// The toolbar.
#[function_component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let reader = use_mut_ref(|| None::<FileReader>);
    let file_input = use_node_ref();
    let d = props.dispatch.clone();
    let simple = |msg: Msg| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.emit(msg.clone()))
    };
    let palette = PaletteItem::ALL.iter().map(|&(item, label, key)| {
        let (d, editor, node, view) = (props.dispatch.clone(), props.editor.clone(), props.board.clone(), props.view);
        let onclick = Callback::from(move |_: MouseEvent| d.emit(Msg::Apply(item.action(&editor, &view, board_size(&node)))));
        html! {
            <button class={classes!("palette-item", format!("swatch-{}", item.slug()))} {onclick}
                    title={format!("Add {} ({key})", label.to_lowercase())} aria-label={format!("Add {}", label.to_lowercase())}>
                <span class="swatch" aria-hidden="true"></span>{ label }
            </button>
        }
    });
    let zoom = |factor: f64| {
        let (d, node) = (props.dispatch.clone(), props.board.clone());
        Callback::from(move |_: MouseEvent| {
            let (w, h) = board_size(&node);
            d.emit(Msg::Zoom(factor, (w / 2.0, h / 2.0)));
        })
    };
    let fit = {
        let (d, node) = (props.dispatch.clone(), props.board.clone());
        Callback::from(move |_: MouseEvent| {
            let (w, h) = board_size(&node);
            d.emit(Msg::Fit(w, h));
        })
    };
    let on_example = {
        let (d, node) = (props.dispatch.clone(), props.board.clone());
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<HtmlSelectElement>() else {
                return;
            };
            if let Some(example) = EXAMPLES.iter().find(|x| x.id == select.value()) {
                let text = format!(
                    "Opened the example \u{201c}{}\u{201d}. {}",
                    example.title, example.lesson
                );
                d.emit(Msg::Load(example.board(), board_size(&node), text));
            }
            select.set_value("");
        })
    };
    let on_file = {
        let (d, node, reader) = (props.dispatch.clone(), props.board.clone(), reader.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let (d, node) = (d.clone(), node.clone());
            let opened = Callback::from(move |result| {
                d.emit(match result {
                    Ok((board, what)) => Msg::Load(board, board_size(&node), what),
                    Err(why) => Msg::Notify(why, Severity::Error),
                })
            });
            *reader.borrow_mut() = storage::open_board_file(file, opened);
        })
    };
    let on_save = {
        let (d, editor) = (props.dispatch.clone(), props.editor.clone());
        Callback::from(move |_: MouseEvent| d.emit(save_file(&editor.board)))
    };
    let on_share = {
        let (d, editor) = (props.dispatch.clone(), props.editor.clone());
        Callback::from(move |_: MouseEvent| {
            let url = storage::share_url(&editor.board);
            storage::publish_share_link(&url);
            d.emit(Msg::Notify(
                format!("The address bar now holds a link to this board ({} characters); it was also copied to the clipboard if the browser allowed it.", url.len()),
                Severity::Info,
            ));
        })
    };
    let open_file = {
        let input = file_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                el.click();
            }
        })
    };
    let editor = &props.editor;
    html! {
        <div class="toolbar" role="toolbar" aria-label="Board tools">
            <div class="palette" role="group" aria-label="Add to the board">{ for palette }</div>
            <div class="tool-group" role="group" aria-label="Edit">
                <button onclick={simple(Msg::Undo)} disabled={!editor.can_undo()} title="Undo (Ctrl+Z)" aria-label="Undo">{ "↶ Undo" }</button>
                <button onclick={simple(Msg::Redo)} disabled={!editor.can_redo()} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">{ "↷ Redo" }</button>
                <button onclick={simple(Msg::DeleteSelection)} disabled={editor.selection.is_empty()} title="Delete (Del)" aria-label="Delete selection">{ "Delete" }</button>
            </div>
            <div class="tool-group" role="group" aria-label="View">
                <button onclick={zoom(1.0 / 1.25)} title="Zoom out (-)" aria-label="Zoom out">{ "−" }</button>
                <button onclick={zoom(1.25)} title="Zoom in (+)" aria-label="Zoom in">{ "+" }</button>
                <button onclick={fit} title="Fit to screen (F)" aria-label="Fit to screen">{ "Fit" }</button>
            </div>
            <div class="tool-group" role="group" aria-label="Board">
                <select class="examples" onchange={on_example} aria-label="Open an example board">
                    <option value="" selected=true>{ "Examples…" }</option>
                    { for EXAMPLES.iter().map(|x| html! { <option value={x.id}>{ x.title }</option> }) }
                </select>
                <button onclick={open_file} title="Open a .json board file" aria-label="Open file">{ "Open" }</button>
                <input ref={file_input} type="file" accept=".json,application/json" class="hidden-file" onchange={on_file}
                       aria-label="Board file to open" tabindex="-1" />
                <button onclick={on_save} title="Save as a .json file (Ctrl+S)" aria-label="Save file">{ "Save" }</button>
                <button onclick={on_share} title="Put a link to this board in the address bar" aria-label="Share link">{ "Share link" }</button>
                <button onclick={simple(Msg::ToggleHelp)} title="Keyboard shortcuts (?)" aria-label="Help">{ "?" }</button>
            </div>
        </div>
    }
}
