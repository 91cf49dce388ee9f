//! The settings table: every simulation setting of a sticky, a bounded context's service and
//! the whole run, declared once with its key, label, unit, range, default, the file version
//! that brought it and the kinds that carry it.
//!
//! The defaults (`Default` of each settings struct), the file's range check and version check,
//! the text format's reader, writer and key lists, the property panel's rows and the reducer's
//! check all read this table; nothing else spells a setting out. Adding a setting means one
//! entry here, its field in `settings.rs`, its use in compile and a test.

use super::range::Range;
use super::{
    DeliverySetting, Outcome, PublishSetting, RunSettings, SagaSetting, ServiceSettings,
    StickySettings, StyleSetting,
};
use crate::kind::Kind;

/// What a number measures, for its label and for messages in the person's own units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A plain number (a seed, a weight).
    Plain,
    /// Milliseconds.
    Ms,
    /// Seconds.
    S,
    /// Per second.
    PerSec,
    /// A probability from 0 to 1.
    Fraction,
    /// A count of things.
    Count,
}

/// A setting whose value only matters under one choice of another (a poll interval only when
/// polling).
#[derive(Clone, Copy, Debug)]
pub struct Needs {
    /// The choice's key.
    pub key: &'static str,
    /// The choice's words under which this setting applies, as indexes.
    pub words: &'static [usize],
}

/// When the property panel shows a setting of a kind that carries it.
pub enum Show<T: 'static> {
    /// Always.
    Always,
    /// When the settings satisfy this (a snapshot interval only when event-sourced).
    If(fn(&T) -> bool),
    /// Only for a command an actor issues (its rate).
    IssuedByActor,
}

/// How a setting's value is held and written.
pub enum Value<T: 'static> {
    /// A number in a range.
    Number {
        /// Its range (the label with its unit, the bounds, whole or not).
        range: Range,
        /// Its default; `None` when it is blank by default.
        default: Option<f64>,
        /// Its value, `None` when blank or when its [`Needs`] are not met.
        get: fn(&T) -> Option<f64>,
        /// Sets it (its needs met).
        set: fn(&mut T, f64),
        /// Empties it, for the settings that may be blank (an event version read: any).
        clear: Option<fn(&mut T)>,
    },
    /// Yes or no.
    Flag {
        /// The panel's label.
        label: &'static str,
        /// Its default.
        default: bool,
        /// Its value.
        get: fn(&T) -> bool,
        /// Sets it.
        set: fn(&mut T, bool),
    },
    /// One of a few words.
    Choice {
        /// The panel's label.
        label: &'static str,
        /// The words written in files and text boards.
        words: &'static [&'static str],
        /// What each word means, as the panel offers it.
        names: &'static [&'static str],
        /// The default, as an index into `words`.
        default: usize,
        /// True when a text board may write the word alone (`poll` for `delivery=poll`).
        bare: bool,
        /// The current word's index.
        get: fn(&T) -> usize,
        /// Chooses a word (the settings that need it are then reset to their defaults).
        set: fn(&mut T, usize),
    },
}

/// A setting's value apart from any board: what a text line, a variant or a sweep gives it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Given {
    /// A number (in the setting's range).
    Number(f64),
    /// Yes or no.
    Flag(bool),
    /// A choice's word, as its index.
    Choice(usize),
}

/// Where Compare offers a setting as an override.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offer {
    /// Not offered.
    No,
    /// Among the first overrides.
    First,
    /// Under "More".
    More,
}

