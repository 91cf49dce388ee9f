//! The saved-file format: `{kind, version, ...}`, forward migrations from older versions, and
//! checks that turn any bad input into a message naming the problem.
//!
//! Version history:
//! - 1: stickies were `notes` (`text`, and `domain_event` / `integration_event` kinds), frames
//!   were `frames`, links were `arrows`.
//! - 2: `stickies` with event properties (scope, payload, fields, version, versioning), notes,
//!   context ownership, `contexts` and `links`, and `next_id`.
//! - 3: simulation settings: `sim` on the board (the run), on contexts (the service) and on
//!   stickies (handlers, subscriptions, event outcomes). All optional, so a version 2 file
//!   reads as version 3 with default settings.
//! - 4: `example`, the id of the built-in example a board was opened from (optional, so a
//!   version 3 file reads as version 4 unchanged).
//! - 5: what the engine could do but no board could ask for: the run's `style` (event-driven
//!   or request-response); per consumer the event version it reads, upcasting, a tolerant
//!   reader and a circuit breaker; per aggregate event sourcing with its replay cost and
//!   snapshots. All optional, so a version 4 file reads as version 5 unchanged.
//! - 6: `walkthrough`, the presentation's steps as the facilitator ordered and captioned them
//!   (optional, so a version 5 file reads as version 6 unchanged).
//! - 7: a consumer's retry back-off (`retry_backoff_ms`, optional, so a version 6 file reads as
//!   version 7 unchanged). Which version brought each setting is in the settings table.
//! - 8: `experiments`, the board's own A/B experiments (optional). A board of version 7 or
//!   older opened from a built-in example gets that example's lessons as its experiments (they
//!   used to be found by the example's id).

mod locate;
mod ranges;
mod strict;

use std::collections::{HashMap, HashSet};
use std::fmt;
use stormlab_words::quoted;

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::document::{Board, EventProps, Scope};
use crate::kind::Kind;
use crate::settings::{RunSettings, ServiceSettings, StickySettings, Table};

use crate::limits::{MAX_BYTES, MAX_ID};

/// The `kind` of every board file.
pub const BOARD_KIND: &str = "stormlab-board";
/// The version this build writes.
pub const BOARD_VERSION: u64 = 9;

/// Why a file or link could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError(pub String);

