//! The loops that drive a run: one per animation frame (advance at the chosen speed, draw the
//! dots, measure the frame's work) and, at "as fast as possible", a chain of short slices of
//! engine work so a long run never holds the page for more than a slice.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use stormlab_board::viewport::Viewport;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageChannel, MessagePort};
use yew::prelude::*;

use super::overlay::draw;
use super::{clock, RunHandle};

/// Wall milliseconds of engine work per slice of a fast run (input waits at most this long).
const SLICE_MS: f64 = 25.0;
/// How often the panels re-render while running (and while running as fast as possible).
const PANEL_MS: f64 = 250.0;
const FAST_PANEL_MS: f64 = 1_000.0;

/// Keeps the loops alive; dropping it stops them.
pub struct Loops {
    frame: Rc<RefCell<Option<AnimationFrame>>>,
    _fast: Rc<Option<FastLoop>>,
    alive: Rc<Cell<bool>>,
}

impl Drop for Loops {
    fn drop(&mut self) {
        self.alive.set(false);
        self.frame.borrow_mut().take();
    }
}

/// Starts the frame loop (and the fast loop whenever the runner is playing as fast as
/// possible); `refresh` is called when the panels should show new figures.
pub fn start(
    run: RunHandle,
    canvas: NodeRef,
    view: Rc<Cell<Viewport>>,
    refresh: Callback<()>,
) -> Loops {
    let alive = Rc::new(Cell::new(true));
    let fast = Rc::new(FastLoop::new(run.clone(), alive.clone(), refresh.clone()));
    let loops = Loops {
        frame: Rc::new(RefCell::new(None)),
        _fast: fast.clone(),
        alive,
    };
    let last_refresh = Rc::new(Cell::new(0.0));
    schedule_frame(
        run,
        canvas,
        view,
        refresh,
        last_refresh,
        loops.frame.clone(),
        fast,
        loops.alive.clone(),
    );
    loops
}

#[allow(clippy::too_many_arguments)]
fn schedule_frame(
    run: RunHandle,
    canvas: NodeRef,
    view: Rc<Cell<Viewport>>,
    refresh: Callback<()>,
    last_refresh: Rc<Cell<f64>>,
    frame: Rc<RefCell<Option<AnimationFrame>>>,
    fast: Rc<Option<FastLoop>>,
    alive: Rc<Cell<bool>>,
) {
    let slot = frame.clone();
    let handle = request_animation_frame(move |now| {
        if !alive.get() {
            return;
        }
        let start = clock();
        let (was_playing, start_fast) = {
            let mut r = run.0.borrow_mut();
            let was = r.playing;
            r.frame(now, &clock);
            (was, r.playing && r.fast())
        };
        draw(&canvas, &run.0.borrow(), view.get(), now);
        let work = clock() - start;
        let stopped = was_playing && !run.0.borrow().playing;
        {
            let mut r = run.0.borrow_mut();
            if r.playing && !r.fast() {
                r.record_frame(work);
            }
        }
        if start_fast {
            if let Some(fast) = fast.as_ref() {
                fast.kick();
            }
        }
        let every = if start_fast { FAST_PANEL_MS } else { PANEL_MS };
        if stopped || (was_playing && now - last_refresh.get() >= every) {
            last_refresh.set(now);
            refresh.emit(());
        }
        schedule_frame(run, canvas, view, refresh, last_refresh, frame, fast, alive);
    });
    *slot.borrow_mut() = Some(handle);
}

/// The fast loop: slices of engine work chained through a `MessageChannel`, which, unlike a
/// zero-delay timer, is not clamped to 4 ms between slices.
pub struct FastLoop {
    port: MessagePort,
    running: Rc<Cell<bool>>,
    _receive: Closure<dyn FnMut()>,
    channel: MessageChannel,
}

impl FastLoop {
    fn new(run: RunHandle, alive: Rc<Cell<bool>>, refresh: Callback<()>) -> Option<FastLoop> {
        let channel = MessageChannel::new().ok()?;
        let port = channel.port2();
        let running = Rc::new(Cell::new(false));
        let (again, flag) = (port.clone(), running.clone());
        let receive = Closure::<dyn FnMut()>::new(move || {
            if !alive.get() {
                return;
            }
            if slice(&run) {
                let _ = again.post_message(&JsValue::NULL);
            } else {
                flag.set(false);
                refresh.emit(());
            }
        });
        channel
            .port1()
            .set_onmessage(Some(receive.as_ref().unchecked_ref()));
        Some(FastLoop {
            port,
            running,
            _receive: receive,
            channel,
        })
    }

    /// Starts the chain unless it is running.
    fn kick(&self) {
        if !self.running.replace(true) {
            let _ = self.port.post_message(&JsValue::NULL);
        }
    }
}

impl Drop for FastLoop {
    fn drop(&mut self) {
        self.channel.port1().set_onmessage(None);
    }
}

/// One slice of a fast run; false when the run is over or no longer fast.
fn slice(run: &RunHandle) -> bool {
    let mut r = run.0.borrow_mut();
    if !(r.playing && r.fast()) {
        r.fast_since = None;
        return false;
    }
    let events = r.playback.as_ref().map_or(0, |p| p.simulation().events());
    let since = *r.fast_since.get_or_insert((clock(), events));
    let end = r.playback.as_ref().map_or(0, |p| p.simulation().end());
    let reached = r.run_for(end, SLICE_MS, &clock);
    if reached || r.finished() {
        let events = r.playback.as_ref().map_or(0, |p| p.simulation().events());
        r.fast_result = Some((events - since.1, clock() - since.0));
        r.fast_since = None;
        r.playing = false;
        return false;
    }
    true
}
