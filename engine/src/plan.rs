//! Assembly: checks a [`Scenario`] and resolves its names into indices, reporting the exact
//! field that is wrong (for example `subscriptions[2].topic`).

use std::collections::HashMap;
use std::fmt;

use crate::dist::Dist;
use crate::limits::*;
use crate::scenario::*;
use crate::time::Time;
use stormlab_words::{number, quoted};

/// A problem in a scenario, located by the path of the field that is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// Where: `services[0].handlers[1].emits[0]`, or `.` for the whole document.
    pub path: String,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ScenarioError {}

fn err<T>(path: impl Into<String>, message: impl Into<String>) -> Result<T, ScenarioError> {
    Err(ScenarioError {
        path: path.into(),
        message: message.into(),
    })
}

impl Scenario {
    /// Parses a scenario from JSON; errors name the field at fault.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        // A byte-order mark is not part of the JSON (some editors write one).
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let de = &mut serde_json::Deserializer::from_str(text);
        let scenario: Scenario = serde_path_to_error::deserialize(de).map_err(|e| {
            // A syntax error has no field: serde_path_to_error says "." for the whole file.
            let path = match e.path().to_string() {
                root if root == "." => "(the file)".into(),
                path => path,
            };
            ScenarioError {
                path,
                message: stormlab_words::plain(&e.into_inner().to_string()),
            }
        })?;
        if scenario.kind != SCENARIO_KIND {
            return err(
                "kind",
                format!(
                    "expected \"{SCENARIO_KIND}\", found {}",
                    quoted(&scenario.kind)
                ),
            );
        }
        if scenario.version == 0 || scenario.version > SCENARIO_VERSION {
            return err(
                "version",
                format!(
                    "version {} is not supported (this build reads version {SCENARIO_VERSION})",
                    scenario.version
                ),
            );
        }
        Ok(scenario)
    }

    /// Checks names, references and numbers, as starting a simulation would, without
    /// preparing a run; the error names the field at fault.
    pub fn check(&self) -> Result<(), ScenarioError> {
        Plan::new(self).map(|_| ())
    }

    /// Serializes the scenario as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scenario always serializes")
    }
}

pub(crate) struct PHandler {
    pub service_time: Dist,
    pub failure_rate: f64,
    pub emits: Vec<u16>,
    /// Cumulative weights (normalised to 1) and the topics of each outcome.
    pub outcomes: Vec<(f64, Vec<u16>)>,
    pub event_sourcing: Option<EventSourcing>,
}

pub(crate) struct PService {
    pub name: String,
    pub instances: u32,
    pub handlers: Vec<PHandler>,
    pub downtime: Vec<Window>,
    pub publish: PublishMode,
    pub api: Api,
}

pub(crate) struct PTopic {
    pub name: String,
    pub producer: u16,
    pub partitions: u32,
    pub payload: Payload,
    /// Cumulative weights (normalised to 1) and versions.
    pub versions: Vec<(f64, u32)>,
    pub subs: Vec<u16>,
    /// The subscriptions among `subs` that feed a read model.
    pub read_models: Vec<u16>,
}

pub(crate) struct PSub {
    pub spec: Subscription,
    pub topic: u16,
    pub service: u16,
    pub handler: u16,
}

pub(crate) struct PWorkload {
    pub spec: Workload,
    pub service: u16,
    pub handler: u16,
    pub stop_us: Time,
}

pub(crate) struct PSaga {
    pub spec: Saga,
    pub services: Vec<u16>,
    pub coordinator: Option<u16>,
}

/// A checked scenario with names resolved to indices.
pub(crate) struct Plan {
    pub services: Vec<PService>,
    pub topics: Vec<PTopic>,
    pub subs: Vec<PSub>,
    pub workloads: Vec<PWorkload>,
    pub sagas: Vec<PSaga>,
}

fn unique<'a>(
    names: impl Iterator<Item = &'a str>,
    what: &str,
) -> Result<HashMap<&'a str, u16>, ScenarioError> {
    let mut map = HashMap::new();
    for (i, name) in names.enumerate() {
        let path = format!("{what}[{i}].name");
        if name.trim().is_empty() {
            return err(path, "a name is required");
        }
        if i >= u16::MAX as usize {
            return err(what, "too many entries");
        }
        if map.insert(name, i as u16).is_some() {
            return err(path, format!("the name {} is used twice", quoted(name)));
        }
    }
    Ok(map)
}

