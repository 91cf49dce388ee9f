//! Two or three people on one board, their changes crossing: every side ends on the same board
//! whatever the order the updates arrive in, each conflict gives what the crate's docs say, no
//! sticky nobody deleted is lost, every merged board is one a file could hold, and undo takes
//! back one's own change only.

use proptest::prelude::*;
use stormlab_board::examples::EXAMPLES;
use stormlab_board::{apply, Action, Board, ItemId, Kind, StickyId};
use stormlab_live::{Binding, Read};

/// A participant: their binding and the board their page shows.
struct Side {
    live: Binding,
    board: Board,
}

impl Side {
    fn new(client: u64) -> Side {
        Side {
            live: Binding::new(client),
            board: Board::default(),
        }
    }

    /// A local change through the reducer, written into the document; the update to send.
    fn act(&mut self, action: Action) -> Vec<u8> {
        let Ok(applied) = apply(&self.board, &action) else {
            return Vec::new();
        };
        let before = std::mem::replace(&mut self.board, applied.board);
        self.live.write(&before, &self.board).unwrap_or_default()
    }

    fn receive(&mut self, update: &[u8]) {
        if update.is_empty() {
            return;
        }
        match self
            .live
            .receive(update)
            .expect("an update of the room applies")
        {
            Read::Board(board) => self.board = board,
            Read::Refused(why) => panic!("a merge gave a board no file can hold: {why}"),
        }
    }

    fn id_of(&self, label: &str) -> StickyId {
        self.board
            .stickies
            .iter()
            .find(|s| s.label == label)
            .unwrap_or_else(|| panic!("no sticky {label:?}"))
            .id
    }
}

/// The board without this side's ids: what two sides must agree on.
fn shape(board: &Board) -> String {
    let name = |id: StickyId| {
        let s = board.sticky(id).unwrap();
        format!("{}@{},{}", s.label, s.x, s.y)
    };
    let mut stickies: Vec<String> = board
        .stickies
        .iter()
        .map(|s| {
            format!(
                "{:?} {:?} {:?} {} {} {:?} {} ctx={:?}",
                s.kind,
                s.label,
                s.notes,
                s.x,
                s.y,
                s.event,
                serde_json::to_string(&s.settings).unwrap(),
                s.context.and_then(|c| board.context(c)).map(|c| &c.name)
            )
        })
        .collect();
    stickies.sort();
    let mut contexts: Vec<String> = board
        .contexts
        .iter()
        .map(|c| {
            format!(
                "{:?} {} {} {} {} {}",
                c.name,
                c.x,
                c.y,
                c.w,
                c.h,
                serde_json::to_string(&c.service).unwrap()
            )
        })
        .collect();
    contexts.sort();
    let mut links: Vec<String> = board
        .links
        .iter()
        .map(|l| format!("{} -> {}", name(l.from), name(l.to)))
        .collect();
    links.sort();
    let steps: Vec<String> = board
        .walkthrough
        .iter()
        .map(|s| {
            let l = board.links.iter().find(|l| l.id == s.link).unwrap();
            format!("{} -> {}: {}", name(l.from), name(l.to), s.caption)
        })
        .collect();
    format!(
        "{:?}\n{}\n{}\n{}\n{}\n{}",
        board.title,
        serde_json::to_string(&board.run).unwrap(),
        stickies.join("\n"),
        contexts.join("\n"),
        links.join("\n"),
        steps.join("\n")
    )
}

/// Two sides on the same board: `a` opened it, `b` joined the room.
fn pair(board: &Board) -> (Side, Side) {
    let mut a = Side::new(1);
    let seed = a.act(Action::Replace(board.clone()));
    let mut b = Side::new(2);
    b.receive(&seed);
    assert_eq!(shape(&a.board), shape(&b.board));
    (a, b)
}

fn example(id: &str) -> Board {
    EXAMPLES.iter().find(|e| e.id == id).unwrap().board()
}

