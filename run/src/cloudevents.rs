//! The run's event log in CloudEvents 1.0 shape (`specversion`, `id`, `source`, `type`,
//! `time`, `subject`, `data`), with a text filter, for the log panel and its JSON export.

use serde::Serialize;
use stormlab_engine::sim::Names;
use stormlab_engine::trace::{TraceEntry, TraceKind, NONE};

/// Simulated time zero, as a calendar date (so `time` is a valid RFC 3339 timestamp).
const EPOCH: &str = "2026-01-01T";

/// One log line as a CloudEvent.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CloudEvent {
    /// Always "1.0".
    pub specversion: &'static str,
    /// Unique within the run (the trace position).
    pub id: String,
    /// The service where it happened, as a URI reference.
    pub source: String,
    /// The event type: the topic (or saga) it concerns.
    #[serde(rename = "type")]
    pub kind: String,
    /// What happened to it (an extension attribute): published, delivered, failed...
    pub happening: String,
    /// Simulated time as an RFC 3339 timestamp.
    pub time: String,
    /// The entity key (order id...).
    pub subject: String,
    /// Always JSON.
    pub datacontenttype: &'static str,
    /// Details.
    pub data: Data,
}

/// The `data` of a log line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Data {
    /// The message (or saga instance) id.
    pub message: u64,
    /// The subscription involved, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscription: Option<String>,
    /// Attempt number, saga step or version, depending on what happened.
    pub detail: u32,
    /// Simulated time in microseconds.
    pub time_us: u64,
}

fn name(list: &[String], i: u16) -> Option<String> {
    (i != NONE).then(|| list.get(i as usize).cloned()).flatten()
}

/// The snake-case name of what happened.
pub fn happening(kind: TraceKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// `12.345678` seconds as `2026-01-01T00:00:12.345678Z` (hours roll over; days do not occur
/// in runs shorter than a day, longer ones keep counting hours).
pub fn timestamp(us: u64) -> String {
    let s = us / 1_000_000;
    format!(
        "{EPOCH}{:02}:{:02}:{:02}.{:06}Z",
        (s / 3600).min(23),
        (s / 60) % 60,
        s % 60,
        us % 1_000_000
    )
}

/// The CloudEvent for a trace entry.
pub fn cloud_event(e: &TraceEntry, names: &Names) -> CloudEvent {
    let saga = matches!(
        e.kind,
        TraceKind::SagaStarted | TraceKind::SagaCommitted | TraceKind::SagaRolledBack
    );
    let kind = if saga {
        names.sagas.get(e.detail as usize).cloned()
    } else {
        name(&names.topics, e.topic)
    }
    .or_else(|| name(&names.subscriptions, e.sub))
    .unwrap_or_else(|| {
        if happening(e.kind).starts_with("saga") {
            "saga".into()
        } else {
            "service".into()
        }
    });
    let source = name(&names.services, e.service).map_or_else(
        || "/broker".into(),
        |s| format!("/services/{}", s.replace(' ', "-")),
    );
    CloudEvent {
        specversion: "1.0",
        id: format!("run-{}", e.index),
        source,
        kind,
        happening: happening(e.kind),
        time: timestamp(e.time),
        subject: format!("key-{}", e.key),
        datacontenttype: "application/json",
        data: Data {
            message: e.id,
            subscription: name(&names.subscriptions, e.sub),
            detail: e.detail,
            time_us: e.time,
        },
    }
}

/// True when every word of the filter occurs (case-insensitive) in the type, source,
/// subject, happening or subscription.
pub fn matches(ev: &CloudEvent, filter: &str) -> bool {
    let hay = format!(
        "{} {} {} {} {}",
        ev.kind,
        ev.source,
        ev.subject,
        ev.happening,
        ev.data.subscription.as_deref().unwrap_or("")
    )
    .to_lowercase();
    filter
        .to_lowercase()
        .split_whitespace()
        .all(|w| hay.contains(w))
}

/// The events as a pretty JSON array (the export).
pub fn export(events: &[CloudEvent]) -> String {
    serde_json::to_string_pretty(events).expect("log lines always serialize")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playback::Playback;
    use crate::variant::Variant;
    use stormlab_board::examples::example;

    #[test]
    fn timestamps_are_rfc3339() {
        assert_eq!(timestamp(0), "2026-01-01T00:00:00.000000Z");
        assert_eq!(timestamp(3_723_000_042), "2026-01-01T01:02:03.000042Z");
    }

    #[test]
    fn a_run_logs_cloud_events_that_filter_and_export() {
        let board = example("retail").unwrap().board();
        let mut p = Playback::new(&board, &Variant::default(), 1).unwrap();
        p.advance(3_000_000, u64::MAX);
        let names = p.simulation().names();
        let events: Vec<CloudEvent> = p
            .simulation()
            .trace_since(0)
            .iter()
            .map(|e| cloud_event(e, &names))
            .collect();
        let delivered: Vec<&CloudEvent> = events
            .iter()
            .filter(|e| matches(e, "orderplaced DELIVERED"))
            .collect();
        assert!(!delivered.is_empty());
        assert!(delivered.iter().all(|e| e.kind == "OrderPlaced"
            && e.happening == "delivered"
            && e.source == "/services/Inventory"));
        let json: serde_json::Value = serde_json::from_str(&export(&events)).unwrap();
        let first = &json[0];
        for field in ["specversion", "id", "source", "type", "time", "data"] {
            assert!(first.get(field).is_some(), "{field} missing in {first}");
        }
        assert_eq!(json.as_array().unwrap().len(), events.len());
    }
}
