//! Every setting of the settings table through every path a value takes: the reducer (what the
//! property panel sends), the board file, the text format and the share link. An in-range value
//! away from its default survives each path; an out-of-range one is refused by each with the
//! setting's own words (its label in the reducer and text, its path in the file).

use stormlab_board::settings::table::{self, Setting, Table, Value};
use stormlab_board::settings::{RunSettings, ServiceSettings, StickySettings};
use stormlab_board::text::{from_text, normalise, to_text};
use stormlab_board::{apply, format, share, Action, Board, Kind, Rect, StickyId};

/// One change to a settings struct.
type Change<T> = Box<dyn Fn(&mut T)>;

/// Where a setting lives on a board.
#[derive(Clone, Copy, Debug)]
enum Owner {
    Sticky(Kind),
    Context,
    Run,
}

/// A board with one sticky of `kind` inside one context.
fn board_with(kind: Kind) -> (Board, StickyId) {
    let mut b = Board::default();
    let add_context = Action::AddContext {
        name: "Orders".into(),
        rect: Rect {
            x: 0.0,
            y: 0.0,
            w: 600.0,
            h: 400.0,
        },
    };
    b = apply(&b, &add_context).unwrap().board;
    let add = Action::AddSticky {
        kind,
        x: 40.0,
        y: 60.0,
        label: Some("Under test".into()),
        scope: None,
    };
    let applied = apply(&b, &add).unwrap();
    let Some(stormlab_board::ItemId::Sticky(id)) = applied.created else {
        panic!("a sticky was added")
    };
    (applied.board, id)
}

/// The action that sets `f` on the owner's settings.
fn edit<T: Table + Clone>(
    board: &Board,
    owner: Owner,
    id: StickyId,
    f: impl Fn(&mut T),
    pick: impl Fn(&Board, Owner, StickyId) -> T,
    wrap: impl Fn(&Board, Owner, StickyId, T) -> Action,
) -> Action {
    let mut t = pick(board, owner, id);
    f(&mut t);
    wrap(board, owner, id, t)
}

fn pick_sticky(b: &Board, _: Owner, id: StickyId) -> StickySettings {
    b.sticky(id).unwrap().settings.clone()
}
fn wrap_sticky(_: &Board, _: Owner, id: StickyId, settings: StickySettings) -> Action {
    Action::SetStickySettings { id, settings }
}
fn pick_service(b: &Board, _: Owner, _: StickyId) -> ServiceSettings {
    b.contexts[0].service.clone()
}
fn wrap_service(b: &Board, _: Owner, _: StickyId, settings: ServiceSettings) -> Action {
    Action::SetServiceSettings {
        id: b.contexts[0].id,
        settings,
    }
}
fn pick_run(b: &Board, _: Owner, _: StickyId) -> RunSettings {
    b.run.clone()
}
fn wrap_run(_: &Board, _: Owner, _: StickyId, settings: RunSettings) -> Action {
    Action::SetRunSettings(settings)
}

