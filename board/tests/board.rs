//! Native tests of the board: document, reducer, undo/redo, gestures, lints, file format,
//! migrations, share links and the examples.

use stormlab_board::examples::{example, EXAMPLES};
use stormlab_board::format::{self, BOARD_VERSION};
use stormlab_board::gesture::{Effect, Gesture, Target};
use stormlab_board::lints::{lint, LintCode};
use stormlab_board::viewport::Viewport;
use stormlab_board::*;

fn add(editor: &mut Editor, kind: Kind, label: &str, x: f64, y: f64) -> StickyId {
    let action = Action::AddSticky {
        kind,
        x,
        y,
        label: Some(label.into()),
        scope: None,
    };
    match editor.apply(&action).unwrap() {
        Some(ItemId::Sticky(id)) => id,
        other => panic!("expected a sticky, got {other:?}"),
    }
}

fn codes(board: &Board, id: StickyId) -> Vec<LintCode> {
    lint(board)
        .into_iter()
        .filter(|l| l.sticky == id)
        .map(|l| l.code)
        .collect()
}

#[test]
fn adding_connecting_and_deleting() {
    let mut ed = Editor::default();
    let actor = add(&mut ed, Kind::Actor, "Customer", 0.0, 0.0);
    let cmd = add(&mut ed, Kind::Command, "PlaceOrder", 200.0, 0.0);
    let agg = add(&mut ed, Kind::Aggregate, "Order", 400.0, 0.0);
    let ev = add(&mut ed, Kind::Event, "OrderPlaced", 600.0, 0.0);
    for (a, b) in [(actor, cmd), (cmd, agg), (agg, ev)] {
        assert!(matches!(
            ed.apply(&Action::Connect { from: a, to: b }),
            Ok(Some(ItemId::Link(_)))
        ));
    }
    assert_eq!(ed.board.links.len(), 3);
    let refused = ed
        .apply(&Action::Connect { from: ev, to: cmd })
        .unwrap_err();
    assert!(
        refused.contains("An event cannot lead to a command"),
        "{refused}"
    );
    assert_eq!(
        ed.apply(&Action::Connect {
            from: actor,
            to: cmd
        })
        .unwrap_err(),
        "These two stickies are already linked."
    );
    assert_eq!(
        ed.apply(&Action::Connect { from: ev, to: ev }).unwrap_err(),
        "A sticky cannot be linked to itself."
    );
    assert_eq!(ed.board.links.len(), 3, "refused links change nothing");
    ed.apply(&Action::Delete(vec![ItemId::Sticky(cmd)]))
        .unwrap();
    assert_eq!(ed.board.stickies.len(), 3);
    assert_eq!(
        ed.board.links.len(),
        1,
        "links of a deleted sticky go with it"
    );
}

#[test]
fn undo_and_redo_step_through_whole_intentions() {
    let mut ed = Editor::default();
    let a = add(&mut ed, Kind::Event, "A happened", 0.0, 0.0);
    ed.apply(&Action::Move {
        items: vec![ItemId::Sticky(a)],
        dx: 50.0,
        dy: 10.0,
    })
    .unwrap();
    ed.apply(&Action::SetLabel {
        id: a,
        label: "A changed".into(),
    })
    .unwrap();
    assert!(ed.undo());
    assert_eq!(ed.board.sticky(a).unwrap().label, "A happened");
    assert!(ed.undo());
    assert_eq!(
        (ed.board.sticky(a).unwrap().x, ed.board.sticky(a).unwrap().y),
        (0.0, 0.0)
    );
    assert!(ed.redo());
    assert_eq!(ed.board.sticky(a).unwrap().x, 50.0);
    // A no-op change keeps the redo stack; a real change clears it.
    ed.apply(&Action::Move {
        items: vec![ItemId::Sticky(a)],
        dx: 0.0,
        dy: 0.0,
    })
    .unwrap();
    assert!(ed.can_redo());
    ed.apply(&Action::SetNotes {
        id: a,
        notes: "why".into(),
    })
    .unwrap();
    assert!(!ed.can_redo());
    assert!(ed.undo() && ed.undo() && ed.undo());
    assert!(ed.board.stickies.is_empty());
    assert!(!ed.undo());
}