impl LoadError {
    /// The same error for a board that came from elsewhere than a board file (`"the share
    /// link's board"`, `"the board"`): the message names what the person opened.
    pub fn read_from(self, what: &str) -> LoadError {
        let mut capital = what.to_string();
        if let Some(first) = capital.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        LoadError(
            self.0
                .replacen(
                    "This is not a board file",
                    &format!("{capital} is not a board"),
                    1,
                )
                .replacen("The board file", &capital, 1),
        )
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LoadError {}

fn fail<T>(message: impl Into<String>) -> Result<T, LoadError> {
    Err(LoadError(message.into()))
}

#[derive(Serialize)]
struct FileOut<'a> {
    kind: &'static str,
    version: u64,
    #[serde(flatten)]
    board: &'a Board,
}

/// The board as a pretty JSON file.
pub fn to_json(board: &Board) -> String {
    serde_json::to_string_pretty(&FileOut {
        kind: BOARD_KIND,
        version: BOARD_VERSION,
        board,
    })
    .expect("a board always serializes")
}

/// The board as compact JSON (for share links and local storage).
pub fn to_compact_json(board: &Board) -> String {
    serde_json::to_string(&FileOut {
        kind: BOARD_KIND,
        version: BOARD_VERSION,
        board,
    })
    .expect("a board always serializes")
}

/// Top-level keys that appeared after version 1, with the version that brought them.
const KEYS_SINCE: [(&str, u64); 8] = [
    ("stickies", 2),
    ("contexts", 2),
    ("links", 2),
    ("next_id", 2),
    ("sim", 3),
    ("example", 4),
    ("walkthrough", 6),
    ("experiments", 8),
];
/// Top-level keys only version 1 had.
const VERSION_1_KEYS: [&str; 3] = ["notes", "frames", "arrows"];
/// The fields of a version 1 note.
const VERSION_1_NOTE: [&str; 5] = ["id", "kind", "text", "x", "y"];
/// The fields of a version 1 frame.
const VERSION_1_FRAME: [&str; 6] = ["id", "name", "x", "y", "w", "h"];
/// The fields of a version 1 arrow.
const VERSION_1_ARROW: [&str; 3] = ["id", "from", "to"];

/// Refuses a file whose content does not match its version (a wrong version number would
/// otherwise drop what the reader does not expect).
fn check_version_matches(map: &Map<String, Value>, version: u64) -> Result<(), LoadError> {
    let mismatch = |key: &str, from: &str| {
        fail(format!(
            "The file says version {version}, but its \"{key}\" {from}: the version number does not match the content."
        ))
    };
    for (key, since) in KEYS_SINCE {
        if version < since && map.contains_key(key) {
            return mismatch(key, &format!("came with version {since}"));
        }
    }
    if version >= 2 {
        if let Some(key) = VERSION_1_KEYS.iter().find(|k| map.contains_key(**k)) {
            return mismatch(key, "is from version 1 files");
        }
    }
    if version < 3 {
        for list in ["stickies", "contexts"] {
            let items = map.get(list).and_then(Value::as_array);
            if let Some(i) = items.and_then(|v| v.iter().position(|x| x.get("sim").is_some())) {
                return mismatch(&format!("{list}[{i}].sim"), "came with version 3");
            }
        }
    }
    if version < 9 {
        if let Some(path) = typed_field(map) {
            return mismatch(&path, "came with version 9");
        }
    }
    if let Some(problem) = settings_since(map, version) {
        return mismatch(&problem.0, &format!("came with version {}", problem.1));
    }
    Ok(())
}

/// The first setting under `sim` (the run's, a context's or a sticky's) that a file of
/// `version` cannot have, as its path and the version that brought it (from the settings
/// table).
fn settings_since(map: &Map<String, Value>, version: u64) -> Option<(String, u64)> {
    fn newer<T: Table>(sim: Option<&Value>, version: u64) -> Option<(&'static str, u64)> {
        let sim = sim?;
        T::TABLE
            .iter()
            .filter(|s| s.since > version)
            .find(|s| {
                let mut v = Some(sim);
                for part in s.file.split('.') {
                    v = v.and_then(|v| v.get(part));
                }
                v.is_some()
            })
            .map(|s| (s.file, s.since))
    }
    if let Some((key, since)) = newer::<RunSettings>(map.get("sim"), version) {
        return Some((format!("sim.{key}"), since));
    }
    for (list, is_sticky) in [("contexts", false), ("stickies", true)] {
        let items = map.get(list).and_then(Value::as_array);
        for (i, item) in items.into_iter().flatten().enumerate() {
            let sim = item.get("sim");
            let found = if is_sticky {
                newer::<StickySettings>(sim, version)
            } else {
                newer::<ServiceSettings>(sim, version)
            };
            if let Some((key, since)) = found {
                return Some((format!("{list}[{i}].sim.{key}"), since));
            }
        }
    }
    None
}

/// The first value of `board` out of its range (a setting, a position, a count), as a message
/// naming its path in the file.
pub fn check_ranges(board: &Board) -> Result<(), String> {
    ranges::check(board)
}

/// Reads a board file of any known version.
pub fn from_json(text: &str) -> Result<Board, LoadError> {
    // A byte-order mark is not part of the JSON (some editors write one).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_BYTES {
        return fail(format!(
            "The file is too large ({:.1} MB); boards are limited to {} MB.",
            text.len() as f64 / 1_048_576.0,
            MAX_BYTES / 1_048_576
        ));
    }
    if text.trim().is_empty() {
        return fail("The file is empty.");
    }
    let value: Value = strict::parse(text).map_err(|e| {
        let what = if e.is_eof() {
            "it ends too early (truncated?)".to_string()
        } else if e.is_data() {
            // A key given twice: the message names it.
            let message = e.to_string();
            let key = message.split(" at line").next().unwrap_or(&message);
            key.to_string()
        } else {
            "it is not valid JSON".to_string()
        };
        LoadError(format!(
            "This is not a board file: {what}, at line {} column {}.",
            e.line(),
            e.column()
        ))
    })?;
    let Value::Object(mut map) = value else {
        return fail("This is not a board file: expected a JSON object.");
    };
    match map.get("kind").and_then(Value::as_str) {
        Some(BOARD_KIND) => {}
        Some(other) => {
            return fail(format!(
                "This is not a Stormlab board (its kind is {}).",
                quoted(other)
            ))
        }
        None => return fail("This is not a Stormlab board: the \"kind\" field is missing."),
    }
    let version = match map.get("version").and_then(Value::as_u64) {
        Some(v) => v,
        None => return fail("The board file has no valid \"version\" number."),
    };
    if version == 0 {
        return fail(format!(
            "The board file says version 0, which no Stormlab writes; board files have versions 1 to {BOARD_VERSION}."
        ));
    }
    if version > BOARD_VERSION {
        return fail(format!(
            "This board was saved by a newer Stormlab (file version {version}); this one reads versions 1 to {BOARD_VERSION}."
        ));
    }
    check_version_matches(&map, version)?;
    if version < 2 {
        map = migrate_1_to_2(map)?;
    }
    map.remove("kind");
    map.remove("version");
    // Read from the document printed again, so that an error has a line, which names the
    // field (one way of reading keeps the wasm small: no second deserializer).
    let document = Value::Object(map);
    let printed = serde_json::to_string_pretty(&document).expect("a JSON value prints");
    let mut board: Board = serde_json::from_str(&printed).map_err(|e| {
        let message = e.to_string();
        let what = message.split(" at line ").next().unwrap_or(&message);
        let mut path = locate::path_at_line(&document, e.line());
        if version < 2 {
            path = version_1_path(&path);
        }
        let setting = setting_label(&path).map_or(String::new(), |l| format!(" ({l})"));
        LoadError(format!(
            "The board file has a bad field at {path}{setting}: {}.",
            stormlab_words::plain(what)
        ))
    })?;
    if version < 8 {
        migrate_to_8(&mut board);
    }
    if version < 9 {
        migrate_to_9(&mut board);
    }
    check(&mut board)?;
    Ok(board)
}

