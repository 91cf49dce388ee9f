//! A bounded-context frame: a named, resizable area that owns the stickies inside it.

use stormlab_board::Context;
use yew::prelude::*;

/// Props of a frame.
#[derive(Properties, PartialEq)]
pub struct FrameProps {
    /// The context (its rectangle may be a resize or drag preview).
    pub context: Context,
    /// Selected.
    pub selected: bool,
    /// Stickies it owns.
    pub members: usize,
}

/// A context frame.
#[function_component]
pub fn Frame(props: &FrameProps) -> Html {
    let c = &props.context;
    let style = format!(
        "left:{}px;top:{}px;width:{}px;height:{}px",
        c.x, c.y, c.w, c.h
    );
    let class = classes!("context", props.selected.then_some("selected"));
    html! {
        <div {class} {style} data-target={c.id.to_string()} role="group"
             aria-label={format!("Bounded context {} ({} stickies)", c.name, props.members)}>
            <div class="context-name">{ &c.name }</div>
            <span class="resize-handle" data-target={format!("r{}", c.id.0)} title="Drag to resize"
                  aria-label="Resize context"></span>
        </div>
    }
}
