//! The root component: owns the state and handles every message in one `update`: edits go to
//! [`AppState::update`], and the lazy module (the run views and the dialogs, loaded when one
//! first opens, see [`LazyHost`]) gets the board, the view and the selection after every render.
//! Restores the board at start-up, autosaves, and lays out header, toolbar, board, panels and
//! footer.

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use stormlab_board::lints::{lint, Lint};
use stormlab_board::Board;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::area::AreaWatch;
use super::board_view::{BoardView, SharedStickies};
use super::footer::Footer;
use super::header::Header;
use super::help::Help;
use super::lazy_host::LazyHost;
use super::notice::NoticeBar;
use super::notice::NoticeLog;
use super::present_bar::PresentBar;
use super::shortcuts::{claims, claims_presenting, shortcut, Command, Key};
use super::side_panel::SidePanel;
use super::state::{AppState, Mode, Msg, Severity};
use super::toolbar::{board_size, save_file, Tool, Toolbar};
use stormlab_ui_common::lazy_bridge::{Dialog, FromLazy, Place, Scene, Stage, ToLazy};
use stormlab_ui_common::storage;

/// The notice when localStorage refuses the autosave (quota, private mode).
/// How often a live session's pointer is sent at most (ms).
const POINTER_MS: f64 = 60.0;

const AUTOSAVE_REFUSED: &str =
    "This browser refused to save the board locally; use Save to keep a file.";

/// Everything that happens in the app.
pub enum AppMsg {
    /// A change of the app's state (board, view, selection, notices, mode).
    Edit(Msg),
    /// The lazy module loaded (its exports), or why not.
    LazyLoaded(Result<JsValue, String>),
    /// A request of the lazy module (or why it could not be read).
    FromLazy(Result<FromLazy, String>),
    /// A key the listener claimed.
    Key(Key),
    /// A toolbar button.
    Tool(Tool),
    /// The window changed size (the Run view and the presentation fit the board again).
    Resized,
    /// The page left full screen (Escape in the browser's hands): the presentation ends.
    LeftFullScreen,
}

/// The whole application.
pub struct App {
    state: Rc<AppState>,
    /// Sends the keys the listener claims.
    on_key: Callback<Key>,
    lints: Rc<Vec<Lint>>,
    shared: Rc<SharedStickies>,
    /// The lazy module: the simulation, its views, the dialogs.
    lazy: LazyHost,
    /// Why the lazy module did not load the last time it was asked for.
    lazy_failed: Option<String>,
    /// What the board was last fitted for: the mode and the presentation step.
    fitted_for: Option<(Mode, Option<usize>)>,
    /// The size of the board's area when it was last fitted.
    fitted_size: (f64, f64),
    board_ref: NodeRef,
    _keys: Option<EventListener>,
    /// Window resizes and full-screen changes.
    _window: Vec<EventListener>,
    /// The board's area changing size without the window (a panel below it growing).
    _area: Option<AreaWatch>,
    /// When my pointer was last sent to the live room.
    pointer_sent: f64,
    /// A live leader's view, to show once laid out (left, top, right, bottom).
    follow_area: Option<(f64, f64, f64, f64)>,
}

/// The state at start-up: a board from the URL's share link, else the autosaved board, else an
/// empty one; with a notice when something could not be read.
fn initial_state() -> AppState {
    let (saved, mut notice) = match storage::load_autosave() {
        Some(Ok(board)) => (board, None),
        Some(Err(message)) => (Board::default(), Some((message, Severity::Error))),
        None => (Board::default(), None),
    };
    let mut state = AppState::new(saved, None);
    match storage::take_shared_board() {
        Some(Ok(board)) => {
            // Undoable: the board you had before the link is one undo away.
            state.update(Msg::Apply(stormlab_board::Action::Replace(board)));
            notice = Some(("Opened the board from the link.".into(), Severity::Info));
        }
        Some(Err(e)) => {
            let text = format!("Could not open the shared board: {e} Your own board is unchanged.");
            notice = Some((text, Severity::Error));
        }
        None => {}
    }
    match storage::take_live_link() {
        Some(Ok(room)) => {
            state.invite = Some(room);
            state.live_open = true;
        }
        Some(Err(e)) => {
            notice = Some((format!("{e} Your own board is unchanged."), Severity::Error))
        }
        None => {}
    }
    if let Some((text, severity)) = notice {
        state.update(Msg::Notify(text, severity));
    }
    state
}