/// Version 8: a board opened from a built-in example takes the example's lessons as its own
/// experiments.
fn migrate_to_8(board: &mut Board) {
    let Some(example) = board.example.as_deref().and_then(crate::examples::example) else {
        return;
    };
    board.experiments = crate::lessons::of_example(example.id);
}

/// The first field of a payload with a type, an optional flag or parts (version 9's), as a
/// path.
fn typed_field(map: &Map<String, Value>) -> Option<String> {
    let stickies = map.get("stickies")?.as_array()?;
    for (i, s) in stickies.iter().enumerate() {
        let fields = s.pointer("/event/fields").and_then(Value::as_array);
        for (k, f) in fields.into_iter().flatten().enumerate() {
            if let Some(key) = ["type", "required", "of"]
                .into_iter()
                .find(|key| f.get(key).is_some())
            {
                return Some(format!("stickies[{i}].event.fields[{k}].{key}"));
            }
        }
    }
    None
}

/// Version 9: fields have types. Before, every field was a size only (a string, now); a board
/// opened from a built-in example takes the example's types for the fields it still has.
fn migrate_to_9(board: &mut Board) {
    let Some(example) = board.example.as_deref().and_then(crate::examples::example) else {
        return;
    };
    let typed = example.board();
    for s in &mut board.stickies {
        let Some(props) = s.event.as_mut() else {
            continue;
        };
        let Some(theirs) = typed
            .stickies
            .iter()
            .find(|t| t.label == s.label)
            .and_then(|t| t.event.as_ref())
        else {
            continue;
        };
        for f in &mut props.fields {
            if let Some(t) = theirs.fields.iter().find(|t| t.name == f.name) {
                f.ty = t.ty;
                f.of = t.of.clone();
                f.bytes = t.ty.fixed_bytes().unwrap_or(f.bytes);
            }
        }
    }
}

