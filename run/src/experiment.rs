//! A board's experiments as the runs see them: the board keeps them (see
//! [`stormlab_board::experiment`]), the built-in examples' lessons are experiments of the
//! example boards, and an expectation is judged here on the runs' 95% intervals.

use stormlab_board::examples::example;
use stormlab_board::Board;

pub use stormlab_board::experiment::{Expect, Experiment, Side};

use crate::stats::{Compared, Interval};

/// The first experiment of `board`, if any.
pub fn for_board(board: &Board) -> Option<Experiment> {
    board.experiments.first().cloned()
}

/// Every experiment of `board`.
pub fn all_for_board(board: &Board) -> Vec<Experiment> {
    board.experiments.clone()
}

/// The first experiment of the example with this id.
pub fn for_example(id: &str) -> Option<Experiment> {
    all_for_example(id).into_iter().next()
}

/// Every experiment of the example with this id.
pub fn all_for_example(id: &str) -> Vec<Experiment> {
    example(id).map_or_else(Vec::new, |e| e.board().experiments)
}

/// The lessons, in the order of the seed documents: (example, experiment).
pub fn lessons() -> Vec<(&'static str, Experiment)> {
    ["review", "retail", "saga", "pizza", "budget"]
        .into_iter()
        .flat_map(|id| all_for_example(id).into_iter().map(move |e| (id, e)))
        .collect()
}

/// The experiment of `board` that `which` names: its number from 1, or its question (whole,
/// or a part of it that only one question has, any case).
pub fn find<'a>(board: &'a Board, which: &str) -> Result<&'a Experiment, String> {
    let all = &board.experiments;
    if all.is_empty() {
        return Err("the board has no experiments".into());
    }
    if let Ok(n) = which.trim().parse::<usize>() {
        return n.checked_sub(1).and_then(|i| all.get(i)).ok_or(format!(
            "the board has {} experiments; there is no experiment {n}",
            all.len()
        ));
    }
    let wanted = which.trim().to_lowercase();
    if let Some(e) = all.iter().find(|e| e.question.to_lowercase() == wanted) {
        return Ok(e);
    }
    let matching: Vec<&Experiment> = all
        .iter()
        .filter(|e| e.question.to_lowercase().contains(&wanted))
        .collect();
    match matching[..] {
        [one] => Ok(one),
        [] => Err(format!(
            "no experiment of the board asks {which:?}; its experiments: {}",
            questions(board)
        )),
        _ => Err(format!(
            "{which:?} is part of {} questions; say more, or give the number: {}",
            matching.len(),
            questions(board)
        )),
    }
}

fn questions(board: &Board) -> String {
    board
        .experiments
        .iter()
        .enumerate()
        .map(|(i, e)| format!("{} {:?}", i + 1, e.question))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the runs say about an expectation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Judgement {
    /// The 95% interval lies wholly on the expected side.
    Holds,
    /// It lies wholly on the other side.
    Fails,
    /// It straddles the line (or there are too few runs for an interval).
    CannotTell,
}

/// Judges `expect` on the metric's comparison.
pub fn judge(expect: Expect, c: &Compared) -> Judgement {
    // Where the interval lies against `line`: wholly above (Some(true)), below (Some(false)).
    let side_of = |i: &Interval, line: f64| -> Option<bool> {
        let half = i.half?;
        if i.mean - half > line {
            Some(true)
        } else if i.mean + half < line {
            Some(false)
        } else {
            None
        }
    };
    let (interval, line, above) = match expect {
        Expect::BHigher => (&c.diff, 0.0, true),
        Expect::BLower => (&c.diff, 0.0, false),
        Expect::Under(s, v) => (if s == Side::A { &c.a } else { &c.b }, v, false),
        Expect::Over(s, v) => (if s == Side::A { &c.a } else { &c.b }, v, true),
    };
    // A difference of exactly zero in every run has no spread: it is not higher nor lower.
    if interval.half == Some(0.0) && interval.mean == line {
        return Judgement::Fails;
    }
    match side_of(interval, line) {
        Some(a) if a == above => Judgement::Holds,
        Some(_) => Judgement::Fails,
        None => Judgement::CannotTell,
    }
}

#[cfg(test)]
mod tests {
    use stormlab_board::examples::EXAMPLES;
    use stormlab_board::Action;

    use super::*;

    #[test]
    fn every_example_has_an_experiment_found_by_its_id() {
        for ex in EXAMPLES {
            let board = ex.board();
            let e = for_board(&board).unwrap_or_else(|| panic!("{} has none", ex.id));
            assert_ne!(e.a, e.b, "{}: both sides alike", ex.id);
        }
        assert_eq!(for_board(&Board::default()), None);
    }

    #[test]
    fn renaming_the_board_and_the_context_keeps_the_experiment_and_its_outage() {
        let board = example("saga").unwrap().board();
        let before = for_board(&board).unwrap();
        let payment = before.b.outage.as_ref().unwrap().context;
        let renamed = stormlab_board::apply(&board, &Action::SetTitle("Our orders".into()))
            .unwrap()
            .board;
        let renamed = stormlab_board::apply(
            &renamed,
            &Action::RenameContext {
                id: payment,
                name: "Billing".into(),
            },
        )
        .unwrap()
        .board;
        // The renamed board still finds its experiment, and the outage the same context, now
        // called Billing.
        let after = for_board(&renamed).unwrap();
        assert_eq!(after, before);
        assert_eq!(after.b.outage.as_ref().unwrap().context, payment);
        assert!(after.b.describe(&renamed)[0].starts_with("Billing down"));
    }
}