fn lookup(
    map: &HashMap<&str, u16>,
    name: &str,
    path: String,
    what: &str,
) -> Result<u16, ScenarioError> {
    match map.get(name) {
        Some(&i) => Ok(i),
        None => err(path, format!("unknown {what} {}", quoted(name))),
    }
}

fn probability(p: f64, path: String) -> Result<f64, ScenarioError> {
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        err(
            path,
            format!("must be a probability between 0 and 1, found {}", number(p)),
        )
    }
}

fn positive(n: u64, path: String) -> Result<(), ScenarioError> {
    if n == 0 {
        err(path, "must be at least 1")
    } else {
        Ok(())
    }
}

fn at_most(n: u64, max: u64, path: String) -> Result<(), ScenarioError> {
    if n > max {
        err(path, format!("must be at most {max}, found {n}"))
    } else {
        Ok(())
    }
}

/// A count from 1 to `max`.
fn count(n: u32, max: u32, path: String) -> Result<(), ScenarioError> {
    positive(n as u64, path.clone())?;
    at_most(n as u64, max as u64, path)
}

/// A delay from 1 µs to [`MAX_DELAY_US`].
fn delay(us: Time, path: String) -> Result<(), ScenarioError> {
    positive(us, path.clone())?;
    at_most(us, MAX_DELAY_US, path)
}

/// A rate from [`MIN_RATE_PER_SEC`] to [`MAX_RATE_PER_SEC`] per second.
fn rate(r: f64, path: String) -> Result<(), ScenarioError> {
    if (MIN_RATE_PER_SEC..=MAX_RATE_PER_SEC).contains(&r) {
        Ok(())
    } else {
        err(
            path,
            format!(
                "must be from {} to {} per second (one arrival in at most {} days), found {}",
                number(MIN_RATE_PER_SEC),
                number(MAX_RATE_PER_SEC),
                MAX_DELAY_US / 86_400_000_000,
                number(r)
            ),
        )
    }
}

/// A distribution with valid parameters, none longer than [`MAX_DELAY_US`].
fn dist(d: &Dist, path: String) -> Result<(), ScenarioError> {
    if let Some(problem) = d.problem() {
        return err(path, problem);
    }
    let longest = match *d {
        Dist::Fixed { us } => us as f64,
        Dist::Exponential { mean_us } => mean_us,
        Dist::Uniform { max_us, .. } => max_us as f64,
    };
    if longest > MAX_DELAY_US as f64 {
        return err(
            path,
            format!(
                "must not exceed {MAX_DELAY_US} µs, found {}",
                number(longest)
            ),
        );
    }
    Ok(())
}

fn cumulative<T: Copy>(items: &[(f64, T)], path: &str) -> Result<Vec<(f64, T)>, ScenarioError> {
    let total: f64 = items.iter().map(|(w, _)| *w).sum();
    for (i, (w, _)) in items.iter().enumerate() {
        if !(w.is_finite() && *w > 0.0) {
            return err(
                format!("{path}[{i}].weight"),
                format!("must be positive, found {}", number(*w)),
            );
        }
    }
    let mut acc = 0.0;
    Ok(items
        .iter()
        .map(|&(w, t)| {
            acc += w / total;
            (acc, t)
        })
        .collect())
}

/// The scenario's names, resolved to indices once, so later phases can look them up.
struct Names<'a> {
    services: HashMap<&'a str, u16>,
    topics: HashMap<&'a str, u16>,
    /// Per service: its handlers by name.
    handlers: Vec<HashMap<&'a str, u16>>,
}

impl Plan {
    /// Checks every rule and resolves every name, one phase per part of the scenario.
    pub fn new(s: &Scenario) -> Result<Plan, ScenarioError> {
        check_globals(s)?;
        let names = Names::of(s)?;
        let services = each(&s.services, "services", |svc, at| {
            plan_service(svc, at, &names)
        })?;
        let mut topics = each(&s.topics, "topics", |t, at| plan_topic(t, at, &names))?;
        let mut subs = Vec::new();
        for (bi, b) in s.subscriptions.iter().enumerate() {
            let sub = plan_subscription(b, &format!("subscriptions[{bi}]"), &names)?;
            let topic = &mut topics[sub.topic as usize];
            topic.subs.push(bi as u16);
            if b.read_model.is_some() {
                topic.read_models.push(bi as u16);
            }
            subs.push(sub);
        }
        let workloads = each(&s.workloads, "workloads", |w, at| {
            plan_workload(w, at, &names, s.duration_us)
        })?;
        let sagas = each(&s.sagas, "sagas", |g, at| plan_saga(g, at, &names))?;
        check_budget(s)?;
        Ok(Plan {
            services,
            topics,
            subs,
            workloads,
            sagas,
        })
    }
}

