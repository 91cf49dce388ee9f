//! Where the keyboard starts when a dialog opens.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A node for the dialog; once it is drawn, the first element in it matching `selector` gets
/// the keyboard focus.
#[hook]
pub fn use_focus_on_open(selector: &'static str) -> NodeRef {
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with((), move |_| {
            let target = dialog
                .cast::<web_sys::Element>()
                .and_then(|el| el.query_selector(selector).ok().flatten())
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(target) = target {
                let _ = target.focus();
            }
        });
    }
    dialog
}
