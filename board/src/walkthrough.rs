//! The presentation walkthrough: the board's flow told one causal link at a time, in the
//! order the links follow from the actors' commands to the last events, each step with a
//! caption (written by the facilitator, or said for them from the kinds it joins).

use std::collections::{HashMap, HashSet};

pub use crate::document::Step;
use crate::document::{Board, Link, Scope, Sticky};
use crate::ids::{LinkId, StickyId};
use crate::kind::Kind;

/// The longest caption, in characters.
pub const MAX_CAPTION: usize = 500;

/// A step as presented: the link, its two ends, and the caption to show.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    /// The link.
    pub link: LinkId,
    /// Where it starts.
    pub from: StickyId,
    /// Where it leads.
    pub to: StickyId,
    /// The facilitator's caption, or the one said from the kinds.
    pub caption: String,
    /// The facilitator wrote the caption.
    pub written: bool,
}

/// Every link in flow order: depth first from each actor, then from each sticky nothing leads
/// to, then whatever a cycle left; at each sticky its links in reading order (left to right,
/// then top to bottom of the sticky they lead to). So a chain is told to its end before the
/// next begins.
pub fn flow_order(board: &Board) -> Vec<LinkId> {
    let by_id: HashMap<StickyId, &Sticky> = board.stickies.iter().map(|s| (s.id, s)).collect();
    let position = |id: StickyId| by_id.get(&id).map_or((0.0, 0.0), |s| (s.x, s.y));
    let reading = |a: (f64, f64), b: (f64, f64)| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1));
    let caused: HashSet<StickyId> = board.links.iter().map(|l| l.to).collect();
    let mut starts: Vec<&Sticky> = board
        .stickies
        .iter()
        .filter(|s| s.kind == Kind::Actor || !caused.contains(&s.id))
        .collect();
    starts.sort_by(|a, b| {
        (a.kind != Kind::Actor)
            .cmp(&(b.kind != Kind::Actor))
            .then(reading((a.x, a.y), (b.x, b.y)))
    });
    // Each sticky's links in reading order, and how many of them are told: a link is told only
    // from the sticky it starts at, so the untold ones are those past that count.
    let mut outgoing: HashMap<StickyId, (Vec<&Link>, usize)> = HashMap::new();
    for l in &board.links {
        outgoing.entry(l.from).or_default().0.push(l);
    }
    for (links, _) in outgoing.values_mut() {
        links.sort_by(|a, b| reading(position(a.to), position(b.to)));
    }
    let mut order = Vec::with_capacity(board.links.len());
    let mut stack: Vec<StickyId> = Vec::new();
    let roots = starts
        .iter()
        .map(|s| s.id)
        .chain(board.links.iter().map(|l| l.from));
    for root in roots {
        stack.push(root);
        while let Some(at) = stack.pop() {
            let Some((links, told)) = outgoing.get_mut(&at) else {
                continue;
            };
            // Told in reading order, each followed to its end before the next: the first
            // untold link's chain goes on the stack last.
            if let Some(first) = links.get(*told) {
                *told += 1;
                order.push(first.id);
                stack.push(at);
                stack.push(first.to);
            }
        }
    }
    order
}

/// The walkthrough as presented: the saved steps whose links still exist, in their order,
/// then every other link in flow order; each with its caption.
pub fn steps(board: &Board) -> Vec<Shown> {
    let links: HashMap<LinkId, &Link> = board.links.iter().map(|l| (l.id, l)).collect();
    let stickies: HashMap<StickyId, &Sticky> = board.stickies.iter().map(|s| (s.id, s)).collect();
    let mut seen = HashSet::new();
    let saved = board
        .walkthrough
        .iter()
        .filter(|step| links.contains_key(&step.link))
        .map(|step| (step.link, step.caption.clone()));
    let rest = flow_order(board).into_iter().map(|l| (l, String::new()));
    saved
        .chain(rest)
        .filter(|(id, _)| seen.insert(*id))
        .filter_map(|(id, caption)| {
            let link = links.get(&id)?;
            let written = !caption.trim().is_empty();
            let caption = if written {
                caption
            } else {
                said(stickies.get(&link.from)?, stickies.get(&link.to)?)
            };
            Some(Shown {
                link: id,
                from: link.from,
                to: link.to,
                caption,
                written,
            })
        })
        .collect()
}

/// The steps to save once the facilitator changed the walkthrough: every step in its order,
/// with the captions they wrote (a caption equal to the one said from the kinds is not kept).
pub fn to_save(shown: &[Shown]) -> Vec<Step> {
    shown
        .iter()
        .map(|s| Step {
            link: s.link,
            caption: if s.written {
                s.caption.clone()
            } else {
                String::new()
            },
        })
        .collect()
}

