//! Participants' sessions speaking the Yjs sync and awareness protocols through a room of the
//! relay (in memory, no sockets): the first one's board fills the empty room, a latecomer gets
//! it, changes cross, presence shows names and selections, and leaving clears one's presence.
//! Each side's page is modelled as the live worker's page is: it numbers its boards and takes
//! an offered board only if it has not changed since the board it was made on.

use stormlab_board::examples::EXAMPLES;
use stormlab_board::{apply, Action, Board, ItemId};
use stormlab_live::{Effect, Session};
use stormlab_relay::Room;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

struct Side {
    id: u64,
    session: Session,
    inbox: UnboundedReceiver<Vec<u8>>,
    /// The board the page shows, and its revision.
    board: Board,
    revision: u64,
    joined: bool,
    /// Every board the page took, in order (its number of stickies).
    shown: Vec<usize>,
}

impl Side {
    /// A change on the page: its new board, numbered, for the session (not yet sent).
    fn change(&mut self, action: Action) -> (Board, u64) {
        self.board = apply(&self.board, &action).unwrap().board;
        self.revision += 1;
        (self.board.clone(), self.revision)
    }

    fn label(&self, label: &str) -> bool {
        self.board.stickies.iter().any(|s| s.label == label)
    }
}

fn clock() -> u64 {
    1_000
}

fn join(room: &mut Room, id: u64, name: &str, seed: Option<Board>) -> Side {
    let (outbox, inbox) = unbounded_channel();
    room.join(id, outbox, true).unwrap();
    let mut side = Side {
        id,
        board: seed.clone().unwrap_or_default(),
        session: Session::new(id * 1000, name, "#d1242f", seed, 0, clock),
        inbox,
        revision: 0,
        joined: false,
        shown: Vec::new(),
    };
    let effects = side.session.opened();
    take(room, &mut side, effects);
    side
}

/// Carries out what a call gave: frames to the room, boards to the page.
fn take(room: &mut Room, side: &mut Side, effects: Vec<Effect>) {
    for effect in effects {
        match effect {
            Effect::Send(frame) => room.receive(side.id, &frame).unwrap(),
            Effect::Board { board, after } if after == side.revision => {
                // The page takes it and says so.
                side.shown.push(board.stickies.len());
                side.board = *board;
                side.revision += 1;
                let effects = side.session.local(&side.board.clone(), side.revision);
                take(room, side, effects);
            }
            // Made on a board the page has since changed: a newer offer follows.
            Effect::Board { .. } => {}
            Effect::Joined => side.joined = true,
            Effect::People => {}
            Effect::Problem(p) => panic!("{p}"),
        }
    }
}

/// Delivers every frame waiting for anyone until nothing moves.
fn settle(room: &mut Room, sides: &mut [&mut Side]) {
    loop {
        let mut moved = false;
        for side in sides.iter_mut() {
            while let Ok(frame) = side.inbox.try_recv() {
                moved = true;
                let effects = side.session.frame(&frame);
                take(room, side, effects);
            }
        }
        if !moved {
            return;
        }
    }
}

