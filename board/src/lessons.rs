//! The built-in examples' lessons: every lesson of the seed documents as an experiment of its
//! example board, with the question, what to look at, the metric whose difference answers it,
//! and the direction the lesson expects. They are written in `lessons/ID.json` in the board
//! file's own form (an outage names its context by its id on the example's board, so a board
//! opened from the example keeps it when the context is renamed; a test checks each names the
//! context its question does).

use crate::experiment::Experiment;

/// The lessons of the example `id` (none for an id no example has).
pub fn of_example(id: &str) -> Vec<Experiment> {
    let json = match id {
        "retail" => include_str!("lessons/retail.json"),
        "pizza" => include_str!("lessons/pizza.json"),
        "review" => include_str!("lessons/review.json"),
        "budget" => include_str!("lessons/budget.json"),
        "saga" => include_str!("lessons/saga.json"),
        _ => return Vec::new(),
    };
    serde_json::from_str(json).expect("the lessons are experiments a board can hold (tested)")
}

#[cfg(test)]
mod tests {
    use crate::examples::EXAMPLES;

    #[test]
    fn every_example_has_lessons_a_board_can_hold_and_each_outage_is_the_one_its_question_names() {
        for ex in EXAMPLES {
            let board = ex.board();
            assert!(!board.experiments.is_empty(), "{}", ex.id);
            crate::experiment::check_all(&board.experiments).unwrap();
            for e in &board.experiments {
                assert!(e.question.ends_with('?'), "{}", e.question);
                for o in [&e.a.outage, &e.b.outage].into_iter().flatten() {
                    let name = &board
                        .context(o.context)
                        .expect("a context of the example")
                        .name;
                    assert!(
                        e.question.starts_with(name.as_str()),
                        "{name}: {}",
                        e.question
                    );
                }
            }
        }
    }
}
