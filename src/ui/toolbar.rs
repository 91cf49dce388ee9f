//! The toolbar: the palette, history, zoom, examples, file and share actions, help.

use gloo::file::callbacks::FileReader;
use stormlab_board::examples::EXAMPLES;
use stormlab_board::format;
use stormlab_board::{Action, Editor, Kind, Rect, Scope};
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::state::{AppState, Msg, Severity, Shared};
use stormlab_ui_common::storage;

/// Props of the toolbar.
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// The editor (for undo/redo state, selection and the board).
    pub editor: Shared<Editor>,
    /// What a button asks for.
    pub on_tool: Callback<Tool>,
    /// Editing tools (the palette, undo, delete) show only in the Model view.
    #[prop_or(true)]
    pub editing: bool,
    /// The readable zoom is on (the button shows outside the Model view).
    #[prop_or(false)]
    pub readable: bool,
    /// In a live session undo and redo are the room's (which knows what is mine to undo).
    #[prop_or(false)]
    pub live: bool,
}

/// What the toolbar asks of the app; the app knows the board's size and view.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)] // one per click: its size does not matter
pub enum Tool {
    /// Add a sticky or a frame in the middle of the visible board.
    Add(PaletteItem),
    /// Undo.
    Undo,
    /// Redo.
    Redo,
    /// Delete the selection.
    Delete,
    /// Zoom by a factor around the middle of the board.
    Zoom(f64),
    /// Fit the board to the screen.
    Fit,
    /// Turn the readable zoom on or off.
    Readable,
    /// Replace the board (an example or a file), with a notice saying what was opened.
    Open(stormlab_board::Board, String),
    /// Tell the user something.
    Say(String, Severity),
    /// Open or close the keyboard help.
    Help,
    /// Open the Export dialog.
    Export,
    /// Open the live session's dialog.
    Live,
}

impl Tool {
    /// The app message for this tool, on a board area of `size` pixels.
    pub fn into_msg(self, state: &AppState, size: (f64, f64)) -> Msg {
        let centre = (size.0 / 2.0, size.1 / 2.0);
        match self {
            Tool::Add(item) => Msg::Apply(item.action(&state.editor, &state.view, size)),
            Tool::Undo => Msg::Undo,
            Tool::Redo => Msg::Redo,
            Tool::Delete => Msg::DeleteSelection,
            Tool::Zoom(factor) => Msg::Zoom(factor, centre),
            Tool::Fit => Msg::Fit(size.0, size.1),
            Tool::Readable => Msg::ToggleReadable(size.0, size.1),
            Tool::Open(board, what) => Msg::Load(board, size, what),
            Tool::Say(text, severity) => Msg::Notify(text, severity),
            Tool::Help => Msg::ToggleHelp,
            Tool::Export => Msg::ToggleExport,
            Tool::Live => Msg::ToggleLive,
        }
    }
}

/// The board element's size in pixels.
pub fn board_size(node: &NodeRef) -> (f64, f64) {
    node.cast::<HtmlElement>()
        .map(|el| (el.client_width() as f64, el.client_height() as f64))
        .unwrap_or((1200.0, 800.0))
}

/// Offers the board as a `.json` download; the notice says what happened.
pub fn save_file(board: &stormlab_board::Board) -> (String, Severity) {
    let name = storage::file_name(board);
    match storage::download(&name, &format::to_json(board)) {
        Ok(()) => (format!("Saved {name}."), Severity::Info),
        Err(e) => (e, Severity::Error),
    }
}

