//! The metrics panel: headline figures, charts over simulated time (latency percentiles,
//! throughput, lag, callbacks, retries, dead letters, duplicates, stale reads, sagas) and a
//! table per subscription.

use stormlab_engine::report::{Report, SagaReport, SubReport};
use stormlab_engine::series::SubPoint;
use stormlab_run::playback::Playback;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::chart::{Chart, Line};
use super::ms;

/// Headline figures of a report, as (label, value, raw number) rows; shared with Compare.
pub fn headline(r: &Report) -> Vec<(&'static str, String, f64)> {
    let subs = &r.subscriptions;
    let sum = |f: fn(&SubReport) -> u64| subs.iter().map(f).sum::<u64>();
    let count = |label, n: u64| (label, n.to_string(), n as f64);
    let handled = sum(|s| s.stats.processed);
    let mean = if handled > 0 {
        subs.iter()
            .map(|s| s.latency.mean_us * s.latency.count as f64)
            .sum::<f64>()
            / subs.iter().map(|s| s.latency.count).sum::<u64>().max(1) as f64
    } else {
        0.0
    };
    let p95 = subs.iter().map(|s| s.latency.p95_us).max().unwrap_or(0) as f64;
    let secs = (r.time_us as f64 / 1e6).max(1e-9);
    let throughput = handled as f64 / secs;
    let kb = r.topics.iter().map(|t| t.bytes_published).sum::<u64>() as f64 / 1e3;
    let mut rows = vec![
        count("Messages handled", handled),
        ("Mean latency", ms(mean), mean),
        ("p95 latency (worst subscription)", ms(p95), p95),
        ("Throughput", format!("{throughput:.1}/s"), throughput),
        count("Lag now", sum(|s| s.lag_now)),
        count("Callbacks", sum(|s| s.stats.callbacks)),
        count("Failed callbacks", sum(|s| s.stats.callback_failures)),
        count("Retries", sum(|s| s.stats.retries)),
        count("Dead letters now", sum(|s| s.dlq_now)),
        count(
            "Duplicates delivered",
            sum(|s| s.stats.duplicates_delivered),
        ),
        count("Duplicate effects", sum(|s| s.stats.duplicate_effects)),
        count("Out of order", sum(|s| s.stats.out_of_order)),
        count("Stale reads", sum(|s| s.stats.stale_reads)),
        count("Empty polls", sum(|s| s.stats.empty_polls)),
        ("KB through the broker", format!("{kb:.0}"), kb),
        count("Events lost", r.topics.iter().map(|t| t.lost).sum()),
    ];
    if !r.sagas.is_empty() {
        let sagas = |f: fn(&SagaReport) -> u64| r.sagas.iter().map(f).sum::<u64>();
        rows.extend([
            count("Sagas committed", sagas(|g| g.stats.committed)),
            count("Sagas rolled back", sagas(|g| g.stats.rolled_back)),
            count("Compensations", sagas(|g| g.stats.compensations)),
            count("Sagas in progress", sagas(|g| g.in_progress)),
        ]);
    }
    rows
}

/// Series of the chosen subscriptions, merged point by point; shared with Compare.
pub struct Merged {
    t: Vec<f64>,
    points: Vec<Vec<SubPoint>>,
}

impl Merged {
    /// Every subscription's series, or only one.
    pub fn new(p: &Playback, only: Option<usize>) -> Merged {
        let n = p.compiled.scenario.subscriptions.len();
        let points: Vec<Vec<SubPoint>> = (0..n)
            .filter(|i| only.is_none_or(|o| o == *i))
            .map(|i| p.simulation().sub_series(i).to_vec())
            .collect();
        let len = points.iter().map(Vec::len).min().unwrap_or(0);
        let t = points.first().map_or(vec![], |s| {
            s[..len].iter().map(|x| x.t as f64 / 1e6).collect()
        });
        Merged { t, points }
    }

    /// A line from the merged points at each time (and the previous ones, and the gap).
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

/// The mean latency (ms) of the subscriptions that handled messages in a sample.
pub fn mean_latency_ms(points: &[&SubPoint]) -> f64 {
    let v: Vec<f64> = points
        .iter()
        .map(|x| x.latency_mean_us)
        .filter(|v| *v > 0.0)
        .collect();
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64 / 1e3
    }
}

/// Props of the metrics panel.
#[derive(Properties, PartialEq)]
pub struct MetricsProps {
    /// Re-render marker (the playback itself is not comparable).
    pub tick: u64,
    /// The run.
    pub run: super::RunHandle,
    /// Re-render after a redrive.
    pub refresh: Callback<()>,
}