#[test]
fn a_whole_drag_is_one_undo_entry() {
    let mut ed = Editor::default();
    let a = add(&mut ed, Kind::Command, "Ship", 100.0, 100.0);
    let view = Viewport {
        x: 0.0,
        y: 0.0,
        zoom: 2.0,
    };
    let mut g = Gesture::down(
        Target::Item(ItemId::Sticky(a)),
        (250.0, 250.0),
        &view,
        &[],
        false,
        false,
    );
    for step in 1..=20 {
        g.moved((250.0 + step as f64 * 10.0, 250.0), &view);
        assert_eq!(
            ed.board.sticky(a).unwrap().x,
            100.0,
            "nothing changes during the drag"
        );
    }
    assert_eq!(g.drag_offset(ItemId::Sticky(a)), Some((100.0, 0.0)));
    for effect in g.up(Target::Empty) {
        if let Effect::Apply(action) = effect {
            ed.apply(&action).unwrap();
        }
    }
    assert_eq!(ed.board.sticky(a).unwrap().x, 200.0);
    assert!(ed.undo());
    assert_eq!(ed.board.sticky(a).unwrap().x, 100.0);
    assert!(ed.undo(), "the add is the entry before the drag");
    assert!(!ed.undo());
}

#[test]
fn a_click_selects_and_a_cancelled_gesture_changes_nothing() {
    let item = ItemId::Sticky(StickyId(3));
    let view = Viewport::default();
    let mut g = Gesture::down(Target::Item(item), (10.0, 10.0), &view, &[], false, false);
    g.moved((11.0, 11.0), &view);
    assert_eq!(g.up(Target::Item(item)), vec![Effect::Select(item, false)]);
    let mut g = Gesture::down(Target::Item(item), (10.0, 10.0), &view, &[], false, false);
    g.moved((100.0, 100.0), &view);
    g.cancel();
    assert_eq!(g.up(Target::Empty), vec![]);
    let mut g = Gesture::down(
        Target::ConnectHandle(StickyId(1)),
        (0.0, 0.0),
        &view,
        &[],
        false,
        false,
    );
    g.moved((300.0, 0.0), &view);
    assert_eq!(
        g.up(Target::Item(ItemId::Sticky(StickyId(2)))),
        vec![Effect::Apply(Action::Connect {
            from: StickyId(1),
            to: StickyId(2)
        })]
    );
}

#[test]
fn frames_own_the_stickies_inside_and_carry_them() {
    let mut ed = Editor::default();
    let inside = add(&mut ed, Kind::Event, "Paid", 50.0, 50.0);
    let outside = add(&mut ed, Kind::Event, "Shipped", 900.0, 50.0);
    let Some(ItemId::Context(ctx)) = ed
        .apply(&Action::AddContext {
            name: "Payment".into(),
            rect: Rect {
                x: 0.0,
                y: 0.0,
                w: 400.0,
                h: 300.0,
            },
        })
        .unwrap()
    else {
        panic!("a context")
    };
    assert_eq!(ed.board.sticky(inside).unwrap().context, Some(ctx));
    assert_eq!(ed.board.sticky(outside).unwrap().context, None);
    ed.apply(&Action::Move {
        items: vec![ItemId::Context(ctx)],
        dx: 100.0,
        dy: 0.0,
    })
    .unwrap();
    assert_eq!(ed.board.sticky(inside).unwrap().x, 150.0);
    assert_eq!(ed.board.sticky(outside).unwrap().x, 900.0);
    ed.apply(&Action::ResizeContext {
        id: ctx,
        rect: Rect {
            x: 100.0,
            y: 0.0,
            w: 1000.0,
            h: 300.0,
        },
    })
    .unwrap();
    assert_eq!(ed.board.sticky(outside).unwrap().context, Some(ctx));
}

