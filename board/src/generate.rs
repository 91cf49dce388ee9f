//! Edits chosen by numbers: every kind of action the editor offers, aimed at what the board
//! holds, so a property test or a robustness run drives the editor the way a person could.
//! The numbers come from the caller (proptest, a seeded generator), so runs are reproducible.

use crate::document::{Board, EventProps, Field, FieldType, Payload, Rect, Scope};
use crate::ids::ItemId;
use crate::kind::Kind;
use crate::settings::{DeliverySetting, Outcome, PublishSetting};
use crate::Action;

/// Numbers one action takes (more are ignored, missing ones read as zero).
pub const NUMBERS_PER_ACTION: usize = 6;

/// Texts a generated label can take: plain, empty, long, hostile to markup and to JSON.
const TEXTS: [&str; 8] = [
    "OrderPlaced",
    "Reserve stock",
    "",
    "  padded  ",
    "<b>\"quoted\" & 'tagged'</b>",
    "línea\nnueva ✓",
    "مرحبا بالعالم",
    "A very long label that wraps over several lines on the sticky and keeps going on",
];

/// The action numbers `n` stand for on `board`.
pub fn action(board: &Board, n: &[u32]) -> Action {
    let at = |i: usize| n.get(i).copied().unwrap_or(0);
    let coord = |i: usize| f64::from(at(i) % 4_000) - 500.0;
    let text = |i: usize| TEXTS[at(i) as usize % TEXTS.len()].to_string();
    let sticky = |i: usize| {
        let s = &board.stickies;
        (!s.is_empty()).then(|| s[at(i) as usize % s.len()].id)
    };
    let context = |i: usize| {
        let c = &board.contexts;
        (!c.is_empty()).then(|| c[at(i) as usize % c.len()].id)
    };
    let fallback = || Action::SetTitle(text(1));
    match at(0) % 14 {
        0 | 1 => {
            let kind = Kind::ALL[at(1) as usize % Kind::ALL.len()];
            let scope = (kind == Kind::Event).then_some(if at(4) % 2 == 0 {
                Scope::Domain
            } else {
                Scope::Integration
            });
            let label = (at(5) % 3 != 0).then(|| text(5));
            Action::AddSticky {
                kind,
                x: coord(2),
                y: coord(3),
                label,
                scope,
            }
        }
        2 => Action::AddContext {
            name: text(1),
            rect: Rect {
                x: coord(2),
                y: coord(3),
                w: f64::from(at(4) % 900),
                h: f64::from(at(5) % 700),
            },
        },
        3 => {
            let mut items: Vec<ItemId> = sticky(1).map(ItemId::Sticky).into_iter().collect();
            items.extend(context(2).map(ItemId::Context));
            Action::Move {
                items,
                dx: coord(3) / 10.0,
                dy: coord(4) / 10.0,
            }
        }
        4 => match context(1) {
            Some(id) => Action::ResizeContext {
                id,
                rect: Rect {
                    x: coord(2),
                    y: coord(3),
                    w: f64::from(at(4) % 1_200),
                    h: f64::from(at(5) % 900),
                },
            },
            None => fallback(),
        },
        5 => sticky(1).map_or_else(fallback, |id| Action::SetLabel { id, label: text(2) }),
        6 => sticky(1).map_or_else(fallback, |id| Action::SetNotes { id, notes: text(2) }),
        7 => {
            match sticky(1).filter(|id| board.sticky(*id).is_some_and(|s| s.kind == Kind::Event)) {
                Some(id) => {
                    let mut props = EventProps::new(if at(2) % 2 == 0 {
                        Scope::Domain
                    } else {
                        Scope::Integration
                    });
                    props.payload = Payload::ALL[at(3) as usize % Payload::ALL.len()];
                    props.fields = (0..at(4) % 4)
                        .map(|k| {
                            let ty = FieldType::ALL
                                [(at(3) as usize + k as usize) % FieldType::ALL.len()];
                            let mut f = Field {
                                bytes: ty.fixed_bytes().unwrap_or(at(5) % 100_000 + 1),
                                required: (at(4) + k) % 3 != 0,
                                ..Field::typed(format!("field{k}"), ty)
                            };
                            if ty.nests() {
                                f.of =
                                    vec![Field::typed("part", FieldType::ALL[at(5) as usize % 8])];
                            }
                            f
                        })
                        .collect();
                    props.version = (at(5) % 3 != 0).then_some(at(5) % 5 + 1);
                    Action::SetEvent { id, props }
                }
                None => fallback(),
            }
        }
        8 => context(1).map_or_else(fallback, |id| Action::RenameContext { id, name: text(2) }),
        9 if at(1) % 2 == 1 => experiments(board, n),
        9 => fallback(),
        10 => match sticky(1).and_then(|id| board.sticky(id)) {
            Some(s) => {
                let mut settings = s.settings.clone();
                match at(2) % 4 {
                    0 => settings.failure_rate = f64::from(at(3) % 101) / 100.0,
                    1 => settings.delivery = DeliverySetting::POLL,
                    2 => {
                        settings.outcome = Outcome::Failure {
                            weight: f64::from(at(3) % 9 + 1) / 10.0,
                        }
                    }
                    _ => settings.rate_per_sec = f64::from(at(3) % 50),
                }
                Action::SetStickySettings { id: s.id, settings }
            }
            None => fallback(),
        },
        11 => match context(1).and_then(|id| board.context(id)) {
            Some(c) => {
                let mut settings = c.service.clone();
                settings.publish = if at(2) % 2 == 0 {
                    PublishSetting::Outbox
                } else {
                    PublishSetting::DualWrite
                };
                settings.crash_rate = f64::from(at(3) % 11) / 100.0;
                Action::SetServiceSettings { id: c.id, settings }
            }
            None => fallback(),
        },
        12 => match (sticky(1), sticky(2)) {
            (Some(from), Some(to)) => Action::Connect { from, to },
            _ => fallback(),
        },
        _ => {
            let mut items: Vec<ItemId> = sticky(1).map(ItemId::Sticky).into_iter().collect();
            if at(3) % 3 == 0 {
                items.extend(context(2).map(ItemId::Context));
            }
            if let Some(l) = board.links.get(at(4) as usize % board.links.len().max(1)) {
                items.push(ItemId::Link(l.id));
            }
            Action::Delete(items)
        }
    }
}

