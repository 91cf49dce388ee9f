//! Places what a text board leaves unplaced: stickies in columns along their links (causes left
//! of effects) inside their context's frame, frames side by side to the right of whatever has a
//! place, loose stickies below; nothing on top of anything else.

use std::collections::VecDeque;

use crate::document::Rect;
use crate::kind::Kind;
use crate::limits::COORDINATE;

/// Horizontal distance between columns of stickies.
const COLUMN: f64 = 200.0;
/// Vertical distance between rows of stickies.
const ROW: f64 = 130.0;
/// Space inside a frame around its stickies (more above, for the name).
const PAD: f64 = 30.0;
const PAD_TOP: f64 = 56.0;
/// Space between frames.
const GAP: f64 = 60.0;

/// A sticky as the layout sees it.
pub struct Item {
    pub kind: Kind,
    /// Where it is, if the text says.
    pub at: Option<(f64, f64)>,
    /// The context block it was written in (index into the frames).
    pub block: Option<usize>,
}

/// A frame as the layout sees it.
pub struct Frame {
    pub at: Option<(f64, f64)>,
    pub size: Option<(f64, f64)>,
}

/// What the layout could not place inside the board's range: nothing on any side of what is
/// placed has room left.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NoRoom {
    /// This frame (index into the frames).
    Frame(usize),
    /// This sticky (index into the items), written outside any context.
    Item(usize),
}

/// Where every item goes and the rectangle of every frame.
pub type Placed = (Vec<(f64, f64)>, Vec<Rect>);

/// True when all of `r` lies inside the range positions may take.
fn inside(r: &Rect) -> bool {
    let (min, max) = (COORDINATE.min, COORDINATE.max);
    r.x >= min && r.y >= min && r.x + r.w <= max && r.y + r.h <= max
}

/// Where a group of size `size` may go beside `extent`: to its right, below, to its left,
/// above (the first is where a reader looks first), each slid along that side to stay in range.
fn beside(extent: Rect, size: (f64, f64), first_below: bool) -> Vec<(f64, f64)> {
    let (min, max) = (COORDINATE.min, COORDINATE.max);
    let slide = |v: f64, len: f64| v.min(max - len).max(min);
    let right = (extent.x + extent.w + GAP, slide(extent.y, size.1));
    let below = (slide(extent.x, size.0), extent.y + extent.h + GAP);
    let left = (extent.x - GAP - size.0, slide(extent.y, size.1));
    let above = (slide(extent.x, size.0), extent.y - GAP - size.1);
    if first_below {
        vec![below, right, left, above]
    } else {
        vec![right, below, left, above]
    }
}

/// Positions for every item and rectangles for every frame, all inside the board's range; or
/// the first thing for which no room is left.
pub fn place(items: &[Item], frames: &[Frame], links: &[(usize, usize)]) -> Result<Placed, NoRoom> {
    let rank = ranks(items.len(), links);
    let mut pos: Vec<Option<(f64, f64)>> = items.iter().map(|i| i.at).collect();
    let rect = |i: usize, (x, y): (f64, f64)| {
        let (w, h) = items[i].kind.size();
        Rect { x, y, w, h }
    };
    // Everything with a place already: the new frames go beside it.
    let mut extent: Option<Rect> = None;
    let grow = |r: Rect, extent: &mut Option<Rect>| {
        *extent = Some(extent.map_or(r, |e| e.union(&r)));
    };
    for (i, item) in items.iter().enumerate() {
        if let Some(at) = item.at {
            grow(rect(i, at), &mut extent);
        }
    }
    for f in frames {
        if let (Some((x, y)), Some((w, h))) = (f.at, f.size) {
            grow(Rect { x, y, w, h }, &mut extent);
        }
    }
    let mut out_frames = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            w: 1.0,
            h: 1.0
        };
        frames.len()
    ];
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); frames.len()];
    let mut loose = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item.block {
            Some(f) => members[f].push(i),
            None => loose.push(i),
        }
    }
    // Frames with a place first, so that those without go beside all of them.
    let order = (0..frames.len()).filter(|&f| frames[f].at.is_some());
    let order: Vec<usize> = order
        .chain((0..frames.len()).filter(|&f| frames[f].at.is_none()))
        .collect();
    for f in order {
        let frame = &frames[f];
        let members = &members[f];
        // Lays the frame out from `origin`: its members filled in, its rectangle around them.
        let lay = |origin: (f64, f64), pos: &mut Vec<Option<(f64, f64)>>| {
            let inner = (origin.0 + PAD, origin.1 + PAD_TOP);
            fill(members, &rank, inner, pos, items);
            let mut r = Rect {
                x: origin.0,
                y: origin.1,
                w: frame.size.map_or(1.0, |s| s.0),
                h: frame.size.map_or(1.0, |s| s.1),
            };
            for &i in members {
                let s = rect(i, pos[i].expect("placed"));
                r = r.union(&Rect {
                    x: s.x - PAD,
                    y: s.y - PAD_TOP,
                    w: s.w + 2.0 * PAD,
                    h: s.h + PAD_TOP + PAD,
                });
            }
            r
        };
        let r = match (frame.at, extent) {
            (Some(at), _) => {
                let mut r = lay(at, &mut pos);
                if let (Some((x, y)), Some((w, h))) = (frame.at, frame.size) {
                    if members.iter().all(|&i| items[i].at.is_some()) {
                        // Given in full: kept exactly as written.
                        r = Rect { x, y, w, h };
                    }
                }
                r
            }
            (None, None) => lay((40.0, 40.0), &mut pos),
            (None, Some(e)) => {
                let before = pos.clone();
                let first = lay((e.x + e.w + GAP, e.y), &mut pos);
                let mut placed = inside(&first).then_some(first);
                for origin in beside(e, (first.w, first.h), false) {
                    if placed.is_some() {
                        break;
                    }
                    pos.clone_from(&before);
                    placed = Some(lay(origin, &mut pos)).filter(inside);
                }
                placed.ok_or(NoRoom::Frame(f))?
            }
        };
        grow(r, &mut extent);
        out_frames[f] = r;
    }
    let origin = extent.map_or((40.0, 40.0), |e| (e.x, e.y + e.h + GAP));
    let before = pos.clone();
    fill(&loose, &rank, origin, &mut pos, items);
    let group = |pos: &[Option<(f64, f64)>]| {
        loose
            .iter()
            .filter(|&&i| items[i].at.is_none())
            .map(|&i| rect(i, pos[i].expect("placed")))
            .reduce(|a, b| a.union(&b))
    };
    if let (Some(first), Some(e)) = (group(&pos), extent) {
        if !inside(&first) {
            let fits = beside(e, (first.w, first.h), true)
                .into_iter()
                .any(|origin| {
                    pos.clone_from(&before);
                    fill(&loose, &rank, origin, &mut pos, items);
                    group(&pos).is_some_and(|g| inside(&g))
                });
            if !fits {
                let first_unplaced = loose.iter().find(|&&i| items[i].at.is_none());
                return Err(NoRoom::Item(*first_unplaced.expect("a group has a member")));
            }
        }
    }
    let positions = pos
        .into_iter()
        .map(|p| p.expect("every item placed"))
        .collect();
    Ok((positions, out_frames))
}

