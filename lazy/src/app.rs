//! The lazy module's root component: owns the run, the comparison and the sweep, takes the
//! page's messages ([`ToLazy`]) and its own controls' in one `update`, drives the frame and
//! slice loops of whichever view is open, and draws the run views and the dialogs into the
//! places the page gives it (portals), so they sit in the page's layout although they are
//! another wasm module's.

use std::rc::Rc;

use stormlab_board::{Board, Editor};
use stormlab_run::comparison::Comparison;
use stormlab_run::sweep::{Spec, Sweep};
use stormlab_run::variant::Variant;
use stormlab_run::{RunMsg, Runner};
use yew::prelude::*;

use stormlab_ui_common::lazy_bridge::{Dialog, FromLazy, Hosts, Place, Scene, Stage, ToLazy};
use stormlab_ui_common::shared::{Severity, Shared};

use crate::export::ExportDialog;
use crate::live::{LiveDialog, Role, Session, Start};
use crate::presence::PresenceLayer;
use crate::run::driver::{FrameLoop, SliceLoop, SLICE_MS};
use crate::run::{clock, draw, CompareView, Headline, RunOverlay, RunPanel, Watch};
use crate::walkthrough::WalkthroughDialog;
use stormlab_ui_common::live::{FromLive, Lead, ToLive};

/// How often the panels re-render while running (and while running as fast as possible).
const PANEL_MS: f64 = 250.0;
const FAST_PANEL_MS: f64 = 1_000.0;

/// Props of the lazy module's root.
#[derive(Properties, PartialEq)]
pub struct LazyAppProps {
    /// Where to draw.
    pub hosts: Hosts,
    /// Sends a request to the page.
    pub on_page: Callback<FromLazy>,
}

/// Everything that happens in the lazy module.
pub enum LazyAppMsg {
    /// A message from the page.
    Page(ToLazy),
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
    /// An animation frame at this wall time.
    Frame(f64),
    /// A slice of engine work.
    Slice,
    /// News from the live worker.
    Live(FromLive),
    /// Start a live session (or join the room a link named).
    StartLive(Start),
    /// Leave the live session.
    LeaveLive,
    /// Lead, follow, or stop.
    Role(Role),
    /// Compare shows the board's experiment with this index.
    ChooseExperiment(usize),
}

/// The lazy module's root.
pub struct LazyApp {
    board: Rc<Board>,
    /// The board with the page's selection and revision, for the dialogs.
    editor: Shared<Editor>,
    scene: Scene,
    runner: Watch<Runner>,
    /// The runner is behind the board (it changed while the Run view was closed).
    runner_stale: bool,
    comparison: Watch<Option<Result<Comparison, String>>>,
    /// The sweep of the Compare view, or why it could not start.
    sweep: Watch<Option<Result<Sweep, String>>>,
    frames: Option<FrameLoop>,
    slices: Option<SliceLoop>,
    slice_posted: bool,
    last_refresh: f64,
    on_frame: Callback<f64>,
    canvas: NodeRef,
    /// The board's experiment Compare shows (kept when a change of the board redraws it).
    compare_choice: usize,
    /// The live session, if one is on.
    live: Option<Session>,
    on_live: Callback<FromLive>,
}

