//! How a board lies in the Yjs document, so that each kind of concurrent change merges the way
//! a room would expect. Four root maps, readable by any Yjs client:
//!
//! - `stickies`: key → map { `kind`, `label` (text), `notes` (text), `pos` ([x, y]),
//!   `event` (JSON), `sim` (map: setting → JSON) }
//! - `contexts`: key → map { `name` (text), `rect` ([x, y, w, h]), `sim` (map) }
//! - `links`: key → [from key, to key]
//! - `board`: { `title` (text), `example`, `run` (map: setting → JSON), `walkthrough` (JSON:
//!   [{ link: key, caption }]), `experiments` (JSON: the board file's experiments, an outage's
//!   context by key; the list is one value: two people saving at once keep the last one's) }
//!
//! A key is the writer's client id and its own id for the item (`"5f3a9c-12"`), so two people
//! adding at once never take the same key. A position or a rectangle is one value (a move is
//! whole: the last writer's), a label or a name is text (two people typing into it both
//! keep their words), each setting is its own entry (two people changing two settings of one
//! sticky both keep theirs). A sticky's context is not stored: it follows from where the
//! sticky lies, as when a file is opened.

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map as JsonMap, Value};
use stormlab_board::{Context, Sticky};
use yrs::{
    Any, GetString, Map, MapPrelim, MapRef, Number, Out, ReadTxn, Text, TextPrelim, TextRef,
    TransactionMut,
};

use crate::splice::splice;

/// The root maps.
pub const STICKIES: &str = "stickies";
/// The root maps.
pub const CONTEXTS: &str = "contexts";
/// The root maps.
pub const LINKS: &str = "links";
/// The root maps.
pub const BOARD: &str = "board";

/// Numbers as one Yjs value (an array of numbers).
pub fn numbers(values: &[f64]) -> Any {
    Any::Array(
        values
            .iter()
            .map(|v| Any::Number(Number::Float(*v)))
            .collect::<Vec<_>>()
            .into(),
    )
}

/// Reads `len` numbers written by [`numbers`]; `None` for anything else.
pub fn read_numbers<const N: usize>(value: Option<Out>) -> Option<[f64; N]> {
    let Some(Out::Any(Any::Array(items))) = value else {
        return None;
    };
    let mut out = [0.0; N];
    if items.len() != N {
        return None;
    }
    for (slot, item) in out.iter_mut().zip(items.iter()) {
        *slot = match item {
            Any::Number(Number::Float(n)) => *n,
            Any::Number(Number::Int(n)) => *n as f64,
            _ => return None,
        };
    }
    Some(out)
}

/// A string entry of `map`.
pub fn string<T: ReadTxn>(map: &MapRef, txn: &T, key: &str) -> Option<String> {
    match map.get(txn, key)? {
        Out::Any(Any::String(s)) => Some(s.to_string()),
        Out::YText(t) => Some(t.get_string(txn)),
        _ => None,
    }
}

/// The text entry `key` of `map` as a string ("" when missing).
pub fn text<T: ReadTxn>(map: &MapRef, txn: &T, key: &str) -> String {
    string(map, txn, key).unwrap_or_default()
}

/// Makes the text entry `key` of `map` read `new` with the smallest edit from `old`.
pub fn set_text(txn: &mut TransactionMut, map: &MapRef, key: &str, old: &str, new: &str) {
    let Some(edit) = splice(old, new) else {
        return;
    };
    match map.get(txn, key) {
        Some(Out::YText(t)) => edit_text(txn, &t, &edit),
        _ => {
            map.insert(txn, key, TextPrelim::new(new));
        }
    }
}

fn edit_text(txn: &mut TransactionMut, t: &TextRef, edit: &crate::splice::Splice) {
    // The text may already differ from what this side last saw (someone typed meanwhile): the
    // splice is clamped to what is there, and the merge keeps both people's words.
    let len = t.len(txn);
    let at = edit.at.min(len);
    let delete = edit.delete.min(len - at);
    if delete > 0 {
        t.remove_range(txn, at, delete);
    }
    if !edit.insert.is_empty() {
        t.insert(txn, at, &edit.insert);
    }
}

