//! Watches the board's area with the browser's `ResizeObserver`: the area changes without the
//! window changing when a panel below the board grows (the run panel arriving with the lazy
//! module, a phone's layout), and the views that fit the board fit it again. It also watches
//! the visual viewport, which an on-screen keyboard shrinks without resizing the page (Safari),
//! so the sticky being edited can be kept in the part of the board still in sight.

use wasm_bindgen::prelude::*;
use web_sys::{Element, ResizeObserver};
use yew::Callback;

/// A running watch; dropping it stops it.
pub struct AreaWatch {
    element: Element,
    observer: ResizeObserver,
    _on_resize: Closure<dyn FnMut(js_sys::Array)>,
    _on_viewport: Option<gloo::events::EventListener>,
}

impl AreaWatch {
    /// Calls `changed` whenever `element`'s box or the visual viewport changes size (and once
    /// when it starts).
    pub fn start(element: &Element, changed: Callback<()>) -> Option<AreaWatch> {
        let on_viewport = gloo::utils::window().visual_viewport().map(|v| {
            let changed = changed.clone();
            gloo::events::EventListener::new(&v, "resize", move |_| changed.emit(()))
        });
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |_| changed.emit(()));
        let observer = ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
        observer.observe(element);
        Some(AreaWatch {
            element: element.clone(),
            observer,
            _on_resize: on_resize,
            _on_viewport: on_viewport,
        })
    }
}

/// The size of the part of `element` in sight: its box, less what lies below the bottom or
/// right of the visual viewport (an on-screen keyboard over the page).
pub fn in_sight(element: &Element) -> (f64, f64) {
    let r = element.get_bounding_client_rect();
    let (mut w, mut h) = (r.width(), r.height());
    if let Some(v) = gloo::utils::window().visual_viewport() {
        w = w.min(v.offset_left() + v.width() - r.left());
        h = h.min(v.offset_top() + v.height() - r.top());
    }
    (w.max(0.0), h.max(0.0))
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
