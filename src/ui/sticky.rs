//! One sticky note on the board, with its lint badge, connection handle and in-place editor.

use stormlab_board::{Kind, Scope, Sticky};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::state::Shared;

/// Props of a sticky; compared on every render so only changed stickies re-render.
#[derive(Properties, PartialEq)]
pub struct StickyProps {
    /// The sticky (shared per board revision: comparing props is a pointer comparison).
    pub sticky: Shared<Sticky>,
    /// Drag preview offset in board units.
    pub offset: (f64, f64),
    /// Selected.
    pub selected: bool,
    /// Its label is being edited.
    pub editing: bool,
    /// Lint messages about it (shared per board revision).
    pub lints: Shared<Vec<String>>,
    /// Selects the sticky (when it gets the keyboard focus).
    pub on_select: Callback<stormlab_board::ItemId>,
    /// Ends editing its label: `Some(text)` commits, `None` cancels.
    pub on_end_edit: Callback<Option<String>>,
}

/// The label with break opportunities (`<wbr>`) between camel-case words, so that
/// "InventoryReserved" wraps as "Inventory / Reserved" rather than mid-word, while its text
/// (what a screen reader reads and a search finds) stays exactly the label.
fn breakable(label: &str) -> Html {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut prev_lower = false;
    for (i, c) in label.char_indices() {
        if c.is_uppercase() && prev_lower {
            parts.push(html! { <>{ &label[start..i] }<wbr /></> });
            start = i;
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
    }
    parts.push(html! { { &label[start..] } });
    parts.into_iter().collect()
}

/// A sticky note.
#[function_component]
pub fn StickyNote(props: &StickyProps) -> Html {
    let s = &props.sticky;
    let (w, h) = s.kind.size();
    let style = format!(
        "left:{}px;top:{}px;width:{w}px;height:{h}px",
        s.x + props.offset.0,
        s.y + props.offset.1
    );
    let mut class = classes!("sticky", format!("kind-{}", s.kind.slug()));
    if props.selected {
        class.push("selected");
    }
    if !props.lints.is_empty() {
        class.push("has-lint");
    }
    if s.label.chars().count() > 28 {
        class.push("long");
    }
    let kind_line = match (s.kind, s.scope()) {
        (Kind::Event, Some(Scope::Integration)) => "Integration event".to_string(),
        (Kind::Event, _) => "Domain event".to_string(),
        (kind, _) => kind.name().to_string(),
    };
    let id = s.id.to_string();
    // Tabbing to a sticky selects it, so Enter, the arrows and Delete act on it.
    let onfocus = {
        let (on_select, item, selected) = (
            props.on_select.clone(),
            stormlab_board::ItemId::Sticky(s.id),
            props.selected,
        );
        Callback::from(move |_: FocusEvent| {
            if !selected {
                on_select.emit(item);
            }
        })
    };
    html! {
        <div {class} {style} data-target={id.clone()} role="button" tabindex="0" {onfocus}
             aria-pressed={props.selected.to_string()}>
            <span class="sticky-kind">{ kind_line }</span>
            if props.editing {
                <LabelEditor label={s.label.clone()} on_end={props.on_end_edit.clone()} />
            } else {
                <span class="sticky-label">{ breakable(&s.label) }</span>
            }
            if !props.lints.is_empty() {
                <span class="lint-badge" role="img" title={props.lints.join("\n")}
                      aria-label={format!("{} modelling advice", props.lints.len())}>
                    { props.lints.len() }
                </span>
            }
            if s.kind != Kind::Hotspot {
                <span class="connect-handle" data-target={format!("h{}", s.id.0)}
                      title="Drag to another sticky to connect" aria-hidden="true"></span>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct LabelEditorProps {
    label: String,
    on_end: Callback<Option<String>>,
}

/// The in-place label editor: Enter commits, Shift+Enter adds a line, Escape cancels.
#[function_component]
fn LabelEditor(props: &LabelEditorProps) -> Html {
    let node = use_node_ref();
    {
        // The label goes in once, when the editor opens: a `value` attribute would be put back
        // by every render while someone types (see `stormlab_ui_common::entry`).
        let (node, label) = (node.clone(), props.label.clone());
        use_effect_with((), move |_| {
            if let Some(el) = node.cast::<HtmlTextAreaElement>() {
                el.set_value(&label);
                let _ = el.focus();
                el.select();
            }
        });
    }
    let onkeydown = {
        let on_end = props.on_end.clone();
        let node = node.clone();
        Callback::from(move |e: KeyboardEvent| {
            e.stop_propagation();
            if e.key() == "Enter" && !e.shift_key() {
                e.prevent_default();
                let text = node.cast::<HtmlTextAreaElement>().map(|t| t.value());
                on_end.emit(text);
            } else if e.key() == "Escape" {
                on_end.emit(None);
            }
        })
    };
    let onblur = {
        let on_end = props.on_end.clone();
        let node = node.clone();
        Callback::from(move |_: FocusEvent| {
            let text = node.cast::<HtmlTextAreaElement>().map(|t| t.value());
            on_end.emit(text);
        })
    };
    html! {
        <textarea ref={node} class="sticky-editor" aria-label="Sticky text"
                  {onkeydown} {onblur} onpointerdown={Callback::from(|e: PointerEvent| e.stop_propagation())} />
    }
}