/// What the palette can add.
#[derive(Clone, Copy, Debug, PartialEq)]
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

    /// The action adding this item in free space next to the selection, or in the middle of
    /// the visible board, never on top of another (see [`stormlab_board::place`]).
    pub fn action(
        self,
        editor: &Editor,
        view: &stormlab_board::viewport::Viewport,
        size: (f64, f64),
    ) -> Action {
        use stormlab_board::place::{anchor, free_spot, Avoid};
        let (x0, y0) = view.to_world(0.0, 0.0);
        let (x1, y1) = view.to_world(size.0, size.1);
        let visible = Rect {
            x: x0,
            y: y0,
            w: (x1 - x0).max(1.0),
            h: (y1 - y0).max(1.0),
        };
        let selection: Vec<stormlab_board::ItemId> = editor.selection.iter().copied().collect();
        let board = &editor.board;
        match self {
            PaletteItem::Sticky(kind, scope) => {
                let size = kind.size();
                let from = anchor(board, &selection, visible, size);
                let (x, y) = free_spot(board, size, from, visible, Avoid::Stickies);
                Action::AddSticky {
                    kind,
                    x,
                    y,
                    label: None,
                    scope,
                }
            }
            PaletteItem::Context => {
                let size = (600.0, 400.0);
                let from = anchor(board, &[], visible, size);
                let (x, y) = free_spot(board, size, from, visible, Avoid::Frames);
                Action::AddContext {
                    name: "New context".into(),
                    rect: Rect {
                        x,
                        y,
                        w: size.0,
                        h: size.1,
                    },
                }
            }
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

/// Props of the palette and of the board tools.
#[derive(Properties, PartialEq)]
struct ToolsProps {
    /// The editor (the board tools save and share its board).
    editor: Shared<Editor>,
    /// What a button asks for.
    on_tool: Callback<Tool>,
}

/// The palette: a button per kind. On a narrow screen it folds into one "Add" button whose
/// kinds open as a sheet (closed again by the kind chosen).
#[function_component]
fn Palette(props: &ToolsProps) -> Html {
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let items = PaletteItem::ALL.iter().map(|&(item, label, key)| {
        let (on_tool, open) = (props.on_tool.clone(), open.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            open.set(false);
            on_tool.emit(Tool::Add(item));
        });
        html! {
            <button class={classes!("palette-item", format!("swatch-{}", item.slug()))} {onclick}
                    title={format!("Add {} ({key})", label.to_ascii_lowercase())} aria-label={format!("Add {}", label.to_ascii_lowercase())}>
                <span class="swatch" aria-hidden="true"></span>{ label }
            </button>
        }
    });
    html! {
        <>
            <button class="fold-toggle add-toggle" onclick={toggle} aria-expanded={open.to_string()}
                    aria-controls="palette" title="Add a sticky or a context">{ "+ Add" }</button>
            <div id="palette" class={classes!("palette", open.then_some("open"))} role="group" aria-label="Add to the board">{ for items }</div>
        </>
    }
}

/// The toolbar.
#[function_component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let on_tool = &props.on_tool;
    let simple = |tool: Tool| on_tool.reform(move |_: MouseEvent| tool.clone());
    let editor = &props.editor;
    html! {
        <div class="toolbar" role="toolbar" aria-label="Board tools">
            if props.editing {
            <Palette editor={editor.clone()} on_tool={on_tool.clone()} />
            <div class="tool-group" role="group" aria-label="Edit">
                <button onclick={simple(Tool::Undo)} disabled={!props.live && !editor.can_undo()} title="Undo (Ctrl+Z)" aria-label="Undo">{ "↶" }<span class="tool-word">{ " Undo" }</span></button>
                <button onclick={simple(Tool::Redo)} disabled={!props.live && !editor.can_redo()} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">{ "↷" }<span class="tool-word">{ " Redo" }</span></button>
                <button onclick={simple(Tool::Delete)} disabled={editor.selection.is_empty()} title="Delete (Del)" aria-label="Delete selection"><span class="tool-icon" aria-hidden="true">{ "✕" }</span><span class="tool-word">{ "Delete" }</span></button>
            </div>
            }
            <div class="tool-group" role="group" aria-label="View">
                <button class="zoom-step" onclick={simple(Tool::Zoom(1.0 / 1.25))} title="Zoom out (-)" aria-label="Zoom out">{ "−" }</button>
                <button class="zoom-step" onclick={simple(Tool::Zoom(1.25))} title="Zoom in (+)" aria-label="Zoom in">{ "+" }</button>
                <button onclick={simple(Tool::Fit)} title="Fit to screen (F)" aria-label="Fit to screen">{ "Fit" }</button>
                if !props.editing {
                    <button class="readable-zoom" onclick={simple(Tool::Readable)} aria-pressed={props.readable.to_string()}
                            title="Zoom so that sticky text is readable from the back of the room (the board pans)">{ "Readable" }</button>
                }
            </div>
            <BoardTools editor={editor.clone()} on_tool={on_tool.clone()} />
        </div>
    }
}