/// Refuses, before anything is allocated, a scenario whose state would pass the memory
/// budget or whose arrivals would be too dense for simulated time to advance. The error
/// names the part that costs the most.
fn check_budget(s: &Scenario) -> Result<(), ScenarioError> {
    match over_budget(s) {
        None => Ok(()),
        Some(OverBudget::Memory { total, largest }) => err(
            largest.path,
            format!(
                "the run would need about {} of engine state ({} of it from this field); the budget is {}",
                megabytes(total),
                megabytes(largest.bytes),
                megabytes(MEMORY_BUDGET_BYTES)
            ),
        ),
        Some(OverBudget::Events { total, densest }) => err(
            densest.path,
            format!(
                "{} for simulated time to advance: {} events per second in all ({} from {}); the engine takes at most {} per second, one per microsecond",
                "arrivals and polls are too dense",
                number(total.round()),
                number(densest.per_sec.round()),
                densest.what,
                number(MAX_TOTAL_RATE_PER_SEC),
            ),
        ),
    }
}

/// Plans every item of a list, each with its path (`services[2]`); the first error wins.
fn each<T, P>(
    items: &[T],
    list: &str,
    plan: impl Fn(&T, &str) -> Result<P, ScenarioError>,
) -> Result<Vec<P>, ScenarioError> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| plan(item, &format!("{list}[{i}]")))
        .collect()
}

/// The rules for the scenario as a whole and its broker.
fn check_globals(s: &Scenario) -> Result<(), ScenarioError> {
    positive(s.duration_us, "duration_us".into())?;
    at_most(s.duration_us, MAX_DURATION_US, "duration_us".into())?;
    if let Some(drain) = s.drain_us {
        at_most(drain, MAX_DURATION_US, "drain_us".into())?;
    }
    positive(s.key_space as u64, "key_space".into())?;
    at_most(s.key_space as u64, MAX_KEY_SPACE as u64, "key_space".into())?;
    at_most(
        s.broker.ack_timeout_us,
        MAX_DELAY_US,
        "broker.ack_timeout_us".into(),
    )?;
    let r = &s.recording;
    at_most(
        r.trace_capacity as u64,
        MAX_RECORDING as u64,
        "recording.trace_capacity".into(),
    )?;
    at_most(
        r.series_points as u64,
        MAX_RECORDING as u64,
        "recording.series_points".into(),
    )?;
    at_most(
        r.saga_log_capacity as u64,
        MAX_RECORDING as u64,
        "recording.saga_log_capacity".into(),
    )?;
    at_most(
        r.sample_interval_us,
        MAX_DURATION_US,
        "recording.sample_interval_us".into(),
    )?;
    dist(&s.broker.network_latency, "broker.network_latency".into())?;
    dist(
        &s.broker.claim_store_fetch,
        "broker.claim_store_fetch".into(),
    )?;
    probability(s.broker.duplicate_rate, "broker.duplicate_rate".into())?;
    if s.broker.duplicate_rate > 0.0 {
        positive(s.broker.ack_timeout_us, "broker.ack_timeout_us".into())?;
    }
    if s.services.is_empty() {
        return err("services", "a scenario needs at least one service");
    }
    Ok(())
}

