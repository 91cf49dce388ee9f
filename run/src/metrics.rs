//! What a run measured, as the panels show it: one set of totals over every subscription
//! (latency weighted by the messages behind it, the same everywhere), the headline rows, the
//! charts over simulated time, and the difference between two runs.

use stormlab_engine::histogram::Summary;
use stormlab_engine::report::{Report, SagaReport, SubReport};
use stormlab_engine::series::{GlobalPoint, SubPoint};

use crate::playback::Playback;
use crate::units::ms;

/// The totals of a report over every subscription, topic and saga.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    /// Messages handled: events by subscriptions, and the steps, replies and compensations of
    /// sagas.
    pub handled: u64,
    /// Mean latency in µs, each subscription and saga weighted by the messages it measured.
    pub mean_latency_us: f64,
    /// The 95th percentile latency of the slowest subscription or saga, in µs.
    pub p95_latency_us: f64,
    /// Messages handled per simulated second.
    pub throughput: f64,
    /// End to end, mean in µs: from a command's arrival to each end of its causal chain (a
    /// saga: start to final state), every flow weighted by the ends it measured.
    pub end_to_end_mean_us: f64,
    /// The 95th percentile end to end of the slowest flow, in µs.
    pub end_to_end_p95_us: f64,
    /// Messages waiting now.
    pub lag: u64,
    /// Callbacks to producers (notification events).
    pub callbacks: u64,
    /// Callbacks that failed.
    pub failed_callbacks: u64,
    /// Handling attempts retried.
    pub retries: u64,
    /// Messages in dead-letter queues now.
    pub dead_letters: u64,
    /// Messages delivered again after a lost acknowledgement.
    pub duplicates_delivered: u64,
    /// Duplicates that took effect twice.
    pub duplicate_effects: u64,
    /// Messages handled out of their key's order.
    pub out_of_order: u64,
    /// Queries answered from a read model that had not caught up.
    pub stale_reads: u64,
    /// Polls that found nothing.
    pub empty_polls: u64,
    /// The mean time a message waited in the broker for a poll, over the polling
    /// subscriptions (each weighted by its messages), in µs: the delay polling adds.
    pub poll_wait_us: f64,
    /// Kilobytes published through the broker.
    pub kilobytes: f64,
    /// Events committed but never published.
    pub events_lost: u64,
    /// Commands that failed or were refused (request-response: whole chains).
    pub commands_failed: u64,
    /// Messages a consumer could not read: a version it does not know.
    pub version_mismatches: u64,
    /// Older versions converted for their readers.
    pub upcasts: u64,
    /// Callbacks an open circuit breaker refused to make.
    pub breaker_rejections: u64,
    /// Events replayed to rebuild event-sourced aggregates.
    pub events_replayed: u64,
    /// Saga totals, when the board has sagas.
    pub sagas: Option<SagaTotals>,
}

/// Totals over every saga of a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SagaTotals {
    /// Instances committed.
    pub committed: u64,
    /// Instances rolled back.
    pub rolled_back: u64,
    /// Compensating steps run.
    pub compensations: u64,
    /// Instances not finished yet.
    pub in_progress: u64,
    /// The 95th percentile of a saga's duration, start to final state (the slowest saga's), µs.
    pub p95_duration_us: f64,
}

