//! Where a new sticky or frame goes: the free spot nearest to where the person is looking (next
//! to the selection, or the middle of the view), inside the view when there is room, never on
//! top of another sticky (or, for a frame, another frame).

use crate::document::{Board, Rect};
use crate::ids::ItemId;

/// Space kept around a new item.
const GAP: f64 = 24.0;
/// How far the search goes, in rings of candidate spots.
const RINGS: i32 = 40;

/// What a new item must not cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Avoid {
    /// Other stickies (a new sticky).
    Stickies,
    /// Other frames and the stickies outside them (a new frame).
    Frames,
}

/// Where a new item looks from: to the right of the selected sticky or frame, if any, else the
/// middle of `view`; the item's top-left corner.
pub fn anchor(board: &Board, selection: &[ItemId], view: Rect, size: (f64, f64)) -> (f64, f64) {
    let selected = selection.iter().rev().find_map(|item| match item {
        ItemId::Sticky(id) => board.sticky(*id).map(|s| s.rect()),
        ItemId::Context(id) => board.context(*id).map(|c| c.rect()),
        ItemId::Link(_) => None,
    });
    match selected {
        Some(r) if view.intersects(&r) => (r.x + r.w + GAP, r.y),
        _ => {
            let (cx, cy) = view.center();
            (cx - size.0 / 2.0, cy - size.1 / 2.0)
        }
    }
}

fn covers(board: &Board, r: &Rect, avoid: Avoid) -> bool {
    let grown = Rect {
        x: r.x - GAP / 2.0,
        y: r.y - GAP / 2.0,
        w: r.w + GAP,
        h: r.h + GAP,
    };
    match avoid {
        Avoid::Stickies => board.stickies.iter().any(|s| s.rect().intersects(&grown)),
        Avoid::Frames => {
            board.contexts.iter().any(|c| c.rect().intersects(&grown))
                || board.stickies.iter().any(|s| s.rect().intersects(&grown))
        }
    }
}

fn inside(outer: &Rect, r: &Rect) -> bool {
    r.x >= outer.x
        && r.y >= outer.y
        && r.x + r.w <= outer.x + outer.w
        && r.y + r.h <= outer.y + outer.h
}

/// The top-left corner for a new item of `size`: the free spot nearest to `from`, searched in
/// rings around it; the first free one inside `view` if any, else the nearest free one.
pub fn free_spot(
    board: &Board,
    size: (f64, f64),
    from: (f64, f64),
    view: Rect,
    avoid: Avoid,
) -> (f64, f64) {
    let (w, h) = size;
    let (sx, sy) = ((w + GAP) / 2.0, (h + GAP) / 2.0);
    let mut outside = None;
    for ring in 0..=RINGS {
        let mut best: Option<(f64, (f64, f64))> = None;
        for i in -ring..=ring {
            for j in -ring..=ring {
                if i.abs().max(j.abs()) != ring {
                    continue;
                }
                let (x, y) = (from.0 + f64::from(i) * sx, from.1 + f64::from(j) * sy);
                let r = Rect { x, y, w, h };
                if covers(board, &r, avoid) {
                    continue;
                }
                let d = (x - from.0).hypot(y - from.1);
                if inside(&view, &r) {
                    if best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, (x, y)));
                    }
                } else if outside.is_none() {
                    outside = Some((x, y));
                }
            }
        }
        if let Some((_, spot)) = best {
            return spot;
        }
    }
    outside.unwrap_or(from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::Kind;
    use crate::{apply, Action};

    fn view() -> Rect {
        Rect {
            x: 0.0,
            y: 0.0,
            w: 1200.0,
            h: 700.0,
        }
    }

    #[test]
    fn new_stickies_land_in_free_space_in_view_one_beside_another() {
        let mut board = Board::default();
        for n in 0..20 {
            let size = Kind::Event.size();
            let from = anchor(&board, &[], view(), size);
            let (x, y) = free_spot(&board, size, from, view(), Avoid::Stickies);
            board = apply(
                &board,
                &Action::AddSticky {
                    kind: Kind::Event,
                    x,
                    y,
                    label: None,
                    scope: None,
                },
            )
            .unwrap()
            .board;
            let new = board.stickies.last().unwrap().rect();
            assert!(inside(&view(), &new), "sticky {n} in view: {new:?}");
            for s in &board.stickies[..board.stickies.len() - 1] {
                assert!(!s.rect().intersects(&new), "sticky {n} on another");
            }
        }
        // The first lands in the middle of the view.
        let first = board.stickies[0].rect();
        assert_eq!(first.center(), view().center());
    }

    #[test]
    fn next_to_the_selection_and_frames_beside_frames() {
        let board = Board::default();
        let board = apply(
            &board,
            &Action::AddSticky {
                kind: Kind::Command,
                x: 100.0,
                y: 100.0,
                label: None,
                scope: None,
            },
        )
        .unwrap()
        .board;
        let id = board.stickies[0].id;
        let size = Kind::Aggregate.size();
        let from = anchor(&board, &[ItemId::Sticky(id)], view(), size);
        assert_eq!(from, (100.0 + 160.0 + GAP, 100.0));
        assert_eq!(free_spot(&board, size, from, view(), Avoid::Stickies), from);
        let frame = Rect {
            x: 0.0,
            y: 0.0,
            w: 600.0,
            h: 400.0,
        };
        let board = apply(
            &board,
            &Action::AddContext {
                name: "A".into(),
                rect: frame,
            },
        )
        .unwrap()
        .board;
        let (x, y) = free_spot(
            &board,
            (600.0, 400.0),
            (0.0, 0.0),
            Rect {
                x: -2000.0,
                y: -2000.0,
                w: 6000.0,
                h: 6000.0,
            },
            Avoid::Frames,
        );
        assert!(!Rect {
            x,
            y,
            w: 600.0,
            h: 400.0
        }
        .intersects(&frame));
    }
}
