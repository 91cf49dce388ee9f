//! The settings a line of a text board carries, both ways: written as the `key=value` words
//! that differ from the defaults, read back with each value checked against the range the
//! property panel uses.

use super::TextError;
use crate::document::{EventProps, Field, Payload, Scope, Versioning};
use crate::format::{COORDINATE, FRAME_SIZE};
use crate::settings::{
    self as s, DeliverySetting, Outcome, PublishSetting, Range, RunSettings, SagaSetting,
    ServiceSettings, StickySettings, StyleSetting,
};

/// One setting as read: `key=value` or a single word.
#[derive(Clone, Debug)]
pub struct Attr {
    /// The key, or the single word.
    pub key: String,
    /// Column of the key.
    pub col: usize,
    /// The value after `=`, if any.
    pub value: Option<Val>,
}

/// A value as read.
#[derive(Clone, Debug)]
pub struct Val {
    /// Its text (unquoted).
    pub text: String,
    /// True when it was quoted.
    pub quoted: bool,
    /// Its column.
    pub col: usize,
    /// A word written right after a quoted value (`field="line items":400` has `:400`).
    pub suffix: Option<String>,
}

/// Reads settings for one line (`line` is its number).
pub struct Reader {
    pub line: usize,
}

impl Reader {
    pub fn err(&self, col: usize, message: impl Into<String>) -> TextError {
        TextError::at(self.line, col, message)
    }

    /// The value of `a`, which must have one.
    pub fn value<'a>(&self, a: &'a Attr) -> Result<&'a Val, TextError> {
        a.value.as_ref().ok_or_else(|| {
            self.err(
                a.col,
                format!("\"{}\" needs a value: write {}=...", a.key, a.key),
            )
        })
    }

    /// A number in `range`.
    pub fn number(&self, a: &Attr, range: &Range) -> Result<f64, TextError> {
        let v = self.value(a)?;
        if v.quoted || v.suffix.is_some() {
            return Err(self.err(v.col, range.message()));
        }
        range.parse(&v.text).map_err(|m| self.err(v.col, m))
    }

    /// A whole number in `range` (whose bounds fit a `u32`).
    pub fn count(&self, a: &Attr, range: &Range) -> Result<u32, TextError> {
        self.number(a, range).map(|v| v as u32)
    }

    /// One of `words` (a bare word), as its index.
    pub fn choice(&self, a: &Attr, words: &[&str]) -> Result<usize, TextError> {
        let v = self.value(a)?;
        words
            .iter()
            .position(|w| !v.quoted && *w == v.text)
            .ok_or_else(|| {
                self.err(
                    v.col,
                    format!("{} takes {}, not {:?}.", a.key, one_of(words), v.text),
                )
            })
    }

    /// `true` or `false`; a bare word means `true`.
    pub fn boolean(&self, a: &Attr) -> Result<bool, TextError> {
        match &a.value {
            None => Ok(true),
            Some(_) => self.choice(a, &["false", "true"]).map(|i| i == 1),
        }
    }

    /// Two numbers joined by `sep` (`120,80`, `900x400`), each in its range.
    pub fn pair(&self, a: &Attr, sep: char, range: &Range) -> Result<(f64, f64), TextError> {
        let v = self.value(a)?;
        let bad = || {
            self.err(
                v.col,
                format!(
                    "{} takes two numbers joined by \"{sep}\" ({}), each {}.",
                    a.key,
                    if sep == ',' {
                        "at=120,80"
                    } else {
                        "size=900x400"
                    },
                    range.describe()
                ),
            )
        };
        let (x, y) = v.text.split_once(sep).ok_or_else(bad)?;
        let parse = |t: &str| range.parse(t).map_err(|_| bad());
        Ok((parse(x)?, parse(y)?))
    }

    /// Any text, quoted or a single word.
    pub fn text(&self, a: &Attr) -> Result<String, TextError> {
        let v = self.value(a)?;
        match &v.suffix {
            Some(_) => Err(self.err(v.col, format!("{} takes one quoted text.", a.key))),
            None => Ok(v.text.clone()),
        }
    }

    /// A payload field, `name:bytes`, the name a word or quoted.
    pub fn field(&self, a: &Attr) -> Result<Field, TextError> {
        let v = self.value(a)?;
        let bad = |m: &str| {
            self.err(v.col, format!("field takes a name and a size in bytes, as field=id:36 or field=\"line items\":400; {m}"))
        };
        let (name, bytes) = if v.quoted {
            let bytes = v.suffix.as_deref().and_then(|s| s.strip_prefix(':'));
            (
                v.text.clone(),
                bytes.ok_or_else(|| bad("the size is missing"))?,
            )
        } else {
            let (n, b) = v
                .text
                .rsplit_once(':')
                .ok_or_else(|| bad("the \":\" is missing"))?;
            (n.to_string(), b)
        };
        let bytes = s::FIELD_BYTES.parse(bytes).map_err(|m| bad(&m))?;
        Ok(Field {
            name,
            bytes: bytes as u32,
        })
    }

    /// An error for a key this line does not take.
    pub fn unknown(&self, a: &Attr, what: &str, keys: &[&str]) -> TextError {
        let near = keys.iter().find(|k| close(k, &a.key));
        let hint = near.map_or(String::new(), |k| format!(" Did you mean \"{k}\"?"));
        self.err(
            a.col,
            format!(
                "{what} has no setting \"{}\"; it takes {}.{hint}",
                a.key,
                keys.join(", ")
            ),
        )
    }
}