impl Totals {
    /// The totals of `r`.
    pub fn of(r: &Report) -> Totals {
        let subs = &r.subscriptions;
        let sum = |f: fn(&SubReport) -> u64| subs.iter().map(f).sum::<u64>();
        // Every message counts: a saga's steps, replies and compensations beside the events
        // the subscriptions handle.
        let latencies = subs
            .iter()
            .map(|s| &s.latency)
            .chain(r.sagas.iter().map(|g| &g.latency));
        let (mean_latency_us, p95_latency_us) = pooled(latencies);
        let handled =
            sum(|s| s.stats.processed) + r.sagas.iter().map(|g| g.stats.messages).sum::<u64>();
        let poll_wait_us = weighted_mean(
            subs.iter()
                .filter(|s| s.stats.polls > 0)
                .map(|s| (s.mean_broker_wait_us, s.stats.enqueued)),
        );
        // A flow is a workload's chain, or a saga from its start to its final state.
        let flows = r
            .workloads
            .iter()
            .map(|w| &w.end_to_end)
            .chain(r.sagas.iter().map(|g| &g.duration));
        let (end_to_end_mean_us, end_to_end_p95_us) = pooled(flows);
        let secs = (r.time_us as f64 / 1e6).max(1e-9);
        let sagas = (!r.sagas.is_empty()).then(|| {
            let total = |f: fn(&SagaReport) -> u64| r.sagas.iter().map(f).sum::<u64>();
            SagaTotals {
                committed: total(|g| g.stats.committed),
                rolled_back: total(|g| g.stats.rolled_back),
                compensations: total(|g| g.stats.compensations),
                in_progress: total(|g| g.in_progress),
                p95_duration_us: r.sagas.iter().map(|g| g.duration.p95_us).max().unwrap_or(0)
                    as f64,
            }
        });
        Totals {
            handled,
            mean_latency_us: if handled > 0 { mean_latency_us } else { 0.0 },
            p95_latency_us,
            throughput: handled as f64 / secs,
            end_to_end_mean_us,
            end_to_end_p95_us,
            lag: sum(|s| s.lag_now),
            callbacks: sum(|s| s.stats.callbacks),
            failed_callbacks: sum(|s| s.stats.callback_failures),
            retries: sum(|s| s.stats.retries),
            dead_letters: sum(|s| s.dlq_now),
            duplicates_delivered: sum(|s| s.stats.duplicates_delivered),
            duplicate_effects: sum(|s| s.stats.duplicate_effects),
            out_of_order: sum(|s| s.stats.out_of_order),
            stale_reads: sum(|s| s.stats.stale_reads),
            empty_polls: sum(|s| s.stats.empty_polls),
            poll_wait_us,
            kilobytes: r.topics.iter().map(|t| t.bytes_published).sum::<u64>() as f64 / 1e3,
            events_lost: r.topics.iter().map(|t| t.lost).sum(),
            commands_failed: r
                .workloads
                .iter()
                .map(|w| w.stats.failed + w.stats.rejected)
                .sum(),
            version_mismatches: sum(|s| s.stats.version_mismatches),
            upcasts: sum(|s| s.stats.upcasts),
            breaker_rejections: sum(|s| s.stats.breaker_rejections),
            events_replayed: r.services.iter().map(|s| s.stats.events_replayed).sum(),
            sagas,
        }
    }