/// Places the unplaced `members` in columns by rank from `origin`, avoiding every placed sticky.
fn fill(
    members: &[usize],
    rank: &[usize],
    origin: (f64, f64),
    pos: &mut [Option<(f64, f64)>],
    items: &[Item],
) {
    let mut columns: Vec<usize> = members
        .iter()
        .filter(|&&i| pos[i].is_none())
        .map(|&i| rank[i])
        .collect();
    columns.sort_unstable();
    columns.dedup();
    // Every sticky with a place, in any frame: none may be covered.
    let mut taken: Vec<Rect> = (0..items.len())
        .filter_map(|i| pos[i].map(|(x, y)| sized(items[i].kind, x, y)))
        .collect();
    let mut next_row = vec![0usize; columns.len()];
    for &i in members {
        if pos[i].is_some() {
            continue;
        }
        let col = columns.binary_search(&rank[i]).expect("a column per rank");
        loop {
            let x = origin.0 + col as f64 * COLUMN;
            let y = origin.1 + next_row[col] as f64 * ROW;
            next_row[col] += 1;
            let r = sized(items[i].kind, x, y);
            if !taken.iter().any(|t| t.intersects(&r)) {
                taken.push(r);
                pos[i] = Some((x, y));
                break;
            }
        }
    }
}

fn sized(kind: Kind, x: f64, y: f64) -> Rect {
    let (w, h) = kind.size();
    Rect { x, y, w, h }
}

/// Each item's column along the links: 0 for those nothing leads to, else one past the
/// furthest cause (items on a cycle take one past their causes outside it).
fn ranks(n: usize, links: &[(usize, usize)]) -> Vec<usize> {
    let mut into = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in links {
        if a != b {
            into[b] += 1;
            out[a].push(b);
        }
    }
    let mut rank = vec![0usize; n];
    let mut queued = vec![false; n];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for i in (0..n).filter(|&i| into[i] == 0) {
        queued[i] = true;
        queue.push_back(i);
    }
    let mut next_stuck = 0;
    loop {
        while let Some(a) = queue.pop_front() {
            for &b in &out[a] {
                if queued[b] {
                    continue;
                }
                rank[b] = rank[b].max(rank[a] + 1);
                into[b] -= 1;
                if into[b] == 0 {
                    queued[b] = true;
                    queue.push_back(b);
                }
            }
        }
        // A cycle: start it at its first member in reading order.
        while next_stuck < n && queued[next_stuck] {
            next_stuck += 1;
        }
        if next_stuck == n {
            return rank;
        }
        queued[next_stuck] = true;
        queue.push_back(next_stuck);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_follow_links_and_survive_cycles() {
        assert_eq!(ranks(4, &[(0, 1), (1, 2), (0, 2)]), vec![0, 1, 2, 0]);
        let r = ranks(3, &[(0, 1), (1, 2), (2, 1)]);
        assert_eq!(r[0], 0);
        assert!(r[1] >= 1 && r[2] >= 1);
    }

    #[test]
    fn nothing_lands_on_anything_else() {
        let items: Vec<Item> = (0..12)
            .map(|i| Item {
                kind: Kind::ALL[i % 8],
                at: (i == 2).then_some((70.0, 96.0)),
                block: Some(i % 2),
            })
            .collect();
        let frames = [
            Frame {
                at: Some((40.0, 40.0)),
                size: None,
            },
            Frame {
                at: None,
                size: None,
            },
        ];
        let (pos, rects) = place(&items, &frames, &[(0, 2), (2, 4)]).expect("room");
        let placed: Vec<Rect> = items
            .iter()
            .zip(&pos)
            .map(|(i, p)| sized(i.kind, p.0, p.1))
            .collect();
        for (a, ra) in placed.iter().enumerate() {
            for rb in &placed[a + 1..] {
                assert!(!ra.intersects(rb), "{ra:?} {rb:?}");
            }
            let frame = rects[items[a].block.unwrap()];
            let (cx, cy) = ra.center();
            assert!(frame.contains(cx, cy));
        }
        assert!(!rects[0].intersects(&rects[1]));
        assert_eq!(pos[2], (70.0, 96.0));
    }
}