/// "a, b or c".
pub fn one_of(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// True when `a` and `b` differ by one edit or a swap (a likely typo).
pub fn close(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return a == b;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let longest = a.len().max(b.len());
    let swapped = a.len() == b.len()
        && prefix + 2 <= a.len()
        && a[prefix] == b[prefix + 1]
        && a[prefix + 1] == b[prefix];
    prefix + suffix + 1 >= longest || swapped
}

/// Formats a number so that it reads back to the same value.
pub fn num(v: f64) -> String {
    format!("{v}")
}

// ---- The board line -------------------------------------------------------------------------

/// Keys of the `board` line.
pub const BOARD_KEYS: [&str; 9] = [
    "style",
    "seed",
    "duration_s",
    "network_ms",
    "duplicate_rate",
    "key_space",
    "partitions",
    "saga",
    "example",
];
const SAGAS: [&str; 2] = ["orchestration", "choreography"];
const STYLES: [&str; 2] = ["event_driven", "request_response"];

/// The `board` line's settings that differ from the defaults.
pub fn write_run(run: &RunSettings, example: Option<&str>, out: &mut Vec<String>) {
    let d = RunSettings::default();
    let mut put = |k: &str, v: String| out.push(format!("{k}={v}"));
    if run.seed != d.seed {
        put("seed", run.seed.to_string());
    }
    if run.duration_s != d.duration_s {
        put("duration_s", num(run.duration_s));
    }
    if run.network_ms != d.network_ms {
        put("network_ms", num(run.network_ms));
    }
    if run.duplicate_rate != d.duplicate_rate {
        put("duplicate_rate", num(run.duplicate_rate));
    }
    if run.key_space != d.key_space {
        put("key_space", run.key_space.to_string());
    }
    if run.partitions != d.partitions {
        put("partitions", run.partitions.to_string());
    }
    if run.saga != d.saga {
        out.push("choreography".into());
    }
    if run.style != d.style {
        out.push("request_response".into());
    }
    if let Some(example) = example {
        out.push(format!("example={}", super::write::word_or_quote(example)));
    }
}

/// Applies one setting of the `board` line.
pub fn read_run(
    r: &Reader,
    a: &Attr,
    run: &mut RunSettings,
    example: &mut Option<String>,
) -> Result<(), TextError> {
    match a.key.as_str() {
        "seed" => run.seed = r.number(a, &s::SEED)? as u64,
        "duration_s" => run.duration_s = r.number(a, &s::DURATION_S)?,
        "network_ms" => run.network_ms = r.number(a, &s::NETWORK_MS)?,
        "duplicate_rate" => run.duplicate_rate = r.number(a, &s::DUPLICATE_RATE)?,
        "key_space" => run.key_space = r.count(a, &s::KEY_SPACE)?,
        "partitions" => run.partitions = r.count(a, &s::PARTITIONS)?,
        "saga" => run.saga = saga(r.choice(a, &SAGAS)?),
        "orchestration" | "choreography" if a.value.is_none() => {
            run.saga = saga(SAGAS.iter().position(|w| *w == a.key).unwrap_or(0));
        }
        "example" => *example = Some(r.text(a)?),
        "style" => run.style = style(r.choice(a, &STYLES)?),
        "event_driven" | "request_response" if a.value.is_none() => {
            run.style = style(STYLES.iter().position(|w| *w == a.key).unwrap_or(0));
        }
        _ => return Err(r.unknown(a, "The board line", &BOARD_KEYS)),
    }
    Ok(())
}

fn style(i: usize) -> StyleSetting {
    [StyleSetting::EventDriven, StyleSetting::RequestResponse][i]
}

fn saga(i: usize) -> SagaSetting {
    [SagaSetting::Orchestration, SagaSetting::Choreography][i]
}

// ---- Contexts -------------------------------------------------------------------------------

/// Keys of a `context` line.
pub const CONTEXT_KEYS: [&str; 8] = [
    "at",
    "size",
    "instances",
    "publish",
    "crash_rate",
    "relay_interval_ms",
    "api_time_ms",
    "api_concurrency",
];
const PUBLISH: [&str; 2] = ["dual_write", "outbox"];

/// A context's service settings that differ from the defaults.
pub fn write_service(svc: &ServiceSettings, out: &mut Vec<String>) {
    let d = ServiceSettings::default();
    let mut put = |k: &str, v: String| out.push(format!("{k}={v}"));
    if svc.instances != d.instances {
        put("instances", svc.instances.to_string());
    }
    if svc.crash_rate != d.crash_rate {
        put("crash_rate", num(svc.crash_rate));
    }
    if svc.relay_interval_ms != d.relay_interval_ms {
        put("relay_interval_ms", num(svc.relay_interval_ms));
    }
    if svc.api_time_ms != d.api_time_ms {
        put("api_time_ms", num(svc.api_time_ms));
    }
    if svc.api_concurrency != d.api_concurrency {
        put("api_concurrency", svc.api_concurrency.to_string());
    }
    if svc.publish != d.publish {
        out.push("outbox".into());
    }
}

/// Where and how large a frame is, when given.
#[derive(Default)]
pub struct Place {
    pub at: Option<(f64, f64)>,
    pub size: Option<(f64, f64)>,
}

/// Applies one setting of a `context` line.
pub fn read_service(
    r: &Reader,
    a: &Attr,
    svc: &mut ServiceSettings,
    place: &mut Place,
) -> Result<(), TextError> {
    match a.key.as_str() {
        "at" => place.at = Some(r.pair(a, ',', &COORDINATE)?),
        "size" => place.size = Some(r.pair(a, 'x', &FRAME_SIZE)?),
        "instances" => svc.instances = r.count(a, &s::SERVICE_INSTANCES)?,
        "publish" => svc.publish = publish(r.choice(a, &PUBLISH)?),
        "outbox" | "dual_write" if a.value.is_none() => {
            svc.publish = publish(PUBLISH.iter().position(|w| *w == a.key).unwrap_or(0));
        }
        "crash_rate" => svc.crash_rate = r.number(a, &s::CRASH_RATE)?,
        "relay_interval_ms" => svc.relay_interval_ms = r.number(a, &s::RELAY_INTERVAL_MS)?,
        "api_time_ms" => svc.api_time_ms = r.number(a, &s::API_TIME_MS)?,
        "api_concurrency" => svc.api_concurrency = r.count(a, &s::API_CONCURRENCY)?,
        _ => return Err(r.unknown(a, "A context", &CONTEXT_KEYS)),
    }
    Ok(())
}

fn publish(i: usize) -> PublishSetting {
    [PublishSetting::DualWrite, PublishSetting::Outbox][i]
}

// ---- Stickies -------------------------------------------------------------------------------

/// Keys of a sticky line.
pub const STICKY_KEYS: [&str; 32] = [
    "at",
    "ref",
    "notes",
    "rate_per_sec",
    "service_time_ms",
    "failure_rate",
    "delivery",
    "window",
    "interval_ms",
    "batch",
    "instances",
    "idempotent",
    "ordered",
    "max_attempts",
    "dead_letter",
    "queries_per_sec",
    "outcome",
    "weight",
    "scope",
    "payload",
    "field",
    "fields",
    "version",
    "versioning",
    "accepts_version",
    "upcast",
    "tolerant_reader",
    "breaker_failures",
    "breaker_open_ms",
    "event_sourced",
    "replay_ms_per_event",
    "snapshot_every",
];
const DELIVERY: [&str; 2] = ["push", "poll"];
const OUTCOMES: [&str; 3] = ["always", "alternative", "failure"];
const SCOPES: [&str; 2] = ["domain", "integration"];
const PAYLOADS: [&str; 3] = ["fat", "notification", "claim_check"];
const VERSIONINGS: [&str; 6] = [
    "in_name",
    "in_payload",
    "topic_per_version",
    "schema_registry",
    "additive_only",
    "none",
];

/// A sticky's simulation settings that differ from the defaults.
pub fn write_settings(set: &StickySettings, out: &mut Vec<String>) {
    let d = StickySettings::default();
    let mut put = |k: &str, v: String| out.push(format!("{k}={v}"));
    if set.rate_per_sec != d.rate_per_sec {
        put("rate_per_sec", num(set.rate_per_sec));
    }
    if set.service_time_ms != d.service_time_ms {
        put("service_time_ms", num(set.service_time_ms));
    }
    if set.failure_rate != d.failure_rate {
        put("failure_rate", num(set.failure_rate));
    }
    match set.delivery {
        DeliverySetting::Push { window } => {
            if set.delivery != d.delivery {
                put("window", window.to_string());
            }
        }
        DeliverySetting::Poll { interval_ms, batch } => {
            out.push("poll".into());
            let DeliverySetting::Poll {
                interval_ms: di,
                batch: db,
            } = DeliverySetting::POLL
            else {
                unreachable!("POLL polls")
            };
            if interval_ms != di {
                out.push(format!("interval_ms={}", num(interval_ms)));
            }
            if batch != db {
                out.push(format!("batch={batch}"));
            }
        }
    }
    let mut put = |k: &str, v: String| out.push(format!("{k}={v}"));
    if set.instances != d.instances {
        put("instances", set.instances.to_string());
    }
    if set.max_attempts != d.max_attempts {
        put("max_attempts", set.max_attempts.to_string());
    }
    if set.queries_per_sec != d.queries_per_sec {
        put("queries_per_sec", num(set.queries_per_sec));
    }
    match set.outcome {
        Outcome::Always => {}
        Outcome::Alternative { weight } => {
            put("outcome", "alternative".into());
            put("weight", num(weight));
        }
        Outcome::Failure { weight } => {
            put("outcome", "failure".into());
            put("weight", num(weight));
        }
    }
    if let Some(v) = set.accepts_version {
        put("accepts_version", v.to_string());
    }
    if set.breaker_failures != d.breaker_failures {
        put("breaker_failures", set.breaker_failures.to_string());
    }
    if set.breaker_open_ms != d.breaker_open_ms {
        put("breaker_open_ms", num(set.breaker_open_ms));
    }
    if set.replay_ms_per_event != d.replay_ms_per_event {
        put("replay_ms_per_event", num(set.replay_ms_per_event));
    }
    if set.snapshot_every != d.snapshot_every {
        put("snapshot_every", set.snapshot_every.to_string());
    }
    for (key, value, default) in [
        ("idempotent", set.idempotent, d.idempotent),
        ("ordered", set.ordered, d.ordered),
        ("dead_letter", set.dead_letter, d.dead_letter),
        ("upcast", set.upcast, d.upcast),
        ("tolerant_reader", set.tolerant_reader, d.tolerant_reader),
        ("event_sourced", set.event_sourced, d.event_sourced),
    ] {
        if value != default {
            out.push(if value {
                key.to_string()
            } else {
                format!("{key}=false")
            });
        }
    }
}

/// An event's properties that differ from those of a new event of its scope.
pub fn write_event(e: &EventProps, out: &mut Vec<String>) {
    let d = EventProps::new(e.scope);
    if e.scope == Scope::Integration {
        out.push("integration".into());
    }
    if e.payload != d.payload {
        out.push(
            PAYLOADS[Payload::ALL
                .iter()
                .position(|p| *p == e.payload)
                .unwrap_or(0)]
            .into(),
        );
    }
    if e.fields != d.fields {
        if e.fields.is_empty() {
            out.push("fields=none".into());
        }
        for f in &e.fields {
            let name = super::write::word_or_quote(&f.name);
            out.push(format!("field={name}:{}", f.bytes));
        }
    }
    if e.version != d.version {
        out.push(format!(
            "version={}",
            e.version.map_or("none".into(), |v| v.to_string())
        ));
    }
    if e.versioning != d.versioning {
        let i = e
            .versioning
            .and_then(|v| Versioning::ALL.iter().position(|x| *x == v))
            .unwrap_or(5);
        out.push(format!("versioning={}", VERSIONINGS[i]));
    }
}

/// What a sticky line says beyond its kind and text, before it is built.
#[derive(Default)]
pub struct StickyAttrs {
    pub at: Option<(f64, f64)>,
    pub reference: Option<(String, usize)>,
    pub notes: String,
    pub settings: StickySettings,
    pub scope: Option<Scope>,
    pub payload: Option<Payload>,
    pub fields: Option<Vec<Field>>,
    pub version: Option<Option<u32>>,
    pub versioning: Option<Option<Versioning>>,
    /// The column of the first event-only setting (refused on other kinds).
    pub event_only: Option<(usize, String)>,
    delivery: Option<usize>,
    window: Option<(u32, usize)>,
    poll: (Option<f64>, Option<u32>, usize),
    outcome: Option<(usize, usize)>,
    weight: Option<(f64, usize)>,
}

impl StickyAttrs {
    /// Applies one setting of a sticky line.
    pub fn read(&mut self, r: &Reader, a: &Attr) -> Result<(), TextError> {
        let bare = a.value.is_none();
        let key = a.key.as_str();
        if matches!(
            key,
            "scope"
                | "payload"
                | "field"
                | "fields"
                | "version"
                | "versioning"
                | "domain"
                | "integration"
                | "fat"
                | "notification"
                | "claim_check"
        ) && self.event_only.is_none()
        {
            self.event_only = Some((a.col, key.to_string()));
        }
        let set = &mut self.settings;
        match key {
            "at" => self.at = Some(r.pair(a, ',', &COORDINATE)?),
            "ref" => {
                let v = r.value(a)?;
                let ok = !v.quoted
                    && v.suffix.is_none()
                    && v.text
                        .chars()
                        .all(|c| c.is_alphanumeric() || "_-.".contains(c));
                if !ok {
                    return Err(r.err(v.col, "ref takes a name of letters, digits, \"_\", \"-\" or \".\", as ref=paid2, to link by it."));
                }
                self.reference = Some((v.text.clone(), v.col));
            }
            "notes" => self.notes = r.text(a)?,
            "rate_per_sec" => set.rate_per_sec = r.number(a, &s::RATE_PER_SEC)?,
            "service_time_ms" => set.service_time_ms = r.number(a, &s::SERVICE_TIME_MS)?,
            "failure_rate" => set.failure_rate = r.number(a, &s::FAILURE_RATE)?,
            "delivery" => self.delivery = Some(r.choice(a, &DELIVERY)?),
            "push" | "poll" if bare => {
                self.delivery = Some(usize::from(key == "poll"));
            }
            "window" => self.window = Some((r.count(a, &s::WINDOW)?, a.col)),
            "interval_ms" => {
                self.poll.0 = Some(r.number(a, &s::POLL_INTERVAL_MS)?);
                self.poll.2 = a.col;
            }
            "batch" => {
                self.poll.1 = Some(r.count(a, &s::BATCH)?);
                self.poll.2 = a.col;
            }
            "instances" => set.instances = r.count(a, &s::CONSUMER_INSTANCES)?,
            "idempotent" => set.idempotent = r.boolean(a)?,
            "ordered" => set.ordered = r.boolean(a)?,
            "dead_letter" => set.dead_letter = r.boolean(a)?,
            "max_attempts" => set.max_attempts = r.count(a, &s::ATTEMPTS)?,
            "queries_per_sec" => set.queries_per_sec = r.number(a, &s::QUERIES_PER_SEC)?,
            "accepts_version" => set.accepts_version = Some(r.count(a, &s::EVENT_VERSION)?),
            "upcast" => set.upcast = r.boolean(a)?,
            "tolerant_reader" => set.tolerant_reader = r.boolean(a)?,
            "breaker_failures" => set.breaker_failures = r.count(a, &s::BREAKER_FAILURES)?,
            "breaker_open_ms" => set.breaker_open_ms = r.number(a, &s::BREAKER_OPEN_MS)?,
            "event_sourced" => set.event_sourced = r.boolean(a)?,
            "replay_ms_per_event" => set.replay_ms_per_event = r.number(a, &s::REPLAY_MS)?,
            "snapshot_every" => set.snapshot_every = r.count(a, &s::SNAPSHOT_EVERY)?,
            "outcome" => self.outcome = Some((r.choice(a, &OUTCOMES)?, a.col)),
            "weight" => self.weight = Some((r.number(a, &s::OUTCOME_WEIGHT)?, a.col)),
            "scope" => {
                self.scope = Some([Scope::Domain, Scope::Integration][r.choice(a, &SCOPES)?])
            }
            "domain" | "integration" if bare => {
                self.scope = Some(if key == "domain" {
                    Scope::Domain
                } else {
                    Scope::Integration
                });
            }
            "payload" => self.payload = Some(Payload::ALL[r.choice(a, &PAYLOADS)?]),
            "fat" | "notification" | "claim_check" if bare => {
                let i = PAYLOADS.iter().position(|p| *p == key).unwrap_or(0);
                self.payload = Some(Payload::ALL[i]);
            }
            "field" => {
                let field = r.field(a)?;
                self.fields.get_or_insert_with(Vec::new).push(field);
            }
            "fields" => {
                r.choice(a, &["none"])?;
                self.fields = Some(Vec::new());
            }
            "version" => {
                let v = r.value(a)?;
                self.version = Some(if !v.quoted && v.text == "none" {
                    None
                } else {
                    Some(r.count(a, &s::EVENT_VERSION)?)
                });
            }
            "versioning" => {
                let i = r.choice(a, &VERSIONINGS)?;
                self.versioning = Some(Versioning::ALL.get(i).copied());
            }
            _ => return Err(r.unknown(a, "A sticky", &STICKY_KEYS)),
        }
        Ok(())
    }

    /// Settles the settings that depend on each other (delivery, outcome).
    pub fn finish(&mut self, r: &Reader) -> Result<(), TextError> {
        let poll_given = self.poll.0.is_some() || self.poll.1.is_some();
        let delivery = self.delivery.unwrap_or(usize::from(poll_given));
        if delivery == 0 {
            if poll_given {
                return Err(r.err(
                    self.poll.2,
                    "interval_ms and batch are for polling; write poll, or leave them out.",
                ));
            }
            if let Some((window, _)) = self.window {
                self.settings.delivery = DeliverySetting::Push { window };
            }
        } else {
            if let Some((_, col)) = self.window {
                return Err(r.err(
                    col,
                    "window is for push delivery; a polling consumer takes interval_ms and batch.",
                ));
            }
            let DeliverySetting::Poll { interval_ms, batch } = DeliverySetting::POLL else {
                unreachable!("POLL polls")
            };
            self.settings.delivery = DeliverySetting::Poll {
                interval_ms: self.poll.0.unwrap_or(interval_ms),
                batch: self.poll.1.unwrap_or(batch),
            };
        }
        let weight = self.weight.map_or(1.0, |w| w.0);
        self.settings.outcome = match self.outcome {
            None | Some((0, _)) => {
                if let Some((_, col)) = self.weight {
                    return Err(r.err(
                        col,
                        "weight is for alternative outcomes: write outcome=alternative or outcome=failure.",
                    ));
                }
                Outcome::Always
            }
            Some((1, _)) => Outcome::Alternative { weight },
            Some(_) => Outcome::Failure { weight },
        };
        Ok(())
    }

    /// The event properties this line describes.
    pub fn event(&self) -> EventProps {
        let scope = self.scope.unwrap_or_default();
        let mut e = EventProps::new(scope);
        if let Some(p) = self.payload {
            e.payload = p;
        }
        if let Some(f) = &self.fields {
            e.fields = f.clone();
        }
        if let Some(v) = self.version {
            e.version = v;
        }
        if let Some(v) = self.versioning {
            e.versioning = v;
        }
        e
    }
}
