//! A text or number field that shows the model's value without ever overwriting what someone is
//! typing. Yew sets an `<input value>` on every render where the DOM differs from it, so any
//! render while a field is being typed into (a participant's pointer in a live room, a frame of
//! a playing run) would wipe the text typed so far. An `Entry` takes the model's value only
//! while it is not focused, and once more when it loses the focus (so a refused change shows the
//! value kept).

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Props of an [`Entry`].
#[derive(Properties, PartialEq)]
pub struct EntryProps {
    /// The model's value.
    pub value: AttrValue,
    /// Called when the field's text is committed (the `change` event).
    #[prop_or_default]
    pub onchange: Callback<Event>,
    /// The input's type (`text`, `number`, ...); ignored with `rows`.
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// A text area of that many rows instead of a one-line input.
    #[prop_or_default]
    pub rows: Option<u32>,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub aria_label: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or_default]
    pub min: Option<AttrValue>,
    #[prop_or_default]
    pub max: Option<AttrValue>,
    #[prop_or_default]
    pub step: Option<AttrValue>,
    #[prop_or_default]
    pub maxlength: Option<AttrValue>,
    #[prop_or_default]
    pub title: Option<AttrValue>,
    #[prop_or_default]
    pub disabled: bool,
    /// The field's node, for a form that reads it when submitted.
    #[prop_or_default]
    pub node: Option<NodeRef>,
    /// A form's field: `value` is only where it starts (the form reads the field when it is
    /// submitted), never put back.
    #[prop_or_default]
    pub form: bool,
}

/// Puts `value` into the field behind `node` (an input or a text area); unless `always`, only
/// when the field is not being typed into.
pub fn show_value(node: &NodeRef, value: &str, always: bool) {
    if let Some(input) = node.cast::<HtmlInputElement>() {
        if (always || !input.matches(":focus").unwrap_or(false)) && input.value() != value {
            input.set_value(value);
        }
    } else if let Some(area) = node.cast::<HtmlTextAreaElement>() {
        if (always || !area.matches(":focus").unwrap_or(false)) && area.value() != value {
            area.set_value(value);
        }
    }
}

/// A field showing the model's value, never overwriting what is being typed (see the module).
#[function_component]
pub fn Entry(props: &EntryProps) -> Html {
    let own = use_node_ref();
    let node = props.node.clone().unwrap_or(own);
    let latest = use_mut_ref(String::new);
    latest.replace(props.value.to_string());
    let shown = use_mut_ref(|| false);
    {
        let (node, value, form) = (node.clone(), props.value.clone(), props.form);
        // After every render: the model's value, unless someone is typing (a form's field:
        // once, when it opens).
        use_effect(move || {
            if !form || !shown.replace(true) {
                show_value(&node, &value, false);
            }
        });
    }
    let onblur = {
        let (node, latest, form) = (node.clone(), latest.clone(), props.form);
        // After a change was committed (or refused): what the model now holds.
        Callback::from(move |_: FocusEvent| {
            if !form {
                show_value(&node, &latest.borrow(), true);
            }
        })
    };
    let onchange = props.onchange.clone();
    let p = props;
    match p.rows {
        Some(rows) => html! {
            <textarea ref={node} class={p.class.clone()} rows={rows.to_string()} aria-label={p.aria_label.clone()}
                      placeholder={p.placeholder.clone()} maxlength={p.maxlength.clone()} title={p.title.clone()} {onchange} {onblur} />
        },
        None => html! {
            <input ref={node} type={p.kind.clone()} class={p.class.clone()} aria-label={p.aria_label.clone()}
                   placeholder={p.placeholder.clone()} min={p.min.clone()} max={p.max.clone()} step={p.step.clone()}
                   maxlength={p.maxlength.clone()} title={p.title.clone()} disabled={p.disabled} {onchange} {onblur} />
        },
    }
}
