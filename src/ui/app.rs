//! The root component: owns the state, restores the board at start-up, autosaves, handles
//! keyboard shortcuts, and lays out header, toolbar, board, side panel and footer.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use stormlab_board::lints::lint;
use stormlab_board::{share, Action, Board, Editor, ItemId};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::board_view::{BoardView, SharedStickies};
use super::footer::Footer;
use super::header::Header;
use super::help::Help;
use super::notice::NoticeBar;
use super::run::{CompareView, RunHandle, RunOverlay, RunPanel, Runner};
use super::side_panel::SidePanel;
use super::state::{AppState, Mode, Msg, Notice, Shared};
use super::toolbar::{board_size, save_file, PaletteItem, Toolbar};
use crate::storage;

/// The state at start-up: a board from the URL's share link, else the autosaved board, else
/// an empty one; with a notice when something could not be read.
fn initial_state() -> AppState {
    let mut notice = None;
    let saved = match storage::load_autosave() {
        Some(Ok(board)) => board,
        Some(Err(message)) => {
            notice = Some(message);
            Board::default()
        }
        None => Board::default(),
    };
    let mut editor = Editor::new(saved);
    let fragment = storage::fragment();
    if share::has_board(&fragment) {
        match share::decode(&fragment) {
            Ok(board) => {
                // Undoable: the board you had before the link is one undo away.
                let _ = editor.apply(&Action::Replace(board));
                notice = Some("Opened the board from the link.".into());
            }
            Err(e) => {
                notice = Some(format!(
                    "Could not open the shared board: {e} Your own board is unchanged."
                ))
            }
        }
        storage::clear_fragment();
    }
    let error = notice
        .as_ref()
        .is_some_and(|n| n.starts_with("Could not") || n.starts_with("The board saved"));
    AppState {
        editor: Shared(Rc::new(editor)),
        notice: notice.map(|text| Notice {
            text,
            error,
            serial: 0,
        }),
        ..AppState::default()
    }
}