/// The caption said from the kinds a link joins, in one sentence.
pub fn said(from: &Sticky, to: &Sticky) -> String {
    use Kind::*;
    let (a, b) = (from.label.trim(), to.label.trim());
    match (from.kind, to.kind) {
        (Actor, Command) => format!("{a} issues the command {b}."),
        (Command, Aggregate) => format!("{b} handles {a} and decides what happens."),
        (Command, ExternalSystem) => format!("{a} calls the external system {b}."),
        (Aggregate, Event) if to.scope() == Some(Scope::Integration) => {
            format!("{a} records {b} and publishes it to other contexts.")
        }
        (Aggregate, Event) => format!("{a} records {b}."),
        (ExternalSystem, Event) => format!("{a} reports {b}."),
        (Event, Policy) => format!("{a} triggers the policy \u{201c}{b}\u{201d}."),
        (Event, ReadModel) => format!("{a} updates the read model {b}."),
        (Policy, Command) => format!("The policy \u{201c}{a}\u{201d} issues {b}."),
        (ReadModel, Actor) => format!("{b} reads {a}."),
        _ => format!("{a} leads to {b}."),
    }
}

/// A walkthrough names links on the board, each once, with captions of at most
/// [`MAX_CAPTION`] characters; the error says which step is wrong.
pub fn check_walkthrough(b: &Board, steps: &[Step]) -> Result<(), String> {
    let links: HashSet<LinkId> = b.links.iter().map(|l| l.id).collect();
    let mut shown = HashSet::with_capacity(steps.len());
    for (i, step) in steps.iter().enumerate() {
        if !links.contains(&step.link) {
            return Err(format!(
                "Step {} of the walkthrough shows the link {}, which is not on the board.",
                i + 1,
                step.link.0
            ));
        }
        if !shown.insert(step.link) {
            return Err(format!(
                "Step {} of the walkthrough shows the link {} again.",
                i + 1,
                step.link.0
            ));
        }
        let chars = step.caption.chars().count();
        if chars > MAX_CAPTION {
            return Err(format!(
                "The caption of step {} is {chars} characters long; captions hold at most {MAX_CAPTION}.",
                i + 1
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::example;

    #[test]
    fn flow_order_tells_every_link_once_starting_from_an_actor() {
        for id in ["retail", "pizza", "review", "budget", "saga"] {
            let board = example(id).unwrap().board();
            let order = flow_order(&board);
            let mut sorted = order.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), board.links.len(), "{id}: every link once");
            assert_eq!(order.len(), board.links.len(), "{id}");
            let first = board.link(order[0]).unwrap();
            let starts_with = board.sticky(first.from).unwrap().kind;
            let has_actor = board.stickies.iter().any(|s| s.kind == Kind::Actor);
            if has_actor {
                assert_eq!(starts_with, Kind::Actor, "{id}");
            }
            // A chain is followed: each step after the first starts where an earlier one ended,
            // or at a sticky nothing leads to (a new chain).
            for (i, l) in order.iter().enumerate().skip(1) {
                let from = board.link(*l).unwrap().from;
                let reached = order[..i]
                    .iter()
                    .any(|e| board.link(*e).unwrap().to == from);
                let root = !board.links.iter().any(|k| k.to == from)
                    || board.sticky(from).unwrap().kind == Kind::Actor;
                assert!(reached || root, "{id}: step {i} jumps");
            }
        }
    }

    #[test]
    fn saved_steps_come_first_and_deleted_links_drop_out() {
        let mut board = example("retail").unwrap().board();
        let flow = flow_order(&board);
        let last = *flow.last().unwrap();
        board.walkthrough = vec![
            Step {
                link: last,
                caption: "Finally, the end.".into(),
            },
            Step {
                link: LinkId(999_999),
                caption: "gone".into(),
            },
        ];
        let shown = steps(&board);
        assert_eq!(shown.len(), board.links.len());
        assert_eq!(shown[0].link, last);
        assert_eq!(shown[0].caption, "Finally, the end.");
        assert!(shown[0].written);
        assert_eq!(shown[1].link, flow[0]);
        assert!(!shown[1].written && shown[1].caption.ends_with('.'));
        // Saving keeps the order and only the written caption.
        let saved = to_save(&shown);
        assert_eq!(saved.len(), board.links.len());
        assert_eq!(saved[0].caption, "Finally, the end.");
        assert!(saved[1..].iter().all(|s| s.caption.is_empty()));
    }

    #[test]
    fn captions_name_both_ends_in_the_words_of_the_kinds() {
        let board = example("retail").unwrap().board();
        for shown in steps(&board) {
            let from = board.sticky(shown.from).unwrap();
            let to = board.sticky(shown.to).unwrap();
            assert!(
                shown.caption.contains(from.label.trim()),
                "{}",
                shown.caption
            );
            assert!(shown.caption.contains(to.label.trim()), "{}", shown.caption);
            assert!(!shown.caption.contains("leads to"), "{}", shown.caption);
        }
    }
}
