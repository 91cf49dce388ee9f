//! Entry point of the lazy module, the page's second wasm module (see
//! `stormlab_ui_common::lazy_bridge`): the page loads it the first time a view it holds opens, calls
//! [`start`] with the places to draw into and the function that takes the module's requests,
//! then [`send`]s each message.

use std::cell::RefCell;

use stormlab_lazy::app::{LazyApp, LazyAppMsg, LazyAppProps};
use stormlab_ui_common::lazy_bridge::{decode, encode, FromLazy, Hosts, ToLazy};
use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::{AppHandle, Callback};

thread_local! {
    static APP: RefCell<Option<AppHandle<LazyApp>>> = const { RefCell::new(None) };
}

/// Mounts the module's root (once): it renders into `root` only through portals into the
/// other places.
#[wasm_bindgen]
pub fn start(root: Element, places: JsValue, on_page: js_sys::Function) -> Result<(), JsError> {
    if APP.with(|app| app.borrow().is_some()) {
        return Ok(());
    }
    stormlab_ui_common::crash::install();
    let hosts = Hosts::from_js(&places).map_err(|e| JsError::new(&e))?;
    let on_page = Callback::from(move |request: FromLazy| {
        let _ = on_page.call1(&JsValue::NULL, &JsValue::from_str(&encode(&request)));
    });
    let props = LazyAppProps { hosts, on_page };
    let app = yew::Renderer::<LazyApp>::with_root_and_props(root, props).render();
    APP.with(|slot| *slot.borrow_mut() = Some(app));
    Ok(())
}

/// Takes one message from the page; a malformed one is an error the page reports.
#[wasm_bindgen]
pub fn send(message: &str) -> Result<(), JsError> {
    let message = decode::<ToLazy>(message).map_err(|e| JsError::new(&e))?;
    APP.with(|app| match &*app.borrow() {
        Some(app) => {
            app.send_message(LazyAppMsg::Page(message));
            Ok(())
        }
        None => Err(JsError::new(
            "the lazy module was sent a message before it started",
        )),
    })
}

fn main() {}