/// What else a setting is offered for, beyond the panel, the files and the text format.
#[derive(Clone, Copy, Debug)]
pub struct Vary {
    /// Offered as an override in Compare.
    pub compare: Offer,
    /// Offered as a sweep axis: its name on the command line and a range worth looking at
    /// first.
    pub sweep: Option<(&'static str, f64, f64)>,
}

/// One setting of a settings struct `T`.
pub struct Setting<T: 'static> {
    /// Its key in text boards (and the last part of its path in board files).
    pub key: &'static str,
    /// Its path under `sim` in a board file (`delivery.interval_ms`).
    pub file: &'static str,
    /// What it measures.
    pub unit: Unit,
    /// How it is held.
    pub value: Value<T>,
    /// The board file version that brought it.
    pub since: u64,
    /// The sticky kinds that carry it (empty for a context's or the run's settings).
    pub kinds: &'static [Kind],
    /// When it applies, under another setting's choice.
    pub needs: Option<Needs>,
    /// When the panel shows it.
    pub show: Show<T>,
    /// Another label for one kind (a read model's service time is its update time).
    pub alias: Option<(Kind, &'static str)>,
    /// Whether Compare and sweeps offer it.
    pub vary: Vary,
}

impl<T: 'static> Setting<T> {
    /// Its label in the panel and in messages (with the unit: "Poll interval (ms)").
    pub fn label(&self) -> &'static str {
        match &self.value {
            Value::Number { range, .. } => range.label,
            Value::Flag { label, .. } | Value::Choice { label, .. } => label,
        }
    }

    /// Its label on a sticky of `kind`.
    pub fn label_for(&self, kind: Kind) -> &'static str {
        match self.alias {
            Some((k, label)) if k == kind => label,
            _ => self.label(),
        }
    }

    /// The range of a number (a panic for a flag or a choice: the table is fixed, so a test
    /// finds a wrong call at once).
    pub const fn range(&self) -> Range {
        match &self.value {
            Value::Number { range, .. } => *range,
            _ => panic!("only a number has a range"),
        }
    }

    /// The default of a number that has one (for constants built from the table).
    pub const fn default_number(&self) -> f64 {
        match &self.value {
            Value::Number {
                default: Some(v), ..
            } => *v,
            _ => panic!("only a number with a default has a default number"),
        }
    }

    /// True when a sticky of `kind` carries it (always for contexts' and the run's settings).
    pub fn carried_by(&self, kind: Kind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }

    /// Its value as a number, when it is one and applies.
    pub fn number(&self, t: &T) -> Option<f64> {
        match &self.value {
            Value::Number { get, .. } => get(t),
            _ => None,
        }
    }

    /// True when its value is its default.
    pub fn is_default(&self, t: &T) -> bool {
        match &self.value {
            Value::Number { default, get, .. } => get(t) == *default,
            Value::Flag { default, get, .. } => get(t) == *default,
            Value::Choice { default, get, .. } => get(t) == *default,
        }
    }

    /// Resets it to its default.
    fn reset(&self, t: &mut T) {
        match &self.value {
            Value::Number {
                default,
                set,
                clear,
                ..
            } => match (default, clear) {
                (Some(v), _) => set(t, *v),
                (None, Some(clear)) => clear(t),
                (None, None) => {}
            },
            Value::Flag { default, set, .. } => set(t, *default),
            Value::Choice { default, set, .. } => set(t, *default),
        }
    }

    /// Its current value.
    pub fn given(&self, t: &T) -> Option<Given> {
        match &self.value {
            Value::Number { get, .. } => get(t).map(Given::Number),
            Value::Flag { get, .. } => Some(Given::Flag(get(t))),
            Value::Choice { get, .. } => Some(Given::Choice(get(t))),
        }
    }

    /// True when `given` is a value of this setting: a number in its range, yes or no, one of
    /// its words.
    pub fn accepts(&self, given: Given) -> bool {
        match (&self.value, given) {
            (Value::Number { range, .. }, Given::Number(v)) => range.contains(v),
            (Value::Flag { .. }, Given::Flag(_)) => true,
            (Value::Choice { words, .. }, Given::Choice(i)) => i < words.len(),
            _ => false,
        }
    }

    /// Why it does not [accept](Setting::accepts) `given`, in the panel's words: "Instances
    /// takes a whole number from 1 to 64, found 65536."
    pub fn refusal(&self, given: Given) -> String {
        let label = self.label();
        match (&self.value, given) {
            (Value::Number { range, .. }, Given::Number(v)) => format!(
                "{label} takes {}, found {}.",
                range.describe(),
                stormlab_words::number(v)
            ),
            (Value::Number { range, .. }, _) => format!("{label} takes {}.", range.describe()),
            (Value::Flag { .. }, _) => format!("{label} is on or off."),
            (Value::Choice { words, .. }, _) => {
                let last = words.len().saturating_sub(1);
                let list = match words.split_at(last) {
                    ([], _) => words.join(""),
                    (rest, [last]) => format!("{} or {last}", rest.join(", ")),
                    _ => words.join(", "),
                };
                format!("{label} takes {list}.")
            }
        }
    }

    /// Sets it to `given` (a choice resets the settings that need it); false when it does not
    /// [accept](Setting::accepts) `given`.
    pub fn put(&self, t: &mut T, given: Given) -> bool
    where
        T: Table,
    {
        if !self.accepts(given) {
            return false;
        }
        match (&self.value, given) {
            (Value::Number { set, .. }, Given::Number(v)) => set(t, v),
            (Value::Flag { set, .. }, Given::Flag(v)) => set(t, v),
            (Value::Choice { .. }, Given::Choice(i)) => choose(self, t, i),
            _ => return false,
        }
        true
    }

    /// `given` as a person reads it: "200 ms", "2%", "yes", "poll".
    pub fn shown(&self, given: Given) -> String {
        match (&self.value, given) {
            (_, Given::Number(v)) => match self.unit {
                Unit::Ms => format!("{v} ms"),
                Unit::S => format!("{v} s"),
                Unit::PerSec => format!("{v}/s"),
                Unit::Fraction => format!("{}%", v * 100.0),
                Unit::Plain | Unit::Count => format!("{v}"),
            },
            (_, Given::Flag(v)) => if v { "yes" } else { "no" }.into(),
            (Value::Choice { words, .. }, Given::Choice(i)) => {
                words.get(i).copied().unwrap_or("?").replace('_', " ")
            }
            (_, Given::Choice(i)) => i.to_string(),
        }
    }

    /// Its label without the unit in brackets ("Poll interval").
    pub fn name(&self) -> &'static str {
        let label = self.label();
        label.split(" (").next().unwrap_or(label)
    }

    /// Checks `v` against the range, in the words of the panel ("Batch: enter a whole number
    /// from 1 to 10000.").
    pub fn parse(&self, text: &str) -> Result<f64, String> {
        self.range().parse(text)
    }
}