#[test]
fn lints_explain_modelling_problems() {
    let mut ed = Editor::default();
    ed.apply(&Action::AddContext {
        name: "Orders".into(),
        rect: Rect {
            x: 0.0,
            y: 0.0,
            w: 900.0,
            h: 400.0,
        },
    })
    .unwrap();
    ed.apply(&Action::AddContext {
        name: "Stock".into(),
        rect: Rect {
            x: 1000.0,
            y: 0.0,
            w: 900.0,
            h: 400.0,
        },
    })
    .unwrap();
    let cmd = add(&mut ed, Kind::Command, "OrderPlaced", 20.0, 20.0);
    let ev = add(&mut ed, Kind::Event, "PlaceOrder", 220.0, 20.0);
    let policy = add(&mut ed, Kind::Policy, "Reserve", 1020.0, 20.0);
    let lonely = add(&mut ed, Kind::Policy, "Nobody calls me", 1220.0, 20.0);
    assert!(codes(&ed.board, cmd).contains(&LintCode::CommandNotImperative));
    assert!(codes(&ed.board, cmd).contains(&LintCode::CommandWithoutEvent));
    assert!(codes(&ed.board, ev).contains(&LintCode::EventNotPastTense));
    assert!(codes(&ed.board, lonely).contains(&LintCode::UntriggeredPolicy));
    ed.apply(&Action::Connect {
        from: ev,
        to: policy,
    })
    .unwrap();
    assert!(
        codes(&ed.board, ev).contains(&LintCode::DomainEventLeaks),
        "{:?}",
        lint(&ed.board)
    );
    assert!(!codes(&ed.board, policy).contains(&LintCode::UntriggeredPolicy));
    let mut props = ed.board.sticky(ev).unwrap().event.clone().unwrap();
    props.scope = Scope::Integration;
    props.version = None;
    ed.apply(&Action::SetEvent {
        id: ev,
        props: props.clone(),
    })
    .unwrap();
    let c = codes(&ed.board, ev);
    assert!(
        !c.contains(&LintCode::DomainEventLeaks)
            && c.contains(&LintCode::UnversionedIntegrationEvent),
        "{c:?}"
    );
    for l in lint(&ed.board) {
        assert!(
            l.message.ends_with('.') && l.message.len() > 40,
            "one explaining sentence: {}",
            l.message
        );
    }
}

#[test]
fn fan_out_lints_depend_on_payload_style() {
    let review = EXAMPLES.iter().find(|e| e.id == "review").unwrap().board();
    let published = review
        .stickies
        .iter()
        .find(|s| s.label == "ReviewPublished")
        .unwrap();
    assert!(codes(&review, published.id).contains(&LintCode::NotificationCallbackLoad));
    let mut props = published.event.clone().unwrap();
    props.payload = Payload::Fat;
    let fat = apply(
        &review,
        &Action::SetEvent {
            id: published.id,
            props,
        },
    )
    .unwrap()
    .board;
    assert_eq!(codes(&fat, published.id), vec![LintCode::FatEventCoupling]);
}

#[test]
fn files_round_trip_with_kind_and_version() {
    for example in EXAMPLES {
        let board = example.board();
        let text = format::to_json(&board);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["kind"], "stormlab-board");
        assert_eq!(value["version"], BOARD_VERSION);
        assert_eq!(format::from_json(&text).unwrap(), board, "{}", example.id);
    }
}

#[test]
fn version_1_files_migrate_forward() {
    let board = format::from_json(include_str!("fixtures/board-v1.json")).unwrap();
    assert_eq!(board.title, "Checkout (saved by version 1)");
    assert_eq!(board.stickies.len(), 6);
    assert_eq!(board.links.len(), 4);
    assert_eq!(
        board
            .contexts
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        vec!["Sales", "Warehouse"]
    );
    let placed = board
        .stickies
        .iter()
        .find(|s| s.label == "OrderPlaced")
        .unwrap();
    assert_eq!(placed.kind, Kind::Event);
    assert_eq!(placed.scope(), Some(Scope::Integration));
    let emptied = board
        .stickies
        .iter()
        .find(|s| s.label == "Cart emptied")
        .unwrap();
    assert_eq!(emptied.scope(), Some(Scope::Domain));
    assert_eq!(board.context_name(placed.context), "Sales");
    assert!(board.next_id > 23);
    // And it saves as the current version, which reads back the same.
    assert_eq!(format::from_json(&format::to_json(&board)).unwrap(), board);
}