impl App {
    /// Carries out an edit; when the board changed, autosaves it.
    fn edit(&mut self, msg: Msg) -> bool {
        // In a live session undo is the room's: it takes back my own changes only.
        if self.state.live.is_some() && matches!(msg, Msg::Undo | Msg::Redo) {
            let back = matches!(msg, Msg::Undo);
            if let Err(e) = self.lazy.send(&ToLazy::LiveUndo(back)) {
                return self.edit(Msg::Notify(e, Severity::Error));
            }
            return false;
        }
        let moved = matches!(msg, Msg::PointerMove(_));
        // A drop is told at once, so the others' view of the drag ends with it.
        let dropped = matches!(msg, Msg::PointerUp(_))
            && matches!(
                self.state.gesture,
                stormlab_board::gesture::Gesture::Dragging { .. }
            );
        let before = (
            self.state.editor.revision,
            self.state.mode,
            self.state.presenting,
            self.shows_lazy(),
        );
        let changed = Rc::make_mut(&mut self.state).update(msg);
        if dropped && self.state.live.is_some() {
            self.pointer_sent = 0.0;
        }
        if (moved || dropped) && self.state.live.is_some() {
            self.send_pointer();
        }
        if self.shows_lazy() && !before.3 {
            // Loaded the first time a view of the lazy module opens (again after a failure).
            self.lazy_failed = None;
            self.lazy.want();
        }
        if self.state.editor.revision != before.0 {
            self.board_changed();
        }
        if self.state.mode != before.1 {
            self.mode_changed();
        }
        if self.state.presenting != before.2 {
            self.presenting_changed(before.1);
        }
        changed
    }

    /// Tells the room where my pointer is on the board and what I am dragging, at most every
    /// [`POINTER_MS`].
    fn send_pointer(&mut self) {
        let now = js_sys::Date::now();
        if now - self.pointer_sent < POINTER_MS {
            return;
        }
        self.pointer_sent = now;
        let moving = match &self.state.gesture {
            stormlab_board::gesture::Gesture::Dragging { items, dx, dy, .. } => {
                Some(stormlab_ui_common::live::Moving {
                    items: items.clone(),
                    dx: *dx,
                    dy: *dy,
                })
            }
            _ => None,
        };
        let _ = self.lazy.send(&ToLazy::LivePointer {
            at: Some(self.state.pointer),
            moving,
        });
    }

    /// Presentation keys replace the editing ones; past the last step the run plays; ending
    /// the presentation leaves full screen.
    fn presenting_changed(&mut self, mode_before: Mode) {
        let presenting = self.state.presenting.is_some();
        self._keys = key_listener(self.on_key.clone(), self.state.mode, presenting);
        if presenting && self.state.mode == Mode::Run && mode_before != Mode::Run {
            self.lazy.play_on_show(true);
        }
        if !presenting {
            // A presentation ended before the run showed (the module still loading) plays
            // nothing later.
            self.lazy.play_on_show(false);
            let document = gloo::utils::document();
            if document.fullscreen_element().is_some() {
                document.exit_fullscreen();
            }
        }
    }

    fn board_changed(&mut self) {
        let editor = &self.state.editor;
        let lints = lint(&editor.board);
        self.shared = Rc::new(SharedStickies::new(&editor.board, &lints));
        self.lints = Rc::new(lints);
        // A visitor's own board stays saved while they are in someone else's room.
        if self.state.set_aside.is_none() && !storage::save_autosave(&editor.board) {
            let refused = Msg::Notify(AUTOSAVE_REFUSED.into(), Severity::Error);
            Rc::make_mut(&mut self.state).update(refused);
        }
    }