/// The board's tools: examples, open, save, export, share, help. On a narrow screen they fold
/// into a "More" menu.
#[function_component]
fn BoardTools(props: &ToolsProps) -> Html {
    let reader = use_mut_ref(Vec::<FileReader>::new);
    let file_input = use_node_ref();
    let open = use_state(|| false);
    let on_tool = &props.on_tool;
    // Every tool of the menu closes it.
    let close = {
        let open = open.clone();
        move || open.set(false)
    };
    let simple = |tool: Tool| {
        let close = close.clone();
        on_tool.reform(move |_: MouseEvent| {
            close();
            tool.clone()
        })
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_example = {
        let (on_tool, close) = (on_tool.clone(), close.clone());
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<HtmlSelectElement>() else {
                return;
            };
            if let Some(example) = EXAMPLES.iter().find(|x| x.id == select.value()) {
                let text = format!(
                    "Opened the example \u{201c}{}\u{201d}. {}",
                    example.title, example.lesson
                );
                close();
                on_tool.emit(Tool::Open(example.board(), text));
            }
            select.set_value("");
        })
    };
    let on_file = {
        let (on_tool, reader, close) = (on_tool.clone(), reader.clone(), close.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let files: Vec<web_sys::File> = input
                .files()
                .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
                .unwrap_or_default();
            input.set_value("");
            close();
            let opened = on_tool.reform(|result| match result {
                Ok((board, what)) => Tool::Open(board, what),
                Err(why) => Tool::Say(why, Severity::Error),
            });
            *reader.borrow_mut() = match <[web_sys::File; 1]>::try_from(files) {
                Ok([file]) => storage::open_board_file(file, opened).into_iter().collect(),
                Err(files) if files.is_empty() => Vec::new(),
                // Several files: the documents of several services, imported together.
                Err(files) => storage::open_contract_files(files, opened),
            };
        })
    };
    let on_save = {
        let (editor, close) = (props.editor.clone(), close.clone());
        on_tool.reform(move |_: MouseEvent| {
            close();
            let (text, severity) = save_file(&editor.board);
            Tool::Say(text, severity)
        })
    };
    let on_share = {
        let (editor, close) = (props.editor.clone(), close.clone());
        on_tool.reform(move |_: MouseEvent| {
            close();
            let url = storage::share_url(&editor.board);
            storage::publish_share_link(&url);
            Tool::Say(
                format!("The address bar now holds a link to this board ({} characters); it was also copied to the clipboard if the browser allowed it.", url.len()),
                Severity::Info,
            )
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
    html! {
        <>
            <button class="fold-toggle more-toggle" onclick={toggle} aria-expanded={open.to_string()}
                    aria-controls="board-tools" aria-label="More" title="Examples, open, save, export, share, help">{ "⋯" }<span class="tool-word">{ " More" }</span></button>
            <div id="board-tools" class={classes!("tool-group", "board-tools", open.then_some("open"))} role="group" aria-label="Board">
                <select class="examples" onchange={on_example} aria-label="Open an example board">
                    <option value="" selected=true>{ "Examples…" }</option>
                    { for EXAMPLES.iter().map(|x| html! { <option value={x.id}>{ x.title }</option> }) }
                </select>
                <button onclick={open_file} title="Open a board file (.json, or a board as text)" aria-label="Open file">{ "Open" }</button>
                <input ref={file_input} type="file" multiple=true accept=".json,.txt,.stormlab,.yaml,.yml,application/json,text/plain,application/yaml" class="hidden-file" onchange={on_file}
                       aria-label="Board file to open" tabindex="-1" />
                <button onclick={on_save} title="Save as a .json file (Ctrl+S)" aria-label="Save file">{ "Save" }</button>
                <button onclick={simple(Tool::Export)} title="Export: AsyncAPI, Mermaid, SVG, PNG, the board as text" aria-label="Export">{ "Export" }</button>
                <button onclick={on_share} title="Put a link to this board in the address bar" aria-label="Share link">{ "Share link" }</button>
                <button onclick={simple(Tool::Live)} title="Storm together: one live board everyone in the room edits" aria-label="Live session">{ "Live" }</button>
                <button onclick={simple(Tool::Help)} title="Keyboard shortcuts (?)" aria-label="Help">{ "?" }</button>
            </div>
        </>
    }
}

#[cfg(test)]
mod tests {
    use stormlab_board::examples::example;

    use super::*;

    #[test]
    fn tools_become_messages_sized_to_the_board() {
        let state = AppState::default();
        let size = (1000.0, 600.0);
        assert!(matches!(
            Tool::Zoom(2.0).into_msg(&state, size),
            Msg::Zoom(f, (x, y)) if f == 2.0 && x == 500.0 && y == 300.0
        ));
        assert!(matches!(Tool::Fit.into_msg(&state, size), Msg::Fit(w, h) if (w, h) == size));
        let board = example("retail").unwrap().board();
        assert!(matches!(
            Tool::Open(board.clone(), "opened".into()).into_msg(&state, size),
            Msg::Load(b, s, t) if b == board && s == size && t == "opened"
        ));
        let Msg::Apply(Action::AddContext { rect, .. }) =
            Tool::Add(PaletteItem::Context).into_msg(&state, size)
        else {
            panic!("the frame tool adds a context");
        };
        let (cx, cy) = state.view.to_world(500.0, 300.0);
        assert!((rect.x + rect.w / 2.0 - cx).abs() < 150.0);
        assert!((rect.y + rect.h / 2.0 - cy).abs() < 150.0);
        assert!(matches!(
            Tool::Delete.into_msg(&state, size),
            Msg::DeleteSelection
        ));
    }
}