    /// Every headline row, in the order the panels show them, each with the mechanism it is
    /// about (Compare and the replications compare them all).
    pub fn headline(&self) -> Vec<Headline> {
        use Mechanism as M;
        let count = |label, about, n: u64| {
            debug_assert!(!TIMES.contains(&label), "{label} is a count");
            Headline {
                label,
                text: n.to_string(),
                value: n as f64,
                about,
            }
        };
        let timed = |label, about, us: f64| {
            debug_assert!(
                TIMES.contains(&label),
                "{label} is a time: list it in TIMES"
            );
            Headline {
                label,
                text: ms(us),
                value: us,
                about,
            }
        };
        let mut rows = vec![
            count("Messages handled", M::Every, self.handled),
            timed("End-to-end latency", M::Every, self.end_to_end_mean_us),
            timed(
                "End-to-end p95 (slowest flow)",
                M::Every,
                self.end_to_end_p95_us,
            ),
            timed("Mean latency", M::Every, self.mean_latency_us),
            timed(
                "p95 latency (slowest consumer)",
                M::Every,
                self.p95_latency_us,
            ),
            Headline {
                label: "Throughput",
                text: format!("{:.1}/s", self.throughput),
                value: self.throughput,
                about: M::Every,
            },
            count("Lag now", M::Consumers, self.lag),
            count("Callbacks", M::Callbacks, self.callbacks),
            count("Failed callbacks", M::Callbacks, self.failed_callbacks),
            count("Retries", M::Consumers, self.retries),
            count("Dead letters now", M::Consumers, self.dead_letters),
            count(
                "Duplicates delivered",
                M::Duplicates,
                self.duplicates_delivered,
            ),
            count("Duplicate effects", M::Duplicates, self.duplicate_effects),
            count("Out of order", M::Consumers, self.out_of_order),
            count("Stale reads", M::ReadModels, self.stale_reads),
            timed("Wait for a poll", M::Polling, self.poll_wait_us),
            count("Empty polls", M::Polling, self.empty_polls),
            Headline {
                label: "KB through the broker",
                text: format!("{:.0}", self.kilobytes),
                value: self.kilobytes,
                about: M::Consumers,
            },
            count("Events lost", M::Publishing, self.events_lost),
            count("Commands failed or refused", M::Every, self.commands_failed),
            count("Version mismatches", M::Versions, self.version_mismatches),
            count("Upcasts", M::Versions, self.upcasts),
            count(
                "Callbacks refused by a breaker",
                M::Breakers,
                self.breaker_rejections,
            ),
            count("Events replayed", M::EventSourcing, self.events_replayed),
        ];
        if let Some(g) = &self.sagas {
            rows.extend([
                count("Sagas committed", M::Sagas, g.committed),
                count("Sagas rolled back", M::Sagas, g.rolled_back),
                count("Compensations", M::Sagas, g.compensations),
                timed("Saga duration p95", M::Sagas, g.p95_duration_us),
                count("Sagas in progress", M::Sagas, g.in_progress),
            ]);
        }
        rows
    }

    /// The rows split for the panels: the first row, the figures that answer this board's
    /// question (always messages handled and end-to-end latency, then what its mechanisms
    /// make meaningful: a saga's outcomes, a notification's callbacks, the wait a poll adds,
    /// an outbox's or dual write's lost events, then mean and p95 latency and throughput), and
    /// the rest, for
    /// "More figures".
    pub fn cards(&self, uses: &Uses) -> (Vec<Headline>, Vec<Headline>) {
        let (mut first, more): (Vec<Headline>, Vec<Headline>) =
            self.headline().into_iter().partition(|h| {
                FIRST_ROW.contains(&h.label) && (h.about == Mechanism::Every || uses.has(h.about))
            });
        // Messages handled and end to end first, then the board's own figures, then the rest
        // of every board's: what answers the room's question comes before the fold.
        first.sort_by_key(|h| match h.label {
            "Messages handled" | "End-to-end latency" => 0,
            _ if h.about != Mechanism::Every => 1,
            _ => 2,
        });
        (first, more)
    }

    /// The presentation's four large numbers: messages handled and end-to-end latency, then
    /// the two figures first in this board's row (mean latency and p95 when it has none).
    pub fn four(&self, uses: &Uses) -> Vec<Headline> {
        let (first, _) = self.cards(uses);
        let (general, own): (Vec<Headline>, Vec<Headline>) =
            first.into_iter().partition(|h| h.about == Mechanism::Every);
        let mut four: Vec<Headline> = general.iter().take(2).cloned().collect();
        four.extend(own.into_iter().take(2));
        four.extend(general.into_iter().skip(2));
        four.truncate(4);
        four
    }
}

/// The headline metrics that are times (their values in microseconds), so that every place
/// that shows one (Compare's table and verdicts, `stormlab check`) gives it its unit.
pub const TIMES: [&str; 6] = [
    "End-to-end latency",
    "End-to-end p95 (slowest flow)",
    "Mean latency",
    "p95 latency (slowest consumer)",
    "Wait for a poll",
    "Saga duration p95",
];