    fn mode_changed(&mut self) {
        // The listener claims keys by mode (Space plays only in Run).
        let presenting = self.state.presenting.is_some();
        self._keys = key_listener(self.on_key.clone(), self.state.mode, presenting);
    }

    /// The workspace view the lazy module draws.
    fn stage(&self) -> Stage {
        match self.state.mode {
            Mode::Model => Stage::Hidden,
            Mode::Run => Stage::Run,
            Mode::Compare => Stage::Compare,
        }
    }

    /// The dialog open, which the lazy module draws.
    fn dialog(&self) -> Option<Dialog> {
        if self.state.export_open {
            Some(Dialog::Export)
        } else if self.state.walkthrough_open {
            Some(Dialog::Walkthrough)
        } else if self.state.live_open {
            Some(Dialog::Live)
        } else {
            None
        }
    }

    /// Whether something the lazy module draws is open.
    fn shows_lazy(&self) -> bool {
        self.stage() != Stage::Hidden || self.dialog().is_some()
    }

    /// What the lazy module should show.
    fn scene(&self) -> Scene {
        Scene {
            stage: self.stage(),
            dialog: self.dialog(),
            view: self.state.view,
            presenting: self.state.presenting.is_some(),
            selection: self.state.editor.selection.iter().copied().collect(),
            live: self.state.live.is_some(),
            invite: self.state.invite.clone(),
            area: self.state.live.is_some().then(|| {
                let (w, h) = board_size(&self.board_ref);
                let v = self.state.view;
                let ((left, top), (right, bottom)) = (v.to_world(0.0, 0.0), v.to_world(w, h));
                (left, top, right, bottom)
            }),
            step: self.state.presenting,
        }
    }

    /// A request of the lazy module, carried out as the page's own edit.
    fn lazy_request(&mut self, request: Result<FromLazy, String>) -> bool {
        let msg = match request {
            Ok(FromLazy::SetRunSettings(settings)) => {
                Msg::Apply(stormlab_board::Action::SetRunSettings(settings))
            }
            Ok(FromLazy::Notify { text, error }) => {
                let severity = if error {
                    Severity::Error
                } else {
                    Severity::Info
                };
                Msg::Notify(text, severity)
            }
            Ok(FromLazy::Select(item)) => Msg::Select(item, false),
            Ok(FromLazy::SetExperiments(experiments)) => {
                Msg::Apply(stormlab_board::Action::SetExperiments(experiments))
            }
            Ok(FromLazy::SetWalkthrough(steps)) => {
                Msg::Apply(stormlab_board::Action::SetWalkthrough(steps))
            }
            Ok(FromLazy::Present(step)) => Msg::Present(Some(step)),
            Ok(FromLazy::LiveBoard { board, after }) => {
                match stormlab_board::format::from_json(&board) {
                    Ok(board) => Msg::LiveBoard(board, after),
                    Err(e) => Msg::Notify(
                        format!(
                            "The live room's board cannot be shown ({}); yours stays as it was.",
                            e.0
                        ),
                        Severity::Error,
                    ),
                }
            }
            Ok(FromLazy::Live(live)) => Msg::Live(live),
            Ok(FromLazy::Follow(lead)) => {
                // The leader's view is fitted once this page has laid out the mode it follows.
                if lead.step.is_none() {
                    self.follow_area = Some(lead.area);
                }
                let mode = match lead.stage {
                    Stage::Hidden => Mode::Model,
                    Stage::Run => Mode::Run,
                    Stage::Compare => Mode::Compare,
                };
                Msg::Follow(mode, lead.step)
            }
            Ok(FromLazy::CloseDialog) => match self.dialog() {
                Some(dialog) => close(dialog),
                None => return false,
            },
            Err(e) => Msg::Notify(e, Severity::Error),
        };
        self.edit(msg)
    }