/// The board's experiments with one added (an outage of one of its contexts, a payload style,
/// a setting, an expectation) or one taken away, as the numbers say.
fn experiments(board: &Board, n: &[u32]) -> Action {
    use crate::experiment::{Expect, Experiment, Side};
    use crate::variant::{Outage, Variant};
    let at = |i: usize| n.get(i).copied().unwrap_or(0);
    let mut all = board.experiments.clone();
    if at(2) % 3 == 0 && !all.is_empty() {
        all.remove(at(3) as usize % all.len());
        return Action::SetExperiments(all);
    }
    let question = format!("{} #{}", TEXTS[at(3) as usize % TEXTS.len()], at(4) % 1000);
    let mut e = Experiment::new(&question, "Mean latency");
    e.runs = at(4) % 20 + 1;
    e.a = Variant::with(if at(5) % 2 == 0 {
        "delivery=poll"
    } else {
        "idempotent"
    });
    e.b.payload = Some(Payload::ALL[at(5) as usize % Payload::ALL.len()]);
    if let Some(c) = board
        .contexts
        .get(at(2) as usize % board.contexts.len().max(1))
    {
        let from_s = f64::from(at(5) % 50);
        e.b.outage = Some(Outage {
            context: c.id,
            from_s,
            to_s: from_s + 1.0 + f64::from(at(4) % 30),
        });
    }
    e.expect = match at(2) % 4 {
        0 => None,
        1 => Some(Expect::BHigher),
        2 => Some(Expect::BLower),
        _ => Some(Expect::Under(Side::A, f64::from(at(3) % 1_000_000))),
    };
    all.push(e);
    Action::SetExperiments(all)
}