/// The rows that may stand in the first row (when the board uses their mechanism).
const FIRST_ROW: [&str; 12] = [
    "Messages handled",
    "End-to-end latency",
    "Mean latency",
    "p95 latency (slowest consumer)",
    "Throughput",
    "Callbacks",
    "Wait for a poll",
    "Events lost",
    "Sagas committed",
    "Sagas rolled back",
    "Compensations",
    "Saga duration p95",
];

/// What a figure is about: a mechanism a board may or may not use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mechanism {
    /// Every board: messages, latency, throughput, commands.
    Every,
    /// Subscriptions consuming events (lag, retries, dead letters, ordering, bytes).
    Consumers,
    /// Notification events: consumers call the producer back.
    Callbacks,
    /// Delivery with a chance of duplicates (lost acknowledgements).
    Duplicates,
    /// Read models answering queries.
    ReadModels,
    /// Consumers that poll.
    Polling,
    /// Publishing that can lose events (dual write with crashes) or an outbox.
    Publishing,
    /// Events with several versions, or consumers that accept only some.
    Versions,
    /// Circuit breakers on callbacks.
    Breakers,
    /// Event-sourced aggregates.
    EventSourcing,
    /// Sagas.
    Sagas,
}

/// The mechanisms a compiled board uses.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Uses(Vec<Mechanism>);

impl Uses {
    /// What `s` uses.
    pub fn of(s: &stormlab_engine::Scenario) -> Uses {
        use stormlab_engine::scenario::{Delivery, PayloadStyle, PublishMode};
        use Mechanism as M;
        let subs = &s.subscriptions;
        let topics_of = |style| s.topics.iter().any(|t| t.payload.style == style);
        let uses = [
            (M::Consumers, !subs.is_empty()),
            (
                M::Callbacks,
                !subs.is_empty() && topics_of(PayloadStyle::Notification),
            ),
            (
                M::Duplicates,
                !subs.is_empty() && s.broker.duplicate_rate > 0.0,
            ),
            (M::ReadModels, subs.iter().any(|b| b.read_model.is_some())),
            (
                M::Polling,
                subs.iter()
                    .any(|b| matches!(b.delivery, Delivery::Poll { .. })),
            ),
            (
                M::Publishing,
                s.services.iter().any(|v| match v.publish {
                    PublishMode::DualWrite { crash_rate } => crash_rate > 0.0,
                    PublishMode::Outbox { .. } => true,
                }),
            ),
            (
                M::Versions,
                s.topics.iter().any(|t| t.versions.len() > 1)
                    || subs.iter().any(|b| b.accepts.is_some() || b.upcast),
            ),
            (
                M::Breakers,
                subs.iter().any(|b| b.circuit_breaker.is_some()),
            ),
            (
                M::EventSourcing,
                s.services
                    .iter()
                    .any(|v| v.handlers.iter().any(|h| h.event_sourcing.is_some())),
            ),
            (M::Sagas, !s.sagas.is_empty()),
        ];
        Uses(uses.into_iter().filter(|u| u.1).map(|u| u.0).collect())
    }

    /// True when the board uses `m` (every board uses [`Mechanism::Every`]).
    pub fn has(&self, m: Mechanism) -> bool {
        m == Mechanism::Every || self.0.contains(&m)
    }
}

/// The mean of values given as (mean, how many) groups, each weighted by its size (0 for none).
fn weighted_mean(groups: impl Iterator<Item = (f64, u64)> + Clone) -> f64 {
    let n: u64 = groups.clone().map(|g| g.1).sum();
    if n == 0 {
        return 0.0;
    }
    groups.map(|(mean, k)| mean * k as f64).sum::<f64>() / n as f64
}

