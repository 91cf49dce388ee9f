//! The root component: owns the state, the run and the comparison, and handles every message
//! in one `update`: edits go to [`AppState::update`], run controls to
//! [`Runner::update`](stormlab_run::Runner::update), and the loop's frames and slices advance
//! whichever view is open. Restores the board at start-up, autosaves, and lays out header,
//! toolbar, board, panels and footer.

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use stormlab_board::lints::{lint, Lint};
use stormlab_board::Board;
use stormlab_run::comparison::Comparison;
use stormlab_run::sweep::{Spec, Sweep};
use stormlab_run::variant::Variant;
use stormlab_run::{RunMsg, Runner};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::board_view::{BoardView, SharedStickies};
use super::export::ExportDialog;
use super::footer::Footer;
use super::header::Header;
use super::help::Help;
use super::keys::{claims, claims_presenting, shortcut, Command, Key};
use super::notice::NoticeBar;
use super::notice::NoticeHistory;
use super::present_bar::PresentBar;
use super::run::driver::{FrameLoop, SliceLoop, SLICE_MS};
use super::run::{clock, draw, CompareView, RunOverlay, RunPanel, Watch};
use super::side_panel::SidePanel;
use super::state::{AppState, Mode, Msg, Severity};
use super::toolbar::{board_size, save_file, Tool, Toolbar};
use super::walkthrough::WalkthroughDialog;
use crate::storage;

/// How often the panels re-render while running (and while running as fast as possible).
const PANEL_MS: f64 = 250.0;
const FAST_PANEL_MS: f64 = 1_000.0;
/// The notice when localStorage refuses the autosave (quota, private mode).
const AUTOSAVE_REFUSED: &str =
    "This browser refused to save the board locally; use Save to keep a file.";

/// Everything that happens in the app.
pub enum AppMsg {
    /// A change of the app's state (board, view, selection, notices, mode).
    Edit(Msg),
    /// A change of the run.
    Run(RunMsg),
    /// Run the board with these variants (A, B), each over this many seeds.
    Compare(Variant, Variant, usize),
    /// Stop the comparison's remaining runs (keeping those done).
    CancelCompare,
    /// Sweep a setting with these variants (A, B).
    Sweep(Variant, Variant, Spec),
    /// Stop the sweep's remaining points.
    CancelSweep,
    /// A key the listener claimed.
    Key(Key),
    /// A toolbar button.
    Tool(Tool),
    /// An animation frame at this wall time.
    Frame(f64),
    /// A slice of engine work.
    Slice,
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
    board: Rc<Board>,
    runner: Watch<Runner>,
    /// The runner is behind the board (it was changed outside the Run view).
    runner_stale: bool,
    comparison: Watch<Option<Result<Comparison, String>>>,
    /// The sweep of the Compare view, or why it could not start.
    sweep: Watch<Option<Result<Sweep, String>>>,
    frames: Option<FrameLoop>,
    slices: Option<SliceLoop>,
    slice_posted: bool,
    last_refresh: f64,
    /// What the board was last fitted for: the mode and the presentation step.
    fitted_for: Option<(Mode, Option<usize>)>,
    on_frame: Callback<f64>,
    board_ref: NodeRef,
    canvas: NodeRef,
    _keys: Option<EventListener>,
    /// Window resizes and full-screen changes.
    _window: Vec<EventListener>,
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
    if let Some((text, severity)) = notice {
        state.update(Msg::Notify(text, severity));
    }
    state
}