/// A settings struct whose settings the table declares.
pub trait Table: Sized + 'static {
    /// Its settings, in the order the panel shows them and text boards write them.
    const TABLE: &'static [Setting<Self>];
}

/// The setting `key` of `T`.
pub fn find<T: Table>(key: &str) -> Option<&'static Setting<T>> {
    T::TABLE.iter().find(|s| s.key == key)
}

/// True when `setting` applies to `t`: its needs, if any, are met.
pub fn applies<T: Table>(setting: &Setting<T>, t: &T) -> bool {
    let Some(needs) = setting.needs else {
        return true;
    };
    match find::<T>(needs.key).map(|c| &c.value) {
        Some(Value::Choice { get, .. }) => needs.words.contains(&get(t)),
        _ => false,
    }
}

/// Chooses word `i` of the choice `setting`, resetting the settings that need it.
pub fn choose<T: Table>(setting: &Setting<T>, t: &mut T, i: usize) {
    if let Value::Choice { set, .. } = &setting.value {
        set(t, i);
        for dependent in T::TABLE {
            if dependent.needs.is_some_and(|n| n.key == setting.key) && applies(dependent, t) {
                dependent.reset(t);
            }
        }
    }
}

/// `base` with every setting at its default (choices first, so the settings that need them
/// are reset under the default choice).
pub fn defaults<T: Table>(mut base: T) -> T {
    for setting in T::TABLE {
        if let Value::Choice { default, .. } = setting.value {
            choose(setting, &mut base, default);
        }
    }
    for setting in T::TABLE {
        if !matches!(setting.value, Value::Choice { .. }) && applies(setting, &base) {
            setting.reset(&mut base);
        }
    }
    base
}