/// Several summaries as one: their mean, each weighted by the values it measured, and the
/// largest of their 95th percentiles.
fn pooled<'a>(summaries: impl Iterator<Item = &'a Summary> + Clone) -> (f64, f64) {
    let mean = weighted_mean(summaries.clone().map(|s| (s.mean_us, s.count)));
    let p95 = summaries.map(|s| s.p95_us).max().unwrap_or(0);
    (mean, p95 as f64)
}

/// One headline figure: its label, the text shown and the number behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct Headline {
    /// What it measures.
    pub label: &'static str,
    /// The value as shown.
    pub text: String,
    /// The value as a number (for differences).
    pub value: f64,
    /// The mechanism it is about.
    pub about: Mechanism,
}

/// Which way B differs from A.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    /// The same.
    Same,
    /// B is higher.
    Up,
    /// B is lower.
    Down,
}

impl Trend {
    /// A CSS class name for the trend.
    pub fn class(self) -> &'static str {
        match self {
            Trend::Same => "same",
            Trend::Up => "up",
            Trend::Down => "down",
        }
    }
}

/// B − A as text ("+248 (+1550%)", "=") and its trend.
pub fn difference(a: f64, b: f64) -> (String, Trend) {
    let d = b - a;
    if d.abs() < 1e-9 {
        return ("=".into(), Trend::Same);
    }
    let pct = if a.abs() > 1e-9 {
        format!(" ({:+.0}%)", d / a * 100.0)
    } else {
        String::new()
    };
    let text = if d.abs() >= 100.0 {
        format!("{d:+.0}{pct}")
    } else {
        format!("{d:+.2}{pct}")
    };
    (text, if d > 0.0 { Trend::Up } else { Trend::Down })
}

/// One line of a chart: points of (simulated seconds, value).
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Legend text.
    pub label: &'static str,
    /// CSS colour.
    pub colour: &'static str,
    /// The points.
    pub points: Vec<(f64, f64)>,
}

/// A chart: its title, the unit of its values and its lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Shown above the chart.
    pub title: &'static str,
    /// Unit of the values.
    pub unit: &'static str,
    /// The lines.
    pub lines: Vec<Line>,
}

/// The time series of the chosen subscriptions, merged sample by sample.
pub struct Merged {
    t: Vec<f64>,
    points: Vec<Vec<SubPoint>>,
}

impl Merged {
    /// Every subscription's series and every saga's (its messages, as a subscription's), or
    /// only one subscription's.
    pub fn new(p: &Playback, only: Option<usize>) -> Merged {
        let sim = p.simulation();
        let n = p.compiled.scenario.subscriptions.len();
        let sagas = if only.is_none() {
            p.compiled.scenario.sagas.len()
        } else {
            0
        };
        let points: Vec<Vec<SubPoint>> = (0..n)
            .filter(|i| only.is_none_or(|o| o == *i))
            .map(|i| sim.sub_series(i).to_vec())
            .chain((0..sagas).map(|g| sim.saga_series(g).to_vec()))
            .collect();
        let len = points.iter().map(Vec::len).min().unwrap_or(0);
        let t = points.first().map_or(vec![], |s| {
            s[..len].iter().map(|x| x.t as f64 / 1e6).collect()
        });
        Merged { t, points }
    }

    /// A line whose value at each sample is `f` of the samples now, the samples before (none
    /// at the first) and the seconds between them.
    pub fn line(
        &self,
        label: &'static str,
        colour: &'static str,
        f: impl Fn(&[&SubPoint], Option<&[&SubPoint]>, f64) -> f64,
    ) -> Line {
        let mut points = Vec::with_capacity(self.t.len());
        for (k, t) in self.t.iter().enumerate() {
            let now: Vec<&SubPoint> = self.points.iter().map(|s| &s[k]).collect();
            let before: Option<Vec<&SubPoint>> =
                (k > 0).then(|| self.points.iter().map(|s| &s[k - 1]).collect());
            let dt = if k > 0 { t - self.t[k - 1] } else { 0.0 };
            points.push((*t, f(&now, before.as_deref(), dt)));
        }
        Line {
            label,
            colour,
            points,
        }
    }
}