#[test]
fn the_first_board_fills_the_room_and_changes_and_presence_cross() {
    let retail = EXAMPLES.iter().find(|e| e.id == "retail").unwrap().board();
    let mut room = Room::in_memory();
    // Ada's page shows its own board, which fills the room.
    let mut a = join(&mut room, 1, "Ada", Some(retail.clone()));
    settle(&mut room, &mut [&mut a]);
    assert!(a.joined);
    assert!(
        a.shown.iter().all(|n| *n == retail.stickies.len()),
        "the starter's page is never shown the empty room: {:?}",
        a.shown
    );
    let mut b = join(&mut room, 2, "Ben", Some(Board::default()));
    settle(&mut room, &mut [&mut a, &mut b]);
    assert!(b.joined);
    assert_eq!(
        b.board.stickies.len(),
        retail.stickies.len(),
        "a latecomer gets the room's board, not its own empty one"
    );
    // Ada renames a sticky: Ben sees it.
    let id = a.board.stickies[0].id;
    let (board, revision) = a.change(Action::SetLabel {
        id,
        label: "Renamed by Ada".into(),
    });
    let effects = a.session.local(&board, revision);
    take(&mut room, &mut a, effects);
    settle(&mut room, &mut [&mut a, &mut b]);
    assert!(b.board.stickies.iter().any(|s| s.label == "Renamed by Ada"));
    // Ben selects that sticky: Ada sees Ben, his name and his selection in her own ids.
    let his = b
        .board
        .stickies
        .iter()
        .find(|s| s.label == "Renamed by Ada")
        .unwrap()
        .id;
    let effects = b.session.presence(
        Some((10.0, 20.0)),
        &[ItemId::Sticky(his)],
        Some((vec![ItemId::Sticky(his)], 30.0, -5.0)),
    );
    take(&mut room, &mut b, effects);
    settle(&mut room, &mut [&mut a, &mut b]);
    let people = a.session.people();
    assert_eq!(
        people
            .iter()
            .map(|p| (p.name.as_str(), p.me))
            .collect::<Vec<_>>(),
        [("Ada", true), ("Ben", false)]
    );
    assert_eq!(people[1].selection, [ItemId::Sticky(id)]);
    assert_eq!(people[1].pointer, Some((10.0, 20.0)));
    assert_eq!(
        people[1].moving,
        Some((vec![ItemId::Sticky(id)], 30.0, -5.0)),
        "what Ben drags, in Ada's ids"
    );
    // Ben leaves: Ada sees him go.
    let effects = b.session.leave();
    take(&mut room, &mut b, effects);
    room.leave(2);
    settle(&mut room, &mut [&mut a]);
    assert_eq!(a.session.people().len(), 1);
}

#[test]
fn a_side_cut_off_and_back_sends_what_it_changed_meanwhile_and_is_in_step_again() {
    let retail = EXAMPLES.iter().find(|e| e.id == "retail").unwrap().board();
    let mut room = Room::in_memory();
    let mut a = join(&mut room, 1, "Ada", Some(retail.clone()));
    settle(&mut room, &mut [&mut a]);
    let mut b = join(&mut room, 2, "Ben", None);
    settle(&mut room, &mut [&mut a, &mut b]);
    // Ada's connection drops; she edits offline (what she sends is lost on the way).
    room.leave(1);
    a.joined = false;
    let id = a.board.stickies[1].id;
    let (board, revision) = a.change(Action::SetLabel {
        id,
        label: "Typed offline".into(),
    });
    let _lost = a.session.local(&board, revision);
    // Back: a new connection, a new sync; Ben gets what she typed, and she is in step again.
    let (outbox, inbox) = unbounded_channel();
    room.join(1, outbox, true).unwrap();
    a.inbox = inbox;
    let effects = a.session.opened();
    take(&mut room, &mut a, effects);
    settle(&mut room, &mut [&mut a, &mut b]);
    assert!(a.joined, "in step again after the reconnection");
    assert!(b.board.stickies.iter().any(|s| s.label == "Typed offline"));
}

