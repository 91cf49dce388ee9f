//! Simulation settings in the property panel, one row per setting of the settings table that
//! the selected sticky's kind carries (or the context's service, or the run): numbers with
//! their range, yes-or-no boxes and choices. Each change is one action, checked by the reducer.

use stormlab_board::settings::table::{self, Setting, Show, Table, Value};
use stormlab_board::settings::{ServiceSettings, StickySettings};
use stormlab_board::{Action, Context, Kind, Sticky};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::entry::Entry;

/// A board edit from a form: the action, or why the input was refused (shown as an error).
pub type Edit = Result<Action, String>;

/// Where a row's change goes: the action, or the sentence saying what the field takes.
type D = Callback<Edit>;

fn value(e: &Event) -> String {
    if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
        if i.type_() == "checkbox" {
            return i.checked().to_string();
        }
        i.value()
    } else if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
        s.value()
    } else {
        String::new()
    }
}

/// Who the rows are for: a sticky of a kind (issued by an actor or not), or a context or the
/// run (every setting of their table).
#[derive(Clone, Copy, PartialEq)]
pub struct For {
    /// The sticky's kind.
    pub kind: Option<Kind>,
    /// True for a command an actor issues.
    pub issued_by_actor: bool,
}

/// True when the panel shows `setting` of `t` for `who`.
fn shown<T: Table>(setting: &Setting<T>, t: &T, who: For) -> bool {
    let carried = who.kind.is_none_or(|k| setting.carried_by(k));
    let when = match setting.show {
        Show::Always => true,
        Show::If(f) => f(t),
        Show::IssuedByActor => who.issued_by_actor,
    };
    carried && when && table::applies(setting, t)
}

/// The rows for the settings of `t` that `who` carries; `act` makes the action from the
/// changed settings.
pub fn rows<T: Table + Clone>(
    t: &T,
    who: For,
    d: &D,
    act: impl Fn(T) -> Action + Clone + 'static,
) -> Html {
    let mut fields = Vec::new();
    let mut checks = Vec::new();
    for setting in T::TABLE.iter().filter(|s| shown(s, t, who)) {
        let label = match who.kind {
            Some(kind) => setting.label_for(kind),
            None => setting.label(),
        };
        let row = row(setting, label, t, d, act.clone());
        match setting.value {
            Value::Flag { .. } => checks.push(row),
            _ => fields.push(row),
        }
    }
    html! {
        <>
            <div class="sim-grid">{ for fields }</div>
            { for checks }
        </>
    }
}

fn row<T: Table + Clone>(
    setting: &'static Setting<T>,
    label: &'static str,
    t: &T,
    d: &D,
    act: impl Fn(T) -> Action + 'static,
) -> Html {
    let base = t.clone();
    match &setting.value {
        Value::Number {
            range,
            get,
            set,
            clear,
            ..
        } => {
            let (set, clear, range) = (*set, *clear, *range);
            let onchange = d.reform(move |e: Event| {
                let text = value(&e);
                let mut next = base.clone();
                match clear {
                    Some(clear) if text.trim().is_empty() => clear(&mut next),
                    _ => set(&mut next, range.parse(&text)?),
                }
                Ok(act(next))
            });
            let current = get(t).map(|v| v.to_string()).unwrap_or_default();
            let hint = if clear.is_some() { " (blank: any)" } else { "" };
            html! {
                <label class="field">{ label }{ hint }
                    <Entry kind="number" min={range.min.to_string()} max={range.max.to_string()} step={range.step()}
                           value={current} {onchange} />
                </label>
            }
        }
        Value::Flag { get, set, .. } => {
            let set = *set;
            let onchange = d.reform(move |e: Event| {
                let mut next = base.clone();
                set(&mut next, value(&e) == "true");
                Ok(act(next))
            });
            html! {
                <label class="check"><input type="checkbox" checked={get(t)} {onchange} />{ label }</label>
            }
        }
        Value::Choice {
            words, names, get, ..
        } => {
            let onchange = d.reform(move |e: Event| {
                let mut next = base.clone();
                let word = value(&e);
                let i = words.iter().position(|w| *w == word).unwrap_or(0);
                table::choose(setting, &mut next, i);
                Ok(act(next))
            });
            let chosen = get(t);
            html! {
                <label class="field wide">{ label }
                    <select {onchange}>
                        { for words.iter().zip(names.iter()).enumerate().map(|(i, (w, n))| html! {
                            <option value={*w} selected={i == chosen}>{ *n }</option>
                        }) }
                    </select>
                </label>
            }
        }
    }
}

/// The simulation settings of a sticky, for the kinds that have any.
pub fn sticky_sim(sticky: &Sticky, issued_by_actor: bool, d: &D) -> Html {
    let id = sticky.id;
    let kind = sticky.kind;
    if !StickySettings::TABLE.iter().any(|s| s.carried_by(kind)) {
        return html! {};
    }
    let act = move |settings: StickySettings| Action::SetStickySettings { id, settings };
    let who = For {
        kind: Some(kind),
        issued_by_actor,
    };
    html! {
        <fieldset class="sim-props">
            <legend>{ "Simulation" }</legend>
            if matches!(kind, Kind::Policy | Kind::ReadModel) {
                <p class="panel-hint">{ "Each incoming event is a subscription through the broker." }</p>
            }
            { rows(&sticky.settings, who, d, act) }
        </fieldset>
    }
}

/// The simulation settings of the service a context runs as.
pub fn context_sim(context: &Context, d: &D) -> Html {
    let id = context.id;
    let act = move |settings: ServiceSettings| Action::SetServiceSettings { id, settings };
    let who = For {
        kind: None,
        issued_by_actor: false,
    };
    html! {
        <fieldset class="sim-props">
            <legend>{ "Simulation: the service" }</legend>
            { rows(&context.service, who, d, act) }
        </fieldset>
    }
}