impl<'a> Names<'a> {
    /// Every name list must be free of blanks and repeats.
    fn of(s: &'a Scenario) -> Result<Names<'a>, ScenarioError> {
        let services = unique(s.services.iter().map(|x| x.name.as_str()), "services")?;
        let topics = unique(s.topics.iter().map(|x| x.name.as_str()), "topics")?;
        unique(
            s.subscriptions.iter().map(|x| x.name.as_str()),
            "subscriptions",
        )?;
        unique(s.workloads.iter().map(|x| x.name.as_str()), "workloads")?;
        unique(s.sagas.iter().map(|x| x.name.as_str()), "sagas")?;
        let handlers = s
            .services
            .iter()
            .enumerate()
            .map(|(si, svc)| {
                unique(
                    svc.handlers.iter().map(|h| h.name.as_str()),
                    &format!("services[{si}].handlers"),
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Names {
            services,
            topics,
            handlers,
        })
    }

    fn service(&self, name: &str, path: String) -> Result<u16, ScenarioError> {
        lookup(&self.services, name, path, "service")
    }

    fn topics(&self, names: &[String], path: &str) -> Result<Vec<u16>, ScenarioError> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| lookup(&self.topics, n, format!("{path}[{i}]"), "topic"))
            .collect()
    }

    /// Resolves `{at}.service` and then `{at}.handler` within that service.
    fn handler(&self, service: &str, handler: &str, at: &str) -> Result<(u16, u16), ScenarioError> {
        let s = self.service(service, format!("{at}.service"))?;
        let what = format!("handler of service {service:?}");
        let h = lookup(
            &self.handlers[s as usize],
            handler,
            format!("{at}.handler"),
            &what,
        )?;
        Ok((s, h))
    }
}

fn plan_service(svc: &Service, at: &str, names: &Names) -> Result<PService, ScenarioError> {
    count(svc.instances, MAX_INSTANCES, format!("{at}.instances"))?;
    for (wi, w) in svc.downtime.iter().enumerate() {
        at_most(
            w.to_us,
            MAX_DURATION_US,
            format!("{at}.downtime[{wi}].to_us"),
        )?;
        if w.from_us >= w.to_us {
            return err(
                format!("{at}.downtime[{wi}]"),
                "from_us must be before to_us",
            );
        }
    }
    match svc.publish {
        PublishMode::DualWrite { crash_rate } => {
            probability(crash_rate, format!("{at}.publish.crash_rate"))?;
        }
        PublishMode::Outbox {
            relay_interval_us,
            relay_batch,
            crash_rate,
        } => {
            delay(relay_interval_us, format!("{at}.publish.relay_interval_us"))?;
            count(relay_batch, MAX_WINDOW, format!("{at}.publish.relay_batch"))?;
            probability(crash_rate, format!("{at}.publish.crash_rate"))?;
        }
    }
    dist(&svc.api.service_time, format!("{at}.api.service_time"))?;
    count(
        svc.api.concurrency,
        MAX_WINDOW,
        format!("{at}.api.concurrency"),
    )?;
    let handlers = each(&svc.handlers, &format!("{at}.handlers"), |h, at| {
        plan_handler(h, at, names)
    })?;
    Ok(PService {
        name: svc.name.clone(),
        instances: svc.instances,
        handlers,
        downtime: svc.downtime.clone(),
        publish: svc.publish.clone(),
        api: svc.api.clone(),
    })
}

fn plan_handler(h: &Handler, at: &str, names: &Names) -> Result<PHandler, ScenarioError> {
    dist(&h.service_time, format!("{at}.service_time"))?;
    probability(h.failure_rate, format!("{at}.failure_rate"))?;
    if let Some(es) = &h.event_sourcing {
        at_most(
            es.replay_us_per_event,
            MAX_DELAY_US,
            format!("{at}.event_sourcing.replay_us_per_event"),
        )?;
    }
    let emits = names.topics(&h.emits, &format!("{at}.emits"))?;
    let mut weights = Vec::new();
    let mut emitted = Vec::new();
    for (oi, o) in h.outcomes.iter().enumerate() {
        weights.push((o.weight, oi));
        emitted.push(names.topics(&o.emits, &format!("{at}.outcomes[{oi}].emits"))?);
    }
    let outcomes = cumulative(&weights, &format!("{at}.outcomes"))?
        .into_iter()
        .map(|(c, i)| (c, emitted[i].clone()))
        .collect();
    Ok(PHandler {
        service_time: h.service_time,
        failure_rate: h.failure_rate,
        emits,
        outcomes,
        event_sourcing: h.event_sourcing.clone(),
    })
}

fn plan_topic(t: &Topic, at: &str, names: &Names) -> Result<PTopic, ScenarioError> {
    let producer = names.service(&t.producer, format!("{at}.producer"))?;
    count(t.partitions, MAX_PARTITIONS, format!("{at}.partitions"))?;
    at_most(
        t.payload.state_bytes as u64,
        MAX_PAYLOAD_BYTES as u64,
        format!("{at}.payload.state_bytes"),
    )?;
    at_most(
        t.payload.reference_bytes as u64,
        MAX_PAYLOAD_BYTES as u64,
        format!("{at}.payload.reference_bytes"),
    )?;
    if t.versions.is_empty() {
        return err(format!("{at}.versions"), "at least one version is needed");
    }
    let pairs: Vec<(f64, u32)> = t.versions.iter().map(|v| (v.weight, v.version)).collect();
    let versions = cumulative(&pairs, &format!("{at}.versions"))?;
    Ok(PTopic {
        name: t.name.clone(),
        producer,
        partitions: t.partitions,
        payload: t.payload.clone(),
        versions,
        subs: Vec::new(),
        read_models: Vec::new(),
    })
}

fn plan_subscription(b: &Subscription, at: &str, names: &Names) -> Result<PSub, ScenarioError> {
    let topic = lookup(&names.topics, &b.topic, format!("{at}.topic"), "topic")?;
    let (service, handler) = names.handler(&b.service, &b.handler, at)?;
    count(b.instances, MAX_INSTANCES, format!("{at}.instances"))?;
    count(b.concurrency, MAX_WINDOW, format!("{at}.concurrency"))?;
    match b.delivery {
        // Only compared, never allocated: u32::MAX stands for "no limit".
        Delivery::Push { max_in_flight } => {
            positive(max_in_flight as u64, format!("{at}.delivery.max_in_flight"))?
        }
        Delivery::Poll { interval_us, batch } => {
            delay(interval_us, format!("{at}.delivery.interval_us"))?;
            count(batch, MAX_WINDOW, format!("{at}.delivery.batch"))?;
        }
    }
    count(
        b.retry.max_attempts,
        MAX_ATTEMPTS,
        format!("{at}.retry.max_attempts"),
    )?;
    count(
        b.retry.multiplier,
        MAX_MULTIPLIER,
        format!("{at}.retry.multiplier"),
    )?;
    at_most(
        b.retry.backoff_us,
        MAX_DELAY_US,
        format!("{at}.retry.backoff_us"),
    )?;
    at_most(
        b.retry.max_backoff_us,
        MAX_DELAY_US,
        format!("{at}.retry.max_backoff_us"),
    )?;
    if let Some(at_us) = b.redrive_at_us {
        at_most(at_us, MAX_DURATION_US, format!("{at}.redrive_at_us"))?;
    }
    if let Some(r) = b.accepts {
        if r.min > r.max {
            return err(format!("{at}.accepts"), "min must not exceed max");
        }
    }
    if let Some(cb) = &b.circuit_breaker {
        positive(
            cb.failure_threshold as u64,
            format!("{at}.circuit_breaker.failure_threshold"),
        )?;
        at_most(
            cb.open_us,
            MAX_DELAY_US,
            format!("{at}.circuit_breaker.open_us"),
        )?;
    }
    if let Some(rm) = &b.read_model {
        rate(
            rm.queries_per_sec,
            format!("{at}.read_model.queries_per_sec"),
        )?;
    }
    Ok(PSub {
        spec: b.clone(),
        topic,
        service,
        handler,
    })
}

fn plan_workload(
    w: &Workload,
    at: &str,
    names: &Names,
    duration_us: Time,
) -> Result<PWorkload, ScenarioError> {
    let (service, handler) = names.handler(&w.service, &w.handler, at)?;
    rate(w.rate_per_sec, format!("{at}.rate_per_sec"))?;
    at_most(w.start_us, MAX_DURATION_US, format!("{at}.start_us"))?;
    let stop_us = w.stop_us.unwrap_or(duration_us).min(duration_us);
    Ok(PWorkload {
        spec: w.clone(),
        service,
        handler,
        stop_us,
    })
}

fn plan_saga(g: &Saga, at: &str, names: &Names) -> Result<PSaga, ScenarioError> {
    rate(g.rate_per_sec, format!("{at}.rate_per_sec"))?;
    if g.steps.is_empty() {
        return err(format!("{at}.steps"), "a saga needs at least one step");
    }
    count(g.max_attempts, MAX_ATTEMPTS, format!("{at}.max_attempts"))?;
    delay(g.retry_backoff_us, format!("{at}.retry_backoff_us"))?;
    let mut services = Vec::new();
    for (i, st) in g.steps.iter().enumerate() {
        let sat = format!("{at}.steps[{i}]");
        services.push(names.service(&st.service, format!("{sat}.service"))?);
        dist(&st.service_time, format!("{sat}.service_time"))?;
        probability(st.failure_rate, format!("{sat}.failure_rate"))?;
    }
    let coordinator = match &g.coordinator {
        Some(c) => Some(names.service(c, format!("{at}.coordinator"))?),
        None => None,
    };
    Ok(PSaga {
        spec: g.clone(),
        services,
        coordinator,
    })
}