/// Puts `setting` where it applies (its choice made) and returns the board and the value to
/// read back.
fn walk<T: Table + Clone + PartialEq + std::fmt::Debug>(
    setting: &'static Setting<T>,
    owner: Owner,
    pick: fn(&Board, Owner, StickyId) -> T,
    wrap: fn(&Board, Owner, StickyId, T) -> Action,
) {
    let kind = match owner {
        Owner::Sticky(kind) => kind,
        _ => Kind::Command,
    };
    let (mut board, id) = board_with(kind);
    // Make the setting apply: choose the word its needs name.
    if let Some(needs) = setting.needs {
        let choice = table::find::<T>(needs.key).unwrap();
        let action = edit(
            &board,
            owner,
            id,
            |t| table::choose(choice, t, needs.words[0]),
            pick,
            wrap,
        );
        board = apply(&board, &action).unwrap().board;
    }
    let key = setting.key;
    let values: Vec<Change<T>> = match &setting.value {
        Value::Number {
            range,
            default,
            set,
            ..
        } => {
            let inside = if Some(range.max) == *default {
                if range.above_min {
                    (range.min + range.max) / 2.0
                } else {
                    range.min
                }
            } else {
                range.max
            };
            let set = *set;
            vec![Box::new(move |t: &mut T| set(t, inside))]
        }
        Value::Flag { default, set, .. } => {
            let (set, v) = (*set, !*default);
            vec![Box::new(move |t: &mut T| set(t, v))]
        }
        Value::Choice { words, default, .. } => (0..words.len())
            .filter(|i| i != default)
            .map(|i| Box::new(move |t: &mut T| table::choose(setting, t, i)) as Change<T>)
            .collect(),
    };
    for value in values {
        let action = edit(&board, owner, id, &value, pick, wrap);
        let changed = apply(&board, &action)
            .unwrap_or_else(|e| panic!("{key}: the reducer refused an in-range value: {e}"))
            .board;
        let set = pick(&changed, owner, id);
        assert!(
            !setting.is_default(&set),
            "{key}: the value differs from its default"
        );
        // The board file.
        let back = format::from_json(&format::to_json(&changed))
            .unwrap_or_else(|e| panic!("{key}: the file refused it: {e}"));
        assert_eq!(pick(&back, owner, id), set, "{key}: through the file");
        // The share link.
        let back = share::decode(&share::encode(&changed))
            .unwrap_or_else(|e| panic!("{key}: the share link refused it: {e}"));
        assert_eq!(pick(&back, owner, id), set, "{key}: through a share link");
        // The text format (ids are renumbered: find the sticky by its label).
        let text = to_text(&changed);
        let back = from_text(&text).unwrap_or_else(|e| panic!("{key}: {e}\n{text}"));
        let normal = normalise(&changed);
        let back_id = back
            .stickies
            .iter()
            .find(|s| s.label == "Under test")
            .unwrap()
            .id;
        assert_eq!(
            pick(&back, owner, back_id),
            pick(&normal, owner, back_id),
            "{key}: through the text format\n{text}"
        );
        assert!(
            text.contains(key) || matches!(setting.value, Value::Choice { .. }),
            "{key} is written by its key:\n{text}"
        );
    }
    // Out of range: refused by the reducer, the file and the text format, in their words.
    if let Value::Number { range, set, .. } = &setting.value {
        let set = *set;
        // A count field holds only whole numbers from 0: what it can hold out of range.
        let mut bad_values = vec![range.max * 2.0 + 1.0];
        if !range.whole {
            bad_values.extend([f64::NAN, range.min - 1.0]);
        } else if range.min >= 1.0 {
            bad_values.push(range.min - 1.0);
        }
        for bad in bad_values {
            let action = edit(&board, owner, id, |t| set(t, bad), pick, wrap);
            let refused = apply(&board, &action).expect_err(&format!("{key}={bad} refused"));
            assert!(
                refused.starts_with(range.label),
                "{key}: the reducer names the setting: {refused}"
            );
            // A board that holds the bad value anyway (built around the reducer).
            let mut broken = board.clone();
            match (owner, &action) {
                (Owner::Sticky(_), Action::SetStickySettings { settings, .. }) => {
                    broken.sticky_mut(id).unwrap().settings = settings.clone()
                }
                (Owner::Context, Action::SetServiceSettings { settings, .. }) => {
                    broken.contexts[0].service = settings.clone()
                }
                (Owner::Run, Action::SetRunSettings(settings)) => broken.run = settings.clone(),
                _ => unreachable!(),
            }
            if bad.is_finite() {
                let error = format::from_json(&format::to_json(&broken)).unwrap_err();
                assert!(
                    error.0.contains(&format!("sim.{}", setting.file))
                        && error.0.contains(range.label),
                    "{key}={bad}: the file names its path and label: {error}"
                );
                let text = to_text(&broken);
                let error = from_text(&text).unwrap_err().to_string();
                assert!(
                    error.contains(range.label),
                    "{key}={bad}: the text format names the setting: {error}"
                );
            }
        }
    }
}

#[test]
fn every_setting_of_a_sticky_survives_every_path_and_is_refused_out_of_range() {
    for setting in StickySettings::TABLE {
        assert!(
            !setting.kinds.is_empty(),
            "{}: a sticky kind carries it",
            setting.key
        );
        for &kind in setting.kinds {
            walk(setting, Owner::Sticky(kind), pick_sticky, wrap_sticky);
        }
    }
}

#[test]
fn every_setting_of_a_service_survives_every_path_and_is_refused_out_of_range() {
    for setting in ServiceSettings::TABLE {
        walk(setting, Owner::Context, pick_service, wrap_service);
    }
}

#[test]
fn every_setting_of_the_run_survives_every_path_and_is_refused_out_of_range() {
    for setting in RunSettings::TABLE {
        walk(setting, Owner::Run, pick_run, wrap_run);
    }
}

#[test]
fn the_table_is_consistent_keys_once_labels_with_units_defaults_in_range() {
    fn check<T: Table + Default>() {
        let defaults = T::default();
        let mut keys = std::collections::HashSet::new();
        for s in T::TABLE {
            assert!(keys.insert(s.key), "{} declared twice", s.key);
            assert!(s.file.ends_with(s.key) || s.file.starts_with(s.key));
            assert!(s.since >= 3 && s.since <= format::BOARD_VERSION);
            if let Value::Number { range, .. } = &s.value {
                let unit = match s.unit {
                    table::Unit::Ms => Some("(ms)"),
                    table::Unit::S => Some("(s)"),
                    table::Unit::Fraction => Some("(0–1)"),
                    _ => None,
                };
                if let Some(unit) = unit {
                    assert!(range.label.ends_with(unit), "{}: {}", s.key, range.label);
                }
                if let Some(v) = s.number(&defaults) {
                    assert!(range.contains(v), "{}: default {v} in range", s.key);
                }
            }
            assert!(s.is_default(&defaults) || !table::applies(s, &defaults));
        }
        assert!(table::check(&defaults).is_ok());
    }
    check::<StickySettings>();
    check::<ServiceSettings>();
    check::<RunSettings>();
}

#[test]
fn a_file_older_than_a_setting_may_not_carry_it() {
    let (mut board, id) = board_with(Kind::Policy);
    board.sticky_mut(id).unwrap().settings.tolerant_reader = true;
    let current = format!("\"version\": {}", format::BOARD_VERSION);
    let json = format::to_json(&board).replace(&current, "\"version\": 4");
    let error = format::from_json(&json).unwrap_err();
    assert!(
        error
            .0
            .contains("sim.tolerant_reader\" came with version 5"),
        "{error}"
    );
}