/// Per second: the growth of a counter between two samples, summed over subscriptions.
fn rate(now: &[&SubPoint], before: Option<&[&SubPoint]>, dt: f64, f: fn(&SubPoint) -> u64) -> f64 {
    match before {
        Some(b) if dt > 0.0 => {
            let d: u64 = now
                .iter()
                .zip(b)
                .map(|(n, b)| f(n).saturating_sub(f(b)))
                .sum();
            d as f64 / dt
        }
        _ => 0.0,
    }
}

/// The mean (ms) of a latency over the subscriptions that handled messages in a sample.
fn mean_of(points: &[&SubPoint], f: fn(&SubPoint) -> f64) -> f64 {
    let v: Vec<f64> = points.iter().map(|x| f(x)).filter(|v| *v > 0.0).collect();
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64 / 1e3
    }
}

/// The mean latency (ms) of the subscriptions that handled messages in a sample.
pub fn mean_latency_ms(points: &[&SubPoint]) -> f64 {
    mean_of(points, |x| x.latency_mean_us)
}

fn max_ms(points: &[&SubPoint], f: fn(&SubPoint) -> u64) -> f64 {
    points.iter().map(|x| f(x) as f64 / 1e3).fold(0.0, f64::max)
}

fn total(points: &[&SubPoint], f: fn(&SubPoint) -> u64) -> f64 {
    points.iter().map(|x| f(x) as f64).sum()
}

/// The charts of the Metrics panel for every subscription and saga, or only one
/// subscription: those with something to draw (a chart of zeros is not drawn).
pub fn charts(p: &Playback, only: Option<usize>) -> Vec<Chart> {
    let mut all = every_chart(p, only);
    all.retain(Chart::has_data);
    all
}

impl Chart {
    /// True when some line has a value other than zero.
    pub fn has_data(&self) -> bool {
        self.lines
            .iter()
            .any(|l| l.points.iter().any(|&(_, v)| v != 0.0))
    }
}

/// Every chart the panel knows, drawn or not.
fn every_chart(p: &Playback, only: Option<usize>) -> Vec<Chart> {
    let m = Merged::new(p, only);
    let mut charts = vec![
        Chart {
            title: "Latency percentiles",
            unit: "ms",
            lines: vec![
                m.line("p50", "#1a7f37", |n, _, _| {
                    mean_of(n, |x| x.latency_p50_us as f64)
                }),
                m.line("p95", "#bf8700", |n, _, _| max_ms(n, |x| x.latency_p95_us)),
                m.line("p99", "#cf222e", |n, _, _| max_ms(n, |x| x.latency_p99_us)),
            ],
        },
        Chart {
            title: "Throughput",
            unit: "/s",
            lines: vec![m.line("handled/s", "#1f6feb", |n, b, dt| {
                rate(n, b, dt, |x| x.processed)
            })],
        },
        Chart {
            title: "Consumer lag",
            unit: "msgs",
            lines: vec![
                m.line("lag", "#8250df", |n, _, _| total(n, |x| x.lag)),
                m.line("queued in broker", "#57606a", |n, _, _| {
                    total(n, |x| x.queued)
                }),
            ],
        },
        Chart {
            title: "Callbacks to producers",
            unit: "/s",
            lines: vec![
                m.line("callbacks/s", "#1f6feb", |n, b, dt| {
                    rate(n, b, dt, |x| x.callbacks)
                }),
                m.line("failed/s", "#cf222e", |n, b, dt| {
                    rate(n, b, dt, |x| x.callback_failures)
                }),
            ],
        },
        Chart {
            title: "Retries, dead letters, duplicates, stale reads",
            unit: "total",
            lines: vec![
                m.line("retries", "#bf8700", |n, _, _| total(n, |x| x.retries)),
                m.line("DLQ", "#cf222e", |n, _, _| total(n, |x| x.dlq)),
                m.line("duplicates", "#8250df", |n, _, _| {
                    total(n, |x| x.duplicates)
                }),
                m.line("stale reads", "#57606a", |n, _, _| {
                    total(n, |x| x.stale_reads)
                }),
            ],
        },
    ];
    if !p.compiled.scenario.sagas.is_empty() {
        let g = p.simulation().global_series();
        let pts = |f: fn(&GlobalPoint) -> u64| -> Vec<(f64, f64)> {
            g.iter().map(|x| (x.t as f64 / 1e6, f(x) as f64)).collect()
        };
        let line = |label, colour, f| Line {
            label,
            colour,
            points: pts(f),
        };
        charts.push(Chart {
            title: "Sagas",
            unit: "total",
            lines: vec![
                line("committed", "#1a7f37", |x| x.sagas_committed),
                line("rolled back", "#cf222e", |x| x.sagas_rolled_back),
                line("in progress", "#8250df", |x| x.sagas_in_progress),
            ],
        });
    }
    charts
}