    /// Where a lazy view goes until the module is there: that it loads, or why it did not.
    fn placeholder(&self, class: &'static str, what: &'static str) -> Html {
        match &self.lazy_failed {
            Some(why) => html! {
                <section class={classes!(class, "lazy-loading")} role="alert">
                    <p>{ format!("Could not load {what} ({why}). Check the connection, then open it again.") }</p>
                </section>
            },
            None => html! {
                <section class={classes!(class, "lazy-loading")} aria-busy="true">
                    <p>{ format!("Loading {what}\u{2026}") }</p>
                </section>
            },
        }
    }
}

impl Component for App {
    type Message = AppMsg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let state = Rc::new(initial_state());
        let board = &state.editor.board;
        // A board opened from a link is kept at once: the link leaves the address bar.
        if state.editor.revision > 0 && !storage::save_autosave(board) {
            let refused = Msg::Notify(AUTOSAVE_REFUSED.into(), Severity::Error);
            ctx.link().send_message(AppMsg::Edit(refused));
        }
        let lints = lint(board);
        let on_key = ctx.link().callback(AppMsg::Key);
        let keys = key_listener(on_key.clone(), state.mode, false);
        let window = window_listeners(ctx);
        let mut lazy = LazyHost::new(
            ctx.link().callback(AppMsg::LazyLoaded),
            ctx.link().callback(AppMsg::FromLazy),
        );
        // A live link opens the live dialog at once, which the lazy module draws.
        if state.live_open {
            lazy.want();
        }
        App {
            shared: Rc::new(SharedStickies::new(board, &lints)),
            lints: Rc::new(lints),
            lazy,
            lazy_failed: None,
            fitted_for: None,
            fitted_size: (0.0, 0.0),
            _keys: keys,
            _window: window,
            _area: None,
            board_ref: NodeRef::default(),
            pointer_sent: 0.0,
            follow_area: None,
            on_key,
            state,
        }
    }

    fn update(&mut self, _: &Context<Self>, msg: AppMsg) -> bool {
        match msg {
            AppMsg::Edit(msg) => self.edit(msg),
            AppMsg::LazyLoaded(exports) => {
                if let Err(why) = self.lazy.loaded(exports) {
                    let text = format!("The simulator and the dialogs could not load: {why}. Your board is unchanged.");
                    self.lazy_failed = Some(why);
                    self.edit(Msg::Notify(text, Severity::Error));
                }
                true
            }
            AppMsg::FromLazy(request) => self.lazy_request(request),
            AppMsg::Key(key) => match shortcut(&self.state, &key, board_size(&self.board_ref)) {
                Some(Command::Edit(msg)) => self.edit(msg),
                Some(Command::Save) => {
                    let (text, severity) = save_file(&self.state.editor.board);
                    self.edit(Msg::Notify(text, severity))
                }
                Some(Command::TogglePlay) => {
                    if let Err(e) = self.lazy.send(&ToLazy::TogglePlay) {
                        return self.edit(Msg::Notify(e, Severity::Error));
                    }
                    false
                }
                None => false,
            },
            AppMsg::Tool(tool) => {
                let msg = tool.into_msg(&self.state, board_size(&self.board_ref));
                self.edit(msg)
            }
            AppMsg::Resized => {
                // The Model view keeps the facilitator's pan and zoom (only the sticky being
                // edited is kept in sight: a keyboard may have come up); the others fit again
                // when the area really changed (the watch also reports its first look).
                if self.state.mode == Mode::Model && self.state.presenting.is_none() {
                    let Some(board) = self.board_ref.cast::<web_sys::Element>() else {
                        return false;
                    };
                    let (w, h) = super::area::in_sight(&board);
                    return (self.state.editing.is_some() || self.state.revealed.is_some())
                        && self.edit(Msg::Reveal(w, h));
                }
                let refit = board_size(&self.board_ref) != self.fitted_size;
                if refit {
                    self.fitted_for = None;
                }
                refit
            }
            AppMsg::LeftFullScreen => {
                self.state.presenting.is_some() && self.edit(Msg::Present(None))
            }
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        // Watch the board's area (its element changes with the view: watch the one shown).
        if let Some(board) = self.board_ref.cast::<web_sys::Element>() {
            if self._area.as_ref().is_none_or(|w| !w.watches(&board)) {
                let resized = ctx.link().callback(|()| AppMsg::Resized);
                self._area = AreaWatch::start(&board, resized);
            }
        }
        if first_render {
            if stormlab_ui_common::crash::test_requested(stormlab_ui_common::crash::CONSOLE_ERROR) {
                gloo::console::error!("stormlab-test: a console error planted on purpose");
            }
            if stormlab_ui_common::crash::test_requested(stormlab_ui_common::crash::PAGE_PANIC) {
                panic!(
                    "a test-only panic, asked for with ?{}",
                    stormlab_ui_common::crash::PAGE_PANIC
                );
            }
            // The first-render benchmark reads this mark (time since navigation began).
            if let Some(performance) = gloo::utils::window().performance() {
                let _ = performance.mark("stormlab-first-render");
            }
        }
        // Fit the board to its area once it exists, and again when the mode, the presentation
        // step or the window changes the area (not in Compare, which shows no board).
        let mode = self.state.mode;
        let fit = Some((mode, self.state.presenting));
        if self.fitted_for != fit {
            self.fitted_for = fit;
            if mode != Mode::Compare {
                let (w, h) = board_size(&self.board_ref);
                self.fitted_size = (w, h);
                ctx.link().send_message(AppMsg::Edit(Msg::Fit(w, h)));
            }
        }
        // Following a live leader: their part of the board, fitted to this screen (after any
        // refit above, which it replaces).
        if let Some(area) = self.follow_area.take() {
            let size = board_size(&self.board_ref);
            ctx.link()
                .send_message(AppMsg::Edit(Msg::ShowArea(area, size)));
        }
        // The lazy module follows the board, the view and the selection.
        let (board, revision) = (&self.state.editor.board, self.state.editor.revision);
        if let Err(e) = self.lazy.sync(board, revision, self.scene()) {
            ctx.link()
                .send_message(AppMsg::Edit(Msg::Notify(e, Severity::Error)));
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let state = &self.state;
        let edit = ctx.link().callback(AppMsg::Edit);
        let board_view = html! {
            <BoardView state={state.clone()} shared={self.shared.clone()} on_input={edit.reform(Msg::from)} node={self.board_ref.clone()} />
        };
        let ready = self.lazy.ready();
        let workspace = match state.mode {
            // In a live session the others' pointers and selections lie over the board.
            Mode::Model if state.live.is_some() => html! {
                <main class="workspace">
                    <div class="board-wrap">
                        { board_view }
                        { self.lazy.place(Place::Presence) }
                    </div>
                    <SidePanel editor={state.editor.clone()} lints={self.lints.clone()} on_edit={edit.reform(Msg::from)}
                               on_select={edit.reform(|item| Msg::Select(item, false))} />
                </main>
            },
            Mode::Model => html! {
                <main class="workspace">
                    { board_view }
                    <SidePanel editor={state.editor.clone()} lints={self.lints.clone()} on_edit={edit.reform(Msg::from)}
                               on_select={edit.reform(|item| Msg::Select(item, false))} />
                </main>
            },
            Mode::Run => html! {
                <main class="workspace running">
                    <div class="board-wrap">
                        { board_view }
                        // In a live session the lazy module draws the others' pointers here
                        // too (a host element must not move between two views' trees).
                        { self.lazy.place(Place::Overlay) }
                    </div>
                    if ready { { self.lazy.place(Place::Panel) } } else { { self.placeholder("side-panel", "the simulator") } }
                </main>
            },
            Mode::Compare => html! {
                <main class="workspace comparing">
                    if ready { { self.lazy.place(Place::Compare) } } else { { self.placeholder("compare", "the simulator") } }
                </main>
            },
        };
        let numbers = if ready {
            self.lazy.place(Place::Numbers)
        } else {
            html! { <p class="present-caption">{ "Loading the simulator\u{2026}" }</p> }
        };
        html! {
            <div class={classes!("app", state.presenting.is_some().then_some("presenting"))}>
                <Header title={state.editor.board.title.clone()} mode={state.mode} on_mode={edit.reform(Msg::SetMode)}
                        on_present={edit.reform(|_| Msg::ToggleWalkthrough)}
                        live={state.live.map(|l| (l.here, l.joined))} on_live={edit.reform(|_| Msg::ToggleLive)} />
                <Toolbar editor={state.editor.clone()} on_tool={ctx.link().callback(AppMsg::Tool)} editing={state.mode == Mode::Model && !state.view_only()} readable={state.readable} live={state.live.is_some()} />
                { workspace }
                <NoticeBar notice={state.notice.clone()} on_dismiss={edit.reform(|_| Msg::DismissNotice)} />
                <Footer messages={state.notice_log.len()} on_messages={edit.reform(|_| Msg::ToggleNoticeLog)} />
                if state.notice_log_open {
                    <NoticeLog notices={state.notice_log.clone()} on_close={edit.reform(|_| Msg::ToggleNoticeLog)} />
                }
                if state.help_open {
                    <Help on_close={edit.reform(|_| Msg::ToggleHelp)} />
                }
                if let Some(at) = state.presenting {
                    <PresentBar caption={state.caption()} {at} {numbers}
                                on_step={edit.reform(Msg::Present)} />
                }
                if let Some(dialog) = self.dialog() {
                    if ready {
                        { self.lazy.place(Place::Dialog) }
                    } else {
                        <div class="overlay" role="dialog" aria-modal="true" aria-label="Loading the dialog">
                            <div class="dialog">
                                { self.placeholder("lazy-dialog", "the dialog") }
                                <div class="dialog-buttons">
                                    <button onclick={edit.reform(move |_| close(dialog))}>{ "Close" }</button>
                                </div>
                            </div>
                        </div>
                    }
                }
            </div>
        }
    }
}

/// The message that closes `dialog`.
fn close(dialog: Dialog) -> Msg {
    match dialog {
        Dialog::Export => Msg::ToggleExport,
        Dialog::Walkthrough => Msg::ToggleWalkthrough,
        Dialog::Live => Msg::ToggleLive,
    }
}

fn in_text_field(e: &KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

fn in_dialog(e: &KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| el.closest(".overlay").ok().flatten().is_some())
}

fn on_native_control(e: &KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "BUTTON" | "A" | "SUMMARY"))
}