#[test]
fn the_version_2_fixture_loads() {
    let board = format::from_json(include_str!("fixtures/board-v2.json")).unwrap();
    assert_eq!(board.title, "Online retail: order to shipment");
    assert!(board.stickies.len() > 15);
    // Version 2 had no simulation settings: they read as the defaults.
    assert_eq!(board.run, Default::default());
    assert!(board
        .stickies
        .iter()
        .all(|s| s.settings == Default::default()));
}

#[test]
fn the_version_3_fixture_loads_with_its_simulation_settings() {
    use stormlab_board::settings::{DeliverySetting, Outcome, PublishSetting};
    let text = include_str!("fixtures/board-v3.json");
    let board = format::from_json(text).unwrap();
    let failed = board
        .stickies
        .iter()
        .find(|s| s.label == "PaymentFailed")
        .unwrap();
    assert_eq!(failed.settings.outcome, Outcome::Failure { weight: 0.1 });
    let policy = board
        .stickies
        .iter()
        .find(|s| s.label.starts_with("When stock is reserved"))
        .unwrap();
    assert_eq!(
        policy.settings.delivery,
        DeliverySetting::Poll {
            interval_ms: 250.0,
            batch: 20
        }
    );
    assert_eq!(board.contexts[2].service.publish, PublishSetting::Outbox);
    assert_eq!(board.run.seed, 42);
    // Saving writes only what differs from the defaults, and reads back the same.
    assert_eq!(format::from_json(&format::to_json(&board)).unwrap(), board);
    let changed = board
        .stickies
        .iter()
        .filter(|s| s.settings != Default::default())
        .count()
        + board
            .contexts
            .iter()
            .filter(|c| c.service != Default::default())
            .count()
        + 1;
    assert_eq!(format::to_json(&board).matches("\"sim\"").count(), changed);
}

#[test]
fn bad_files_are_refused_with_a_reason() {
    let good = format::to_json(&EXAMPLES[0].board());
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "empty"),
        ("not json at all".into(), "not valid JSON"),
        (good[..good.len() / 2].to_string(), "truncated"),
        ("[1, 2]".into(), "expected a JSON object"),
        (r#"{"version": 2}"#.into(), "\"kind\" field is missing"),
        (
            r#"{"kind": "excalidraw", "version": 2}"#.into(),
            "not a Stormlab board",
        ),
        (
            format!(
                r#"{{"kind": "stormlab-board", "version": {}}}"#,
                format::BOARD_VERSION + 1
            ),
            "newer Stormlab",
        ),
        (
            r#"{"kind": "stormlab-board", "version": "two"}"#.into(),
            "no valid \"version\"",
        ),
        (
            good.replacen("\"kind\": \"command\"", "\"kind\": \"widget\"", 1),
            "stickies[",
        ),
        (
            "x".repeat(stormlab_board::limits::MAX_BYTES + 1),
            "too large",
        ),
    ];
    for (text, expected) in cases {
        let error = format::from_json(&text).expect_err(expected).to_string();
        assert!(
            error.contains(expected),
            "expected {expected:?} in {error:?}"
        );
    }
    let mut board = EXAMPLES[0].board();
    board.links[0].to = StickyId(9_999);
    let error = format::from_json(&format::to_json(&board))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("points to a sticky that does not exist"),
        "{error}"
    );
}