fn in_text_field(e: &KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

/// The whole application.
#[function_component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    let board_ref = use_node_ref();
    let dispatch = state.dispatcher();
    let lints = {
        let editor = state.editor.clone();
        use_memo(state.editor.revision, move |_| lint(&editor.board))
    };
    let shared = {
        let (editor, lints) = (state.editor.clone(), lints.clone());
        use_memo(state.editor.revision, move |_| {
            SharedStickies::new(&editor.board, &lints)
        })
    };

    // Fit the restored board to the screen once the board element exists.
    {
        let (d, node) = (dispatch.clone(), board_ref.clone());
        use_effect_with((), move |_| {
            let (w, h) = board_size(&node);
            d.dispatch(Msg::Fit(w, h));
        });
    }
    // Autosave every change (not the untouched start-up board, so an unreadable save stays).
    {
        let (editor, d) = (state.editor.clone(), dispatch.clone());
        use_effect_with(state.editor.revision, move |revision| {
            if *revision > 0 && !storage::save_autosave(&editor.board) {
                d.dispatch(Msg::Notify(
                    "This browser refused to save the board locally; use Save to keep a file."
                        .into(),
                    true,
                ));
            }
        });
    }
    // The run: rebuilt when the board changes while the Run view is open.
    let revision = state.editor.revision;
    let board_rc = {
        let editor = state.editor.clone();
        use_memo(revision, move |_| editor.board.clone())
    };
    let run = {
        let board = board_rc.clone();
        use_memo((), move |_| {
            RunHandle(Rc::new(RefCell::new(Runner::new(&board, revision))))
        })
    };
    if state.mode == Mode::Run && run.0.borrow().revision != revision {
        run.0.borrow_mut().restart(&board_rc, revision);
    }
    let tick = use_state(|| 0u64);
    let refresh = {
        let (tick, counter) = (tick.setter(), use_mut_ref(|| 0u64));
        use_callback((), move |_: (), _| {
            *counter.borrow_mut() += 1;
            tick.set(*counter.borrow());
        })
    };
    // Keyboard shortcuts: one listener for the page's lifetime, reading the latest state
    // through a ref updated on every render (not re-registered on every change).
    let latest = use_mut_ref(|| (*state).clone());
    *latest.borrow_mut() = (*state).clone();
    {
        let (latest, d, node) = (latest.clone(), dispatch.clone(), board_ref.clone());
        let (run, refresh) = ((*run).clone(), refresh.clone());
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                // Not passive: shortcuts prevent the browser's own action (Ctrl+S, arrows).
                EventListener::new_with_options(
                    &w,
                    "keydown",
                    EventListenerOptions::enable_prevent_default(),
                    move |e| {
                        let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                            return;
                        };
                        if in_text_field(e) || e.alt_key() {
                            return;
                        }
                        // Space plays and pauses in the Run view.
                        if latest.borrow().mode == Mode::Run && e.key() == " " {
                            e.prevent_default();
                            let mut r = run.0.borrow_mut();
                            if !r.finished() && r.playback.is_ok() {
                                r.playing = !r.playing;
                                r.last_frame = None;
                            }
                            drop(r);
                            refresh.emit(());
                            return;
                        }
                        let msg = shortcut(&latest.borrow(), e, &node);
                        if let Some(msg) = msg {
                            e.prevent_default();
                            d.dispatch(msg);
                        }
                    },
                )
            });
            move || drop(listener)
        });
    }

    let view_cell = use_memo((), |_| Rc::new(Cell::new(state.view)));
    view_cell.set(state.view);
    let canvas = use_node_ref();
    {
        let (run, canvas, view, refresh) = (
            (*run).clone(),
            canvas.clone(),
            (*view_cell).clone(),
            refresh.clone(),
        );
        use_effect_with(state.mode == Mode::Run, move |running| {
            let loops = running.then(|| super::run::start(run, canvas, view, refresh));
            move || drop(loops)
        });
    }

    // The board area changes size with the mode: fit the board to it.
    {
        let (d, node) = (dispatch.clone(), board_ref.clone());
        use_effect_with(state.mode, move |mode| {
            if *mode != Mode::Compare {
                let (w, h) = board_size(&node);
                d.dispatch(Msg::Fit(w, h));
            }
        });
    }
    let workspace = match state.mode {
        Mode::Model => html! {
            <main class="workspace">
                <BoardView state={state.clone()} {shared} dispatch={dispatch.clone()} node={board_ref.clone()} />
                <SidePanel editor={state.editor.clone()} lints={lints.clone()} dispatch={dispatch.clone()} />
            </main>
        },
        Mode::Run => html! {
            <main class="workspace running">
                <div class="board-wrap">
                    <BoardView state={state.clone()} {shared} dispatch={dispatch.clone()} node={board_ref.clone()} />
                    <RunOverlay run={(*run).clone()} board={board_rc.clone()} view={state.view} canvas={canvas.clone()} refresh={refresh.clone()} tick={*tick} />
                </div>
                <RunPanel run={(*run).clone()} tick={*tick} board={board_rc.clone()} {revision} refresh={refresh.clone()} dispatch={dispatch.clone()} />
            </main>
        },
        Mode::Compare => html! {
            <main class="workspace comparing">
                <CompareView key={revision} board={board_rc.clone()} />
            </main>
        },
    };
    html! {
        <div class="app">
            <Header title={state.editor.board.title.clone()} mode={state.mode} dispatch={dispatch.clone()} />
            <Toolbar editor={state.editor.clone()} dispatch={dispatch.clone()} board={board_ref.clone()} view={state.view} />
            { workspace }
            <NoticeBar notice={state.notice.clone()} dispatch={dispatch.clone()} />
            <Footer />
            if state.help_open {
                <Help dispatch={dispatch.clone()} />
            }
        </div>
    }
}

/// The message a key press stands for, if any.
fn shortcut(state: &AppState, e: &KeyboardEvent, node: &NodeRef) -> Option<Msg> {
    let ctrl = e.ctrl_key() || e.meta_key();
    let key = e.key();
    let step = if e.shift_key() { 50.0 } else { 10.0 };
    let size = board_size(node);
    let msg = match key.as_str() {
        "z" | "Z" if ctrl && e.shift_key() => Msg::Redo,
        "z" | "Z" if ctrl => Msg::Undo,
        "y" | "Y" if ctrl => Msg::Redo,
        "a" | "A" if ctrl => Msg::SelectAll,
        "s" | "S" if ctrl => save_file(&state.editor.board),
        _ if ctrl => return None,
        "Delete" | "Backspace" => Msg::DeleteSelection,
        "Escape" => Msg::Escape,
        "?" => Msg::ToggleHelp,
        "Enter" | "F2" => match state.editor.selection.iter().next() {
            Some(ItemId::Sticky(id)) if state.editor.selection.len() == 1 => Msg::StartEdit(*id),
            _ => return None,
        },
        "ArrowLeft" => Msg::Nudge(-step, 0.0),
        "ArrowRight" => Msg::Nudge(step, 0.0),
        "ArrowUp" => Msg::Nudge(0.0, -step),
        "ArrowDown" => Msg::Nudge(0.0, step),
        "+" | "=" => Msg::Zoom(1.25, (size.0 / 2.0, size.1 / 2.0)),
        "-" | "_" => Msg::Zoom(0.8, (size.0 / 2.0, size.1 / 2.0)),
        "f" | "F" | "0" => Msg::Fit(size.0, size.1),
        other => {
            let item = PaletteItem::ALL
                .iter()
                .find(|(_, _, k)| k.eq_ignore_ascii_case(other))?
                .0;
            Msg::Apply(item.action(&state.editor, &state.view, size))
        }
    };
    Some(msg)
}