#[test]
fn every_example_crosses_the_room_whole() {
    for e in EXAMPLES {
        let board = e.board();
        let (a, b) = pair(&board);
        assert_eq!(shape(&a.board), shape(&board), "{}", e.id);
        assert_eq!(b.board.stickies.len(), board.stickies.len());
        assert_eq!(b.board.walkthrough.len(), board.walkthrough.len());
        // The lessons cross as the board's experiments, an outage naming the same context.
        assert_eq!(
            b.board.experiments.len(),
            board.experiments.len(),
            "{}",
            e.id
        );
        for (mine, theirs) in board.experiments.iter().zip(&b.board.experiments) {
            assert_eq!(mine.question, theirs.question);
            assert_eq!(mine.a.settings, theirs.a.settings);
            let name = |board: &Board, x: &stormlab_board::experiment::Experiment| {
                x.b.outage
                    .as_ref()
                    .map(|o| board.context(o.context).unwrap().name.clone())
            };
            assert_eq!(name(&board, mine), name(&b.board, theirs), "{}", e.id);
        }
    }
}

#[test]
fn an_experiment_saved_on_one_side_is_on_the_other() {
    let (mut a, mut b) = pair(&example("pizza"));
    let mut saved = b.board.experiments.clone();
    let mut e =
        stormlab_board::experiment::Experiment::new("Does Kitchen down hurt?", "Mean latency");
    e.b.outage = Some(stormlab_board::variant::Outage {
        context: b
            .board
            .contexts
            .iter()
            .find(|c| c.name == "Kitchen")
            .unwrap()
            .id,
        from_s: 5.0,
        to_s: 15.0,
    });
    saved.push(e);
    let update = b.act(Action::SetExperiments(saved));
    a.receive(&update);
    let got = a.board.experiments.last().unwrap();
    assert_eq!(got.question, "Does Kitchen down hurt?");
    let outage = got.b.outage.as_ref().unwrap();
    assert_eq!(a.board.context(outage.context).unwrap().name, "Kitchen");
}

#[test]
fn two_moves_of_one_sticky_end_on_one_of_them_on_both_sides() {
    let (mut a, mut b) = pair(&example("retail"));
    let id_a = a.id_of("Customer");
    let id_b = b.id_of("Customer");
    let ua = a.act(Action::Move {
        items: vec![ItemId::Sticky(id_a)],
        dx: 100.0,
        dy: 0.0,
    });
    let ub = b.act(Action::Move {
        items: vec![ItemId::Sticky(id_b)],
        dx: 0.0,
        dy: 300.0,
    });
    a.receive(&ub);
    b.receive(&ua);
    assert_eq!(shape(&a.board), shape(&b.board));
    let (x, y) = {
        let s = a.board.sticky(a.id_of("Customer")).unwrap();
        (s.x, s.y)
    };
    let start = example("retail")
        .stickies
        .into_iter()
        .find(|s| s.label == "Customer")
        .unwrap();
    assert!(
        (x, y) == (start.x + 100.0, start.y) || (x, y) == (start.x, start.y + 300.0),
        "a move is whole: {x},{y}"
    );
}

#[test]
fn two_people_typing_into_one_label_both_keep_their_words() {
    let (mut a, mut b) = pair(&example("retail"));
    let ua = a.act(Action::SetLabel {
        id: a.id_of("PlaceOrder"),
        label: "PlaceOrderNow".into(),
    });
    let ub = b.act(Action::SetLabel {
        id: b.id_of("PlaceOrder"),
        label: "Please PlaceOrder".into(),
    });
    b.receive(&ua);
    a.receive(&ub);
    assert_eq!(shape(&a.board), shape(&b.board));
    assert!(
        a.board
            .stickies
            .iter()
            .any(|s| s.label == "Please PlaceOrderNow"),
        "{}",
        shape(&a.board)
    );
}

/// Two sides with a new event "Fresh" each knows about, not yet linked to anything.
fn pair_with_fresh_event() -> (Side, Side) {
    let (mut a, mut b) = pair(&example("retail"));
    let ua = a.act(Action::AddSticky {
        kind: Kind::Event,
        x: 0.0,
        y: 900.0,
        label: Some("Fresh".into()),
        scope: None,
    });
    b.receive(&ua);
    (a, b)
}