#[test]
fn share_links_round_trip_and_damage_is_reported() {
    for example in EXAMPLES {
        let board = example.board();
        let fragment = share::encode(&board);
        assert!(share::has_board(&fragment));
        assert!(
            fragment.len() < 8_000,
            "{} link is {} characters",
            example.id,
            fragment.len()
        );
        assert_eq!(share::decode(&format!("#{fragment}")).unwrap(), board);
    }
    let fragment = share::encode(&EXAMPLES[0].board());
    let truncated = share::decode(&fragment[..fragment.len() / 2])
        .unwrap_err()
        .to_string();
    assert!(truncated.contains("incomplete or damaged"), "{truncated}");
    let garbage = share::decode("board=%%%").unwrap_err().to_string();
    assert!(garbage.contains("damaged"), "{garbage}");
    assert!(share::decode("other=1").is_err());
}

#[test]
fn examples_are_well_formed() {
    for example in EXAMPLES {
        let board = example.board();
        assert!(
            !board.stickies.is_empty() && !board.contexts.is_empty() && !board.links.is_empty()
        );
        assert!(
            board.stickies.iter().all(|s| s.context.is_some()),
            "{}: every sticky sits in a context",
            example.id
        );
        assert_eq!(board.title, example.title);
    }
}

#[test]
fn the_version_4_fixture_keeps_the_example_it_was_opened_from() {
    let board = format::from_json(include_str!("fixtures/board-v4.json")).unwrap();
    assert_eq!(board.example.as_deref(), Some("saga"));
    assert_eq!(board.run.seed, 42);
    // Opened from the saga example before boards kept experiments: its lesson is its own now.
    assert_eq!(
        board.experiments,
        stormlab_board::examples::example("saga")
            .unwrap()
            .board()
            .experiments
    );
    // Version 3 files have no example: they read as boards drawn by hand.
    let v3 = format::from_json(include_str!("fixtures/board-v3.json")).unwrap();
    assert_eq!(v3.example, None);
    // Opened from the example, its fields took the example's types (version 9); the version 3
    // board's fields are sizes only, which read as strings.
    let mut untyped = board.clone();
    for (s, t) in untyped.stickies.iter_mut().zip(&v3.stickies) {
        if let (Some(e), Some(f)) = (s.event.as_mut(), t.event.as_ref()) {
            assert_eq!(
                e.fields.iter().map(|f| f.bytes).collect::<Vec<_>>(),
                f.fields.iter().map(|f| f.bytes).collect::<Vec<_>>(),
                "the sizes stay"
            );
            e.fields = f.fields.clone();
        }
    }
    assert!(board
        .stickies
        .iter()
        .filter_map(|s| s.event.as_ref())
        .flat_map(|e| &e.fields)
        .any(|f| f.ty == stormlab_board::FieldType::Uuid));
    assert_eq!(
        Board {
            example: None,
            experiments: Vec::new(),
            ..untyped
        },
        v3
    );
    // An example opened from the menu carries its id, and saving keeps it.
    let saga = example("saga").unwrap().board();
    assert_eq!(saga.example.as_deref(), Some("saga"));
    assert_eq!(format::from_json(&format::to_json(&saga)).unwrap(), saga);
}

#[test]
fn the_version_5_fixture_reaches_what_the_engine_can_do() {
    use stormlab_board::settings::StyleSetting;
    let text = include_str!("fixtures/board-v5.json");
    let board = format::from_json(text).unwrap();
    assert_eq!(board.run.style, StyleSetting::RequestResponse);
    let consumer = board
        .stickies
        .iter()
        .find(|s| s.settings.accepts_version.is_some())
        .unwrap();
    let s = &consumer.settings;
    assert_eq!(
        (
            s.accepts_version,
            s.upcast,
            s.tolerant_reader,
            s.breaker_failures,
            s.breaker_open_ms
        ),
        (Some(2), true, true, 5, 2500.0)
    );
    let aggregate = board
        .stickies
        .iter()
        .find(|s| s.settings.event_sourced)
        .unwrap();
    assert_eq!(
        (
            aggregate.settings.replay_ms_per_event,
            aggregate.settings.snapshot_every
        ),
        (0.5, 50)
    );
    assert_eq!(format::from_json(&format::to_json(&board)).unwrap(), board);
    // Version 4 files read as version 5 with none of it; a version 4 file that has it is
    // refused, since an older Stormlab would have dropped it.
    let v4 = format::from_json(include_str!("fixtures/board-v4.json")).unwrap();
    assert_eq!(v4.run.style, StyleSetting::EventDriven);
    let e = format::from_json(&text.replace("\"version\": 5", "\"version\": 4")).unwrap_err();
    assert!(e.0.contains("came with version 5"), "{e}");
    assert!(format::to_json(&v4).contains(&format!("\"version\": {BOARD_VERSION}")));
    // Defaults are not written: a board without the new settings saves as before.
    assert!(!format::to_json(&v4).contains("accepts_version"));
}