impl LazyApp {
    fn page(&mut self, msg: ToLazy) -> bool {
        match msg {
            ToLazy::Board { board, revision } => {
                if let Some(live) = &self.live {
                    live.send(&ToLive::Board {
                        board: board.clone(),
                        revision,
                    });
                }
                // Saving or removing an experiment changes nothing that runs: the runs shown stay.
                let runs_alike = board.experiments != self.board.experiments
                    && Board {
                        experiments: board.experiments.clone(),
                        ..(*self.board).clone()
                    } == board;
                self.board = Rc::new(board);
                let editor = self.editor.make_mut();
                editor.board = (*self.board).clone();
                editor.revision = revision;
                if runs_alike {
                    return true;
                }
                if self.scene.stage == Stage::Run {
                    self.runner.change(|r| r.load(self.board.clone()));
                } else {
                    self.runner_stale = true;
                }
                self.comparison.change(|c| *c = None);
                self.sweep.change(|s| *s = None);
                true
            }
            ToLazy::Scene(scene) => {
                if scene.selection != self.scene.selection {
                    self.editor.make_mut().selection = scene.selection.iter().copied().collect();
                    if let Some(live) = &self.live {
                        live.send(&ToLive::Presence {
                            pointer: live.pointer,
                            selection: scene.selection.clone(),
                            moving: live.moving.clone(),
                        });
                    }
                }
                let before = std::mem::replace(&mut self.scene, scene);
                if before.stage != self.scene.stage {
                    self.stage_changed();
                }
                self.tell_lead();
                before != self.scene
            }
            ToLazy::TogglePlay => self.run(RunMsg::TogglePlay),
            ToLazy::Play => !self.runner.get().playing() && self.run(RunMsg::TogglePlay),
            ToLazy::LiveUndo(back) => {
                if let Some(live) = &self.live {
                    live.send(if back { &ToLive::Undo } else { &ToLive::Redo });
                }
                false
            }
            ToLazy::LivePointer { at, moving } => {
                if let Some(live) = &mut self.live {
                    live.pointer = at;
                    live.moving = moving.clone();
                    live.send(&ToLive::Presence {
                        pointer: at,
                        selection: self.scene.selection.clone(),
                        moving,
                    });
                }
                false
            }
        }
    }

    /// News from the live worker, passed on to the page.
    fn live_news(&mut self, news: FromLive, on_page: &Callback<FromLazy>) -> bool {
        let Some(live) = &mut self.live else {
            return false;
        };
        match news {
            FromLive::Ready => return false,
            FromLive::Joined => {
                live.state.joined = true;
                live.trouble = None;
            }
            FromLive::Disconnected(why) => {
                live.state.joined = false;
                live.trouble = Some(why);
            }
            FromLive::Board { board, after } => {
                on_page.emit(FromLazy::LiveBoard {
                    board: stormlab_board::format::to_json(&board),
                    after,
                });
                return false;
            }
            FromLive::People(people) => {
                live.state.here = people.len() as u32;
                if let Some(colour) = stormlab_ui_common::live::free_colour(&people) {
                    live.send(&ToLive::Colour(colour.to_string()));
                }
                live.people = people;
            }
            FromLive::Problem(text) => {
                on_page.emit(FromLazy::Notify { text, error: true });
                return false;
            }
        }
        on_page.emit(FromLazy::Live(Some(live.state)));
        self.follow(on_page);
        true
    }

    /// What this page shows, as a lead for the others.
    fn my_lead(&self) -> Lead {
        let runner = self.runner.get();
        let run = (self.scene.stage == Stage::Run).then(|| {
            let now = runner.playback().map_or(0, |p| p.simulation().now());
            (now, runner.playing())
        });
        Lead {
            stage: self.scene.stage,
            area: self.scene.area.unwrap_or_default(),
            step: self.scene.step,
            run,
        }
    }

    /// When I lead: tells the room what to follow.
    fn tell_lead(&mut self) {
        if !self.live.as_ref().is_some_and(|l| l.leading) {
            return;
        }
        let lead = self.my_lead();
        if let Some(live) = &mut self.live {
            live.lead(lead, clock());
        }
    }