/// Listens to the window's resizes and to the page leaving full screen.
fn window_listeners(ctx: &Context<App>) -> Vec<EventListener> {
    let resized = ctx.link().callback(|_| AppMsg::Resized);
    let left = ctx.link().callback(|_| AppMsg::LeftFullScreen);
    let document = gloo::utils::document();
    vec![
        EventListener::new(&gloo::utils::window(), "resize", move |_| resized.emit(())),
        EventListener::new(&document.clone(), "fullscreenchange", move |_| {
            if document.fullscreen_element().is_none() {
                left.emit(());
            }
        }),
    ]
}

/// The page's one key listener, for the view in `mode` (or the presentation): a key the app
/// claims has its browser action prevented and is sent to the app, which decides what it means.
fn key_listener(send: Callback<Key>, mode: Mode, presenting: bool) -> Option<EventListener> {
    let window = web_sys::window()?;
    // Not passive: shortcuts prevent the browser's own action (Ctrl+S, arrows, Space).
    let options = EventListenerOptions::enable_prevent_default();
    Some(EventListener::new_with_options(
        &window,
        "keydown",
        options,
        move |e| {
            let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            // In a dialog, keys are the dialog's own (Tab, Space, arrows); Escape closes it.
            let dialog = in_dialog(e);
            if e.alt_key() || (dialog && e.key() != "Escape") || (!dialog && in_text_field(e)) {
                return;
            }
            let key = Key {
                key: e.key(),
                ctrl: e.ctrl_key() || e.meta_key(),
                shift: e.shift_key(),
            };
            let claimed = if presenting {
                claims_presenting(&key)
            } else {
                claims(&key, mode, on_native_control(e))
            };
            if claimed {
                e.prevent_default();
                send.emit(key);
            }
        },
    ))
}
