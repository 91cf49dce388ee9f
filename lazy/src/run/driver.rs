//! The one loop that drives runs, for the Run and the Compare view alike: a chain of animation
//! frames, and slices of engine work chained through a `MessageChannel` (unlike a zero-delay
//! timer, not clamped to 4 ms between slices), so a long run never holds the page for more
//! than a slice. Each tick is a message to the app, which decides what it does.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageChannel, MessagePort};
use yew::Callback;

/// Wall milliseconds of engine work per slice (input waits at most about this long).
pub const SLICE_MS: f64 = 25.0;

/// Calls `on_frame` with the frame's time on every animation frame until dropped.
pub struct FrameLoop {
    frame: Rc<RefCell<Option<AnimationFrame>>>,
    alive: Rc<Cell<bool>>,
}

impl FrameLoop {
    /// Starts the chain of frames.
    pub fn start(on_frame: Callback<f64>) -> FrameLoop {
        let frames = FrameLoop {
            frame: Rc::new(RefCell::new(None)),
            alive: Rc::new(Cell::new(true)),
        };
        schedule(frames.frame.clone(), frames.alive.clone(), on_frame);
        frames
    }
}

fn schedule(
    slot: Rc<RefCell<Option<AnimationFrame>>>,
    alive: Rc<Cell<bool>>,
    on_frame: Callback<f64>,
) {
    let next = slot.clone();
    let handle = request_animation_frame(move |now| {
        if !alive.get() {
            return;
        }
        on_frame.emit(now);
        schedule(next, alive, on_frame);
    });
    *slot.borrow_mut() = Some(handle);
}

impl Drop for FrameLoop {
    fn drop(&mut self) {
        self.alive.set(false);
        self.frame.borrow_mut().take();
    }
}

/// Calls `on_slice` once per [`SliceLoop::post`], as a macrotask of its own: the page handles
/// input and paints between two slices.
pub struct SliceLoop {
    port: MessagePort,
    channel: MessageChannel,
    _receive: Closure<dyn FnMut()>,
}

impl SliceLoop {
    /// A loop that is idle until posted to; `None` where the browser has no MessageChannel.
    pub fn new(on_slice: Callback<()>) -> Option<SliceLoop> {
        let channel = MessageChannel::new().ok()?;
        let receive = Closure::<dyn FnMut()>::new(move || on_slice.emit(()));
        channel
            .port1()
            .set_onmessage(Some(receive.as_ref().unchecked_ref()));
        Some(SliceLoop {
            port: channel.port2(),
            channel,
            _receive: receive,
        })
    }

    /// Asks for one more slice.
    pub fn post(&self) {
        let _ = self.port.post_message(&JsValue::NULL);
    }
}

impl Drop for SliceLoop {
    fn drop(&mut self) {
        self.channel.port1().set_onmessage(None);
    }
}