/// Applies settings read together (a line of a text board, a variant): the choices first, then
/// the settings that depend on one. With `imply`, a setting that fits only one word of a choice
/// nobody gave implies it (`interval_ms=200` alone polls) and a setting under another choice is
/// refused; without, such a setting is skipped where it does not apply (a variant's poll
/// interval leaves pushed consumers alone). The error names the given value by its index.
pub fn settle<T: Table>(
    t: &mut T,
    given: &[(&'static Setting<T>, Given)],
    imply: bool,
) -> Result<(), (usize, String)> {
    for (setting, value) in given {
        if let Given::Choice(_) = value {
            setting.put(t, *value);
        }
    }
    let chosen = |key: &str| {
        given
            .iter()
            .any(|(s, g)| s.key == key && matches!(g, Given::Choice(_)))
    };
    for (i, (setting, value)) in given.iter().enumerate() {
        if matches!(value, Given::Choice(_)) {
            continue;
        }
        if let (Some(needs), false) = (setting.needs, applies(setting, t)) {
            if !imply {
                continue;
            }
            let choice = find::<T>(needs.key).expect("a setting needs a choice of its table");
            match needs.words {
                [only] if !chosen(needs.key) => choose(choice, t, *only),
                _ => return Err((i, needs_message(setting, choice))),
            }
        }
        if !setting.put(t, *value) {
            return Err((i, format!("{} takes another kind of value.", setting.key)));
        }
    }
    Ok(())
}

/// "interval_ms goes with delivery=poll; write poll, or leave interval_ms out."
fn needs_message<T>(setting: &Setting<T>, choice: &Setting<T>) -> String {
    let (Some(needs), Value::Choice { words, bare, .. }) = (setting.needs, &choice.value) else {
        return format!("{} does not apply here.", setting.key);
    };
    let each: Vec<String> = needs
        .words
        .iter()
        .map(|&i| format!("{}={}", choice.key, words[i]))
        .collect();
    let write = match needs.words {
        [only] if *bare => words[*only].to_string(),
        [_] => each[0].clone(),
        _ => "one of them".to_string(),
    };
    let each = match each.as_slice() {
        [rest @ .., last] if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => each.join(""),
    };
    format!(
        "{key} goes with {each}; write {write}, or leave {key} out.",
        key = setting.key
    )
}

/// The first number of `t` out of its range, as the panel's message for it.
pub fn check<T: Table>(t: &T) -> Result<(), String> {
    for setting in T::TABLE {
        if let Value::Number { range, get, .. } = &setting.value {
            if let Some(v) = get(t) {
                if !range.contains(v) {
                    return Err(range.message());
                }
            }
        }
    }
    Ok(())
}

const SUBSCRIBERS: &[Kind] = &[Kind::Policy, Kind::ReadModel];

const NOT_VARIED: Vary = Vary {
    compare: Offer::No,
    sweep: None,
};

/// A number setting of `T`: key, range, default, and how to read and write it.
const fn number<T>(
    key: &'static str,
    unit: Unit,
    range: Range,
    default: f64,
    get: fn(&T) -> Option<f64>,
    set: fn(&mut T, f64),
) -> Setting<T> {
    Setting {
        key,
        file: key,
        unit,
        value: Value::Number {
            range,
            default: Some(default),
            get,
            set,
            clear: None,
        },
        since: 3,
        kinds: &[],
        needs: None,
        show: Show::Always,
        alias: None,
        vary: NOT_VARIED,
    }
}

/// A yes-or-no setting of `T`.
const fn flag<T>(
    key: &'static str,
    label: &'static str,
    default: bool,
    get: fn(&T) -> bool,
    set: fn(&mut T, bool),
) -> Setting<T> {
    Setting {
        key,
        file: key,
        unit: Unit::Plain,
        value: Value::Flag {
            label,
            default,
            get,
            set,
        },
        since: 3,
        kinds: &[],
        needs: None,
        show: Show::Always,
        alias: None,
        vary: NOT_VARIED,
    }
}

impl<T> Setting<T> {
    const fn on(mut self, kinds: &'static [Kind]) -> Setting<T> {
        self.kinds = kinds;
        self
    }
    const fn since(mut self, version: u64) -> Setting<T> {
        self.since = version;
        self
    }
    const fn file(mut self, path: &'static str) -> Setting<T> {
        self.file = path;
        self
    }
    const fn needs(mut self, key: &'static str, words: &'static [usize]) -> Setting<T> {
        self.needs = Some(Needs { key, words });
        self
    }
    const fn show(mut self, show: Show<T>) -> Setting<T> {
        self.show = show;
        self
    }
    /// Offered among Compare's first overrides.
    const fn compare(mut self) -> Setting<T> {
        self.vary.compare = Offer::First;
        self
    }
    /// Offered among Compare's further overrides.
    const fn compare_more(mut self) -> Setting<T> {
        self.vary.compare = Offer::More;
        self
    }
    /// Offered as a sweep axis named `id` on the command line, first over `from`..`to`.
    const fn sweep(mut self, id: &'static str, from: f64, to: f64) -> Setting<T> {
        self.vary.sweep = Some((id, from, to));
        self
    }
}

const fn above(range: Range) -> Range {
    Range {
        above_min: true,
        ..range
    }
}

// ---- A sticky's settings --------------------------------------------------------------------

/// Commands an actor issues per second.
pub const RATE_PER_SEC: Setting<StickySettings> = number::<StickySettings>(
    "rate_per_sec",
    Unit::PerSec,
    Range::of("Commands per second", 0.0, 100_000.0, false),
    5.0,
    |s| Some(s.rate_per_sec),
    |s, v| s.rate_per_sec = v,
)
.on(&[Kind::Command])
.show(Show::IssuedByActor)
.compare_more()
.sweep("rate", 5.0, 50.0);

/// Time to handle one command, or for a read model to apply one event.
pub const SERVICE_TIME_MS: Setting<StickySettings> = Setting {
    alias: Some((Kind::ReadModel, "Update time (ms)")),
    ..number::<StickySettings>(
        "service_time_ms",
        Unit::Ms,
        Range::of("Service time (ms)", 0.0, 600_000.0, false),
        5.0,
        |s| Some(s.service_time_ms),
        |s, v| s.service_time_ms = v,
    )
    .on(&[Kind::Command, Kind::ReadModel])
};

/// Probability that one handling attempt fails.
pub const FAILURE_RATE: Setting<StickySettings> = number::<StickySettings>(
    "failure_rate",
    Unit::Fraction,
    Range::of("Failure rate (0–1)", 0.0, 1.0, false),
    0.0,
    |s| Some(s.failure_rate),
    |s, v| s.failure_rate = v,
)
.on(&[Kind::Command])
.compare_more()
.sweep("failure-rate", 0.0, 0.2);

/// Push or poll.
pub const DELIVERY: Setting<StickySettings> = Setting {
    key: "delivery",
    file: "delivery.mode",
    unit: Unit::Plain,
    value: Value::Choice {
        label: "Delivery",
        words: &["push", "poll"],
        names: &["Push (broker sends at once)", "Poll (consumer fetches)"],
        default: 0,
        bare: true,
        get: |s| usize::from(matches!(s.delivery, DeliverySetting::Poll { .. })),
        set: |s, i| {
            s.delivery = match i {
                0 => DeliverySetting::Push { window: 1 },
                _ => DeliverySetting::Poll {
                    interval_ms: 1.0,
                    batch: 1,
                },
            }
        },
    },
    since: 3,
    kinds: SUBSCRIBERS,
    needs: None,
    show: Show::Always,
    alias: None,
    vary: Vary {
        compare: Offer::First,
        sweep: None,
    },
};

/// Unacknowledged messages per instance when pushed.
pub const WINDOW: Setting<StickySettings> = number::<StickySettings>(
    "window",
    Unit::Count,
    Range::of("In-flight window", 1.0, 10_000.0, true),
    16.0,
    |s| match s.delivery {
        DeliverySetting::Push { window } => Some(window as f64),
        DeliverySetting::Poll { .. } => None,
    },
    |s, v| {
        if let DeliverySetting::Push { window } = &mut s.delivery {
            *window = v as u32;
        }
    },
)
.on(SUBSCRIBERS)
.file("delivery.window")
.needs("delivery", &[0])
.compare_more()
.sweep("window", 1.0, 32.0);

/// Time between polls.
pub const POLL_INTERVAL_MS: Setting<StickySettings> = number::<StickySettings>(
    "interval_ms",
    Unit::Ms,
    Range::of("Poll interval (ms)", 1.0, 600_000.0, false),
    500.0,
    |s| match s.delivery {
        DeliverySetting::Poll { interval_ms, .. } => Some(interval_ms),
        DeliverySetting::Push { .. } => None,
    },
    |s, v| {
        if let DeliverySetting::Poll { interval_ms, .. } = &mut s.delivery {
            *interval_ms = v;
        }
    },
)
.on(SUBSCRIBERS)
.file("delivery.interval_ms")
.needs("delivery", &[1])
.compare()
.sweep("poll-interval", 50.0, 1_000.0);

/// Most messages per poll.
pub const BATCH: Setting<StickySettings> = number::<StickySettings>(
    "batch",
    Unit::Count,
    Range::of("Batch", 1.0, 10_000.0, true),
    50.0,
    |s| match s.delivery {
        DeliverySetting::Poll { batch, .. } => Some(batch as f64),
        DeliverySetting::Push { .. } => None,
    },
    |s, v| {
        if let DeliverySetting::Poll { batch, .. } = &mut s.delivery {
            *batch = v as u32;
        }
    },
)
.on(SUBSCRIBERS)
.file("delivery.batch")
.needs("delivery", &[1])
.sweep("batch", 1.0, 100.0);

/// Consumer-group size of a policy or read model.
pub const CONSUMER_INSTANCES: Setting<StickySettings> = number::<StickySettings>(
    "instances",
    Unit::Count,
    Range::of("Instances", 1.0, 64.0, true),
    1.0,
    |s| Some(s.instances as f64),
    |s, v| s.instances = v as u32,
)
.on(SUBSCRIBERS)
.compare_more()
.sweep("instances", 1.0, 8.0);

/// Attempts in all before a message is given up.
pub const ATTEMPTS: Setting<StickySettings> = number::<StickySettings>(
    "max_attempts",
    Unit::Count,
    Range::of("Attempts", 1.0, 100.0, true),
    3.0,
    |s| Some(s.max_attempts as f64),
    |s, v| s.max_attempts = v as u32,
)
.on(SUBSCRIBERS);

/// The wait before a failed message's first retry (each further retry waits twice as long).
pub const RETRY_BACKOFF_MS: Setting<StickySettings> = number::<StickySettings>(
    "retry_backoff_ms",
    Unit::Ms,
    Range::of("Retry back-off (ms)", 0.0, 600_000.0, false),
    100.0,
    |s| Some(s.retry_backoff_ms),
    |s, v| s.retry_backoff_ms = v,
)
.on(SUBSCRIBERS)
.since(7)
.show(Show::If(|s| s.max_attempts > 1))
.compare_more();

/// Queries per second against a read model.
pub const QUERIES_PER_SEC: Setting<StickySettings> = number::<StickySettings>(
    "queries_per_sec",
    Unit::PerSec,
    Range::of("Queries per second", 0.0, 100_000.0, false),
    20.0,
    |s| Some(s.queries_per_sec),
    |s, v| s.queries_per_sec = v,
)
.on(&[Kind::ReadModel]);

/// Deduplicate redelivered events.
pub const IDEMPOTENT: Setting<StickySettings> = flag::<StickySettings>(
    "idempotent",
    "Idempotent (skip duplicates)",
    false,
    |s| s.idempotent,
    |s, v| s.idempotent = v,
)
.on(SUBSCRIBERS)
.compare();

/// Handle one key's events strictly in order.
pub const ORDERED: Setting<StickySettings> = flag::<StickySettings>(
    "ordered",
    "Ordered per key",
    true,
    |s| s.ordered,
    |s, v| s.ordered = v,
)
.on(SUBSCRIBERS)
.compare();

/// Park failed messages in a dead-letter queue (else drop them).
pub const DEAD_LETTER: Setting<StickySettings> = flag::<StickySettings>(
    "dead_letter",
    "Dead-letter queue after the last attempt",
    true,
    |s| s.dead_letter,
    |s, v| s.dead_letter = v,
)
.on(SUBSCRIBERS);

/// The event version a consumer was written for (blank: any).
pub const ACCEPTS_VERSION: Setting<StickySettings> = Setting {
    key: "accepts_version",
    file: "accepts_version",
    unit: Unit::Count,
    value: Value::Number {
        range: Range::of("Reads event version", 1.0, 1_000_000.0, true),
        default: None,
        get: |s| s.accepts_version.map(f64::from),
        set: |s, v| s.accepts_version = Some(v as u32),
        clear: Some(|s| s.accepts_version = None),
    },
    since: 5,
    kinds: SUBSCRIBERS,
    needs: None,
    show: Show::Always,
    alias: None,
    vary: NOT_VARIED,
};

/// Convert older versions to the one the consumer reads.
pub const UPCAST: Setting<StickySettings> = flag::<StickySettings>(
    "upcast",
    "Upcast older versions",
    false,
    |s| s.upcast,
    |s, v| s.upcast = v,
)
.on(SUBSCRIBERS)
.since(5)
.compare_more();

/// Read newer versions, ignoring what the consumer does not know.
pub const TOLERANT_READER: Setting<StickySettings> = flag::<StickySettings>(
    "tolerant_reader",
    "Tolerant reader (newer versions too)",
    false,
    |s| s.tolerant_reader,
    |s, v| s.tolerant_reader = v,
)
.on(SUBSCRIBERS)
.since(5)
.compare_more();

/// Failed callbacks in a row that open a circuit breaker (0: none).
pub const BREAKER_FAILURES: Setting<StickySettings> = number::<StickySettings>(
    "breaker_failures",
    Unit::Count,
    Range::of("Breaker opens after failures", 0.0, 1_000.0, true),
    0.0,
    |s| Some(s.breaker_failures as f64),
    |s, v| s.breaker_failures = v as u32,
)
.on(SUBSCRIBERS)
.since(5);

/// How long an open circuit breaker waits before trying again.
pub const BREAKER_OPEN_MS: Setting<StickySettings> = number::<StickySettings>(
    "breaker_open_ms",
    Unit::Ms,
    Range::of("Breaker open for (ms)", 1.0, 600_000.0, false),
    5_000.0,
    |s| Some(s.breaker_open_ms),
    |s, v| s.breaker_open_ms = v,
)
.on(SUBSCRIBERS)
.since(5)
.show(Show::If(|s| s.breaker_failures > 0));

/// Always published, or one of alternative outcomes.
pub const OUTCOME: Setting<StickySettings> = Setting {
    key: "outcome",
    file: "outcome.outcome",
    unit: Unit::Plain,
    value: Value::Choice {
        label: "When its handler succeeds",
        words: &["always", "alternative", "failure"],
        names: &[
            "Always published",
            "One of several outcomes",
            "A failure outcome (starts compensation)",
        ],
        default: 0,
        bare: false,
        get: |s| match s.outcome {
            Outcome::Always => 0,
            Outcome::Alternative { .. } => 1,
            Outcome::Failure { .. } => 2,
        },
        set: |s, i| {
            let weight = s.outcome.weight().unwrap_or(1.0);
            s.outcome = match i {
                0 => Outcome::Always,
                1 => Outcome::Alternative { weight },
                _ => Outcome::Failure { weight },
            }
        },
    },
    since: 3,
    kinds: &[Kind::Event],
    needs: None,
    show: Show::Always,
    alias: None,
    vary: NOT_VARIED,
};

/// Relative weight of an event among its handler's outcomes.
pub const OUTCOME_WEIGHT: Setting<StickySettings> = number::<StickySettings>(
    "weight",
    Unit::Plain,
    Range::of("Outcome weight", 0.0001, 1_000_000.0, false),
    1.0,
    |s| s.outcome.weight(),
    |s, v| match &mut s.outcome {
        Outcome::Alternative { weight } | Outcome::Failure { weight } => *weight = v,
        Outcome::Always => {}
    },
)
.on(&[Kind::Event])
.file("outcome.weight")
.needs("outcome", &[1, 2]);

/// An aggregate's state is rebuilt from its events before each command.
pub const EVENT_SOURCED: Setting<StickySettings> = flag::<StickySettings>(
    "event_sourced",
    "Event-sourced (rebuilt from its events)",
    false,
    |s| s.event_sourced,
    |s, v| s.event_sourced = v,
)
.on(&[Kind::Aggregate])
.since(5)
.compare_more();

/// Time to replay one event of an event-sourced aggregate.
pub const REPLAY_MS: Setting<StickySettings> = number::<StickySettings>(
    "replay_ms_per_event",
    Unit::Ms,
    Range::of("Replay per event (ms)", 0.0, 60_000.0, false),
    0.2,
    |s| Some(s.replay_ms_per_event),
    |s, v| s.replay_ms_per_event = v,
)
.on(&[Kind::Aggregate])
.since(5)
.show(Show::If(|s| s.event_sourced));

/// Events between two snapshots of an event-sourced aggregate (0: none).
pub const SNAPSHOT_EVERY: Setting<StickySettings> = number::<StickySettings>(
    "snapshot_every",
    Unit::Count,
    Range::of("Snapshot every (events)", 0.0, 1_000_000.0, true),
    0.0,
    |s| Some(s.snapshot_every as f64),
    |s, v| s.snapshot_every = v as u32,
)
.on(&[Kind::Aggregate])
.since(5)
.show(Show::If(|s| s.event_sourced))
.compare_more();

impl Table for StickySettings {
    const TABLE: &'static [Setting<StickySettings>] = &[
        RATE_PER_SEC,
        SERVICE_TIME_MS,
        FAILURE_RATE,
        DELIVERY,
        WINDOW,
        POLL_INTERVAL_MS,
        BATCH,
        CONSUMER_INSTANCES,
        ATTEMPTS,
        RETRY_BACKOFF_MS,
        QUERIES_PER_SEC,
        IDEMPOTENT,
        ORDERED,
        DEAD_LETTER,
        ACCEPTS_VERSION,
        UPCAST,
        TOLERANT_READER,
        BREAKER_FAILURES,
        BREAKER_OPEN_MS,
        OUTCOME,
        OUTCOME_WEIGHT,
        EVENT_SOURCED,
        REPLAY_MS,
        SNAPSHOT_EVERY,
    ];
}

// ---- A context's service ---------------------------------------------------------------------

/// Dual write or outbox.
pub const PUBLISH: Setting<ServiceSettings> = Setting {
    key: "publish",
    file: "publish",
    unit: Unit::Plain,
    value: Value::Choice {
        label: "Publishing",
        words: &["dual_write", "outbox"],
        names: &[
            "Dual write (commit, then publish)",
            "Transactional outbox + relay",
        ],
        default: 0,
        bare: true,
        get: |s| usize::from(s.publish == PublishSetting::Outbox),
        set: |s, i| {
            s.publish = [PublishSetting::DualWrite, PublishSetting::Outbox][i.min(1)];
        },
    },
    since: 3,
    kinds: &[],
    needs: None,
    show: Show::Always,
    alias: None,
    vary: Vary {
        compare: Offer::First,
        sweep: None,
    },
};

/// Probability of a crash between commit and publish.
pub const CRASH_RATE: Setting<ServiceSettings> = number::<ServiceSettings>(
    "crash_rate",
    Unit::Fraction,
    Range::of("Crash after commit (0–1)", 0.0, 1.0, false),
    0.0,
    |s| Some(s.crash_rate),
    |s, v| s.crash_rate = v,
)
.compare()
.sweep("crash-rate", 0.0, 0.2);

/// Workers of a service.
pub const SERVICE_INSTANCES: Setting<ServiceSettings> = number::<ServiceSettings>(
    "instances",
    Unit::Count,
    Range::of("Instances", 1.0, 64.0, true),
    4.0,
    |s| Some(s.instances as f64),
    |s, v| s.instances = v as u32,
)
.show(Show::If(|s| s.publish == PublishSetting::DualWrite));

/// Outbox relay interval.
pub const RELAY_INTERVAL_MS: Setting<ServiceSettings> = number::<ServiceSettings>(
    "relay_interval_ms",
    Unit::Ms,
    Range::of("Relay interval (ms)", 1.0, 600_000.0, false),
    100.0,
    |s| Some(s.relay_interval_ms),
    |s, v| s.relay_interval_ms = v,
)
.show(Show::If(|s| s.publish == PublishSetting::Outbox));

/// Time for a service's API to answer one callback.
pub const API_TIME_MS: Setting<ServiceSettings> = number::<ServiceSettings>(
    "api_time_ms",
    Unit::Ms,
    Range::of("API time per callback (ms)", 0.0, 600_000.0, false),
    4.0,
    |s| Some(s.api_time_ms),
    |s, v| s.api_time_ms = v,
);

/// Callbacks a service's API answers in parallel.
pub const API_CONCURRENCY: Setting<ServiceSettings> = number::<ServiceSettings>(
    "api_concurrency",
    Unit::Count,
    Range::of("API concurrency", 1.0, 1_000.0, true),
    4.0,
    |s| Some(s.api_concurrency as f64),
    |s, v| s.api_concurrency = v as u32,
);

impl Table for ServiceSettings {
    const TABLE: &'static [Setting<ServiceSettings>] = &[
        PUBLISH,
        CRASH_RATE,
        SERVICE_INSTANCES,
        RELAY_INTERVAL_MS,
        API_TIME_MS,
        API_CONCURRENCY,
    ];
}