/// A struct's fields as the entries of the nested map `key` (setting → JSON), writing only
/// those that differ from `old`.
pub fn set_fields<S: Serialize>(
    txn: &mut TransactionMut,
    map: &MapRef,
    key: &str,
    old: Option<&S>,
    new: &S,
) {
    let fields = |s: &S| match serde_json::to_value(s) {
        Ok(Value::Object(o)) => o,
        _ => JsonMap::new(),
    };
    let new = fields(new);
    let old = old.map(fields).unwrap_or_default();
    let nested = match map.get(txn, key) {
        Some(Out::YMap(m)) => m,
        _ => map.insert(txn, key, MapPrelim::default()),
    };
    for (name, value) in &new {
        if old.get(name) != Some(value) || nested.get(txn, name).is_none() {
            nested.insert(txn, name.as_str(), value.to_string());
        }
    }
    for name in old.keys().filter(|k| !new.contains_key(*k)) {
        nested.remove(txn, name);
    }
}

/// A struct read from the nested map `key`: the entries that read as the struct's fields;
/// the struct's defaults where none or a bad one does (a plain Yjs client may write anything).
pub fn fields<T: ReadTxn, S: DeserializeOwned + Default + Serialize>(
    map: &MapRef,
    txn: &T,
    key: &str,
) -> S {
    let Some(Out::YMap(nested)) = map.get(txn, key) else {
        return S::default();
    };
    let mut object = match serde_json::to_value(S::default()) {
        Ok(Value::Object(o)) => o,
        _ => JsonMap::new(),
    };
    for (name, value) in nested.iter(txn) {
        let Out::Any(Any::String(json)) = value else {
            continue;
        };
        let Ok(value) = serde_json::from_str::<Value>(&json) else {
            continue;
        };
        // Each field is tried on its own: one bad entry loses only itself.
        let mut trial = object.clone();
        trial.insert(name.to_string(), value);
        if serde_json::from_value::<S>(Value::Object(trial.clone())).is_ok() {
            object = trial;
        }
    }
    serde_json::from_value(Value::Object(object)).unwrap_or_default()
}

/// Writes a new sticky under `key`.
pub fn insert_sticky(txn: &mut TransactionMut, root: &MapRef, key: &str, s: &Sticky) {
    let m = root.insert(txn, key, MapPrelim::default());
    m.insert(txn, "kind", s.kind.slug());
    m.insert(txn, "label", TextPrelim::new(s.label.as_str()));
    m.insert(txn, "notes", TextPrelim::new(s.notes.as_str()));
    m.insert(txn, "pos", numbers(&[s.x, s.y]));
    update_sticky(txn, &m, None, s);
}

/// Writes what differs between `old` and `new` of one sticky.
pub fn update_sticky(txn: &mut TransactionMut, m: &MapRef, old: Option<&Sticky>, new: &Sticky) {
    if let Some(old) = old {
        set_text(txn, m, "label", &old.label, &new.label);
        set_text(txn, m, "notes", &old.notes, &new.notes);
        if (old.x, old.y) != (new.x, new.y) {
            m.insert(txn, "pos", numbers(&[new.x, new.y]));
        }
    }
    let event = serde_json::to_string(&new.event).unwrap_or_default();
    if old.is_none_or(|o| o.event != new.event) {
        m.insert(txn, "event", event);
    }
    set_fields(txn, m, "sim", old.map(|o| &o.settings), &new.settings);
}

/// Writes a new context under `key`.
pub fn insert_context(txn: &mut TransactionMut, root: &MapRef, key: &str, c: &Context) {
    let m = root.insert(txn, key, MapPrelim::default());
    m.insert(txn, "name", TextPrelim::new(c.name.as_str()));
    m.insert(txn, "rect", numbers(&[c.x, c.y, c.w, c.h]));
    set_fields(txn, &m, "sim", None, &c.service);
}

/// Writes what differs between `old` and `new` of one context.
pub fn update_context(txn: &mut TransactionMut, m: &MapRef, old: &Context, new: &Context) {
    set_text(txn, m, "name", &old.name, &new.name);
    if (old.x, old.y, old.w, old.h) != (new.x, new.y, new.w, new.h) {
        m.insert(txn, "rect", numbers(&[new.x, new.y, new.w, new.h]));
    }
    set_fields(txn, m, "sim", Some(&old.service), &new.service);
}

/// A link's two ends as one value.
pub fn link_value(from: &str, to: &str) -> Any {
    Any::Array(vec![Any::String(Arc::from(from)), Any::String(Arc::from(to))].into())
}

/// A link's two ends, read back.
pub fn read_link(value: &Out) -> Option<(String, String)> {
    let Out::Any(Any::Array(ends)) = value else {
        return None;
    };
    match &ends[..] {
        [Any::String(from), Any::String(to)] => Some((from.to_string(), to.to_string())),
        _ => None,
    }
}