/// The page and the session run apart: a page change may cross an offer on its way (here the
/// room's echo of Ben's new sticky and Ada's rename arrive while Ben's page is typing the new
/// sticky's label). The stale offers are not taken, the label goes in as typed, and both pages
/// end on one board with everything.
#[test]
fn a_change_that_crosses_an_offer_is_neither_lost_nor_undone() {
    let retail = EXAMPLES.iter().find(|e| e.id == "retail").unwrap().board();
    let mut room = Room::in_memory();
    let mut a = join(&mut room, 1, "Ada", Some(retail.clone()));
    settle(&mut room, &mut [&mut a]);
    let mut b = join(&mut room, 2, "Ben", None);
    settle(&mut room, &mut [&mut a, &mut b]);
    // Ben adds a sticky; it reaches his session and the room.
    let (board, revision) = b.change(Action::AddSticky {
        kind: stormlab_board::Kind::Event,
        x: 900.0,
        y: 900.0,
        label: None,
        scope: None,
    });
    let effects = b.session.local(&board, revision);
    take(&mut room, &mut b, effects);
    // Ada renames a sticky meanwhile.
    let first = a.board.stickies[0].id;
    let (board, revision) = a.change(Action::SetLabel {
        id: first,
        label: "Renamed by Ada".into(),
    });
    let effects = a.session.local(&board, revision);
    take(&mut room, &mut a, effects);
    // Ben's page types the label; before that reaches his session, the room's frames do (the
    // echo of his sticky without its label, and Ada's rename).
    let new = b.board.stickies.last().unwrap().id;
    let typed = b.change(Action::SetLabel {
        id: new,
        label: "FromBen".into(),
    });
    let before = b.shown.len();
    while let Ok(frame) = b.inbox.try_recv() {
        let effects = b.session.frame(&frame);
        take(&mut room, &mut b, effects);
    }
    assert_eq!(
        b.shown.len(),
        before,
        "Ben's page takes no offer made before his typing"
    );
    assert!(b.label("FromBen"));
    // His typing arrives: it goes in, and his page is offered the board with both changes.
    let effects = b.session.local(&typed.0, typed.1);
    take(&mut room, &mut b, effects);
    settle(&mut room, &mut [&mut a, &mut b]);
    for side in [&a, &b] {
        assert!(side.label("FromBen"), "Ben's label is kept");
        assert!(side.label("Renamed by Ada"), "Ada's rename is kept");
        assert_eq!(side.board.stickies.len(), retail.stickies.len() + 1);
    }
}

/// A read gives a sticky first seen in the document the page's next free id; a page that has
/// not taken that read yet may give the same id to a sticky of its own. Both stickies live, on
/// both sides.
#[test]
fn an_id_given_twice_meanwhile_keeps_both_stickies() {
    let mut room = Room::in_memory();
    let mut a = join(&mut room, 1, "Ada", Some(Board::default()));
    settle(&mut room, &mut [&mut a]);
    let mut b = join(&mut room, 2, "Ben", None);
    settle(&mut room, &mut [&mut a, &mut b]);
    let add = |label: &str| Action::AddSticky {
        kind: stormlab_board::Kind::Command,
        x: label.len() as f64 * 10.0,
        y: 0.0,
        label: Some(label.to_string()),
        scope: None,
    };
    let (board, revision) = a.change(add("Ada's"));
    let effects = a.session.local(&board, revision);
    take(&mut room, &mut a, effects);
    // Ben's page adds a sticky before it takes the read that has Ada's.
    let mine = b.change(add("Ben's"));
    while let Ok(frame) = b.inbox.try_recv() {
        let effects = b.session.frame(&frame);
        take(&mut room, &mut b, effects);
    }
    assert_eq!(b.board.stickies.len(), 1, "the offer crossed Ben's change");
    let effects = b.session.local(&mine.0, mine.1);
    take(&mut room, &mut b, effects);
    settle(&mut room, &mut [&mut a, &mut b]);
    for side in [&a, &b] {
        assert_eq!(side.board.stickies.len(), 2, "{:?}", side.board.stickies);
    }
    let ids: std::collections::HashSet<_> = b.board.stickies.iter().map(|s| s.id).collect();
    assert_eq!(ids.len(), 2, "two ids on Ben's side");
}

