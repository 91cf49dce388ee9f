//! The settings table's last two paths, Compare and sweeps (the reducer, files, text boards and
//! share links are walked in `board/tests/settings_table.rs`): every setting Compare offers,
//! set by its key in a variant, reaches every sticky, service or run that carries it; every
//! sweepable number is an axis by its command-line name and its key, over the table's range,
//! and moves what it names in the compiled scenarios.

use stormlab_board::examples::EXAMPLES;
use stormlab_board::overrides::Overrides;
use stormlab_board::settings::table::{applies, Offer, Setting, Table, Value};
use stormlab_board::settings::{Given, RunSettings, ServiceSettings, StickySettings};
use stormlab_board::Board;
use stormlab_run::sweep::{at, Axis, Base, Spec};
use stormlab_run::Variant;

/// A value of `setting` other than its default (a number inside its range).
fn other<T: Table + Default>(setting: &Setting<T>) -> Given {
    let defaults = T::default();
    match &setting.value {
        Value::Number { range, .. } => {
            let v = if setting.number(&defaults) == Some(range.max) {
                range.min + (range.max - range.min) / 2.0
            } else {
                range.max
            };
            Given::Number(if range.whole { v.round() } else { v })
        }
        Value::Flag { default, .. } => Given::Flag(!default),
        Value::Choice { default, words, .. } => Given::Choice((default + 1) % words.len()),
    }
}

/// The example boards with a variant setting `key` to `given` applied; true when some carrier
/// on some board took the value.
fn reaches<T: Table>(
    setting: &'static Setting<T>,
    given: Given,
    pick: fn(&Board) -> Vec<&T>,
) -> bool {
    let mut v = Variant::default();
    // A setting under a choice (a poll interval) goes with that choice, as Compare offers both.
    if let Some(needs) = setting.needs {
        v.settings
            .set(needs.key, Given::Choice(needs.words[0]))
            .unwrap();
    }
    v.settings.set(setting.key, given).unwrap();
    EXAMPLES.iter().any(|e| {
        let board = e.board();
        let applied = v.board(&board);
        pick(&applied)
            .into_iter()
            .any(|t| applies(setting, t) && setting.given(t) == Some(given))
    })
}

fn stickies(b: &Board) -> Vec<&StickySettings> {
    b.stickies.iter().map(|s| &s.settings).collect()
}

fn services(b: &Board) -> Vec<&ServiceSettings> {
    b.contexts.iter().map(|c| &c.service).collect()
}

fn runs(b: &Board) -> Vec<&RunSettings> {
    vec![&b.run]
}

#[test]
fn every_setting_compare_offers_reaches_what_carries_it() {
    let mut offered = 0;
    for s in StickySettings::TABLE
        .iter()
        .filter(|s| s.vary.compare != Offer::No)
    {
        let given = other(s);
        assert!(reaches(s, given, stickies), "{} reaches no sticky", s.key);
        offered += 1;
    }
    for s in ServiceSettings::TABLE
        .iter()
        .filter(|s| s.vary.compare != Offer::No)
    {
        let given = other(s);
        assert!(reaches(s, given, services), "{} reaches no service", s.key);
        offered += 1;
    }
    for s in RunSettings::TABLE
        .iter()
        .filter(|s| s.vary.compare != Offer::No)
    {
        let given = other(s);
        assert!(reaches(s, given, runs), "{} reaches no run", s.key);
        offered += 1;
    }
    assert!(offered >= 15, "Compare offers {offered} settings");
    // A variant's settings travel by their keys and words, as the text format writes them.
    let mut v = Overrides::default();
    v.set("interval_ms", Given::Number(250.0)).unwrap();
    v.set("delivery", Given::Choice(1)).unwrap();
    assert_eq!(v.to_words(), "interval_ms=250 delivery=poll");
    assert_eq!(Overrides::from_words(&v.to_words()).unwrap(), v);
    assert!(
        Overrides::from_words("interval_ms=0").is_err(),
        "out of range"
    );
    assert!(
        Overrides::from_words("colour=blue").is_err(),
        "no such setting"
    );
}

#[test]
fn every_sweepable_number_is_an_axis_that_moves_the_scenarios() {
    fn axes<T: Table>() -> Vec<(&'static Setting<T>, &'static str)> {
        T::TABLE
            .iter()
            .filter_map(|s| s.vary.sweep.map(|(id, _, _)| (s, id)))
            .collect()
    }
    let mut keys: Vec<(&str, &str, (f64, f64))> = Vec::new();
    keys.extend(
        axes::<StickySettings>()
            .into_iter()
            .map(|(s, id)| (s.key, id, (s.range().min, s.range().max))),
    );
    keys.extend(
        axes::<ServiceSettings>()
            .into_iter()
            .map(|(s, id)| (s.key, id, (s.range().min, s.range().max))),
    );
    keys.extend(
        axes::<RunSettings>()
            .into_iter()
            .map(|(s, id)| (s.key, id, (s.range().min, s.range().max))),
    );
    assert!(keys.len() >= 8, "{keys:?}");
    // The pizza board polls nowhere: a variant that polls gives the poll settings something to
    // move.
    let board = EXAMPLES.iter().find(|e| e.id == "pizza").unwrap().board();
    let (a, b) = (Variant::default(), Variant::with("delivery=poll"));
    let base = Base::new(&board, &a, &b).unwrap();
    for (key, id, (min, max)) in keys {
        let axis = Axis::parse(id).unwrap_or_else(|| panic!("{id}: no axis"));
        assert_eq!(axis, Axis::Setting(key));
        assert_eq!(
            Axis::parse(key),
            Some(axis),
            "{key}: the key is an axis too"
        );
        let (lo, hi, _) = axis.limits();
        assert_eq!(
            (lo, hi),
            (min, max),
            "{key}: the sweep's range is the table's"
        );
        let (from, to) = axis.suggested();
        let spec = Spec {
            axis,
            from,
            to,
            steps: 2,
            runs: 1,
        };
        let points = spec.points().unwrap();
        let first = at(&base, axis, points[0]).unwrap_or_else(|e| panic!("{key}: {e}"));
        let last = at(&base, axis, points[1]).unwrap_or_else(|e| panic!("{key}: {e}"));
        assert!(
            first.0 != last.0 || first.1 != last.1,
            "{key}: from {} to {} changes nothing in the scenarios",
            points[0],
            points[1]
        );
    }
}