impl App {
    /// Carries out an edit; when the board changed, autosaves it and restarts what runs it.
    fn edit(&mut self, msg: Msg) -> bool {
        let before = (
            self.state.editor.revision,
            self.state.mode,
            self.state.presenting,
        );
        let changed = Rc::make_mut(&mut self.state).update(msg);
        let revision = self.state.editor.revision;
        if revision != before.0 {
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

    /// Presentation keys replace the editing ones; past the last step the run plays; ending
    /// the presentation leaves full screen.
    fn presenting_changed(&mut self, mode_before: Mode) {
        let presenting = self.state.presenting.is_some();
        self._keys = key_listener(self.on_key.clone(), self.state.mode, presenting);
        let into_run = self.state.mode == Mode::Run && mode_before != Mode::Run;
        if presenting && into_run && !self.runner.get().playing() {
            self.run(RunMsg::TogglePlay);
        }
        if !presenting {
            let document = gloo::utils::document();
            if document.fullscreen_element().is_some() {
                document.exit_fullscreen();
            }
        }
    }

    fn board_changed(&mut self) {
        let editor = &self.state.editor;
        self.board = Rc::new(editor.board.clone());
        let lints = lint(&editor.board);
        self.shared = Rc::new(SharedStickies::new(&editor.board, &lints));
        self.lints = Rc::new(lints);
        if !storage::save_autosave(&editor.board) {
            let refused = Msg::Notify(AUTOSAVE_REFUSED.into(), Severity::Error);
            Rc::make_mut(&mut self.state).update(refused);
        }
        if self.state.mode == Mode::Run {
            self.runner.change(|r| r.load(self.board.clone()));
        } else {
            self.runner_stale = true;
        }
        self.comparison.change(|c| *c = None);
        self.sweep.change(|s| *s = None);
    }

    fn mode_changed(&mut self) {
        self.frames = None;
        // The listener claims keys by mode (Space plays only in Run).
        let presenting = self.state.presenting.is_some();
        self._keys = key_listener(self.on_key.clone(), self.state.mode, presenting);
        match self.state.mode {
            Mode::Run => {
                if self.runner_stale {
                    self.runner.change(|r| r.load(self.board.clone()));
                    self.runner_stale = false;
                }
                self.frames = Some(FrameLoop::start(self.on_frame.clone()));
                if self.runner.get().wants_slices() {
                    self.post_slice();
                }
            }
            Mode::Compare => {
                if self.comparison.get().as_ref().is_some_and(|c| c.is_ok())
                    || self.sweep.get().as_ref().is_some_and(|s| s.is_ok())
                {
                    self.post_slice();
                }
            }
            Mode::Model => {}
        }
    }
}

impl App {
    /// Carries out a run message; playing as fast as possible starts the slices.
    fn run(&mut self, msg: RunMsg) -> bool {
        let changed = self.runner.change(|r| r.update(msg));
        if self.runner.get().wants_slices() {
            self.post_slice();
        }
        changed
    }

    fn post_slice(&mut self) {
        if let (false, Some(slices)) = (self.slice_posted, &self.slices) {
            self.slice_posted = true;
            slices.post();
        }
    }

    /// One animation frame of the Run view: advance, draw the dots, measure the frame's work;
    /// render the panels now and then (and when the run stops).
    fn frame(&mut self, now: f64) -> bool {
        if self.state.mode != Mode::Run {
            return false;
        }
        let start = clock();
        let view = self.state.view;
        let canvas = self.canvas.clone();
        let (was_playing, playing, fast) = self.runner.quietly(|r| {
            let was_playing = r.playing();
            r.frame(now, &clock);
            draw(&canvas, r, view, now);
            r.record_frame(clock() - start);
            (was_playing, r.playing(), r.wants_slices())
        });
        if fast {
            self.post_slice();
        }
        let every = if fast { FAST_PANEL_MS } else { PANEL_MS };
        let stopped = was_playing && !playing;
        if stopped || ((was_playing || fast) && now - self.last_refresh >= every) {
            self.last_refresh = now;
            self.runner.touch();
            return true;
        }
        false
    }

    /// One slice of engine work for the open view; another is posted while more is wanted.
    fn slice(&mut self) -> bool {
        self.slice_posted = false;
        let (more, render) = match self.state.mode {
            Mode::Run => {
                let more = self.runner.quietly(|r| r.slice(SLICE_MS, &clock));
                if !more {
                    self.runner.touch();
                }
                (more, !more)
            }
            Mode::Compare => {
                let more = self.comparison.quietly(|c| match c {
                    Some(Ok(c)) => c.slice(SLICE_MS, &clock),
                    _ => false,
                });
                self.comparison.touch();
                // The sweep goes on once the comparison is done.
                let sweeping = !more
                    && self.sweep.quietly(|s| match s {
                        Some(Ok(s)) => s.slice(SLICE_MS, &clock),
                        _ => false,
                    });
                if !more {
                    self.sweep.touch();
                }
                (more || sweeping, true)
            }
            Mode::Model => (false, false),
        };
        if more {
            self.post_slice();
        }
        render
    }
}

impl Component for App {
    type Message = AppMsg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let state = Rc::new(initial_state());
        let board = Rc::new(state.editor.board.clone());
        // A board opened from a link is kept at once: the link leaves the address bar.
        if state.editor.revision > 0 && !storage::save_autosave(&board) {
            let text = "This browser refused to save the board locally; use Save to keep a file.";
            ctx.link()
                .send_message(AppMsg::Edit(Msg::Notify(text.into(), Severity::Error)));
        }
        let lints = lint(&board);
        let on_key = ctx.link().callback(AppMsg::Key);
        let keys = key_listener(on_key.clone(), state.mode, false);
        let window = window_listeners(ctx);
        App {
            shared: Rc::new(SharedStickies::new(&board, &lints)),
            lints: Rc::new(lints),
            runner: Watch::new(Runner::new(board.clone())),
            runner_stale: false,
            comparison: Watch::new(None),
            sweep: Watch::new(None),
            frames: None,
            slices: SliceLoop::new(ctx.link().callback(|_| AppMsg::Slice)),
            slice_posted: false,
            last_refresh: 0.0,
            fitted_for: None,
            on_frame: ctx.link().callback(AppMsg::Frame),
            canvas: NodeRef::default(),
            _keys: keys,
            _window: window,
            board_ref: NodeRef::default(),
            on_key,
            board,
            state,
        }
    }

    fn update(&mut self, _: &Context<Self>, msg: AppMsg) -> bool {
        match msg {
            AppMsg::Edit(msg) => self.edit(msg),
            AppMsg::Run(msg) => self.run(msg),
            AppMsg::Compare(a, b, runs) => {
                let board = self.board.clone();
                self.comparison
                    .change(|c| *c = Some(Comparison::with_runs(&board, &a, &b, runs, clock())));
                self.post_slice();
                true
            }
            AppMsg::Sweep(a, b, spec) => {
                let board = self.board.clone();
                let sweep = stormlab_run::replicate::scenarios(&board, &a, &b)
                    .and_then(|base| Sweep::new(base, spec, board.run.seed));
                self.sweep.change(|s| *s = Some(sweep));
                self.post_slice();
                true
            }
            AppMsg::CancelSweep => {
                self.sweep.change(|s| {
                    if let Some(Ok(s)) = s {
                        s.cancel();
                    }
                });
                true
            }
            AppMsg::CancelCompare => {
                self.comparison.change(|c| {
                    if let Some(Ok(c)) = c {
                        c.cancel();
                    }
                });
                true
            }
            AppMsg::Key(key) => match shortcut(&self.state, &key, board_size(&self.board_ref)) {
                Some(Command::Edit(msg)) => self.edit(msg),
                Some(Command::Save) => {
                    let (text, severity) = save_file(&self.state.editor.board);
                    self.edit(Msg::Notify(text, severity))
                }
                Some(Command::TogglePlay) => self.run(RunMsg::TogglePlay),
                None => false,
            },
            AppMsg::Tool(tool) => {
                let msg = tool.into_msg(&self.state, board_size(&self.board_ref));
                self.edit(msg)
            }
            AppMsg::Frame(now) => self.frame(now),
            AppMsg::Slice => self.slice(),
            AppMsg::Resized => {
                // The Model view keeps the facilitator's pan and zoom.
                let refit = self.state.mode != Mode::Model || self.state.presenting.is_some();
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
        if first_render {
            if crate::crash::test_requested() {
                panic!("a test-only panic, asked for with ?stormlab-test=panic");
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
                ctx.link().send_message(AppMsg::Edit(Msg::Fit(w, h)));
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let state = &self.state;
        let edit = ctx.link().callback(AppMsg::Edit);
        let board_view = html! {
            <BoardView state={state.clone()} shared={self.shared.clone()} on_input={edit.reform(Msg::from)} node={self.board_ref.clone()} />
        };
        let workspace = match state.mode {
            Mode::Model => html! {
                <main class="workspace">
                    { board_view }
                    <SidePanel editor={state.editor.clone()} lints={self.lints.clone()} on_edit={edit.reform(Msg::from)}
                               on_select={edit.reform(|item| Msg::Select(item, false))} />
                </main>
            },
            Mode::Run => {
                let on_run = ctx.link().callback(AppMsg::Run);
                html! {
                    <main class="workspace running">
                        <div class="board-wrap">
                            { board_view }
                            <RunOverlay run={self.runner.clone()} view={state.view} canvas={self.canvas.clone()} on_run={on_run.clone()} />
                        </div>
                        <RunPanel run={self.runner.clone()} {on_run} on_edit={edit.clone()} />
                    </main>
                }
            }
            Mode::Compare => {
                let on_compare = ctx
                    .link()
                    .callback(|(a, b, runs)| AppMsg::Compare(a, b, runs));
                let on_cancel = ctx.link().callback(|_| AppMsg::CancelCompare);
                let on_sweep = ctx
                    .link()
                    .callback(|(a, b, spec)| AppMsg::Sweep(a, b, spec));
                let on_cancel_sweep = ctx.link().callback(|_| AppMsg::CancelSweep);
                html! {
                    <main class="workspace comparing">
                        <CompareView key={state.editor.revision} board={self.board.clone()} comparison={self.comparison.clone()} {on_compare} {on_cancel}
                                     sweep={self.sweep.clone()} {on_sweep} {on_cancel_sweep} />
                    </main>
                }
            }
        };
        html! {
            <div class={classes!("app", state.presenting.is_some().then_some("presenting"))}>
                <Header title={state.editor.board.title.clone()} mode={state.mode} on_mode={edit.reform(Msg::SetMode)}
                        on_present={edit.reform(|_| Msg::ToggleWalkthrough)} />
                <Toolbar editor={state.editor.clone()} on_tool={ctx.link().callback(AppMsg::Tool)} editing={state.mode == Mode::Model} readable={state.readable} />
                { workspace }
                <NoticeBar notice={state.notice.clone()} on_dismiss={edit.reform(|_| Msg::DismissNotice)} />
                <Footer messages={state.history.len()} on_messages={edit.reform(|_| Msg::ToggleHistory)} />
                if state.history_open {
                    <NoticeHistory history={state.history.clone()} on_close={edit.reform(|_| Msg::ToggleHistory)} />
                }
                if state.help_open {
                    <Help on_close={edit.reform(|_| Msg::ToggleHelp)} />
                }
                if let Some(at) = state.presenting {
                    <PresentBar caption={state.caption()} {at} run={self.runner.clone()}
                                on_step={edit.reform(Msg::Present)} />
                }
                if state.walkthrough_open {
                    <WalkthroughDialog editor={state.editor.clone()} on_edit={edit.clone()} />
                }
                if state.export_open {
                    <ExportDialog editor={state.editor.clone()} on_close={edit.reform(|_| Msg::ToggleExport)}
                                  on_notice={edit.reform(|(text, severity)| Msg::Notify(text, severity))} />
                }
            </div>
        }
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
