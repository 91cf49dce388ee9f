//! The saga timeline as text and marks: the latest finished instances, each with its steps
//! committed, failed or timed out and the compensations that followed, in order.

use stormlab_engine::sim::{SagaOutcome, StepAction};

use crate::playback::Playback;

/// Instances shown, newest first.
pub const SHOWN: usize = 12;

/// One finished saga instance.
#[derive(Clone, Debug, PartialEq)]
pub struct SagaRow {
    /// "#12 key-345".
    pub title: String,
    /// "committed" or "rolled back".
    pub outcome: &'static str,
    /// True when it rolled back.
    pub rolled_back: bool,
    /// From start to end, in µs.
    pub duration_us: u64,
    /// What happened, in order.
    pub marks: Vec<Mark>,
    /// The story: "ReserveInventory committed → ChargePayment timed out → ↩ ReleaseInventory".
    pub story: String,
}

/// One step's outcome on an instance's track.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// Where on the track, in percent of the instance's duration.
    pub left_pct: f64,
    /// What happened: "committed", "failed", "timed out", "compensated", "waiting".
    pub action: &'static str,
    /// The step (or its compensation) and what happened to it.
    pub title: String,
}

/// What a step's log entry says happened.
pub fn action_name(a: StepAction) -> &'static str {
    match a {
        StepAction::Waiting => "waiting",
        StepAction::Committed => "committed",
        StepAction::Failed => "failed",
        StepAction::TimedOut => "timed out",
        StepAction::Compensated => "compensated",
    }
}

/// The names of the board's sagas, for the panel's hint ("PlaceOrder saga").
pub fn saga_names(p: &Playback) -> Vec<&str> {
    let sagas = &p.compiled.scenario.sagas;
    sagas.iter().map(|s| s.name.as_str()).collect()
}

/// The latest finished instances, newest first (at most [`SHOWN`]).
pub fn timeline(p: &Playback) -> Vec<SagaRow> {
    let scenario = &p.compiled.scenario;
    let mut records = p.simulation().saga_log();
    records.reverse();
    records.truncate(SHOWN);
    records
        .iter()
        .map(|rec| {
            let saga = &scenario.sagas[rec.saga as usize];
            let span = (rec.ended - rec.started).max(1) as f64;
            let name_of = |step: u16, action: StepAction| {
                let step = &saga.steps[step as usize];
                if action == StepAction::Compensated {
                    &step.compensation
                } else {
                    &step.name
                }
            };
            let marks = rec
                .log
                .iter()
                .map(|e| Mark {
                    left_pct: (e.time - rec.started) as f64 / span * 100.0,
                    action: action_name(e.action),
                    title: format!("{}: {}", name_of(e.step, e.action), action_name(e.action)),
                })
                .collect();
            let story: Vec<String> = rec
                .log
                .iter()
                .filter(|e| e.action != StepAction::Waiting)
                .map(|e| match e.action {
                    StepAction::Compensated => format!("↩ {}", name_of(e.step, e.action)),
                    a => format!("{} {}", name_of(e.step, a), action_name(a)),
                })
                .collect();
            let rolled_back = rec.outcome == SagaOutcome::RolledBack;
            SagaRow {
                title: format!("#{} key-{}", rec.id, rec.key),
                outcome: if rolled_back {
                    "rolled back"
                } else {
                    "committed"
                },
                rolled_back,
                duration_us: rec.ended - rec.started,
                marks,
                story: story.join(" → "),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use stormlab_board::examples::example;

    use super::*;
    use crate::experiment;

    #[test]
    fn a_payment_outage_tells_the_compensation_story_in_reverse_order() {
        let board = example("saga").unwrap().board();
        let outage = experiment::for_board(&board).unwrap().b;
        let mut p = Playback::new(&board, &outage, 1).unwrap();
        p.advance(30_000_000, u64::MAX);
        let rows = timeline(&p);
        assert!(!rows.is_empty() && rows.len() <= SHOWN);
        assert_eq!(saga_names(&p), ["PlaceOrder saga"]);
        let rolled = rows
            .iter()
            .find(|r| r.rolled_back)
            .expect("a rolled-back saga");
        assert_eq!(rolled.outcome, "rolled back");
        assert!(
            rolled
                .story
                .contains("ChargePayment timed out → ↩ ReleaseInventory → ↩ CancelOrder"),
            "{}",
            rolled.story
        );
        assert!(rolled
            .marks
            .iter()
            .all(|m| (0.0..=100.0).contains(&m.left_pct)));
        assert!(rows.iter().all(|r| r.title.starts_with('#')));
    }
}