/// The checks every board read from outside passes, whatever its format: values within their
/// ranges, ids unique, links allowed by the grammar, within the size limit. Repairs what can be
/// derived (context ownership, `next_id`).
pub fn check(board: &mut Board) -> Result<(), LoadError> {
    ranges::check(board).map_err(LoadError)?;
    validate(board)?;
    // Whatever opens must save and open again: the saved form counts against the limit.
    if let Some(mb) = saved_mb_over_limit(board) {
        return fail(format!(
            "Saved again, this board would take {mb:.1} MB, over the {} MB a board file may hold.",
            MAX_BYTES / 1_048_576
        ));
    }
    Ok(())
}

/// The size of `board`'s saved file in MB when it is over [`MAX_BYTES`] (the limit holds for
/// what the app writes as for what it reads); `None` within the limit.
pub fn saved_mb_over_limit(board: &Board) -> Option<f64> {
    let bytes = to_json(board).len();
    (bytes > MAX_BYTES).then(|| bytes as f64 / 1_048_576.0)
}

/// The panel's label of the setting at a board file path (`sim.seed` is the Seed), if the path
/// is a setting's.
fn setting_label(path: &str) -> Option<&'static str> {
    use crate::settings::table::{Setting, Table};
    use crate::settings::{RunSettings, ServiceSettings, StickySettings};
    fn label<T: Table>(file: &str) -> Option<&'static str> {
        T::TABLE
            .iter()
            .find(|s: &&Setting<T>| s.file == file)
            .map(|s| s.label())
    }
    let (_, file) = path.split_once("sim.")?;
    label::<RunSettings>(file)
        .or_else(|| label::<ServiceSettings>(file))
        .or_else(|| label::<StickySettings>(file))
}

/// Where a field of a version 1 file is, from where its migrated form put it: the error names
/// the fields the person's file has (`arrows[0].to`, not `links[0].to`).
fn version_1_path(path: &str) -> String {
    let renamed = [
        ("stickies[", "notes["),
        ("contexts[", "frames["),
        ("links[", "arrows["),
    ]
    .iter()
    .find_map(|(now, then)| path.strip_prefix(now).map(|rest| format!("{then}{rest}")))
    .unwrap_or_else(|| path.to_string());
    match renamed.strip_suffix(".label") {
        Some(note) if renamed.starts_with("notes[") => format!("{note}.text"),
        _ => renamed,
    }
}

/// A version 1 id: a whole number from 0 to [`MAX_ID`] (a missing id is refused, not 0).
fn version_1_id(id: Option<&Value>, path: &str) -> Result<u64, LoadError> {
    match id.and_then(Value::as_u64) {
        Some(id) if id <= MAX_ID as u64 => Ok(id),
        _ => fail(format!(
            "The version 1 board has a bad id at {path}: ids are whole numbers from 0 to {MAX_ID}."
        )),
    }
}

fn migrate_1_to_2(mut v1: Map<String, Value>) -> Result<Map<String, Value>, LoadError> {
    let take_list = |map: &mut Map<String, Value>, name: &str| -> Result<Vec<Value>, LoadError> {
        match map.remove(name) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items),
            Some(_) => fail(format!("The version 1 board's \"{name}\" is not a list.")),
        }
    };
    let notes = take_list(&mut v1, "notes")?;
    let frames = take_list(&mut v1, "frames")?;
    let arrows = take_list(&mut v1, "arrows")?;
    let mut max_id = 0u64;
    let mut stickies = Vec::new();
    for (i, note) in notes.into_iter().enumerate() {
        let Value::Object(mut note) = note else {
            return fail(format!("notes[{i}] is not an object."));
        };
        if let Some(key) = note.keys().find(|k| !VERSION_1_NOTE.contains(&k.as_str())) {
            return fail(format!(
                "notes[{i}] has a field \"{key}\" that version 1 notes do not have."
            ));
        }
        let kind = note
            .remove("kind")
            .and_then(|k| k.as_str().map(str::to_string))
            .unwrap_or_default();
        let (kind, scope) = match kind.as_str() {
            "domain_event" => ("event", Some(Scope::Domain)),
            "integration_event" => ("event", Some(Scope::Integration)),
            "command" | "actor" | "aggregate" | "policy" | "read_model" | "external_system"
            | "hotspot" => (kind.as_str(), None),
            other => return fail(format!("notes[{i}] has an unknown kind {}.", quoted(other))),
        };
        let id = version_1_id(note.get("id"), &format!("notes[{i}].id"))?;
        max_id = max_id.max(id);
        let mut sticky = json!({
            "id": id,
            "kind": kind,
            "label": note.remove("text").unwrap_or(json!("")),
            "x": note.remove("x").unwrap_or(json!(0.0)),
            "y": note.remove("y").unwrap_or(json!(0.0)),
        });
        if let Some(scope) = scope {
            sticky["event"] = serde_json::to_value(EventProps::new(scope)).expect("serializable");
        }
        stickies.push(sticky);
    }
    for (list, items, fields) in [
        ("frames", &frames, &VERSION_1_FRAME[..]),
        ("arrows", &arrows, &VERSION_1_ARROW[..]),
    ] {
        for (i, item) in items.iter().enumerate() {
            let Value::Object(item) = item else {
                return fail(format!("{list}[{i}] is not an object."));
            };
            if let Some(key) = item.keys().find(|k| !fields.contains(&k.as_str())) {
                return fail(format!(
                    "{list}[{i}] has a field \"{key}\" that version 1 {list} do not have."
                ));
            }
            max_id = max_id.max(version_1_id(item.get("id"), &format!("{list}[{i}].id"))?);
        }
    }
    v1.insert("stickies".into(), Value::Array(stickies));
    v1.insert("contexts".into(), Value::Array(frames));
    v1.insert("links".into(), Value::Array(arrows));
    v1.insert("next_id".into(), json!(max_id + 1));
    Ok(v1)
}

