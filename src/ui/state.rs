//! The application state: the editor (board, undo history, selection), the view, the gesture in
//! progress, text editing, notices and overlays, changed only by [`AppState::update`] with a
//! [`Msg`]. Board changes go through the board crate's actions; this module only routes them.
//! Plain Rust (no web calls), so it is tested natively.

use std::rc::Rc;

use stormlab_board::gesture::{Effect, Gesture, Target};
use stormlab_board::viewport::Viewport;
use stormlab_board::{Action, Board, ContextId, Editor, ItemId, Rect, StickyId};
use stormlab_ui_common::lazy_bridge::LiveState;
pub use stormlab_ui_common::shared::{Severity, Shared};
pub use stormlab_ui_common::sim_props::Edit;

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

/// Notices kept in the log.
pub const NOTICE_LOG: usize = 50;

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

/// The zoom of the readable view: sticky labels (16 px type) about 14 px high.
pub const READABLE_ZOOM: f64 = 0.875;

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
    /// The view before and after it was panned to keep the edited sticky above an on-screen
    /// keyboard: when the keyboard goes, the view goes back (unless someone moved it since).
    pub revealed: Option<(Viewport, Viewport)>,
    /// The context whose name is being edited (a new frame is named in place at once).
    pub naming: Option<ContextId>,
    /// The latest notice.
    pub notice: Option<Notice>,
    /// Every notice shown, newest last (at most [`NOTICE_LOG`]), to read again after it faded.
    pub notice_log: Rc<Vec<Notice>>,
    /// The notice log is open.
    pub notice_log_open: bool,
    /// The keyboard help overlay is open.
    pub help_open: bool,
    /// The Export dialog is open.
    pub export_open: bool,
    /// The sticky a keyboard connection starts from (L pressed on it): Enter on another sticky
    /// links the two, Escape gives up.
    pub linking: Option<StickyId>,
    /// Where the pointer is on the board (board units), for the connection preview.
    pub pointer: (f64, f64),
    /// Model, Run or Compare.
    pub mode: Mode,
    /// Presenting: the walkthrough step shown (one past the last: the simulation plays).
    pub presenting: Option<usize>,
    /// The walkthrough editor (order and captions, then Start) is open.
    pub walkthrough_open: bool,
    /// Run and Compare fit the board at a zoom where sticky text stays readable on a projector,
    /// around the board's centre, instead of showing it whole.
    pub readable: bool,
    /// The live session, when one is on (its state as the lazy module reports it).
    pub live: Option<LiveState>,
    /// The live dialog is open.
    pub live_open: bool,
    /// The room a `#live=` link named, until joined or the dialog is closed.
    pub invite: Option<(String, String)>,
    /// A visitor's own board, set aside while they are in someone else's room; it comes back
    /// when they leave.
    pub set_aside: Option<Board>,
}