#[test]
fn the_version_6_fixture_keeps_the_walkthrough_and_older_files_read_without_one() {
    use stormlab_board::walkthrough::steps;
    let text = include_str!("fixtures/board-v6.json");
    let board = format::from_json(text).unwrap();
    assert_eq!(board.walkthrough.len(), 2);
    let shown = steps(&board);
    assert_eq!(shown.len(), board.links.len(), "every link is a step");
    assert_eq!(shown[0].link.0, 7);
    assert_eq!(shown[0].caption, "Start here: the order is accepted.");
    assert_eq!(shown[1].link.0, 5);
    assert!(!shown[1].written);
    // It survives saving, the compact form and the share link.
    assert_eq!(format::from_json(&format::to_json(&board)).unwrap(), board);
    let link = stormlab_board::share::encode(&board);
    assert_eq!(stormlab_board::share::decode(&link).unwrap(), board);
    // A version 5 file reads as version 6 with no walkthrough; one that has a walkthrough is
    // refused, since an older Stormlab would have dropped it.
    let v5 = format::from_json(include_str!("fixtures/board-v5.json")).unwrap();
    assert!(v5.walkthrough.is_empty());
    assert!(!format::to_json(&v5).contains("walkthrough"));
    let e = format::from_json(&text.replace("\"version\": 6", "\"version\": 5")).unwrap_err();
    assert!(e.0.contains("\"walkthrough\" came with version 6"), "{e}");
    // A step naming a link that is not on the board, twice the same link, or an overlong
    // caption: each refused with the step named.
    let bad = text.replace("\"link\": 5", "\"link\": 4242");
    let e = format::from_json(&bad).unwrap_err();
    assert!(
        e.0.contains("Step 2 of the walkthrough shows the link 4242"),
        "{e}"
    );
    let twice = text.replace("\"link\": 5", "\"link\": 7");
    assert!(format::from_json(&twice).unwrap_err().0.contains("again"));
    let long = text.replace("Start here: the order is accepted.", &"x".repeat(501));
    assert!(format::from_json(&long)
        .unwrap_err()
        .0
        .contains("at most 500"));
}

#[test]
fn deleting_a_link_or_its_sticky_takes_its_step_out_of_the_walkthrough() {
    use stormlab_board::walkthrough::Step;
    let mut board = format::from_json(include_str!("fixtures/board-v6.json")).unwrap();
    let first = board.link(stormlab_board::LinkId(7)).unwrap().clone();
    board = stormlab_board::apply(&board, &Action::Delete(vec![ItemId::Link(first.id)]))
        .unwrap()
        .board;
    assert_eq!(board.walkthrough.len(), 1);
    let to = board.link(stormlab_board::LinkId(5)).unwrap().to;
    board = stormlab_board::apply(&board, &Action::Delete(vec![ItemId::Sticky(to)]))
        .unwrap()
        .board;
    assert!(board.walkthrough.is_empty());
    // Setting a walkthrough checks it like a file does.
    let refused = stormlab_board::apply(
        &board,
        &Action::SetWalkthrough(vec![Step {
            link: stormlab_board::LinkId(7),
            caption: String::new(),
        }]),
    );
    assert!(refused.unwrap_err().contains("not on the board"));
}