#[cfg(test)]
mod tests {
    use stormlab_board::examples::example;

    use super::*;
    use crate::variant::Variant;

    fn run(id: &str, secs: u64) -> Playback {
        let board = example(id).unwrap().board();
        let mut p = Playback::new(&board, &Variant::default(), 5).unwrap();
        p.advance(secs * 1_000_000, u64::MAX);
        p
    }

    #[test]
    fn the_mean_latency_weighs_each_subscription_by_its_messages() {
        let p = run("retail", 20);
        let r = p.simulation().report();
        let t = Totals::of(&r);
        let n: u64 = r.subscriptions.iter().map(|s| s.latency.count).sum();
        let by_hand: f64 = r
            .subscriptions
            .iter()
            .map(|s| s.latency.mean_us * s.latency.count as f64 / n as f64)
            .sum();
        assert!((t.mean_latency_us - by_hand).abs() < 1e-6);
        // Not the plain mean of the subscriptions' means: the read model answers few.
        let plain: f64 = r
            .subscriptions
            .iter()
            .map(|s| s.latency.mean_us)
            .sum::<f64>()
            / r.subscriptions.len() as f64;
        assert!((t.mean_latency_us - plain).abs() > 1e-3);
        assert_eq!(
            t.handled,
            r.subscriptions
                .iter()
                .map(|s| s.stats.processed)
                .sum::<u64>()
        );
        assert!(t.throughput > 0.0 && t.sagas.is_none());
    }

    #[test]
    fn headline_rows_have_their_labels_and_saga_rows_only_with_sagas() {
        let retail = Totals::of(&run("retail", 5).simulation().report()).headline();
        assert_eq!(retail.len(), 24);
        assert_eq!(retail[0].label, "Messages handled");
        assert_eq!(retail[0].text, format!("{}", retail[0].value));
        assert!(retail[1].text.ends_with("ms"));
        let saga = Totals::of(&run("saga", 5).simulation().report()).headline();
        assert_eq!(saga.len(), 29);
        assert_eq!(saga[24].label, "Sagas committed");
        assert_eq!(saga[27].label, "Saga duration p95");
    }

    #[test]
    fn an_empty_run_has_zero_latency_not_nan() {
        let p = run("retail", 0);
        let t = Totals::of(&p.simulation().report());
        assert_eq!((t.handled, t.mean_latency_us), (0, 0.0));
    }

    #[test]
    fn differences_read_with_sign_percentage_and_trend() {
        assert_eq!(difference(16.0, 264.0), ("+248 (+1550%)".into(), Trend::Up));
        assert_eq!(
            difference(41.0, 0.0),
            ("-41.00 (-100%)".into(), Trend::Down)
        );
        assert_eq!(difference(0.0, 3.0), ("+3.00".into(), Trend::Up));
        assert_eq!(difference(2.0, 2.0), ("=".into(), Trend::Same));
    }

