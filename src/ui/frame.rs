//! A bounded-context frame: a named, resizable area that owns the stickies inside it.

use stormlab_board::{Context, ItemId};
use web_sys::HtmlInputElement;
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
    /// Its name is being edited in place.
    pub naming: bool,
    /// Ends naming: `Some(name)` keeps it, `None` cancels.
    pub on_end_naming: Callback<Option<String>>,
    /// Selects the frame (when it gets the keyboard focus).
    pub on_select: Callback<ItemId>,
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
    // Tabbing to a frame selects it, so Enter renames it, the arrows move it, Ctrl+arrows
    // resize it and Delete removes it.
    let onfocus = {
        let (on_select, item, selected) = (
            props.on_select.clone(),
            ItemId::Context(c.id),
            props.selected,
        );
        Callback::from(move |_: FocusEvent| {
            if !selected {
                on_select.emit(item);
            }
        })
    };
    html! {
        <div {class} {style} data-target={c.id.to_string()} role="group" tabindex="0" {onfocus}
             aria-label={format!("Bounded context {} ({} stickies)", c.name, props.members)}>
            if props.naming {
                <NameEditor name={c.name.clone()} on_end={props.on_end_naming.clone()} />
            } else {
                <div class="context-name">{ &c.name }</div>
            }
            <span class="resize-handle" data-target={format!("r{}", c.id.0)} title="Drag to resize"
                  aria-hidden="true"></span>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct NameEditorProps {
    name: String,
    on_end: Callback<Option<String>>,
}

/// The in-place name editor: Enter keeps the name, Escape cancels, leaving the field keeps it.
#[function_component]
fn NameEditor(props: &NameEditorProps) -> Html {
    let node = use_node_ref();
    {
        // The name goes in once, when the editor opens (see `stormlab_ui_common::entry`).
        let (node, name) = (node.clone(), props.name.clone());
        use_effect_with((), move |_| {
            if let Some(el) = node.cast::<HtmlInputElement>() {
                el.set_value(&name);
                let _ = el.focus();
                el.select();
            }
        });
    }
    let value = |node: &NodeRef| node.cast::<HtmlInputElement>().map(|i| i.value());
    let onkeydown = {
        let (on_end, node) = (props.on_end.clone(), node.clone());
        Callback::from(move |e: KeyboardEvent| {
            e.stop_propagation();
            match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    on_end.emit(value(&node));
                }
                "Escape" => on_end.emit(None),
                _ => {}
            }
        })
    };
    let onblur = {
        let (on_end, node) = (props.on_end.clone(), node.clone());
        Callback::from(move |_: FocusEvent| on_end.emit(value(&node)))
    };
    html! {
        <input ref={node} class="context-name-editor" aria-label="Bounded context name"
               {onkeydown} {onblur} onpointerdown={Callback::from(|e: PointerEvent| e.stop_propagation())} />
    }
}