#[test]
fn a_long_press_does_what_a_modifier_does_and_a_second_finger_pinches() {
    let view = Viewport::default();
    let sticky = ItemId::Sticky(StickyId(1));
    // On an item: added to the selection, as Shift+click; nothing else happens on release.
    let mut g = Gesture::down(Target::Item(sticky), (50.0, 50.0), &view, &[], false, false);
    assert_eq!(g.long_press(&view), Some(Effect::Select(sticky, true)));
    assert_eq!(g, Gesture::Idle);
    assert!(g.up(Target::Empty).is_empty());
    // On the empty board: a selection rectangle from the press, as Shift+drag.
    let mut g = Gesture::down(Target::Empty, (100.0, 60.0), &view, &[], false, false);
    assert_eq!(g.long_press(&view), None);
    g.moved((300.0, 200.0), &view);
    match g.up(Target::Empty).as_slice() {
        [Effect::SelectIn(rect, true)] => {
            let start = view.to_world(100.0, 60.0);
            assert_eq!((rect.x, rect.y), start);
            assert!(rect.w > 100.0 && rect.h > 100.0);
        }
        other => panic!("{other:?}"),
    }
    // Once a drag has begun, holding still is not a long press.
    let mut g = Gesture::down(Target::Item(sticky), (50.0, 50.0), &view, &[], false, false);
    g.moved((90.0, 50.0), &view);
    assert_eq!(g.long_press(&view), None);
    assert!(matches!(g, Gesture::Dragging { .. }));
    // A second finger abandons the drag (nothing is moved) and pinches.
    let start = [(100.0, 100.0), (200.0, 100.0)];
    g = Gesture::pinch_start(&view, start);
    match g.pinch([(50.0, 100.0), (250.0, 100.0)]) {
        Some(Effect::Pan(v)) => assert!((v.zoom - 2.0 * view.zoom).abs() < 1e-9),
        other => panic!("{other:?}"),
    }
    assert!(g.up(Target::Empty).is_empty());
}

#[test]
fn the_version_7_fixture_keeps_its_retry_back_off_and_a_version_6_file_may_not_carry_one() {
    let text = include_str!("fixtures/board-v7.json");
    let board = format::from_json(text).unwrap();
    let backoffs: Vec<f64> = board
        .stickies
        .iter()
        .map(|s| s.settings.retry_backoff_ms)
        .collect();
    assert!(backoffs.contains(&250.0), "{backoffs:?}");
    assert!(backoffs.iter().all(|b| *b == 250.0 || *b == 100.0));
    assert_eq!(format::from_json(&format::to_json(&board)).unwrap(), board);
    // A version 6 file reads with the default back-off, and may not carry one.
    let v6 = format::from_json(include_str!("fixtures/board-v6.json")).unwrap();
    assert!(v6
        .stickies
        .iter()
        .all(|s| s.settings.retry_backoff_ms == 100.0));
    assert!(!format::to_json(&v6).contains("retry_backoff_ms"));
    let e = format::from_json(&text.replace("\"version\": 7", "\"version\": 6")).unwrap_err();
    assert!(
        e.0.contains("retry_backoff_ms\" came with version 7"),
        "{e}"
    );
}

#[test]
fn the_version_8_fixture_keeps_its_own_experiments_and_older_files_may_not_carry_any() {
    use stormlab_board::experiment::{Expect, Side};
    let text = include_str!("fixtures/board-v8.json");
    let board = format::from_json(text).unwrap();
    assert_eq!(board.example, None);
    let [duplicates, outage] = &board.experiments[..] else {
        panic!("{:?}", board.experiments)
    };
    assert_eq!(duplicates.metric, "Duplicate effects");
    assert_eq!(duplicates.runs, 12);
    assert_eq!(duplicates.expect, Some(Expect::BLower));
    assert_ne!(duplicates.a, duplicates.b);
    assert_eq!(outage.runs, stormlab_board::experiment::DEFAULT_RUNS);
    assert_eq!(outage.expect, Some(Expect::Under(Side::A, 1000.0)));
    let kitchen = outage.b.outage.as_ref().unwrap().context;
    assert_eq!(board.context(kitchen).unwrap().name, "Kitchen");
    assert_eq!(format::from_json(&format::to_json(&board)).unwrap(), board);
    // Version 7 boards carry no experiments of their own.
    let e = format::from_json(&text.replace("\"version\": 8", "\"version\": 7")).unwrap_err();
    assert!(e.0.contains("\"experiments\" came with version 8"), "{e}");
    // Out of range, named: runs, an outage window, an expectation.
    for (from, to, says) in [
        ("\"runs\": 12", "\"runs\": 0", "1 to 100"),
        ("\"from_s\": 5.0", "\"from_s\": 50.0", "must come before"),
        (
            "\"expect\": \"b lower\"",
            "\"expect\": \"b sideways\"",
            "b sideways",
        ),
    ] {
        let e = format::from_json(&text.replacen(from, to, 1)).unwrap_err();
        assert!(e.0.contains(says), "{from} -> {to}: {e}");
    }
}