impl From<Edit> for Msg {
    fn from(edit: Edit) -> Msg {
        match edit {
            Ok(action) => Msg::Apply(action),
            Err(why) => Msg::Notify(why, Severity::Error),
        }
    }
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
    /// A second finger touched the board: the two fingers' screen points.
    PinchStart([(f64, f64); 2]),
    /// The two fingers moved.
    Pinch([(f64, f64); 2]),
    /// A finger or pen held still (what a modifier does with a mouse).
    LongPress,
    /// Zoom by a factor around a screen point.
    Zoom(f64, (f64, f64)),
    /// Pan by screen pixels.
    Pan(f64, f64),
    /// Fit the board into a screen of this size.
    Fit(f64, f64),
    /// The part of the board's area in sight is this size (an on-screen keyboard took the
    /// rest): pan the sticky being edited into it.
    Reveal(f64, f64),
    /// Start a keyboard connection from the one selected sticky.
    StartLink,
    /// Finish a keyboard connection on this sticky.
    FinishLink(StickyId),
    /// Start editing a sticky's label.
    StartEdit(StickyId),
    /// Start renaming a context in place.
    StartNaming(ContextId),
    /// Resize the one selected context by board units (keeping its top-left corner).
    ResizeSelection(f64, f64),
    /// Finish editing: `Some(text)` commits, `None` cancels.
    EndEdit(Option<String>),
    /// Finish naming a context: `Some(name)` commits, `None` cancels.
    EndNaming(Option<String>),
    /// Show a notice.
    Notify(String, Severity),
    /// Hide the notice.
    DismissNotice,
    /// Open or close the help overlay.
    ToggleHelp,
    /// Open or close the Export dialog.
    ToggleExport,
    /// Open or close the notice log.
    ToggleNoticeLog,
    /// Switch between Model, Run and Compare.
    SetMode(Mode),
    /// Present from this walkthrough step (one past the last: the simulation), or stop.
    Present(Option<usize>),
    /// Open or close the walkthrough editor.
    ToggleWalkthrough,
    /// Turn the readable zoom on or off, on a board area of this size.
    ToggleReadable(f64, f64),
    /// Open or close the live dialog.
    ToggleLive,
    /// The board as the live room has it now (outside the page's own undo history).
    LiveBoard(Board, u64),
    /// The live session's state (none: it ended).
    Live(Option<LiveState>),
    /// Follow a live session's leader: their mode and presentation step.
    Follow(Mode, Option<usize>),
    /// Show this part of the board (left, top, right, bottom) in an area of this size.
    ShowArea((f64, f64, f64, f64), (f64, f64)),
}

impl AppState {
    /// The state at start-up on `board`, with a notice when there is one.
    pub fn new(board: Board, notice: Option<(String, Severity)>) -> AppState {
        let mut state = AppState {
            editor: Shared(Rc::new(Editor::new(board))),
            ..AppState::default()
        };
        if let Some((text, severity)) = notice {
            state.notify(text, severity);
        }
        state
    }

    fn notify(&mut self, text: String, severity: Severity) {
        let serial = self.notice.as_ref().map_or(0, |n| n.serial + 1);
        let notice = Notice {
            text,
            severity,
            serial,
        };
        let log = Rc::make_mut(&mut self.notice_log);
        if log.len() >= NOTICE_LOG {
            log.remove(0);
        }
        log.push(notice.clone());
        self.notice = Some(notice);
    }

    /// True while this page watches a live board through a view-only link.
    pub fn view_only(&self) -> bool {
        self.live.is_some_and(|l| l.view_only)
    }

    fn apply(&mut self, action: &Action) -> Option<ItemId> {
        if self.view_only() {
            self.notify(
                "This is a view-only link: you watch the board as the room changes it. Ask for the room's own link to edit.".into(),
                Severity::Info,
            );
            return None;
        }
        let editor = self.editor.make_mut();
        match editor.apply(action) {
            Ok(created) => created,
            Err(reason) => {
                self.notify(reason, Severity::Error);
                None
            }
        }
    }

