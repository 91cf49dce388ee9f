//! An event's payload fields in the property panel: a compact row per field (name, type, size,
//! required, remove), the parts of an array or object indented below it, each change one
//! `SetEvent` action. A size the type fixes (a uuid is 36 bytes) follows from the type.

use stormlab_board::settings::FIELD_BYTES;
use stormlab_board::{Action, EventProps, Field, FieldType, StickyId};
use stormlab_ui_common::entry::Entry;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::state::Edit;

/// Where a field sits: a field of the payload, or a part of one.
#[derive(Clone, Copy)]
enum At {
    Field(usize),
    Part(usize, usize),
}

impl At {
    fn get(self, props: &mut EventProps) -> Option<&mut Field> {
        match self {
            At::Field(i) => props.fields.get_mut(i),
            At::Part(i, j) => props.fields.get_mut(i)?.of.get_mut(j),
        }
    }

    fn remove(self, props: &mut EventProps) {
        match self {
            At::Field(i) if i < props.fields.len() => {
                props.fields.remove(i);
            }
            At::Part(i, j) => {
                if let Some(f) = props.fields.get_mut(i).filter(|f| j < f.of.len()) {
                    f.of.remove(j);
                }
            }
            At::Field(_) => {}
        }
    }

    fn label(self) -> String {
        match self {
            At::Field(i) => format!("Field {}", i + 1),
            At::Part(i, j) => format!("Field {} part {}", i + 1, j + 1),
        }
    }
}

/// A change to an event's properties, or why it cannot be made.
type Change = dyn Fn(&mut EventProps) -> Result<(), String>;

/// The rows, and the button adding a field.
pub fn rows(id: StickyId, event: &EventProps, d: &Callback<Edit>) -> Html {
    let edit = |change: Box<Change>| {
        let (base, d) = (event.clone(), d.clone());
        Callback::from(move |()| {
            let mut props = base.clone();
            d.emit(change(&mut props).map(|()| Action::SetEvent { id, props }));
        })
    };
    let mut items = Vec::new();
    for (i, f) in event.fields.iter().enumerate() {
        items.push(row(At::Field(i), f, event, d, id));
        if f.ty.nests() {
            for (j, p) in f.of.iter().enumerate() {
                items.push(row(At::Part(i, j), p, event, d, id));
            }
            let add_part = edit(Box::new(move |props| {
                if let Some(f) = props.fields.get_mut(i) {
                    let n = f.of.len() + 1;
                    f.of.push(Field::new(format!("part{n}"), 16));
                }
                Ok(())
            }));
            items.push(html! {
                <li class="field-row part add-part">
                    <button onclick={add_part.reform(|_: MouseEvent| ())} aria-label={format!("Add a part to {}", f.name)}>{ "+ Part" }</button>
                </li>
            });
        }
    }
    let add_field = edit(Box::new(|props| {
        let n = props.fields.len() + 1;
        props.fields.push(Field::new(format!("field{n}"), 64));
        Ok(())
    }));
    html! {
        <>
            <ul>
                if !event.fields.is_empty() {
                    <li class="field-row field-head" aria-hidden="true">
                        <span>{ "Name" }</span><span>{ "Type" }</span><span>{ "Bytes" }</span>
                        <span title="Required: every message has it">{ "Req." }</span><span></span>
                    </li>
                }
                { for items }
            </ul>
            <button onclick={add_field.reform(|_: MouseEvent| ())} aria-label="Add a field">{ "+ Field" }</button>
        </>
    }
}

fn row(at: At, f: &Field, event: &EventProps, d: &Callback<Edit>, id: StickyId) -> Html {
    let change = |apply: fn(&mut Field, String) -> Result<(), String>| {
        let (base, d) = (event.clone(), d.clone());
        Callback::from(move |value: String| {
            let mut props = base.clone();
            let result = at
                .get(&mut props)
                .ok_or_else(|| "That field is gone.".to_string())
                .and_then(|f| apply(f, value));
            d.emit(result.map(|()| Action::SetEvent { id, props }));
        })
    };
    let text = |cb: Callback<String>| {
        cb.reform(|e: Event| {
            e.target_dyn_into::<HtmlInputElement>()
                .map(|i| i.value())
                .or_else(|| e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value()))
                .unwrap_or_default()
        })
    };
    let rename = change(|f, v| {
        f.name = v.trim().to_string();
        Ok(())
    });
    let retype = change(|f, v| {
        let ty = FieldType::from_word(&v).ok_or("Unknown type.")?;
        f.ty = ty;
        f.bytes = ty.fixed_bytes().unwrap_or(f.bytes);
        if !ty.nests() {
            f.of.clear();
        }
        Ok(())
    });
    let resize = change(|f, v| {
        f.bytes = FIELD_BYTES.parse(&v)? as u32;
        Ok(())
    });
    let required = {
        let (base, d) = (event.clone(), d.clone());
        Callback::from(move |e: Event| {
            let on = e
                .target_dyn_into::<HtmlInputElement>()
                .is_some_and(|c| c.checked());
            let mut props = base.clone();
            if let Some(f) = at.get(&mut props) {
                f.required = on;
            }
            d.emit(Ok(Action::SetEvent { id, props }));
        })
    };
    let remove = {
        let (base, d) = (event.clone(), d.clone());
        Callback::from(move |_: MouseEvent| {
            let mut props = base.clone();
            at.remove(&mut props);
            d.emit(Ok(Action::SetEvent { id, props }));
        })
    };
    let label = at.label();
    // Parts hold no parts of their own (one level).
    let types = FieldType::ALL
        .iter()
        .filter(|t| matches!(at, At::Field(_)) || !t.nests());
    let fixed = f.ty.fixed_bytes().is_some();
    let class = classes!("field-row", matches!(at, At::Part(..)).then_some("part"));
    html! {
        <li {class}>
            <Entry class="field-name" value={f.name.clone()} onchange={text(rename)} aria_label={format!("{label} name")} />
            <select class="field-type" onchange={text(retype)} aria-label={format!("{label} type")}>
                { for types.map(|t| html! { <option value={t.word()} selected={*t == f.ty}>{ t.name() }</option> }) }
            </select>
            <Entry class="field-bytes" kind="number" min="0" max={FIELD_BYTES.max.to_string()} step="1" value={f.bytes.to_string()}
                   onchange={text(resize)} aria_label={format!("{label} size in bytes")}
                   title={fixed.then(|| format!("A {} is always {} bytes", f.ty.word(), f.bytes))} disabled={fixed} />
            <span class="field-required" title="Required: every message has it">
                <input type="checkbox" checked={f.required} onchange={required} aria-label={format!("{label} required")} />
            </span>
            <button onclick={remove} aria-label={format!("Remove {}", f.name)}>{ "×" }</button>
        </li>
    }
}
