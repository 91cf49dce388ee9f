//! Replicated results for people: a metric's mean with its interval in the metric's unit
//! ("264 ms ± 9.1 ms", "41 ± 6"), and a plain verdict when B differs from A beyond the
//! interval ("B has fewer duplicate effects: 0 vs 41 ± 6").

use crate::stats::{Compared, Interval};
use crate::units::ms;

/// How a metric's values read.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Unit {
    /// Microseconds, shown as milliseconds.
    Micros,
    /// Per second.
    PerSecond,
    /// Kilobytes.
    Kilobytes,
    /// A count of things.
    Count,
}

fn unit(label: &str) -> Unit {
    if crate::metrics::TIMES.contains(&label) {
        Unit::Micros
    } else if label == "Throughput" {
        Unit::PerSecond
    } else if label.starts_with("KB") {
        Unit::Kilobytes
    } else {
        Unit::Count
    }
}

/// A number as it reads in `unit`: counts whole when they are, else to one decimal.
fn number(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Micros => ms(v),
        Unit::PerSecond => format!("{v:.1}/s"),
        Unit::Kilobytes => format!("{v:.0} KB"),
        Unit::Count if (v - v.round()).abs() < 1e-9 => format!("{v:.0}"),
        Unit::Count if v.abs() >= 100.0 => format!("{v:.0}"),
        Unit::Count => format!("{v:.1}"),
    }
}

/// `label`'s value `v` as the panels show it.
pub fn show(label: &str, v: f64) -> String {
    number(unit(label), v)
}

/// A mean with its interval: "264 ms ± 9.1 ms", "41 ± 6.2", or just the mean from one run.
pub fn show_interval(label: &str, i: &Interval) -> String {
    let u = unit(label);
    match i.half {
        Some(h) if h > 0.0 => {
            let half = match u {
                Unit::Count if h < 100.0 => format!("{h:.1}"),
                _ => number(u, h),
            };
            format!("{} ± {half}", number(u, i.mean))
        }
        _ => number(u, i.mean),
    }
}

/// A difference with its interval and sign: "+248 ms ± 9.1 ms", "−41 ± 6.2", "=".
pub fn show_difference(label: &str, d: &Interval) -> String {
    if d.mean.abs() < 1e-9 && d.half.is_none_or(|h| h < 1e-9) {
        return "=".into();
    }
    let sign = if d.mean > 0.0 { "+" } else { "−" };
    let magnitude = Interval {
        mean: d.mean.abs(),
        ..*d
    };
    format!("{sign}{}", show_interval(label, &magnitude))
}

/// The verdict on one metric, when its difference's interval leaves out zero: "B has fewer
/// duplicate effects: 0 vs 41 ± 6.2", "B has a higher mean latency: 264 ms ± 9 ms vs 16 ms ±
/// 1 ms". `None` when the runs cannot tell A and B apart.
pub fn verdict(c: &Compared) -> Option<String> {
    if !c.diff.excludes_zero() {
        return None;
    }
    let higher = c.diff.mean > 0.0;
    let what = c.label.to_lowercase();
    let comparative = match (unit(c.label), higher) {
        (Unit::Count, true) => format!("more {what}"),
        (Unit::Count, false) => format!("fewer {what}"),
        (_, true) => format!("a higher {what}"),
        (_, false) => format!("a lower {what}"),
    };
    Some(format!(
        "B has {comparative}: {} vs {} (B − A {} over {} runs).",
        show_interval(c.label, &c.b),
        show_interval(c.label, &c.a),
        show_difference(c.label, &c.diff),
        c.diff.n
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::compare;

    #[test]
    fn values_read_in_their_units() {
        let i = Interval::of(&[10_000.0, 12_000.0, 14_000.0]);
        assert_eq!(show_interval("Mean latency", &i), "12.0 ms ± 5.0 ms");
        assert_eq!(
            show_interval("Callbacks", &Interval::of(&[40.0, 41.0, 42.0])),
            "41 ± 2.5"
        );
        assert_eq!(show_interval("Callbacks", &Interval::of(&[7.0])), "7");
        assert_eq!(show("Throughput", 12.345), "12.3/s");
        assert_eq!(show_difference("Retries", &Interval::of(&[0.0, 0.0])), "=");
        // Every time reads in its unit, whatever its label says.
        for time in [
            "End-to-end p95 (slowest flow)",
            "Saga duration p95",
            "Wait for a poll",
        ] {
            assert_eq!(show_interval(time, &i), "12.0 ms ± 5.0 ms", "{time}");
        }
    }

    #[test]
    fn every_headline_time_is_listed_as_one() {
        // The saga example has every row (sagas too); a time built as a count, or a count
        // listed as a time, trips the headline's own checks.
        let board = stormlab_board::examples::example("saga").unwrap().board();
        let scenario = crate::compile(&board, &crate::Variant::default())
            .unwrap()
            .scenario;
        let mut sim = stormlab_engine::Simulation::new(&scenario, 1).unwrap();
        sim.run_to_end();
        let rows = crate::metrics::Totals::of(&sim.report()).headline();
        for time in crate::metrics::TIMES {
            let row = rows.iter().find(|h| h.label == time).expect(time);
            assert!(
                row.text.ends_with("ms") || row.text.ends_with(" s"),
                "{time}: {}",
                row.text
            );
        }
    }

    #[test]
    fn a_verdict_only_when_the_interval_leaves_out_zero() {
        let c = compare("Duplicate effects", &[40.0, 41.0, 42.0], &[0.0, 0.0, 0.0]);
        assert_eq!(
            verdict(&c).unwrap(),
            "B has fewer duplicate effects: 0 vs 41 ± 2.5 (B − A −41 ± 2.5 over 3 runs)."
        );
        let c = compare(
            "Mean latency",
            &[10_000.0, 11_000.0],
            &[264_000.0, 266_000.0],
        );
        assert!(verdict(&c)
            .unwrap()
            .starts_with("B has a higher mean latency: 265 ms ± 12.7 ms vs"));
        assert_eq!(
            verdict(&compare("Retries", &[1.0, 5.0, 2.0], &[3.0, 1.0, 4.0])),
            None
        );
        assert_eq!(
            verdict(&compare("Retries", &[1.0], &[9.0])),
            None,
            "one run is no evidence"
        );
    }
}