#[test]
fn the_version_9_fixture_keeps_its_field_types_and_older_files_may_not_carry_any() {
    use stormlab_board::FieldType;
    let text = include_str!("fixtures/board-v9.json");
    let board = format::from_json(text).unwrap();
    let fields: Vec<&stormlab_board::Field> = board
        .stickies
        .iter()
        .filter_map(|s| s.event.as_ref())
        .flat_map(|e| &e.fields)
        .collect();
    let pizzas = fields.iter().find(|f| f.name == "pizzas").unwrap();
    assert_eq!(pizzas.ty, FieldType::Array);
    assert_eq!(pizzas.bytes, 600, "the size the simulation carries stays");
    let parts: Vec<(&str, FieldType, bool)> = pizzas
        .of
        .iter()
        .map(|p| (p.name.as_str(), p.ty, p.required))
        .collect();
    assert_eq!(
        parts,
        [
            ("pizza", FieldType::String, true),
            ("quantity", FieldType::Integer, true),
            ("note", FieldType::String, false)
        ]
    );
    assert!(fields
        .iter()
        .filter(|f| f.name == "order_id")
        .all(|f| f.ty == FieldType::Uuid));
    assert_eq!(format::from_json(&format::to_json(&board)).unwrap(), board);
    // Version 8 fields are sizes only: they open as strings, and may not carry a type.
    let v8 = format::from_json(include_str!("fixtures/board-v8.json")).unwrap();
    assert!(v8
        .stickies
        .iter()
        .filter_map(|s| s.event.as_ref())
        .flat_map(|e| &e.fields)
        .all(|f| f.ty == FieldType::String && f.required && f.of.is_empty()));
    let e = format::from_json(&text.replace("\"version\": 9", "\"version\": 8")).unwrap_err();
    assert!(e.0.contains(".type\" came with version 9"), "{e}");
    // A size the type fixes, and parts of parts, are refused, named.
    for (from, to, says) in [
        ("\"type\": \"uuid\"", "\"type\": \"date-time\"", "always 24 bytes"),
        (
            "\"name\": \"street\",",
            "\"name\": \"street\", \"type\": \"object\", \"of\": [{\"name\": \"x\", \"bytes\": 1}],",
            "one level",
        ),
    ] {
        let e = format::from_json(&text.replacen(from, to, 1)).unwrap_err();
        assert!(e.0.contains(says), "{from} -> {to}: {e}");
    }
}

#[test]
fn an_example_saved_before_types_takes_the_examples_types_when_opened() {
    let mut board = stormlab_board::examples::example("retail").unwrap().board();
    for e in board.stickies.iter_mut().filter_map(|s| s.event.as_mut()) {
        for f in &mut e.fields {
            *f = stormlab_board::Field::new(f.name.clone(), f.bytes);
        }
    }
    let mut v8: serde_json::Value = serde_json::from_str(&format::to_json(&board)).unwrap();
    v8["version"] = 8.into();
    let opened = format::from_json(&v8.to_string()).unwrap();
    assert_eq!(
        opened,
        stormlab_board::examples::example("retail").unwrap().board()
    );
}
