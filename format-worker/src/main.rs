//! Entry point of the format worker (a Web Worker the Export dialog, or opening a text board,
//! starts): answers each task with its result; see `stormlab_format_worker::run`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let answer = scope.clone();
    let on_job = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let job = e.data().as_string().unwrap_or_default();
        let done = stormlab_format_worker::run(&job);
        let _ = answer.post_message(&JsValue::from_str(&done));
    });
    scope.set_onmessage(Some(on_job.as_ref().unchecked_ref()));
    // The worker lives as long as the dialog; its handler with it.
    on_job.forget();
    // Messages sent before this handler existed (while the wasm loaded) were dropped: the page
    // waits for this word before it sends a job.
    let _ = scope.post_message(&JsValue::from_str(
        stormlab_ui_common::format_worker::task::READY,
    ));
}