    /// Shows the whole board in a `w` × `h` area; with the readable zoom outside the Model
    /// view, at least [`READABLE_ZOOM`] around the board's centre.
    fn fit(&mut self, w: f64, h: f64) {
        let Some(bounds) = self.editor.board.bounds() else {
            self.view = Viewport::default();
            return;
        };
        self.view = Viewport::fit(bounds, w, h, 40.0);
        if self.readable && self.mode != Mode::Model && self.view.zoom < READABLE_ZOOM {
            let (cx, cy) = bounds.center();
            self.view = Viewport {
                x: w / 2.0 - cx * READABLE_ZOOM,
                y: h / 2.0 - cy * READABLE_ZOOM,
                zoom: READABLE_ZOOM,
            };
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
    /// A live session's message: its dialog, the room's board, its state, following the lead.
    fn live_msg(&mut self, msg: Msg) -> bool {
        match msg {
            Msg::ToggleLive => {
                self.live_open = !self.live_open;
                if !self.live_open {
                    self.invite = None;
                }
            }
            // Offered on a board this page has since changed: a newer offer follows.
            Msg::LiveBoard(_, after) if after != self.editor.revision => return false,
            Msg::LiveBoard(board, _) => self.editor.make_mut().replace_remote(board),
            // Told again as it was (the lazy module repeats the state on every change of who is
            // here): nothing to draw.
            Msg::Live(live) if live == self.live => return false,
            Msg::Live(live) => self.live_changed(live),
            Msg::Follow(mode, step) => {
                if step != self.presenting {
                    self.present(step);
                }
                if step.is_none() && self.mode != mode {
                    self.mode = mode;
                    self.editing = None;
                    self.naming = None;
                }
            }
            Msg::ShowArea((left, top, right, bottom), (w, h)) => {
                let area = Rect {
                    x: left,
                    y: top,
                    w: (right - left).max(1.0),
                    h: (bottom - top).max(1.0),
                };
                self.view = Viewport::fit(area, w, h, 0.0);
            }
            _ => return false,
        }
        true
    }

    /// The live session started, changed or ended. A visitor (who joined from a link) has
    /// their own board set aside until they leave; whoever started the room keeps the board.
    fn live_changed(&mut self, live: Option<LiveState>) {
        match (&self.live, &live) {
            (None, Some(_)) => {
                if self.invite.take().is_some() {
                    self.set_aside = Some(self.editor.board.clone());
                    let how = if live.is_some_and(|l| l.view_only) {
                        "Watching the live board (view-only)"
                    } else {
                        "Joining the live board"
                    };
                    self.notify(
                        format!(
                            "{how}: your own board is set aside and comes back when you leave."
                        ),
                        Severity::Info,
                    );
                } else {
                    self.notify("This board is live: share the link, and whoever opens it edits it with you.".into(), Severity::Info);
                }
            }
            (Some(_), None) => {
                self.live_open = false;
                match self.set_aside.take() {
                    Some(own) => {
                        self.editor.make_mut().replace_remote(own);
                        self.notify(
                            "You left the live board; your own board is back.".into(),
                            Severity::Info,
                        );
                    }
                    None => self.notify(
                        "You left the live session; the board stays here as it is.".into(),
                        Severity::Info,
                    ),
                }
            }
            _ => {}
        }
        self.live = live;
    }

    /// Escape: closes what is open, or gives up a connection or a gesture, or clears the
    /// selection, in that order.
    fn escape(&mut self) {
        let s = self;
        if s.walkthrough_open {
            s.walkthrough_open = false;
        } else if s.live_open {
            s.live_open = false;
            s.invite = None;
        } else if s.linking.take().is_some() {
            s.notify("No connection made.".into(), Severity::Info);
        } else if s.help_open {
            s.help_open = false;
        } else if s.notice_log_open {
            s.notice_log_open = false;
        } else if s.export_open {
            s.export_open = false;
        } else if s.gesture != Gesture::Idle {
            s.gesture.cancel();
        } else {
            s.editing = None;
            s.editor.make_mut().clear_selection();
        }
    }

    /// A pointer's or a finger's step of the gesture in progress; false when nothing changed.
    fn pointer_msg(&mut self, msg: Msg) -> bool {
        let s = self;
        match msg {
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
                s.pointer = s.view.to_world(screen.0, screen.1);
                if s.gesture == Gesture::Idle {
                    return false;
                }
                let view = s.view;
                if let Some(effect) = s.gesture.moved(screen, &view) {
                    s.effect(effect);
                }
            }
            Msg::PinchStart(fingers) => {
                s.editing = None;
                s.gesture = Gesture::pinch_start(&s.view, fingers);
            }
            Msg::Pinch(fingers) => match s.gesture.pinch(fingers) {
                Some(effect) => s.effect(effect),
                None => return false,
            },
            Msg::LongPress => {
                let view = s.view;
                if let Some(effect) = s.gesture.long_press(&view) {
                    s.effect(effect);
                }
            }
            Msg::PointerUp(hit) => {
                for effect in s.gesture.up(hit) {
                    s.effect(effect);
                }
            }
            _ => {}
        }
        true
    }

    /// L: starts connecting the one selected sticky to another, or says how.
    fn start_link(&mut self) {
        let s = self;
        let one = match s.selection()[..] {
            [ItemId::Sticky(id)] => s.editor.board.sticky(id).map(|st| (id, st.label.clone())),
            _ => None,
        };
        match one {
            Some((id, label)) => {
                s.linking = Some(id);
                s.notify(
                    format!("Connecting from \u{201c}{label}\u{201d}: Tab to the sticky it leads to and press Enter (Escape gives up)."),
                    Severity::Info,
                );
            }
            None => s.notify(
                "Select one sticky (Tab to it), then press L to connect it to another.".into(),
                Severity::Info,
            ),
        }
    }

    /// Enter on the sticky a connection leads to: links the two.
    fn finish_link(&mut self, to: StickyId) {
        let s = self;
        if let Some(from) = s.linking.take() {
            if from == to {
                s.linking = Some(from);
            } else if let Some(link) = s.apply(&Action::Connect { from, to }) {
                s.editor.make_mut().select(link, false);
                let name = |id| {
                    s.editor
                        .board
                        .sticky(id)
                        .map_or(String::new(), |st| st.label.clone())
                };
                let text = format!(
                    "Connected \u{201c}{}\u{201d} to \u{201c}{}\u{201d}.",
                    name(from),
                    name(to)
                );
                s.notify(text, Severity::Info);
            }
        }
    }

    /// Ctrl and an arrow: resizes the one selected context, or says how.
    fn resize_selection(&mut self, dw: f64, dh: f64) {
        let s = self;
        let one = match s.selection()[..] {
            [ItemId::Context(id)] => s.editor.board.context(id).map(|c| (id, c.rect())),
            _ => None,
        };
        match one {
            Some((id, rect)) => {
                let rect = Rect {
                    w: rect.w + dw,
                    h: rect.h + dh,
                    ..rect
                };
                s.apply(&Action::ResizeContext { id, rect });
            }
            None => s.notify(
                "Select one bounded context (Tab to it) to resize it with Ctrl and the arrow keys."
                    .into(),
                Severity::Info,
            ),
        }
    }

    /// Carries out a message. Returns false when nothing changed (a pointer move with no
    /// gesture), so the view need not render again.
    pub fn update(&mut self, msg: Msg) -> bool {
        let s = self;
        match msg {
            Msg::Apply(action) => {
                if let Some(created) = s.apply(&action) {
                    s.editor.make_mut().select(created, false);
                    match (&action, created) {
                        (Action::AddSticky { .. }, ItemId::Sticky(id)) => s.editing = Some(id),
                        (Action::AddContext { .. }, ItemId::Context(id)) => s.naming = Some(id),
                        _ => {}
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
            Msg::Escape => s.escape(),
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
            Msg::PointerDown { .. }
            | Msg::PointerMove(_)
            | Msg::PinchStart(_)
            | Msg::Pinch(_)
            | Msg::LongPress
            | Msg::PointerUp(_) => return s.pointer_msg(msg),
            Msg::Zoom(factor, at) => s.view = s.view.zoom_at(at.0, at.1, factor),
            Msg::Pan(dx, dy) => {
                s.view.x += dx;
                s.view.y += dy;
            }
            Msg::Fit(w, h) if s.presenting.is_some() => s.fit_step(w, h),
            Msg::Fit(w, h) => s.fit(w, h),
            Msg::Reveal(w, h) => match s.editing.and_then(|id| s.editor.board.sticky(id)) {
                Some(sticky) => {
                    let shown = s.view.reveal(sticky.rect(), w, h, 16.0);
                    if shown != s.view {
                        let before = s.revealed.map_or(s.view, |(before, _)| before);
                        s.revealed = Some((before, shown));
                        s.view = shown;
                    }
                }
                None => {
                    if let Some((before, shown)) = s.revealed.take() {
                        if s.view == shown {
                            s.view = before;
                        }
                    }
                }
            },
            Msg::ToggleReadable(w, h) => {
                s.readable = !s.readable;
                s.fit(w, h);
            }
            Msg::StartLink => s.start_link(),
            Msg::FinishLink(to) => s.finish_link(to),
            Msg::StartNaming(id) => {
                s.editing = None;
                s.naming = Some(id);
                s.editor.make_mut().select(ItemId::Context(id), false);
            }
            Msg::ResizeSelection(dw, dh) => s.resize_selection(dw, dh),
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
            Msg::EndNaming(name) => {
                if let (Some(id), Some(name)) = (s.naming.take(), name) {
                    let name = name.trim().to_string();
                    if !name.is_empty() {
                        s.apply(&Action::RenameContext { id, name });
                    }
                }
            }
            Msg::Notify(text, severity) => s.notify(text, severity),
            Msg::DismissNotice => s.notice = None,
            Msg::ToggleHelp => s.help_open = !s.help_open,
            Msg::ToggleExport => s.export_open = !s.export_open,
            Msg::ToggleNoticeLog => s.notice_log_open = !s.notice_log_open,
            Msg::ToggleWalkthrough => s.walkthrough_open = !s.walkthrough_open,
            Msg::ToggleLive
            | Msg::LiveBoard(..)
            | Msg::Live(_)
            | Msg::Follow(..)
            | Msg::ShowArea(..) => return s.live_msg(msg),
            Msg::Present(step) => s.present(step),
            Msg::SetMode(mode) => {
                s.mode = mode;
                s.editing = None;
                s.naming = None;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use stormlab_board::examples::example;
    use stormlab_board::{Kind, Scope};

    use super::*;

    fn add(state: &mut AppState, kind: Kind) -> StickyId {
        state.update(Msg::Apply(Action::AddSticky {
            kind,
            x: 0.0,
            y: 0.0,
            label: None,
            scope: (kind == Kind::Event).then_some(Scope::Domain),
        }));
        match state.editor.selection.iter().next() {
            Some(ItemId::Sticky(id)) => *id,
            other => panic!("the new sticky is selected, not {other:?}"),
        }
    }

    #[test]
    fn notices_are_kept_in_a_bounded_history() {
        let mut s = AppState::default();
        for i in 0..(NOTICE_LOG + 5) {
            s.update(Msg::Notify(format!("n{i}"), Severity::Info));
        }
        s.update(Msg::DismissNotice);
        assert_eq!(s.notice, None);
        assert_eq!(s.notice_log.len(), NOTICE_LOG);
        assert_eq!(
            s.notice_log.last().unwrap().text,
            format!("n{}", NOTICE_LOG + 4)
        );
        assert_eq!(s.notice_log[0].text, "n5");
    }

    #[test]
    fn adding_a_context_names_it_in_place() {
        let mut s = AppState::default();
        s.update(Msg::Apply(Action::AddContext {
            name: "New context".into(),
            rect: stormlab_board::Rect {
                x: 0.0,
                y: 0.0,
                w: 600.0,
                h: 400.0,
            },
        }));
        let id = s.editor.board.contexts[0].id;
        assert_eq!(s.naming, Some(id));
        s.update(Msg::EndNaming(Some(" Payment ".into())));
        assert_eq!(
            (s.naming, s.editor.board.contexts[0].name.as_str()),
            (None, "Payment")
        );
        s.update(Msg::Apply(Action::AddContext {
            name: "New context".into(),
            rect: stormlab_board::Rect {
                x: 700.0,
                y: 0.0,
                w: 600.0,
                h: 400.0,
            },
        }));
        s.update(Msg::EndNaming(None));
        assert_eq!(
            s.editor.board.contexts[1].name, "New context",
            "Escape keeps the name"
        );
    }

    #[test]
    fn adding_a_sticky_selects_it_and_starts_editing_its_label() {
        let mut s = AppState::default();
        let id = add(&mut s, Kind::Command);
        assert_eq!(s.editing, Some(id));
        s.update(Msg::EndEdit(Some("  PlaceOrder  ".into())));
        assert_eq!(s.editing, None);
        assert_eq!(s.editor.board.sticky(id).unwrap().label, "PlaceOrder");
        // An empty label is not applied: the placeholder stays.
        s.update(Msg::StartEdit(id));
        s.update(Msg::EndEdit(Some("   ".into())));
        assert_eq!(s.editor.board.sticky(id).unwrap().label, "PlaceOrder");
    }

    #[test]
    fn a_keyboard_taking_the_lower_half_pans_the_edited_sticky_into_sight_and_nothing_else() {
        let mut s = AppState::default();
        let id = add(&mut s, Kind::Event);
        let rect = s.editor.board.sticky(id).unwrap().rect();
        // Put the sticky near the bottom of a 400 × 800 area, then a keyboard leaves 300 px.
        s.view.y = 700.0 - (rect.y + rect.h) * s.view.zoom;
        let before = s.view;
        s.update(Msg::Reveal(400.0, 300.0));
        let (_, bottom) = s.view.to_screen(rect.x, rect.y + rect.h);
        assert!(bottom <= 300.0 - 16.0 + 1e-9, "{bottom}");
        assert_eq!((s.view.x, s.view.zoom), (before.x, before.zoom));
        // The keyboard goes when the editing ends: the view comes back to where it was.
        s.update(Msg::EndEdit(None));
        s.update(Msg::Reveal(400.0, 800.0));
        assert_eq!(s.view, before);
        // Not editing: the view stays where the facilitator left it.
        s.update(Msg::Reveal(400.0, 100.0));
        assert_eq!(s.view, before);
        // Moved by hand while the keyboard was up: it stays where it was moved.
        s.update(Msg::StartEdit(id));
        s.update(Msg::Reveal(400.0, 300.0));
        s.update(Msg::Pan(5.0, 0.0));
        let moved = s.view;
        s.update(Msg::EndEdit(None));
        s.update(Msg::Reveal(400.0, 800.0));
        assert_eq!(s.view, moved);
    }

    #[test]
    fn l_then_enter_on_another_sticky_connects_them_and_escape_gives_up() {
        let mut s = AppState::default();
        let command = add(&mut s, Kind::Command);
        let aggregate = add(&mut s, Kind::Aggregate);
        s.editing = None;
        s.update(Msg::Select(ItemId::Sticky(command), false));
        s.update(Msg::StartLink);
        assert_eq!(s.linking, Some(command));
        // Enter on the source itself waits for another target.
        s.update(Msg::FinishLink(command));
        assert_eq!(s.linking, Some(command));
        assert!(s.editor.board.links.is_empty());
        s.update(Msg::FinishLink(aggregate));
        assert_eq!(s.linking, None);
        let link = &s.editor.board.links[0];
        assert_eq!((link.from, link.to), (command, aggregate));
        assert!(s.notice.as_ref().unwrap().text.starts_with("Connected"));
        // A link the grammar refuses is an error, and Escape ends a connection unmade.
        s.update(Msg::Select(ItemId::Sticky(aggregate), false));
        s.update(Msg::StartLink);
        s.update(Msg::Escape);
        assert_eq!(s.linking, None);
        assert_eq!(s.editor.board.links.len(), 1);
        s.update(Msg::StartLink);
        s.update(Msg::FinishLink(aggregate));
        s.update(Msg::FinishLink(command));
        assert_eq!(s.notice.as_ref().unwrap().severity, Severity::Error);
        assert_eq!(s.editor.board.links.len(), 1);
        // With nothing selected, L says what to do instead.
        s.update(Msg::Escape);
        s.update(Msg::StartLink);
        assert_eq!(s.linking, None);
        assert!(s
            .notice
            .as_ref()
            .unwrap()
            .text
            .starts_with("Select one sticky"));
    }

    #[test]
    fn the_readable_zoom_holds_outside_the_model_view_until_turned_off() {
        let mut s = AppState::new(example("retail").unwrap().board(), None);
        s.update(Msg::SetMode(Mode::Run));
        s.update(Msg::Fit(640.0, 400.0));
        let whole = s.view.zoom;
        assert!(
            whole < READABLE_ZOOM,
            "retail does not fit readably in 640 x 400"
        );
        s.update(Msg::ToggleReadable(640.0, 400.0));
        assert!(s.readable);
        assert_eq!(s.view.zoom, READABLE_ZOOM);
        // A refit (a resized window) keeps it; the Model view fits the whole board.
        s.update(Msg::Fit(800.0, 500.0));
        assert_eq!(s.view.zoom, READABLE_ZOOM);
        s.update(Msg::SetMode(Mode::Model));
        s.update(Msg::Fit(640.0, 400.0));
        assert_eq!(s.view.zoom, whole);
        s.update(Msg::SetMode(Mode::Run));
        s.update(Msg::ToggleReadable(640.0, 400.0));
        assert!(!s.readable);
        assert_eq!(s.view.zoom, whole);
    }

    #[test]
    fn a_selected_context_is_renamed_and_resized_from_the_keyboard() {
        let mut s = AppState::new(example("retail").unwrap().board(), None);
        let id = s.editor.board.contexts[0].id;
        let before = s.editor.board.contexts[0].rect();
        s.update(Msg::ResizeSelection(10.0, 0.0));
        assert!(s
            .notice
            .as_ref()
            .unwrap()
            .text
            .starts_with("Select one bounded context"));
        s.update(Msg::Select(ItemId::Context(id), false));
        s.update(Msg::ResizeSelection(50.0, -10.0));
        let after = s.editor.board.contexts[0].rect();
        assert_eq!((after.x, after.y), (before.x, before.y));
        assert_eq!((after.w, after.h), (before.w + 50.0, before.h - 10.0));
        // Never below the smallest frame.
        s.update(Msg::ResizeSelection(-1e6, -1e6));
        let small = s.editor.board.contexts[0].rect();
        assert_eq!((small.w, small.h), stormlab_board::action::MIN_CONTEXT);
        s.update(Msg::StartNaming(id));
        assert_eq!(s.naming, Some(id));
        s.update(Msg::EndNaming(Some("Orders".into())));
        assert_eq!(s.editor.board.contexts[0].name, "Orders");
    }

    #[test]
    fn a_refused_action_is_an_error_notice_and_changes_nothing() {
        let mut s = AppState::default();
        let id = add(&mut s, Kind::Command);
        let revision = s.editor.revision;
        s.update(Msg::Apply(Action::Connect { from: id, to: id }));
        assert_eq!(s.editor.revision, revision);
        let notice = s.notice.clone().unwrap();
        assert_eq!(notice.severity, Severity::Error);
        s.update(Msg::Notify("again".into(), Severity::Info));
        assert_eq!(s.notice.as_ref().unwrap().serial, notice.serial + 1);
        s.update(Msg::DismissNotice);
        assert_eq!(s.notice, None);
    }

    #[test]
    fn a_live_state_told_again_draws_nothing_and_a_watcher_cannot_edit() {
        use stormlab_ui_common::lazy_bridge::LiveState;
        let mut s = AppState::default();
        let watching = LiveState {
            joined: true,
            here: 2,
            view_only: true,
        };
        assert!(s.update(Msg::Live(Some(watching))));
        assert!(!s.update(Msg::Live(Some(watching))), "the same state again");
        assert!(s.update(Msg::Live(Some(LiveState {
            here: 3,
            ..watching
        }))));
        let before = s.editor.board.clone();
        s.update(Msg::Apply(Action::AddSticky {
            kind: Kind::Actor,
            x: 0.0,
            y: 0.0,
            label: None,
            scope: None,
        }));
        assert_eq!(s.editor.board, before, "a watcher's edit is refused");
        assert!(s.notice.as_ref().unwrap().text.contains("view-only"));
    }

    #[test]
    fn undo_and_redo_step_through_changes_and_say_when_there_is_none() {
        let mut s = AppState::default();
        s.update(Msg::Undo);
        assert_eq!(s.notice.as_ref().unwrap().text, "Nothing to undo.");
        add(&mut s, Kind::Actor);
        s.update(Msg::Undo);
        assert!(s.editor.board.stickies.is_empty());
        s.update(Msg::Redo);
        assert_eq!(s.editor.board.stickies.len(), 1);
        s.update(Msg::Redo);
        assert_eq!(s.notice.as_ref().unwrap().text, "Nothing to redo.");
    }

    #[test]
    fn loading_a_board_replaces_it_undoably_fits_it_and_says_so() {
        let mut s = AppState::default();
        add(&mut s, Kind::Hotspot);
        let retail = example("retail").unwrap().board();
        s.update(Msg::Load(retail.clone(), (1200.0, 800.0), "Opened.".into()));
        assert_eq!(s.editor.board, retail);
        assert_ne!(s.view, Viewport::default(), "fitted to the screen");
        assert_eq!(s.notice.as_ref().unwrap().severity, Severity::Info);
        s.update(Msg::Undo);
        assert_eq!(s.editor.board.stickies.len(), 1);
    }

    #[test]
    fn escape_closes_help_then_cancels_a_gesture_then_clears_the_selection() {
        let mut s = AppState::new(example("retail").unwrap().board(), None);
        s.update(Msg::SelectAll);
        s.update(Msg::ToggleHelp);
        s.update(Msg::Escape);
        assert!(!s.help_open && !s.editor.selection.is_empty());
        s.update(Msg::Escape);
        assert!(s.editor.selection.is_empty());
    }

    #[test]
    fn nudging_and_deleting_act_on_the_selection_only() {
        let mut s = AppState::default();
        let a = add(&mut s, Kind::Actor);
        let b = add(&mut s, Kind::Command);
        s.update(Msg::Select(ItemId::Sticky(a), false));
        let (xa, xb) = (
            s.editor.board.sticky(a).unwrap().x,
            s.editor.board.sticky(b).unwrap().x,
        );
        s.update(Msg::Nudge(10.0, 0.0));
        assert_eq!(s.editor.board.sticky(a).unwrap().x, xa + 10.0);
        assert_eq!(s.editor.board.sticky(b).unwrap().x, xb);
        s.update(Msg::DeleteSelection);
        assert!(s.editor.board.sticky(a).is_none() && s.editor.board.sticky(b).is_some());
        let revision = s.editor.revision;
        s.update(Msg::DeleteSelection);
        assert_eq!(
            s.editor.revision, revision,
            "nothing selected: nothing deleted"
        );
    }

    #[test]
    fn a_pointer_move_without_a_gesture_changes_nothing() {
        let mut s = AppState::default();
        assert!(!s.update(Msg::PointerMove((5.0, 5.0))));
        let (x, y) = (s.view.x, s.view.y);
        assert!(s.update(Msg::Pan(3.0, 4.0)));
        assert_eq!((s.view.x, s.view.y), (x + 3.0, y + 4.0));
    }

    #[test]
    fn switching_mode_stops_editing() {
        let mut s = AppState::default();
        add(&mut s, Kind::Policy);
        assert!(s.editing.is_some());
        s.update(Msg::SetMode(Mode::Run));
        assert_eq!((s.mode, s.editing), (Mode::Run, None));
    }
}