    /// When someone else leads and I follow: the page takes their view, mode and step, and
    /// my run goes where theirs is (each browser runs the same run itself).
    fn follow(&mut self, on_page: &Callback<FromLazy>) {
        let Some(live) = &mut self.live else { return };
        if live.leading || !live.following {
            return;
        }
        let Some(lead) = live.leader().and_then(|p| p.lead.clone()) else {
            live.followed = None;
            return;
        };
        let shown = |l: &Lead| (l.stage, l.area, l.step);
        if live.followed.as_ref().map(shown) != Some(shown(&lead)) {
            on_page.emit(FromLazy::Follow(lead.clone()));
        }
        live.followed = Some(lead.clone());
        if let (Some((at, playing)), Stage::Run) = (lead.run, self.scene.stage) {
            let (now, mine) = {
                let r = self.runner.get();
                (
                    r.playback().map_or(0, |p| p.simulation().now()),
                    r.playing(),
                )
            };
            if now.abs_diff(at) > 300_000 {
                self.run(RunMsg::Scrub(at));
            }
            if mine != playing {
                self.run(RunMsg::TogglePlay);
            }
        }
    }

    fn role(&mut self, role: Role, on_page: &Callback<FromLazy>) -> bool {
        let Some(live) = &mut self.live else {
            return false;
        };
        match role {
            Role::Lead => {
                live.leading = true;
                live.sent = None;
            }
            Role::StopLeading => {
                live.leading = false;
                live.sent = None;
                live.send(&ToLive::Lead(None));
            }
            Role::Follow => {
                live.following = true;
                live.followed = None;
            }
            Role::StopFollowing => live.following = false,
        }
        self.tell_lead();
        self.follow(on_page);
        true
    }

    fn start_live(&mut self, start: Start, on_page: &Callback<FromLazy>) -> bool {
        // A new room takes this board; joining a room takes the room's.
        let (room, seed) = match start.room {
            Some(room) => (room, None),
            None => (
                stormlab_ui_common::live::new_room(),
                Some((*self.board).clone()),
            ),
        };
        match Session::start(
            &start.server,
            &room,
            &start.name,
            seed,
            self.editor.revision,
            self.on_live.clone(),
        ) {
            Ok(session) => {
                on_page.emit(FromLazy::Live(Some(session.state)));
                self.live = Some(session);
            }
            Err(text) => on_page.emit(FromLazy::Notify { text, error: true }),
        }
        true
    }

    fn stage_changed(&mut self) {
        self.frames = None;
        match self.scene.stage {
            Stage::Run => {
                if self.runner_stale {
                    self.runner.change(|r| r.load(self.board.clone()));
                    self.runner_stale = false;
                }
                self.frames = Some(FrameLoop::start(self.on_frame.clone()));
                if self.runner.get().wants_slices() {
                    self.post_slice();
                }
            }
            Stage::Compare => {
                if self.comparison.get().as_ref().is_some_and(|c| c.is_ok())
                    || self.sweep.get().as_ref().is_some_and(|s| s.is_ok())
                {
                    self.post_slice();
                }
            }
            Stage::Hidden => {}
        }
    }

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
        if self.scene.stage != Stage::Run {
            return false;
        }
        self.tell_lead();
        let start = clock();
        let view = self.scene.view;
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
        let (more, render) = match self.scene.stage {
            Stage::Run => {
                let more = self.runner.quietly(|r| r.slice(SLICE_MS, &clock));
                if !more {
                    self.runner.touch();
                }
                (more, !more)
            }
            Stage::Compare => {
                let more = self.comparison.quietly(|c| match c {
                    Some(Ok(c)) => c.slice(SLICE_MS, &clock),
                    _ => false,
                });
                // The sweep goes on once the comparison is done.
                let sweeping = !more
                    && self.sweep.quietly(|s| match s {
                        Some(Ok(s)) => s.slice(SLICE_MS, &clock),
                        _ => false,
                    });
                // The tables and charts show progress now and then (as the Run panel does), and
                // the end at once, instead of after every slice.
                let now = clock();
                let show = !(more || sweeping) || now - self.last_refresh >= PANEL_MS;
                if show {
                    self.last_refresh = now;
                    self.comparison.touch();
                    self.sweep.touch();
                }
                (more || sweeping, show)
            }
            Stage::Hidden => (false, false),
        };
        if more {
            self.post_slice();
        }
        render
    }
}