    #[test]
    fn charts_draw_what_the_board_runs_and_follow_the_chosen_subscription() {
        // The saga board has no subscription: its steps fill the latency and throughput charts.
        let p = run("saga", 20);
        let titles: Vec<&str> = charts(&p, None).iter().map(|c| c.title).collect();
        assert_eq!(titles, ["Latency percentiles", "Throughput", "Sagas"]);
        assert!(
            every_chart(&p, None).len() > titles.len(),
            "empty charts are left out"
        );
        let retail = run("retail", 20);
        let all = charts(&retail, None);
        assert!(all.iter().all(Chart::has_data));
        let one = charts(&retail, Some(0));
        assert_eq!(one[1].title, "Throughput");
        assert!(one[1].lines[0].points.len() > 2);
        // One subscription's throughput is at most the total.
        let sum = |c: &Chart| c.lines[0].points.iter().map(|p| p.1).sum::<f64>();
        assert!(sum(&one[1]) <= sum(&all[1]) + 1e-9);
    }

    #[test]
    fn every_example_opens_with_a_first_row_of_numbers_and_charts_with_data() {
        for example in stormlab_board::examples::EXAMPLES {
            let p = run(example.id, 10);
            let uses = Uses::of(&p.compiled.scenario);
            let (first, more) = Totals::of(&p.simulation().report()).cards(&uses);
            assert!(first.len() >= 4 && !more.is_empty(), "{}", example.id);
            for h in &first {
                assert!(
                    h.value > 0.0,
                    "{}: {} reads {}",
                    example.id,
                    h.label,
                    h.text
                );
            }
            let drawn: Vec<&str> = charts(&p, None).iter().map(|c| c.title).collect();
            assert!(
                drawn.starts_with(&["Latency percentiles", "Throughput"]),
                "{}: {drawn:?}",
                example.id
            );
        }
    }

    #[test]
    fn a_polling_board_shows_the_wait_its_polls_add() {
        let board = example("retail").unwrap().board();
        let polled = Variant::with("delivery=poll interval_ms=200");
        let mut p = Playback::new(&board, &polled, 5).unwrap();
        p.advance(20_000_000, u64::MAX);
        let uses = Uses::of(&p.compiled.scenario);
        let (first, _) = Totals::of(&p.simulation().report()).cards(&uses);
        let wait = first.iter().find(|h| h.label == "Wait for a poll").unwrap();
        // About half of 200 ms, in a row of the board's own figures.
        assert!((50_000.0..150_000.0).contains(&wait.value), "{wait:?}");
        let pushed = Playback::new(&board, &Variant::default(), 5).unwrap();
        let uses = Uses::of(&pushed.compiled.scenario);
        let (first, _) = Totals::of(&pushed.simulation().report()).cards(&uses);
        assert!(first.iter().all(|h| h.label != "Wait for a poll"));
    }

    #[test]
    fn a_sagas_messages_are_its_steps_replies_and_compensations() {
        use stormlab_engine::trace::TraceKind;
        let p = run("saga", 10);
        let sim = p.simulation();
        let handled_by_participants = sim
            .trace_since(0)
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    TraceKind::SagaStepCommitted
                        | TraceKind::SagaStepFailed
                        | TraceKind::SagaCompensated
                )
            })
            .count() as u64;
        let orchestrated =
            p.compiled.scenario.sagas[0].mode == stormlab_engine::scenario::SagaMode::Orchestration;
        let replies = if orchestrated {
            handled_by_participants
        } else {
            0
        };
        let t = Totals::of(&sim.report());
        assert!(handled_by_participants > 100);
        assert_eq!(t.handled, handled_by_participants + replies);
        assert!(t.mean_latency_us > 0.0 && t.throughput > 0.0);
    }
}
