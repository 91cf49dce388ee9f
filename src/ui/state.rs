//! The application state: the editor (board, history, selection), the view, the gesture in
//! progress, text editing, notices and overlays, changed only by [`AppState::update`] with a
//! [`Msg`]. Board changes go through the board crate's actions; this module only routes them.
//! Plain Rust (no web calls), so it is tested natively.

use std::rc::Rc;

use stormlab_board::gesture::{Effect, Gesture, Target};
use stormlab_board::viewport::Viewport;
use stormlab_board::{Action, Board, Editor, ItemId, StickyId};

/// A shared value compared by pointer: a cheap change check for large values (every edit
/// makes a new one, since the reducer never mutates a value the previous state still holds).
#[derive(Debug, Default)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> Shared<T> {
    /// A mutable reference, cloning the value first if the previous state shares it.
    pub fn make_mut(&mut self) -> &mut T {
        Rc::make_mut(&mut self.0)
    }
}

/// How much a notice matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// A confirmation or a hint: fades by itself.
    Info,
    /// Something went wrong: announced assertively, stays until dismissed.
    Error,
}

/// A message shown to the user.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// Info or error.
    pub severity: Severity,
    /// Increases with every notice, so the same text shown twice is still new.
    pub serial: u64,
}

/// What the workspace shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Edit the board.
    #[default]
    Model,
    /// Run the board as a message system.
    Run,
    /// Run two variants side by side.
    Compare,
}

/// Everything the UI shows.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct AppState {
    /// The board with its history and selection (shared: cloned only on edits).
    pub editor: Shared<Editor>,
    /// Pan and zoom.
    pub view: Viewport,
    /// The pointer gesture in progress.
    pub gesture: Gesture,
    /// The sticky whose label is being edited.
    pub editing: Option<StickyId>,
    /// The latest notice.
    pub notice: Option<Notice>,
    /// The keyboard help overlay is open.
    pub help_open: bool,
    /// Where the pointer is on the board (board units), for the connection preview.
    pub pointer: (f64, f64),
    /// Model, Run or Compare.
    pub mode: Mode,
}

/// What can happen in the UI.
#[derive(Clone, Debug)]
pub enum Msg {
    /// Change the board.
    Apply(Action),
    /// Replace the board (example, file, link) and fit it into a screen of this size.
    Load(Board, (f64, f64), String),
    /// Undo.
    Undo,
    /// Redo.
    Redo,
    /// Select one item (toggle with `additive`).
    Select(ItemId, bool),
    /// Select everything.
    SelectAll,
    /// Clear the selection and stop editing.
    Escape,
    /// Delete the selection.
    DeleteSelection,
    /// Move the selection by board units.
    Nudge(f64, f64),
    /// Pointer pressed.
    PointerDown {
        target: Target,
        screen: (f64, f64),
        additive: bool,
        marquee: bool,
    },
    /// Pointer moved.
    PointerMove((f64, f64)),
    /// Pointer released over `hit`.
    PointerUp(Target),
    /// Zoom by a factor around a screen point.
    Zoom(f64, (f64, f64)),
    /// Pan by screen pixels.
    Pan(f64, f64),
    /// Fit the board into a screen of this size.
    Fit(f64, f64),
    /// Start editing a sticky's label.
    StartEdit(StickyId),
    /// Finish editing: `Some(text)` commits, `None` cancels.
    EndEdit(Option<String>),
    /// Show a notice.
    Notify(String, Severity),
    /// Hide the notice.
    DismissNotice,
    /// Open or close the help overlay.
    ToggleHelp,
    /// Switch between Model, Run and Compare.
    SetMode(Mode),
}

impl AppState {
    /// The state at start-up on `board`, with a notice when there is one.
    pub fn new(board: Board, notice: Option<(String, Severity)>) -> AppState {
        AppState {
            editor: Shared(Rc::new(Editor::new(board))),
            notice: notice.map(|(text, severity)| Notice {
                text,
                severity,
                serial: 0,
            }),
            ..AppState::default()
        }
    }

    fn notify(&mut self, text: String, severity: Severity) {
        let serial = self.notice.as_ref().map_or(0, |n| n.serial + 1);
        self.notice = Some(Notice {
            text,
            severity,
            serial,
        });
    }

    fn apply(&mut self, action: &Action) -> Option<ItemId> {
        let editor = self.editor.make_mut();
        match editor.apply(action) {
            Ok(created) => created,
            Err(reason) => {
                self.notify(reason, Severity::Error);
                None
            }
        }
    }

    fn selection(&self) -> Vec<ItemId> {
        self.editor.selection.iter().copied().collect()
    }