impl Component for LazyApp {
    type Message = LazyAppMsg;
    type Properties = LazyAppProps;

    fn create(ctx: &Context<Self>) -> Self {
        let board = Rc::new(Board::default());
        LazyApp {
            runner: Watch::new(Runner::new(board.clone())),
            board,
            editor: Shared::default(),
            scene: Scene::default(),
            runner_stale: false,
            comparison: Watch::new(None),
            sweep: Watch::new(None),
            frames: None,
            slices: SliceLoop::new(ctx.link().callback(|_| LazyAppMsg::Slice)),
            slice_posted: false,
            last_refresh: 0.0,
            on_frame: ctx.link().callback(LazyAppMsg::Frame),
            canvas: NodeRef::default(),
            compare_choice: 0,
            live: None,
            on_live: ctx.link().callback(LazyAppMsg::Live),
        }
    }

    fn rendered(&mut self, _: &Context<Self>, first_render: bool) {
        if first_render
            && stormlab_ui_common::crash::test_requested(stormlab_ui_common::crash::LAZY_PANIC)
        {
            panic!(
                "a test-only panic in the lazy module, asked for with ?{}",
                stormlab_ui_common::crash::LAZY_PANIC
            );
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: LazyAppMsg) -> bool {
        let on_page = &ctx.props().on_page;
        match msg {
            LazyAppMsg::Live(news) => self.live_news(news, on_page),
            LazyAppMsg::StartLive(start) => self.start_live(start, on_page),
            LazyAppMsg::Role(role) => self.role(role, on_page),
            LazyAppMsg::LeaveLive => {
                if let Some(live) = self.live.take() {
                    live.send(&ToLive::Leave);
                }
                on_page.emit(FromLazy::Live(None));
                true
            }
            LazyAppMsg::Page(msg) => self.page(msg),
            LazyAppMsg::ChooseExperiment(i) => {
                self.compare_choice = i;
                false
            }
            LazyAppMsg::Run(msg) => self.run(msg),
            LazyAppMsg::Compare(a, b, runs) => {
                let board = self.board.clone();
                // The old comparison goes before the new one starts: never four runs at once.
                self.comparison.change(|c| {
                    *c = None;
                    *c = Some(Comparison::with_runs(&board, &a, &b, runs, clock()));
                });
                self.post_slice();
                true
            }
            LazyAppMsg::Sweep(a, b, spec) => {
                let board = self.board.clone();
                let sweep = stormlab_run::sweep::Base::new(&board, &a, &b)
                    .and_then(|base| Sweep::new(base, spec));
                self.sweep.change(|s| *s = Some(sweep));
                self.post_slice();
                true
            }
            LazyAppMsg::CancelSweep => {
                self.sweep.change(|s| {
                    if let Some(Ok(s)) = s {
                        s.cancel();
                    }
                });
                true
            }
            LazyAppMsg::CancelCompare => {
                self.comparison.change(|c| {
                    if let Some(Ok(c)) = c {
                        c.cancel();
                    }
                });
                true
            }
            LazyAppMsg::Frame(now) => self.frame(now),
            LazyAppMsg::Slice => self.slice(),
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let hosts = &ctx.props().hosts;
        let on_page = ctx.props().on_page.clone();
        let workspace = match self.scene.stage {
            Stage::Hidden => html! {},
            Stage::Run => {
                let on_run = ctx.link().callback(LazyAppMsg::Run);
                let overlay = html! {
                    <RunOverlay run={self.runner.clone()} view={self.scene.view} canvas={self.canvas.clone()} on_run={on_run.clone()} />
                };
                let panel = html! { <RunPanel run={self.runner.clone()} {on_run} on_edit={on_page.clone()} /> };
                let numbers = html! { <Headline run={self.runner.clone()} /> };
                html! {
                    <>
                        { create_portal(overlay, hosts.get(Place::Overlay).clone()) }
                        { create_portal(panel, hosts.get(Place::Panel).clone()) }
                        if self.scene.presenting {
                            { create_portal(numbers, hosts.get(Place::Numbers).clone()) }
                        }
                    </>
                }
            }
            Stage::Compare => {
                let link = ctx.link();
                let on_compare = link.callback(|(a, b, runs)| LazyAppMsg::Compare(a, b, runs));
                let on_cancel = link.callback(|_| LazyAppMsg::CancelCompare);
                let on_sweep = link.callback(|(a, b, spec)| LazyAppMsg::Sweep(a, b, spec));
                let on_cancel_sweep = link.callback(|_| LazyAppMsg::CancelSweep);
                let on_choose = link.callback(LazyAppMsg::ChooseExperiment);
                let on_experiments = {
                    let (on_choose, on_page) = (on_choose.clone(), on_page.clone());
                    Callback::from(move |(all, shown)| {
                        on_choose.emit(shown);
                        on_page.emit(FromLazy::SetExperiments(all));
                    })
                };
                let compare = html! {
                    <CompareView key={self.editor.revision} board={self.board.clone()} comparison={self.comparison.clone()} {on_compare} {on_cancel}
                                 sweep={self.sweep.clone()} {on_sweep} {on_cancel_sweep} chosen={self.compare_choice} {on_experiments} {on_choose} />
                };
                create_portal(compare, hosts.get(Place::Compare).clone())
            }
        };
        let dialog = match self.scene.dialog {
            None => html! {},
            Some(Dialog::Export) => {
                let on_close = on_page.reform(|()| FromLazy::CloseDialog);
                let on_notice = on_page.reform(|(text, severity)| FromLazy::Notify {
                    text,
                    error: severity == Severity::Error,
                });
                let dialog =
                    html! { <ExportDialog editor={self.editor.clone()} {on_close} {on_notice} /> };
                create_portal(dialog, hosts.get(Place::Dialog).clone())
            }
            Some(Dialog::Walkthrough) => {
                let dialog =
                    html! { <WalkthroughDialog editor={self.editor.clone()} on_edit={on_page} /> };
                create_portal(dialog, hosts.get(Place::Dialog).clone())
            }
            Some(Dialog::Live) => {
                let link = ctx.link();
                let session = self.live.as_ref().map(|l| {
                    (
                        l.link.clone(),
                        l.view_link.clone(),
                        l.state,
                        l.people.clone(),
                        l.trouble.clone(),
                    )
                });
                let roles = self.live.as_ref().map_or((false, true, None), |l| {
                    (l.leading, l.following, l.leader().map(|p| p.name.clone()))
                });
                let dialog = html! {
                    <LiveDialog {session} invite={self.scene.invite.clone()} on_start={link.callback(LazyAppMsg::StartLive)}
                                on_leave={link.callback(|()| LazyAppMsg::LeaveLive)} on_close={on_page.reform(|()| FromLazy::CloseDialog)}
                                on_role={link.callback(LazyAppMsg::Role)} {roles} />
                };
                create_portal(dialog, hosts.get(Place::Dialog).clone())
            }
        };
        // The others' pointers: over the Model view's board, or with the run's overlay.
        let presence_host = match self.scene.stage {
            Stage::Hidden => Some(Place::Presence),
            Stage::Run => Some(Place::Overlay),
            Stage::Compare => None,
        };
        let presence = match (&self.live, presence_host) {
            (Some(live), Some(host)) => {
                let layer = html! { <PresenceLayer people={live.people.clone()} board={self.board.clone()} view={self.scene.view} /> };
                create_portal(layer, hosts.get(host).clone())
            }
            _ => html! {},
        };
        html! { <>{ workspace }{ presence }{ dialog }</> }
    }
}
