//! The property editor for the selection: a sticky's text, notes and event properties, a
//! context's name, a link, or the board's title. Each change is one action (one undo entry).

use std::rc::Rc;

use stormlab_board::lints::Lint;
use stormlab_board::{Action, Editor, EventProps, ItemId, Payload, Scope, Sticky, Versioning};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use stormlab_board::settings::EVENT_VERSION;

use super::state::{Edit, Shared};
use stormlab_ui_common::entry::Entry;
use stormlab_ui_common::sim_props::{context_sim, sticky_sim};

/// Props of the property editor.
#[derive(Properties, PartialEq)]
pub struct PropertiesProps {
    /// The editor.
    pub editor: Shared<Editor>,
    /// Lints of the board.
    pub lints: Rc<Vec<Lint>>,
    /// Applies an edit.
    pub on_edit: Callback<Edit>,
}

fn input_value(e: &Event) -> String {
    if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
        i.value()
    } else if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
        t.value()
    } else if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
        s.value()
    } else {
        String::new()
    }
}

fn on_change(
    d: &Callback<Edit>,
    make: impl Fn(String) -> Option<Action> + 'static,
) -> Callback<Event> {
    let d = d.clone();
    Callback::from(move |e: Event| {
        if let Some(action) = make(input_value(&e)) {
            d.emit(Ok(action));
        }
    })
}

/// The property editor.
#[function_component]
pub fn Properties(props: &PropertiesProps) -> Html {
    let editor = &props.editor;
    let board = &editor.board;
    let d = &props.on_edit;
    let selected: Vec<ItemId> = editor.selection.iter().copied().collect();
    match selected.as_slice() {
        [] => {
            let title = board.title.clone();
            html! {
                <div class="props">
                    <label class="field">{ "Board title" }
                        <Entry value={title} onchange={on_change(d, |v| Some(Action::SetTitle(v)))} />
                    </label>
                    <p class="panel-hint">{ format!(
                        "{} stickies, {} contexts, {} links. Select something to edit it; double-click a sticky to change its text.",
                        board.stickies.len(), board.contexts.len(), board.links.len()
                    ) }</p>
                </div>
            }
        }
        [ItemId::Sticky(id)] => match board.sticky(*id) {
            Some(sticky) => {
                let by_actor = board.incoming(sticky.id).any(|l| {
                    board
                        .sticky(l.from)
                        .is_some_and(|s| s.kind == stormlab_board::Kind::Actor)
                });
                html! {
                    <>
                        { sticky_props(sticky, board.context_name(sticky.context), &props.lints, d) }
                        { sticky_sim(sticky, by_actor, d) }
                    </>
                }
            }
            None => html! {},
        },
        [ItemId::Context(id)] => match board.context(*id) {
            Some(c) => {
                let id = c.id;
                let members = board
                    .stickies
                    .iter()
                    .filter(|s| s.context == Some(id))
                    .count();
                html! {
                    <div class="props">
                        <label class="field">{ "Bounded context name" }
                            <Entry value={c.name.clone()}
                                   onchange={on_change(d, move |v| (!v.trim().is_empty()).then(|| Action::RenameContext { id, name: v.trim().into() }))} />
                        </label>
                        <p class="panel-hint">{ format!("Owns {members} stickies: the ones whose centre lies inside the frame. Drag the corner to resize.") }</p>
                        { context_sim(c, d) }
                    </div>
                }
            }
            None => html! {},
        },
        [ItemId::Link(id)] => match board.link(*id) {
            Some(l) => {
                let (from, to) = (board.sticky(l.from), board.sticky(l.to));
                let (Some(from), Some(to)) = (from, to) else {
                    return html! {};
                };
                let crosses = from.context != to.context;
                html! {
                    <div class="props">
                        <p class="link-desc"><strong>{ &from.label }</strong>{ " → " }<strong>{ &to.label }</strong></p>
                        if crosses {
                            <p class="panel-hint">{ format!(
                                "This link crosses from {} to {}: in the simulation it is a subscription through the broker.",
                                board.context_name(from.context), board.context_name(to.context)
                            ) }</p>
                        }
                    </div>
                }
            }
            None => html! {},
        },
        many => html! {
            <div class="props">
                <p class="panel-hint">{ format!("{} items selected. Drag any of them to move them together, or press Delete.", many.len()) }</p>
            </div>
        },
    }
}