/// Frames that arrive together are handled together: the board is offered once, after the
/// last, and it is the board frame-by-frame handling ends on (Ben's frames one by one, Cy's
/// at once).
#[test]
fn frames_that_come_together_give_one_offer_of_the_same_board() {
    let retail = EXAMPLES.iter().find(|e| e.id == "retail").unwrap().board();
    let mut room = Room::in_memory();
    let mut a = join(&mut room, 1, "Ada", Some(retail.clone()));
    settle(&mut room, &mut [&mut a]);
    let mut b = join(&mut room, 2, "Ben", None);
    let mut c = join(&mut room, 3, "Cy", None);
    settle(&mut room, &mut [&mut a, &mut b, &mut c]);
    for label in ["One", "Two", "Three"] {
        let (board, revision) = a.change(Action::AddSticky {
            kind: stormlab_board::Kind::Event,
            x: 100.0,
            y: 100.0,
            label: Some(label.into()),
            scope: None,
        });
        let effects = a.session.local(&board, revision);
        take(&mut room, &mut a, effects);
    }
    let waiting = |side: &mut Side| {
        let mut frames = Vec::new();
        while let Ok(frame) = side.inbox.try_recv() {
            frames.push(frame);
        }
        frames
    };
    // Ben one by one, Cy all at once.
    let (for_b, for_c) = (waiting(&mut b), waiting(&mut c));
    assert!(for_c.len() >= 3, "{} frames", for_c.len());
    let mut one_by_one = Vec::new();
    for frame in &for_b {
        one_by_one.extend(b.session.frame(frame));
    }
    let together = c.session.frames(for_c.iter().map(Vec::as_slice));
    let offers = |effects: &[Effect]| -> Vec<Board> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Board { board, .. } => Some((**board).clone()),
                _ => None,
            })
            .collect()
    };
    let (by_one, all) = (offers(&one_by_one), offers(&together));
    assert_eq!(by_one.len(), 3, "one offer a frame");
    assert_eq!(all.len(), 1, "one offer for the batch");
    // The same board (each side numbers its own items, so compared by what they say).
    let said = |b: &Board| {
        let mut stickies: Vec<String> = b
            .stickies
            .iter()
            .map(|s| format!("{:?} {} {} {}", s.kind, s.label, s.x, s.y))
            .collect();
        stickies.sort();
        (stickies, b.links.len(), b.contexts.len())
    };
    assert_eq!(said(&all[0]), said(&by_one[2]));
    assert!(["One", "Two", "Three"]
        .iter()
        .all(|l| all[0].stickies.iter().any(|s| &s.label == l)));
}

/// Two participants add a sticky each at the same moment: the room's sticky reaches one of
/// them while their own addition is on its way from their page. Both stickies stay, each with
/// its own label.
#[test]
fn two_stickies_added_at_once_stay_two() {
    let retail = EXAMPLES.iter().find(|e| e.id == "retail").unwrap().board();
    let mut room = Room::in_memory();
    let mut a = join(&mut room, 1, "Ada", Some(retail.clone()));
    settle(&mut room, &mut [&mut a]);
    let mut b = join(&mut room, 2, "Ben", None);
    let mut c = join(&mut room, 3, "Cy", None);
    settle(&mut room, &mut [&mut a, &mut b, &mut c]);
    let add = |side: &mut Side| {
        side.change(Action::AddSticky {
            kind: stormlab_board::Kind::Event,
            x: 300.0,
            y: 900.0,
            label: None,
            scope: None,
        })
    };
    // Ben's page adds a sticky; the message to his session is on its way.
    let (ben_board, ben_rev) = add(&mut b);
    let ben_id = ben_board.stickies.last().unwrap().id;
    // Cy adds hers, and it reaches the room and Ben's session first.
    let (board, rev) = add(&mut c);
    let cy_id = board.stickies.last().unwrap().id;
    let effects = c.session.local(&board, rev);
    take(&mut room, &mut c, effects);
    while let Ok(frame) = b.inbox.try_recv() {
        let effects = b.session.frame(&frame);
        take(&mut room, &mut b, effects);
    }
    // Ben's addition arrives at his session; then both type their labels.
    let effects = b.session.local(&ben_board, ben_rev);
    take(&mut room, &mut b, effects);
    let (board, rev) = b.change(Action::SetLabel {
        id: ben_id,
        label: "FromBen".into(),
    });
    let effects = b.session.local(&board, rev);
    take(&mut room, &mut b, effects);
    let (board, rev) = c.change(Action::SetLabel {
        id: cy_id,
        label: "FromCy".into(),
    });
    let effects = c.session.local(&board, rev);
    take(&mut room, &mut c, effects);
    settle(&mut room, &mut [&mut a, &mut b, &mut c]);
    for side in [&a, &b, &c] {
        let labels: Vec<&str> = side
            .board
            .stickies
            .iter()
            .map(|s| s.label.as_str())
            .collect();
        assert!(
            side.label("FromBen") && side.label("FromCy"),
            "side {}: {labels:?}",
            side.id
        );
        assert_eq!(
            side.board.stickies.len(),
            retail.stickies.len() + 2,
            "side {}",
            side.id
        );
    }
}