#[test]
fn a_sticky_deleted_while_another_links_to_it_goes_with_the_link() {
    let (mut a, mut b) = pair_with_fresh_event();
    let ua = a.act(Action::Delete(vec![ItemId::Sticky(
        a.id_of("Order status"),
    )]));
    // b draws an arrow to it meanwhile (an event updates a read model).
    let before = b.board.links.len();
    let ub = b.act(Action::Connect {
        from: b.id_of("Fresh"),
        to: b.id_of("Order status"),
    });
    assert_eq!(
        b.board.links.len(),
        before + 1,
        "the grammar allows the arrow"
    );
    b.receive(&ua);
    a.receive(&ub);
    assert_eq!(shape(&a.board), shape(&b.board));
    assert!(b.board.stickies.iter().all(|s| s.label != "Order status"));
    assert!(
        b.board.stickies.iter().any(|s| s.label == "Fresh"),
        "the other end stays"
    );
    let mut valid = b.board.clone();
    stormlab_board::format::check(&mut valid).expect("the merged board is one a file can hold");
}

#[test]
fn stickies_added_at_once_are_all_kept_and_one_arrow_drawn_twice_is_one() {
    let (mut a, mut b) = pair_with_fresh_event();
    let n = a.board.stickies.len();
    let ua = a.act(Action::AddSticky {
        kind: Kind::Event,
        x: 0.0,
        y: 1200.0,
        label: Some("From A".into()),
        scope: None,
    });
    let ub = b.act(Action::AddSticky {
        kind: Kind::Event,
        x: 0.0,
        y: 1200.0,
        label: Some("From B".into()),
        scope: None,
    });
    a.receive(&ub);
    b.receive(&ua);
    assert_eq!(a.board.stickies.len(), n + 2);
    assert_eq!(shape(&a.board), shape(&b.board));
    // Both draw Fresh -> Order status at once.
    let links = a.board.links.len();
    let ua = a.act(Action::Connect {
        from: a.id_of("Fresh"),
        to: a.id_of("Order status"),
    });
    let ub = b.act(Action::Connect {
        from: b.id_of("Fresh"),
        to: b.id_of("Order status"),
    });
    assert_eq!(
        (a.board.links.len(), b.board.links.len()),
        (links + 1, links + 1)
    );
    a.receive(&ub);
    b.receive(&ua);
    assert_eq!(shape(&a.board), shape(&b.board));
    assert_eq!(a.board.links.len(), links + 1, "one arrow, not two");
}

#[test]
fn two_settings_of_one_sticky_changed_at_once_are_both_kept() {
    let (mut a, mut b) = pair(&example("retail"));
    let pa = a
        .board
        .stickies
        .iter()
        .find(|s| s.kind == Kind::Policy)
        .unwrap()
        .clone();
    let pb = b
        .board
        .stickies
        .iter()
        .find(|s| s.label == pa.label)
        .unwrap()
        .clone();
    let mut sa = pa.settings.clone();
    sa.instances = 5;
    let mut sb = pb.settings.clone();
    sb.max_attempts = 7;
    let ua = a.act(Action::SetStickySettings {
        id: pa.id,
        settings: sa,
    });
    let ub = b.act(Action::SetStickySettings {
        id: pb.id,
        settings: sb,
    });
    a.receive(&ub);
    b.receive(&ua);
    assert_eq!(shape(&a.board), shape(&b.board));
    let merged = &a
        .board
        .stickies
        .iter()
        .find(|s| s.label == pa.label)
        .unwrap()
        .settings;
    assert_eq!((merged.instances, merged.max_attempts), (5, 7));
}