/// The metrics panel.
#[function_component]
pub fn Metrics(props: &MetricsProps) -> Html {
    let only = use_state(|| None::<usize>);
    let runner = props.run.0.borrow();
    let Ok(p) = &runner.playback else {
        return html! {};
    };
    let report = p.simulation().report();
    let cards = headline(&report).into_iter().map(|(label, value, _)| {
        html! { <div class="metric"><span class="metric-label">{ label }</span><span class="metric-value" data-metric={label}>{ value }</span></div> }
    });
    let m = Merged::new(p, *only);
    let ms_of = |v: u64| v as f64 / 1e3;
    let latency = vec![
        m.line("p50", "#1a7f37", |n, _, _| {
            let v: Vec<f64> = n
                .iter()
                .filter(|x| x.latency_p50_us > 0)
                .map(|x| ms_of(x.latency_p50_us))
                .collect();
            if v.is_empty() {
                0.0
            } else {
                v.iter().sum::<f64>() / v.len() as f64
            }
        }),
        m.line("p95", "#bf8700", |n, _, _| {
            n.iter()
                .map(|x| ms_of(x.latency_p95_us))
                .fold(0.0, f64::max)
        }),
        m.line("p99", "#cf222e", |n, _, _| {
            n.iter()
                .map(|x| ms_of(x.latency_p99_us))
                .fold(0.0, f64::max)
        }),
    ];
    let throughput = vec![m.line("handled/s", "#1f6feb", |n, b, dt| {
        rate(n, b, dt, |x| x.processed)
    })];
    let lag = vec![
        m.line("lag", "#8250df", |n, _, _| {
            n.iter().map(|x| x.lag as f64).sum()
        }),
        m.line("queued in broker", "#57606a", |n, _, _| {
            n.iter().map(|x| x.queued as f64).sum()
        }),
    ];
    let callbacks = vec![
        m.line("callbacks/s", "#1f6feb", |n, b, dt| {
            rate(n, b, dt, |x| x.callbacks)
        }),
        m.line("failed/s", "#cf222e", |n, b, dt| {
            rate(n, b, dt, |x| x.callback_failures)
        }),
    ];
    let trouble = vec![
        m.line("retries", "#bf8700", |n, _, _| {
            n.iter().map(|x| x.retries as f64).sum()
        }),
        m.line("DLQ", "#cf222e", |n, _, _| {
            n.iter().map(|x| x.dlq as f64).sum()
        }),
        m.line("duplicates", "#8250df", |n, _, _| {
            n.iter().map(|x| x.duplicates as f64).sum()
        }),
        m.line("stale reads", "#57606a", |n, _, _| {
            n.iter().map(|x| x.stale_reads as f64).sum()
        }),
    ];
    let sagas = (!report.sagas.is_empty()).then(|| {
        let g = p.simulation().global_series();
        let pts = |f: fn(&stormlab_engine::series::GlobalPoint) -> u64| {
            g.iter().map(|x| (x.t as f64 / 1e6, f(x) as f64)).collect()
        };
        vec![
            Line {
                label: "committed",
                colour: "#1a7f37",
                points: pts(|x| x.sagas_committed),
            },
            Line {
                label: "rolled back",
                colour: "#cf222e",
                points: pts(|x| x.sagas_rolled_back),
            },
            Line {
                label: "in progress",
                colour: "#8250df",
                points: pts(|x| x.sagas_in_progress),
            },
        ]
    });
    let onselect = {
        let only = only.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_dyn_into::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            only.set(v.parse().ok());
        })
    };
    let subs = &report.subscriptions;
    let rows = subs.iter().enumerate().map(|(i, s)| {
        let redrive = (s.dlq_now > 0).then(|| {
            let (run, refresh) = (props.run.clone(), props.refresh.clone());
            let onclick = Callback::from(move |_: MouseEvent| {
                if let Ok(p) = &mut run.0.borrow_mut().playback {
                    p.redrive(i);
                }
                refresh.emit(());
            });
            html! { <button class="redrive" {onclick} aria-label={format!("Redrive the dead letters of {}", s.name)}>{ "Redrive" }</button> }
        });
        html! {
            <tr>
                <th scope="row">{ &s.name }</th>
                <td>{ s.stats.processed }</td>
                <td>{ ms(s.latency.mean_us) }</td>
                <td>{ ms(s.latency.p95_us as f64) }</td>
                <td>{ s.lag_now }</td>
                <td>{ s.stats.retries }</td>
                <td>{ s.dlq_now }{ for redrive }</td>
                <td>{ s.stats.callbacks }</td>
                <td>{ s.stats.duplicate_effects }</td>
            </tr>
        }
    });
    html! {
        <div class="metrics">
            <div class="metric-grid">{ for cards }</div>
            <label class="field inline">{ "Charts for " }
                <select onchange={onselect} aria-label="Subscription shown in the charts">
                    <option value="" selected={only.is_none()}>{ "every subscription" }</option>
                    { for subs.iter().enumerate().map(|(i, s)| html! { <option value={i.to_string()} selected={*only == Some(i)}>{ &s.name }</option> }) }
                </select>
            </label>
            <div class="charts">
                <Chart title="Latency percentiles" unit="ms" lines={latency} />
                <Chart title="Throughput" unit="/s" lines={throughput} />
                <Chart title="Consumer lag" unit="msgs" lines={lag} />
                <Chart title="Callbacks to producers" unit="/s" lines={callbacks} />
                <Chart title="Retries, dead letters, duplicates, stale reads" unit="total" lines={trouble} />
                if let Some(lines) = sagas {
                    <Chart title="Sagas" unit="total" {lines} />
                }
            </div>
            <table class="sub-table">
                <caption>{ "Per subscription" }</caption>
                <thead><tr><th scope="col">{ "Subscription" }</th><th scope="col">{ "Handled" }</th><th scope="col">{ "Mean" }</th><th scope="col">{ "p95" }</th><th scope="col">{ "Lag" }</th><th scope="col">{ "Retries" }</th><th scope="col">{ "DLQ" }</th><th scope="col">{ "Callbacks" }</th><th scope="col">{ "Dup. effects" }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
