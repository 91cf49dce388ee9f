//! Watches the board's area with the browser's `ResizeObserver`: the area changes without the
//! window changing when a panel below the board grows (the run panel arriving with the lazy
//! module, a phone's layout), and the views that fit the board fit it again.

use wasm_bindgen::prelude::*;
use web_sys::{Element, ResizeObserver};
use yew::Callback;

/// A running watch; dropping it stops it.
pub struct AreaWatch {
    element: Element,
    observer: ResizeObserver,
    _on_resize: Closure<dyn FnMut(js_sys::Array)>,
}

impl AreaWatch {
    /// Calls `changed` whenever `element`'s box changes size (and once when it starts).
    pub fn start(element: &Element, changed: Callback<()>) -> Option<AreaWatch> {
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |_| changed.emit(()));
        let observer = ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
        observer.observe(element);
        Some(AreaWatch {
            element: element.clone(),
            observer,
            _on_resize: on_resize,
        })
    }
}

impl AreaWatch {
    /// True when it watches `element`.
    pub fn watches(&self, element: &Element) -> bool {
        &self.element == element
    }
}

impl Drop for AreaWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