#[test]
fn undo_takes_back_my_change_and_leaves_yours() {
    let (mut a, mut b) = pair(&example("retail"));
    let ua = a.act(Action::SetLabel {
        id: a.id_of("Customer"),
        label: "Shopper".into(),
    });
    b.receive(&ua);
    let ub = b.act(Action::SetTitle("Renamed by B".into()));
    a.receive(&ub);
    let update = a.live.undo().expect("a has a change to undo");
    let read = a.live.read();
    let Read::Board(board) = read else {
        panic!("{read:?}")
    };
    a.board = board;
    b.receive(&update);
    for side in [&a, &b] {
        assert!(
            side.board.stickies.iter().any(|s| s.label == "Customer"),
            "a's rename undone"
        );
        assert_eq!(side.board.title, "Renamed by B", "b's change kept");
    }
    assert_eq!(shape(&a.board), shape(&b.board));
    // Redo puts a's rename back.
    a.live.redo().expect("the undo can be redone");
    let Read::Board(board) = a.live.read() else {
        panic!()
    };
    assert!(board.stickies.iter().any(|s| s.label == "Shopper"));
}

/// A random change a participant might make to the board they see.
fn change(board: &Board, pick: u32, n: f64) -> Option<Action> {
    let stickies = &board.stickies;
    let any = |k: u32| stickies.get((k as usize) % stickies.len().max(1));
    Some(match pick % 7 {
        0 => Action::AddSticky {
            kind: Kind::ALL[(n as usize) % Kind::ALL.len()],
            x: n * 7.0,
            y: n * 3.0,
            label: Some(format!("s{n}")),
            scope: None,
        },
        1 => Action::Move {
            items: vec![ItemId::Sticky(any(pick / 7)?.id)],
            dx: n,
            dy: -n,
        },
        2 => {
            let s = any(pick / 7)?;
            Action::SetLabel {
                id: s.id,
                label: format!("{}{}", s.label, n as u32 % 10),
            }
        }
        3 => Action::Delete(vec![ItemId::Sticky(any(pick / 7)?.id)]),
        4 => Action::Connect {
            from: any(pick / 7)?.id,
            to: any(pick / 11)?.id,
        },
        5 => Action::SetTitle(format!("Board {n}")),
        _ => {
            let s = any(pick / 7)?;
            Action::SetNotes {
                id: s.id,
                notes: format!("{}!", s.notes),
            }
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Three people each make a few changes offline, then the updates cross in any order:
    /// all three end on the same board, a valid one, and no sticky that nobody deleted is lost.
    #[test]
    fn three_sides_converge_whatever_the_order(
        changes in proptest::collection::vec((0usize..3, any::<u32>(), 1.0f64..50.0), 1..12),
        order in proptest::collection::vec(any::<u32>(), 0..40),
    ) {
        let board = example("retail");
        let mut sides = [Side::new(1), Side::new(2), Side::new(3)];
        let seed = sides[0].act(Action::Replace(board));
        sides[1].receive(&seed);
        sides[2].receive(&seed);
        let mut sent: Vec<(usize, Vec<u8>)> = Vec::new();
        let mut deleted = std::collections::HashSet::new();
        for (who, pick, n) in changes {
            let Some(action) = change(&sides[who].board, pick, n) else { continue };
            if let Action::Delete(items) = &action {
                for item in items {
                    if let ItemId::Sticky(id) = item {
                        deleted.insert(sides[who].board.sticky(*id).unwrap().label.clone());
                    }
                }
            }
            let update = sides[who].act(action);
            if !update.is_empty() {
                sent.push((who, update));
            }
        }
        // Deliver every update to every other side, in a shuffled order.
        let mut deliveries: Vec<(usize, usize)> = (0..sent.len()).flat_map(|u| (0..3).map(move |to| (u, to))).collect();
        for (i, k) in order.iter().enumerate() {
            let j = (*k as usize) % deliveries.len().max(1);
            if i < deliveries.len() { deliveries.swap(i, j); }
        }
        for (u, to) in deliveries {
            if sent[u].0 != to {
                let update = sent[u].1.clone();
                sides[to].receive(&update);
            }
        }
        let first = shape(&sides[0].board);
        for side in &sides[1..] {
            prop_assert_eq!(&shape(&side.board), &first);
        }
        for s in &example("retail").stickies {
            // A sticky of the opening board is there unless someone deleted it (its label may
            // have grown).
            let kept = sides[0].board.stickies.iter().any(|t| t.label.starts_with(&s.label));
            prop_assert!(kept || deleted.iter().any(|d| d.starts_with(&s.label)), "{} lost", s.label);
        }
    }
}