// ---- The run ---------------------------------------------------------------------------------

/// Events through a broker, or synchronous requests along the chain.
pub const STYLE: Setting<RunSettings> = Setting {
    key: "style",
    file: "style",
    unit: Unit::Plain,
    value: Value::Choice {
        label: "Style",
        words: &["event_driven", "request_response"],
        names: &["Events", "Requests along the chain"],
        default: 0,
        bare: true,
        get: |s| usize::from(s.style == StyleSetting::RequestResponse),
        set: |s, i| {
            s.style = [StyleSetting::EventDriven, StyleSetting::RequestResponse][i.min(1)];
        },
    },
    since: 5,
    kinds: &[],
    needs: None,
    show: Show::Always,
    alias: None,
    vary: Vary {
        compare: Offer::More,
        sweep: None,
    },
};

/// The run's random seed.
pub const SEED: Setting<RunSettings> = number::<RunSettings>(
    "seed",
    Unit::Plain,
    Range::of("Seed", 0.0, 9_007_199_254_740_991.0, true),
    1.0,
    |s| Some(s.seed as f64),
    |s, v| s.seed = v as u64,
);

/// Simulated seconds during which actors issue commands.
pub const DURATION_S: Setting<RunSettings> = number::<RunSettings>(
    "duration_s",
    Unit::S,
    above(Range::of("Duration (s)", 0.0, 86_400.0, false)),
    60.0,
    |s| Some(s.duration_s),
    |s, v| s.duration_s = v,
);