fn sticky_props(sticky: &Sticky, context: &str, lints: &[Lint], d: &Callback<Edit>) -> Html {
    let id = sticky.id;
    let advice: Vec<&Lint> = lints.iter().filter(|l| l.sticky == id).collect();
    html! {
        <div class="props">
            <p class={classes!("props-kind", format!("kind-{}", sticky.kind.slug()))}>
                { format!("{} · {}", sticky.kind.name(), context) }
            </p>
            <label class="field">{ "Text" }
                <Entry value={sticky.label.clone()}
                       onchange={on_change(d, move |v| (!v.trim().is_empty()).then(|| Action::SetLabel { id, label: v.trim().into() }))} />
            </label>
            <label class="field">{ "Notes" }
                <Entry value={sticky.notes.clone()} rows={3}
                          onchange={on_change(d, move |v| Some(Action::SetNotes { id, notes: v }))} />
            </label>
            if let Some(event) = &sticky.event {
                { event_props(id, event, d) }
            }
            if !advice.is_empty() {
                <ul class="sticky-advice">
                    { for advice.iter().map(|l| html! { <li>{ &l.message }</li> }) }
                </ul>
            }
        </div>
    }
}

fn event_props(id: stormlab_board::StickyId, event: &EventProps, d: &Callback<Edit>) -> Html {
    let with = |change: fn(&mut EventProps, &str) -> bool| {
        let base = event.clone();
        on_change(d, move |v| {
            let mut props = base.clone();
            change(&mut props, &v).then_some(Action::SetEvent { id, props })
        })
    };
    let scope_change = with(|p, v| {
        p.scope = if v == "integration" {
            Scope::Integration
        } else {
            Scope::Domain
        };
        true
    });
    let payload_change = with(|p, v| {
        p.payload = Payload::ALL
            .into_iter()
            .find(|x| format!("{x:?}") == v)
            .unwrap_or(p.payload);
        true
    });
    let version_change = with(|p, v| {
        let v = v.trim();
        if v.is_empty() {
            p.version = None;
            true
        } else if let Ok(n) = EVENT_VERSION.parse(v) {
            p.version = Some(n as u32);
            true
        } else {
            false
        }
    });
    let versioning_change = with(|p, v| {
        p.versioning = Versioning::ALL.into_iter().find(|x| format!("{x:?}") == v);
        true
    });
    let fields = super::field_rows::rows(id, event, d);
    let scope = event.scope;
    html! {
        <fieldset class="event-props">
            <legend>{ "Event" }</legend>
            <label class="field">{ "Scope" }
                <select onchange={scope_change}>
                    <option value="domain" selected={scope == Scope::Domain}>{ "Domain event (inside its context)" }</option>
                    <option value="integration" selected={scope == Scope::Integration}>{ "Integration event (published)" }</option>
                </select>
            </label>
            <label class="field">{ "Payload" }
                <select onchange={payload_change}>
                    { for Payload::ALL.iter().map(|p| html! { <option value={format!("{p:?}")} selected={*p == event.payload}>{ p.name() }</option> }) }
                </select>
            </label>
            <div class="field-pair">
                <label class="field">{ "Version" }
                    <Entry kind="number" min="1" placeholder="none" value={event.version.map(|v| v.to_string()).unwrap_or_default()} onchange={version_change} />
                </label>
                <label class="field">{ "Versioning" }
                    <select onchange={versioning_change}>
                        <option value="" selected={event.versioning.is_none()}>{ "None" }</option>
                        { for Versioning::ALL.iter().map(|v| html! { <option value={format!("{v:?}")} selected={Some(*v) == event.versioning}>{ v.name() }</option> }) }
                    </select>
                </label>
            </div>
            <div class="fields">
                <span class="fields-title">{ format!("Fields (about {} bytes)", event.state_bytes()) }</span>
                { fields }
            </div>
        </fieldset>
    }
}
