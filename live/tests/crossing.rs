//! Pages and their sessions run apart, so everything between them may be late: a page's boards
//! on their way to its session, the session's offers on their way to the page, the room's
//! frames on their way to the session. Under any such schedule, with two people adding,
//! renaming and moving stickies, both pages end on the same board, and every sticky anyone
//! added is there with the last label its author gave it.

use std::collections::{BTreeMap, VecDeque};

use proptest::prelude::*;
use stormlab_board::{apply, Action, Board, ItemId, Kind, StickyId};
use stormlab_live::{Effect, Session};
use stormlab_relay::Room;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

/// One participant: their page, its session and what is on its way between them.
struct Side {
    id: u64,
    session: Session,
    frames: UnboundedReceiver<Vec<u8>>,
    /// The page's board and revision.
    board: Board,
    revision: u64,
    /// The page's boards on their way to the session.
    to_session: VecDeque<(Board, u64)>,
    /// The session's offers on their way to the page.
    to_page: VecDeque<(Board, u64)>,
    /// The label each of this page's stickies was last given here (by its number).
    mine: BTreeMap<usize, String>,
    /// The page shows the room's board (a visitor's page shows its own until it takes the
    /// room's: what is done to it meanwhile is not the room's).
    in_room: bool,
}

fn clock() -> u64 {
    1_000
}

impl Side {
    fn join(room: &mut Room, id: u64, seed: Option<Board>) -> Side {
        let (outbox, frames) = unbounded_channel();
        room.join(id, outbox, true).unwrap();
        let mut side = Side {
            id,
            board: seed.clone().unwrap_or_default(),
            session: Session::new(id * 1000, "someone", "#d1242f", seed.clone(), 0, clock),
            frames,
            revision: 0,
            to_session: VecDeque::new(),
            to_page: VecDeque::new(),
            mine: BTreeMap::new(),
            in_room: seed.is_some(),
        };
        let effects = side.session.opened();
        side.take(room, effects);
        side
    }

    fn take(&mut self, room: &mut Room, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Send(frame) => room.receive(self.id, &frame).unwrap(),
                Effect::Board { board, after } => self.to_page.push_back((*board, after)),
                Effect::Problem(p) => panic!("{p}"),
                Effect::Joined | Effect::People => {}
            }
        }
    }

    fn sticky_labelled(&self, label: &str) -> Option<StickyId> {
        self.board
            .stickies
            .iter()
            .find(|s| s.label == label)
            .map(|s| s.id)
    }

    /// A change on the page: `what` picks adding, renaming one of mine, or moving any.
    fn change(&mut self, what: u8, n: usize) {
        if !self.in_room {
            return;
        }
        let label = |k: usize, v: usize| format!("s{}-{k}-v{v}", self.id);
        let action = match what % 3 {
            0 => {
                let k = self.mine.len();
                self.mine.insert(k, label(k, 0));
                Action::AddSticky {
                    kind: Kind::Event,
                    x: (n % 40) as f64 * 30.0,
                    y: self.id as f64 * 200.0,
                    label: Some(label(k, 0)),
                    scope: None,
                }
            }
            1 if !self.mine.is_empty() => {
                let k = n % self.mine.len();
                let Some(id) = self.sticky_labelled(&self.mine[&k]) else {
                    return; // not on this page yet
                };
                let v = n + 1;
                self.mine.insert(k, label(k, v));
                Action::SetLabel {
                    id,
                    label: label(k, v),
                }
            }
            _ if !self.board.stickies.is_empty() => Action::Move {
                items: vec![ItemId::Sticky(
                    self.board.stickies[n % self.board.stickies.len()].id,
                )],
                dx: 10.0,
                dy: 5.0,
            },
            _ => return,
        };
        if let Ok(applied) = apply(&self.board, &action) {
            if applied.board != self.board {
                self.board = applied.board;
                self.revision += 1;
                self.to_session
                    .push_back((self.board.clone(), self.revision));
            }
        }
    }

    /// One thing on its way arrives: `which` picks what. False when nothing was on its way.
    fn deliver(&mut self, room: &mut Room, which: u8) -> bool {
        for k in 0..3 {
            match (which + k) % 3 {
                0 => {
                    if let Some((board, revision)) = self.to_session.pop_front() {
                        let effects = self.session.local(&board, revision);
                        self.take(room, effects);
                        return true;
                    }
                }
                1 => {
                    if let Ok(frame) = self.frames.try_recv() {
                        let effects = self.session.frame(&frame);
                        self.take(room, effects);
                        return true;
                    }
                }
                _ => {
                    if let Some((board, after)) = self.to_page.pop_front() {
                        // As the page does: it takes an offer made on the board it shows (the
                        // same board too: it says it took it).
                        if after == self.revision {
                            self.in_room = true;
                            self.board = board;
                            self.revision += 1;
                            self.to_session
                                .push_back((self.board.clone(), self.revision));
                        }
                        return true;
                    }
                }
            }
        }
        false
    }
}

/// The board without ids: what two pages must agree on.
fn shape(board: &Board) -> Vec<String> {
    let mut stickies: Vec<String> = board
        .stickies
        .iter()
        .map(|s| format!("{} {} {}", s.label, s.x, s.y))
        .collect();
    stickies.sort();
    stickies
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn whatever_is_late_nothing_is_lost(
        steps in proptest::collection::vec((0u8..2, 0u8..4, 0u8..3, 0usize..50), 1..80)
    ) {
        let mut room = Room::in_memory();
        let mut sides = [Side::join(&mut room, 1, Some(Board::default())), Side::join(&mut room, 2, None)];
        for (who, act, what, n) in steps {
            let side = &mut sides[who as usize];
            if act == 0 {
                side.change(what, n);
            } else {
                side.deliver(&mut room, what);
            }
        }
        // Everything on its way arrives (and the exchange comes to rest).
        let mut deliveries = 0;
        loop {
            let mut moved = false;
            for side in sides.iter_mut() {
                while side.deliver(&mut room, 0) {
                    moved = true;
                    deliveries += 1;
                    prop_assert!(deliveries < 2_000, "pages and sessions never come to rest");
                }
            }
            if !moved {
                break;
            }
        }
        prop_assert_eq!(shape(&sides[0].board), shape(&sides[1].board));
        for side in &sides {
            for label in side.mine.values() {
                for page in &sides {
                    prop_assert!(
                        page.sticky_labelled(label).is_some(),
                        "side {}'s sticky {:?} missing on side {}: {:?}",
                        side.id, label, page.id, shape(&page.board)
                    );
                }
            }
        }
    }
}