/// One network hop.
pub const NETWORK_MS: Setting<RunSettings> = number::<RunSettings>(
    "network_ms",
    Unit::Ms,
    Range::of("Network hop (ms)", 0.0, 60_000.0, false),
    1.0,
    |s| Some(s.network_ms),
    |s, v| s.network_ms = v,
);

/// Probability that an acknowledgement is lost and a message delivered twice.
pub const DUPLICATE_RATE: Setting<RunSettings> = number::<RunSettings>(
    "duplicate_rate",
    Unit::Fraction,
    Range::of("Duplicate rate (0–1)", 0.0, 1.0, false),
    0.0,
    |s| Some(s.duplicate_rate),
    |s, v| s.duplicate_rate = v,
)
.compare()
.sweep("lost-acks", 0.0, 0.2);

/// Distinct entity keys the workload draws from.
pub const KEY_SPACE: Setting<RunSettings> = number::<RunSettings>(
    "key_space",
    Unit::Count,
    Range::of("Key space", 1.0, 1_000_000.0, true),
    1000.0,
    |s| Some(s.key_space as f64),
    |s, v| s.key_space = v as u32,
)
.compare_more();

/// Partitions per topic.
pub const PARTITIONS: Setting<RunSettings> = number::<RunSettings>(
    "partitions",
    Unit::Count,
    Range::of("Partitions", 1.0, 1_000.0, true),
    4.0,
    |s| Some(s.partitions as f64),
    |s, v| s.partitions = v as u32,
);

/// How sagas are coordinated.
pub const SAGA: Setting<RunSettings> = Setting {
    key: "saga",
    file: "saga",
    unit: Unit::Plain,
    value: Value::Choice {
        label: "Sagas",
        words: &["orchestration", "choreography"],
        names: &["Orchestrated", "Choreographed"],
        default: 0,
        bare: true,
        get: |s| usize::from(s.saga == SagaSetting::Choreography),
        set: |s, i| {
            s.saga = [SagaSetting::Orchestration, SagaSetting::Choreography][i.min(1)];
        },
    },
    since: 3,
    kinds: &[],
    needs: None,
    show: Show::Always,
    alias: None,
    vary: Vary {
        compare: Offer::First,
        sweep: None,
    },
};

impl Table for RunSettings {
    const TABLE: &'static [Setting<RunSettings>] = &[
        SEED,
        DURATION_S,
        NETWORK_MS,
        DUPLICATE_RATE,
        KEY_SPACE,
        PARTITIONS,
        SAGA,
        STYLE,
    ];
}