/// Checks references and numbers; repairs what can be derived (ownership, `next_id`).
fn validate(board: &mut Board) -> Result<(), LoadError> {
    let mut ids = HashSet::new();
    let mut max_id = 0;
    for s in &board.stickies {
        if !ids.insert(("s", s.id.0)) {
            return fail(format!("Two stickies share the id {}.", s.id.0));
        }
        if !(s.x.is_finite() && s.y.is_finite()) {
            return fail(format!(
                "The sticky {} has no valid position.",
                quoted(&s.label)
            ));
        }
        max_id = max_id.max(s.id.0);
    }
    for c in &board.contexts {
        if !ids.insert(("c", c.id.0)) {
            return fail(format!("Two contexts share the id {}.", c.id.0));
        }
        if ![c.x, c.y, c.w, c.h].iter().all(|v| v.is_finite()) || c.w <= 0.0 || c.h <= 0.0 {
            return fail(format!(
                "The context {} has no valid size or position.",
                quoted(&c.name)
            ));
        }
        max_id = max_id.max(c.id.0);
    }
    let stickies: HashMap<crate::StickyId, &crate::Sticky> =
        board.stickies.iter().map(|s| (s.id, s)).collect();
    for l in &board.links {
        if !ids.insert(("l", l.id.0)) {
            return fail(format!("Two links share the id {}.", l.id.0));
        }
        let (Some(from), Some(to)) = (stickies.get(&l.from), stickies.get(&l.to)) else {
            return fail(format!(
                "The link {} points to a sticky that does not exist.",
                l.id.0
            ));
        };
        if let Err(reason) = crate::grammar::check_link(from.kind, to.kind) {
            return fail(format!(
                "The link from {} to {} is not allowed. {reason}",
                quoted(&from.label),
                quoted(&to.label)
            ));
        }
        max_id = max_id.max(l.id.0);
    }
    for s in &mut board.stickies {
        if s.kind == Kind::Event && s.event.is_none() {
            s.event = Some(EventProps::new(Scope::Domain));
        }
        if s.kind != Kind::Event {
            s.event = None;
        }
    }
    // Ids are never reused: the next one is past every id in use (an empty board keeps its own).
    let in_use =
        !(board.stickies.is_empty() && board.contexts.is_empty() && board.links.is_empty());
    if in_use {
        board.next_id = board.next_id.max(max_id + 1);
    }
    crate::walkthrough::check_walkthrough(board, &board.walkthrough)
        .map_err(|e| LoadError(format!("The board file's walkthrough is wrong: {e}")))?;
    crate::experiment::check_all(&board.experiments).map_err(LoadError)?;
    board.assign_contexts();
    Ok(())
}