    fn effect(&mut self, effect: Effect) {
        match effect {
            Effect::Apply(action) => {
                if let Some(created) = self.apply(&action) {
                    if !matches!(created, ItemId::Link(_)) {
                        self.editor.make_mut().select(created, false);
                    }
                }
            }
            Effect::Select(item, additive) => self.editor.make_mut().select(item, additive),
            Effect::SelectMany(items) => {
                self.editor.make_mut().selection = items.into_iter().collect();
            }
            Effect::SelectIn(rect, additive) => self.editor.make_mut().select_in(rect, additive),
            Effect::ClearSelection => self.editor.make_mut().clear_selection(),
            Effect::Pan(view) => self.view = view,
        }
    }
}

impl AppState {
    /// Carries out a message. Returns false when nothing changed (a pointer move with no
    /// gesture), so the view need not render again.
    pub fn update(&mut self, msg: Msg) -> bool {
        let s = self;
        match msg {
            Msg::Apply(action) => {
                if let Some(created) = s.apply(&action) {
                    s.editor.make_mut().select(created, false);
                    if let (Action::AddSticky { .. }, ItemId::Sticky(id)) = (&action, created) {
                        s.editing = Some(id);
                    }
                }
            }
            Msg::Load(board, (w, h), what) => {
                let bounds = board.bounds();
                s.apply(&Action::Replace(board));
                if let Some(bounds) = bounds {
                    s.view = Viewport::fit(bounds, w, h, 40.0);
                }
                s.editing = None;
                s.notify(what, Severity::Info);
            }
            Msg::Undo => {
                s.editing = None;
                if !s.editor.make_mut().undo() {
                    s.notify("Nothing to undo.".into(), Severity::Info);
                }
            }
            Msg::Redo => {
                s.editing = None;
                if !s.editor.make_mut().redo() {
                    s.notify("Nothing to redo.".into(), Severity::Info);
                }
            }
            Msg::Select(item, additive) => s.editor.make_mut().select(item, additive),
            Msg::SelectAll => s.editor.make_mut().select_all(),
            Msg::Escape => {
                if s.help_open {
                    s.help_open = false;
                } else if s.gesture != Gesture::Idle {
                    s.gesture.cancel();
                } else {
                    s.editing = None;
                    s.editor.make_mut().clear_selection();
                }
            }
            Msg::DeleteSelection => {
                let items = s.selection();
                if !items.is_empty() {
                    s.apply(&Action::Delete(items));
                }
            }
            Msg::Nudge(dx, dy) => {
                let items: Vec<ItemId> = s
                    .selection()
                    .into_iter()
                    .filter(|i| !matches!(i, ItemId::Link(_)))
                    .collect();
                if !items.is_empty() {
                    s.apply(&Action::Move { items, dx, dy });
                }
            }
            Msg::PointerDown {
                target,
                screen,
                additive,
                marquee,
            } => {
                s.editing = None;
                let selection = s.selection();
                s.gesture = Gesture::down(target, screen, &s.view, &selection, additive, marquee);
                s.pointer = s.view.to_world(screen.0, screen.1);
            }
            Msg::PointerMove(screen) => {
                if s.gesture == Gesture::Idle {
                    return false;
                }
                s.pointer = s.view.to_world(screen.0, screen.1);
                let view = s.view;
                if let Some(effect) = s.gesture.moved(screen, &view) {
                    s.effect(effect);
                }
            }
            Msg::PointerUp(hit) => {
                for effect in s.gesture.up(hit) {
                    s.effect(effect);
                }
            }
            Msg::Zoom(factor, at) => s.view = s.view.zoom_at(at.0, at.1, factor),
            Msg::Pan(dx, dy) => {
                s.view.x += dx;
                s.view.y += dy;
            }
            Msg::Fit(w, h) => match s.editor.board.bounds() {
                Some(bounds) => s.view = Viewport::fit(bounds, w, h, 40.0),
                None => s.view = Viewport::default(),
            },
            Msg::StartEdit(id) => {
                s.editing = Some(id);
                s.editor.make_mut().select(ItemId::Sticky(id), false);
            }
            Msg::EndEdit(text) => {
                if let (Some(id), Some(label)) = (s.editing.take(), text) {
                    let label = label.trim().to_string();
                    if !label.is_empty() {
                        s.apply(&Action::SetLabel { id, label });
                    }
                }
            }
            Msg::Notify(text, severity) => s.notify(text, severity),
            Msg::DismissNotice => s.notice = None,
            Msg::ToggleHelp => s.help_open = !s.help_open,
            Msg::SetMode(mode) => {
                s.mode = mode;
                s.editing = None;
            }
        }
        true
    }
}
