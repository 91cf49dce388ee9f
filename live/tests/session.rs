//! Participants' sessions speaking the Yjs sync and awareness protocols through a room of the
//! relay (in memory, no sockets): the first one's board fills the empty room, a latecomer gets
//! it, changes cross, presence shows names and selections, and leaving clears one's presence.

use stormlab_board::examples::EXAMPLES;
use stormlab_board::{apply, Action, Board, ItemId};
use stormlab_live::{Effect, Session};
use stormlab_relay::Room;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

struct Side {
    id: u64,
    session: Session,
    inbox: UnboundedReceiver<Vec<u8>>,
    board: Board,
    joined: bool,
    /// Every board the page was given, in order.
    shown: Vec<usize>,
}

fn clock() -> u64 {
    1_000
}

fn join(room: &mut Room, id: u64, name: &str, seed: Option<Board>) -> Side {
    let (outbox, inbox) = unbounded_channel();
    room.join(id, outbox).unwrap();
    let mut side = Side {
        id,
        session: Session::new(id * 1000, name, "#d1242f", seed, clock),
        inbox,
        board: Board::default(),
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
            Effect::Board(board) => {
                side.shown.push(board.stickies.len());
                side.board = board;
            }
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
    let mut a = join(&mut room, 1, "Ada", Some(retail.clone()));
    a.board = retail.clone(); // the page shows its own board, which fills the room
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
    a.board = apply(
        &a.board,
        &Action::SetLabel {
            id,
            label: "Renamed by Ada".into(),
        },
    )
    .unwrap()
    .board;
    let effects = a.session.local(&a.board);
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
    let effects = b
        .session
        .presence(Some((10.0, 20.0)), &[ItemId::Sticky(his)]);
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
    a.board = retail.clone();
    settle(&mut room, &mut [&mut a]);
    let mut b = join(&mut room, 2, "Ben", None);
    settle(&mut room, &mut [&mut a, &mut b]);
    // Ada's connection drops; she edits offline (what she sends is lost on the way).
    room.leave(1);
    a.joined = false;
    let id = a.board.stickies[1].id;
    a.board = apply(
        &a.board,
        &Action::SetLabel {
            id,
            label: "Typed offline".into(),
        },
    )
    .unwrap()
    .board;
    let _lost = a.session.local(&a.board);
    // Back: a new connection, a new sync; Ben gets what she typed, and she is in step again.
    let (outbox, inbox) = unbounded_channel();
    room.join(1, outbox).unwrap();
    a.inbox = inbox;
    let effects = a.session.opened();
    take(&mut room, &mut a, effects);
    settle(&mut room, &mut [&mut a, &mut b]);
    assert!(a.joined, "in step again after the reconnection");
    assert!(b.board.stickies.iter().any(|s| s.label == "Typed offline"));
}
