//! The text format: board → text → board keeps everything (ids renumbered, stickies grouped by
//! context), text → board → text is stable, hand-written boards open laid out, and every
//! mistake is refused with its line and column.

use proptest::prelude::*;
use stormlab_board::examples::EXAMPLES;
use stormlab_board::generate::{action, NUMBERS_PER_ACTION};
use stormlab_board::settings::{
    DeliverySetting, Outcome, PublishSetting, SagaSetting, StyleSetting,
};
use stormlab_board::text::{from_text, is_text, normalise, to_text};
use stormlab_board::{format, Board, Editor, Field, FieldType, Kind, Payload, Scope, Versioning};

fn round_trip(board: &Board) {
    let text = to_text(board);
    let back = from_text(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back, normalise(board), "{text}");
    assert_eq!(to_text(&back), text, "text → board → text is stable");
}

#[test]
fn every_example_survives_the_text_format() {
    for e in EXAMPLES {
        let board = e.board();
        round_trip(&board);
        // The examples are drawn context by context: nothing moves but the ids.
        let back = from_text(&to_text(&board)).unwrap();
        let labels = |b: &Board| {
            b.stickies
                .iter()
                .map(|s| s.label.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(labels(&back), labels(&normalise(&board)), "{}", e.id);
    }
}

/// A board with every setting away from its default, and labels hostile to the format.
fn unusual() -> Board {
    let mut b = EXAMPLES[0].board();
    b.title = "Ünïcode \"title\" # not a comment\n-> { }".into();
    b.run.seed = 9_007_199_254_740_991;
    b.run.duration_s = 0.125;
    b.run.network_ms = 1e-9;
    b.run.duplicate_rate = 0.3;
    b.run.key_space = 7;
    b.run.partitions = 1000;
    b.run.saga = SagaSetting::Choreography;
    b.run.style = StyleSetting::RequestResponse;
    let c = &mut b.contexts[0];
    c.name = "مرحبا \u{202e}ctx".into();
    c.service.publish = PublishSetting::Outbox;
    c.service.crash_rate = 0.1;
    c.service.instances = 64;
    c.service.relay_interval_ms = 7.5;
    c.service.api_time_ms = 0.0;
    c.service.api_concurrency = 1000;
    for (i, s) in b.stickies.iter_mut().enumerate() {
        s.label = ["same", "same", "a\\b", "x=y {z}", "", "line\nbreak\t", "->"][i % 7].into();
        s.notes = if i % 2 == 0 {
            "notes \"q\"\r\n".into()
        } else {
            String::new()
        };
        s.settings.rate_per_sec = 0.1 + i as f64;
        s.settings.service_time_ms = 1.0 / 3.0;
        s.settings.failure_rate = 1.0;
        s.settings.delivery = match i % 3 {
            0 => DeliverySetting::Poll {
                interval_ms: 1.5,
                batch: 10_000,
            },
            1 => DeliverySetting::Push { window: 1 },
            _ => DeliverySetting::POLL,
        };
        s.settings.instances = 64;
        s.settings.idempotent = true;
        s.settings.ordered = false;
        s.settings.max_attempts = 100;
        s.settings.dead_letter = false;
        s.settings.queries_per_sec = 0.0;
        s.settings.accepts_version = [None, Some(2), Some(1_000_000)][i % 3];
        s.settings.upcast = i % 2 == 0;
        s.settings.tolerant_reader = i % 3 == 0;
        s.settings.breaker_failures = (i % 4) as u32 * 333;
        s.settings.breaker_open_ms = 1.0 + i as f64;
        s.settings.event_sourced = i % 2 == 1;
        s.settings.replay_ms_per_event = 0.0;
        s.settings.snapshot_every = 1_000_000;
        s.settings.outcome = match i % 3 {
            0 => Outcome::Failure { weight: 0.05 },
            1 => Outcome::Alternative {
                weight: 1_000_000.0,
            },
            _ => Outcome::Always,
        };
        if let Some(e) = &mut s.event {
            e.scope = if i % 2 == 0 {
                Scope::Integration
            } else {
                Scope::Domain
            };
            e.payload = Payload::ALL[i % 3];
            e.fields = match i % 3 {
                0 => vec![],
                1 => vec![
                    Field::new("line items", 100_000_000),
                    Field::new("id", 0),
                    Field {
                        required: false,
                        of: vec![
                            Field::typed("when?", FieldType::DateTime),
                            Field {
                                required: false,
                                ..Field::typed("unit price", FieldType::Number)
                            },
                        ],
                        ..Field::typed("lines", FieldType::Array)
                    },
                ],
                _ => vec![
                    Field::new("\"q\":1", 3),
                    Field::new(String::new(), 1),
                    Field::typed("order_id", FieldType::Uuid),
                    Field {
                        required: false,
                        ..Field::typed("note:x", FieldType::Object)
                    },
                ],
            };
            e.version = [None, Some(1), Some(1_000_000)][i % 3];
            e.versioning = [
                None,
                Some(Versioning::AdditiveOnly),
                Some(Versioning::InName),
            ][i % 3];
        }
    }
    b
}

#[test]
fn every_setting_and_hostile_labels_survive_the_text_format() {
    round_trip(&unusual());
    let text = to_text(&unusual());
    assert!(
        text.contains("ref=same"),
        "stickies sharing a text are linked by ref:\n{text}"
    );
}

#[test]
fn a_board_written_by_hand_opens_laid_out_and_runs_as_drawn() {
    let text = r#"
# A coffee bar, written by hand: no positions, the layout follows the links.
board "Coffee" seed=7
context "Ordering" {
  actor "Customer"
  command "Order coffee" rate_per_sec=2
  aggregate "Order"
  event "Coffee ordered" integration notification
}
context "Bar" outbox {
  policy "Brew what is ordered" poll interval_ms=200
  command "Brew coffee"
  aggregate "Barista"
  event "Coffee brewed"
}
"Customer" -> "Order coffee" -> "Order" -> "Coffee ordered" -> "Brew what is ordered"
"Brew what is ordered" -> "Brew coffee" -> "Barista" -> "Coffee brewed"
"#;
    let board = from_text(text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(board.title, "Coffee");
    assert_eq!(board.run.seed, 7);
    assert_eq!(
        (
            board.contexts.len(),
            board.stickies.len(),
            board.links.len()
        ),
        (2, 8, 7)
    );
    let ordered = &board.stickies[3];
    assert_eq!(ordered.scope(), Some(Scope::Integration));
    assert_eq!(
        ordered.event.as_ref().unwrap().payload,
        Payload::Notification
    );
    assert_eq!(board.contexts[1].service.publish, PublishSetting::Outbox);
    assert_eq!(
        board.stickies[4].settings.delivery,
        DeliverySetting::Poll {
            interval_ms: 200.0,
            batch: 50
        }
    );
    // Each sticky inside its own frame, none on another, causes left of effects.
    for (i, a) in board.stickies.iter().enumerate() {
        let ctx = board.context(a.context.expect("in a frame")).unwrap();
        assert_eq!(ctx.name, if i < 4 { "Ordering" } else { "Bar" });
        for b in &board.stickies[i + 1..] {
            assert!(
                !a.rect().intersects(&b.rect()),
                "{} on {}",
                a.label,
                b.label
            );
        }
    }
    assert!(!board.contexts[0]
        .rect()
        .intersects(&board.contexts[1].rect()));
    for l in &board.links {
        assert!(board.sticky(l.from).unwrap().x < board.sticky(l.to).unwrap().x);
    }
    // Saved and reopened as JSON, it is the same board.
    assert_eq!(
        format::from_json(&format::to_json(&board)).as_ref(),
        Ok(&board)
    );
    round_trip(&board);
}

#[test]
fn mistakes_are_refused_with_their_line_column_and_what_was_expected() {
    let cases: &[(&str, (usize, usize), &str)] = &[
        ("evnt \"x\"", (1, 1), "Did you mean \"event\"?"),
        ("event x", (1, 7), "expected the sticky's text in quotes"),
        (
            "event \"x\" rate_per_sec=-1",
            (1, 24),
            "Commands per second: enter a number from 0 to 100000.",
        ),
        (
            "event \"x\" sope=integration",
            (1, 11),
            "Did you mean \"scope\"?",
        ),
        (
            "command \"x\" integration",
            (1, 13),
            "\"integration\" is for events; this is a command.",
        ),
        (
            "policy \"p\" window=4 poll",
            (1, 12),
            "window goes with delivery=push; write push, or leave window out.",
        ),
        (
            "policy \"p\" push interval_ms=20",
            (1, 17),
            "interval_ms goes with delivery=poll; write poll, or leave interval_ms out.",
        ),
        (
            "event \"e\" weight=2",
            (1, 11),
            "weight goes with outcome=alternative or outcome=failure; write one of them",
        ),
        (
            "\n\ncontext \"A\" {\n  event \"e\"\n",
            (5, 1),
            "expected \"}\" to close it",
        ),
        ("context \"A\"", (1, 12), "expected \"{\""),
        ("}", (1, 1), "closes nothing"),
        (
            "event \"e\"\npolicy \"p\"\n\"e\" -> \"q\"",
            (3, 8),
            "no sticky reads \"q\"",
        ),
        (
            "event \"e\"\nevent \"e\"\npolicy \"p\"\n\"e\" -> \"p\"",
            (4, 1),
            "several stickies read \"e\" (lines 1 and 2)",
        ),
        (
            "event \"e\"\ncommand \"c\"\n\"e\" -> \"c\"",
            (3, 8),
            "An event cannot lead to a command",
        ),
        ("\"a\" ->", (1, 7), "expected the sticky it leads to"),
        (
            "event \"e\" at=1",
            (1, 14),
            "at takes two numbers joined by \",\"",
        ),
        (
            "event \"e\" at=1,2 at=3,4",
            (1, 18),
            "\"at\" is given twice",
        ),
        ("event \"e\" field=id", (1, 17), "the \":\" is missing"),
        ("event \"unterminated", (1, 7), "no closing quote"),
        ("stormlab 9", (1, 10), "newer Stormlab"),
        ("event \"e\"\nstormlab 1", (2, 1), "come first"),
        (
            "context \"A\" at=0,0 size=100x100 {\n  event \"e\" at=500,500\n}",
            (2, 3),
            "this sticky is written in the context \"A\" but its place at=500,500 is in no frame",
        ),
        (
            "board \"b\" seed=1.5",
            (1, 16),
            "Seed: enter a whole number",
        ),
        (
            "board \"b\" saga=both",
            (1, 16),
            "saga takes orchestration or choreography",
        ),
        (
            "event \"a\" ref=x\nevent \"b\" ref=x",
            (2, 15),
            "already used",
        ),
        (
            "event \"e\"\npolicy \"p\"\ne -> \"p\"",
            (3, 1),
            "no sticky has ref=e",
        ),
    ];
    for (text, (line, column), message) in cases {
        let e = from_text(text).expect_err(text);
        assert!(e.message.contains(message), "{text:?}: {e}");
        assert_eq!((e.line, e.column), (*line, *column), "{text:?}: {e}");
    }
}

#[test]
fn json_and_text_are_told_apart() {
    assert!(!is_text("\u{feff}  {\"kind\": \"stormlab-board\"}"));
    assert!(is_text("stormlab 1\n"));
    assert!(is_text("# just a comment"));
    assert_eq!(from_text("# nothing\n\n"), Ok(Board::default()));
    assert_eq!(
        stormlab_board::file::open("stormlab 1\nboard \"T\"").map(|b| b.title),
        Ok("T".to_string())
    );
    let e = stormlab_board::file::open("stormlab 1\nevent").unwrap_err();
    assert!(
        e.0.starts_with("This text board cannot be read. Line 2, column 6:"),
        "{e}"
    );
}

/// Numbers for up to 30 edits, then for settings pushed anywhere in their ranges.
fn edits() -> impl Strategy<Value = (usize, Vec<u32>, Vec<u32>)> {
    (
        0..=EXAMPLES.len(),
        prop::collection::vec(any::<u32>(), 0..30 * NUMBERS_PER_ACTION),
        prop::collection::vec(any::<u32>(), 8..64),
    )
}

fn scramble(board: &mut Board, n: &[u32]) {
    let f = |i: usize| f64::from(n[i % n.len()]) / f64::from(u32::MAX);
    for (i, s) in board.stickies.iter_mut().enumerate() {
        s.settings.rate_per_sec = (f(i) * 100_000.0 * 1e3).round() / 1e3;
        s.settings.service_time_ms = f(i + 1) * 600_000.0;
        s.settings.failure_rate = f(i + 2);
        s.settings.idempotent = n[i % n.len()] % 2 == 0;
        s.settings.ordered = n[(i + 3) % n.len()] % 3 == 0;
        s.x = f(i + 4) * 1e6 - 5e5;
        if s.kind == Kind::Hotspot {
            s.notes = format!("{}", f(i));
        }
    }
    board.run.network_ms = f(5) * 60_000.0;
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn every_board_the_editor_makes_survives_the_text_format((start, numbers, more) in edits()) {
        let start = EXAMPLES.get(start).map_or_else(Board::default, |e| e.board());
        let mut editor = Editor::new(start);
        for n in numbers.chunks(NUMBERS_PER_ACTION) {
            let _ = editor.apply(&action(&editor.board, n));
        }
        let mut board = editor.board.clone();
        scramble(&mut board, &more);
        // Positions moved by the scramble are re-owned, as the editor would.
        board.assign_contexts();
        let text = to_text(&board);
        let back = from_text(&text);
        prop_assert_eq!(back.as_ref(), Ok(&normalise(&board)), "{}", text);
        prop_assert_eq!(to_text(back.as_ref().unwrap()), text);
    }
}

#[test]
fn the_board_the_readme_shows_opens_as_described() {
    let readme = include_str!("../../README.md");
    let section = &readme[readme
        .find("### The board as text")
        .expect("the README's section")..];
    let start = section.find("```text\n").expect("a text block") + 8;
    let text = &section[start..start + section[start..].find("```").unwrap()];
    let board = from_text(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(board.title, "Coffee");
    assert_eq!(
        (
            board.contexts.len(),
            board.stickies.len(),
            board.links.len()
        ),
        (2, 8, 7)
    );
    let policy = board
        .stickies
        .iter()
        .find(|s| s.kind == Kind::Policy)
        .unwrap();
    assert!(policy.settings.idempotent);
    assert_eq!(
        policy.settings.delivery,
        DeliverySetting::Poll {
            interval_ms: 200.0,
            batch: 50
        }
    );
}

#[test]
fn the_walkthrough_travels_as_step_lines_and_a_step_names_a_link_on_the_board() {
    use stormlab_board::walkthrough::{flow_order, Step};
    let mut board = stormlab_board::examples::example("saga").unwrap().board();
    board.experiments.clear(); // they came with version 3
    let flow = flow_order(&board);
    board.walkthrough = vec![
        Step {
            link: flow[2],
            caption: "First the \"money\" part,\nthen the rest".into(),
        },
        Step {
            link: flow[0],
            caption: String::new(),
        },
    ];
    let text = to_text(&board);
    assert!(
        text.starts_with("stormlab 2\n"),
        "steps came with version 2"
    );
    assert_eq!(text.matches("\nstep ").count(), 2, "{text}");
    let read = from_text(&text).unwrap();
    assert_eq!(read, normalise(&board));
    assert_eq!(
        read.walkthrough[0].caption,
        "First the \"money\" part,\nthen the rest"
    );
    // Without a walkthrough the text stays version 1, readable by older builds.
    board.walkthrough.clear();
    assert!(to_text(&board).starts_with("stormlab 1\n"));
    // A step must show a link written on the board, and takes only a caption.
    let base = "event \"A\"\npolicy \"P\"\n\"A\" -> \"P\"\n";
    assert!(from_text(&format!("{base}step \"A\" -> \"P\" caption=\"go\"")).is_ok());
    let e = from_text(&format!("{base}step \"P\" -> \"A\"")).unwrap_err();
    assert_eq!(e.line, 4);
    assert!(e.message.contains("no link written on this board"), "{e}");
    let e = from_text(&format!("{base}step \"A\" -> \"P\" colour=red")).unwrap_err();
    assert!(e.message.contains("only caption"), "{e}");
    let e = from_text(&format!("{base}step \"A\" \"P\"")).unwrap_err();
    assert!(e.message.contains("expected \"->\""), "{e}");
    let e = from_text(&format!("{base}step \"A\" -> \"P\"\nstep \"A\" -> \"P\"")).unwrap_err();
    assert!(e.message.contains("earlier step"), "{e}");
}

#[test]
fn what_the_layout_places_stays_inside_the_board_or_its_line_is_named() {
    let limit = stormlab_board::limits::COORDINATE.max;
    // Beside a sticky in the far corner there is room on the left and above.
    let board = from_text("stormlab 1\nhotspot \"a\" at=10000000,10000000\nhotspot \"b\"\n")
        .expect("b finds room");
    let b = &board.stickies[1];
    assert!(
        b.x + b.kind.size().0 <= limit && b.y + b.kind.size().1 <= limit,
        "{b:?}"
    );
    let board = from_text(
        "stormlab 1\ncontext \"A\" at=9990000,9990000 size=10000x10000 {\n}\ncontext \"B\" {\n  hotspot \"b\"\n}\n",
    )
    .expect("B finds room");
    assert!(board.contexts[1].x + board.contexts[1].w <= limit);
    // Frames across the whole range leave no room: the unplaced context's line is named.
    let full = "stormlab 1\ncontext \"L\" at=-10000000,-10000000 size=10000000x10000000 {\n}\ncontext \"R\" at=0,0 size=10000000x10000000 {\n}\ncontext \"Left\" at=0,-10000000 size=10000000x10000000 {\n}\ncontext \"Low\" at=-10000000,0 size=10000000x10000000 {\n}\ncontext \"C\" {\n  hotspot \"c\"\n}\n";
    let e = from_text(full).expect_err("no room");
    assert_eq!(e.line, 10, "{e}");
    assert!(e.to_string().contains("no room left"), "{e}");
}

#[test]
fn experiments_are_blocks_whose_sides_say_what_they_set() {
    use stormlab_board::experiment::{Expect, Side};
    let text = r#"
stormlab 3
board "Vet clinic" seed=3
context "Front desk" {
  actor "Pet owner"
  command "Book visit"
  aggregate "Visit"
  event "Visit booked" integration notification
}
context "Reminders" {
  policy "Remind the owner" poll interval_ms=2000
  command "Send reminder"
  aggregate "Reminder"
  event "Reminder sent"
}
"Pet owner" -> "Book visit" -> "Visit" -> "Visit booked" -> "Remind the owner"
"Remind the owner" -> "Send reminder" -> "Reminder" -> "Reminder sent"

# The clinic's own question.
experiment "Push or poll for reminders?" metric="Mean latency" runs=12 expect="b higher" {
  a delivery=push
  b delivery=poll interval_ms=2000 outage="Front desk"@5..15   # the desk closes a while
}
experiment "Is the mean latency under a second when polling?" metric="Mean latency" expect="b under 1000000" {
  b delivery=poll
}
"#;
    let board = from_text(text).unwrap_or_else(|e| panic!("{e}"));
    let [push, under] = &board.experiments[..] else {
        panic!("{:?}", board.experiments)
    };
    assert_eq!(push.runs, 12);
    assert_eq!(push.expect, Some(Expect::BHigher));
    let outage = push.b.outage.as_ref().expect("an outage");
    assert_eq!(board.context(outage.context).unwrap().name, "Front desk");
    assert_eq!((outage.from_s, outage.to_s), (5.0, 15.0));
    assert_eq!(push.b.settings.to_words(), "delivery=poll interval_ms=2000");
    assert_eq!(under.a, stormlab_board::variant::Variant::default());
    assert_eq!(under.expect, Some(Expect::Under(Side::B, 1_000_000.0)));
    round_trip(&board);
    let written = to_text(&board);
    assert!(written.starts_with("stormlab 3\n"), "{written}");
    // Mistakes in an experiment are named with their line and column.
    for (from, to, line, says) in [
        (
            "outage=\"Front desk\"",
            "outage=\"Back desk\"",
            22,
            "\"Back desk\", which is no context",
        ),
        ("expect=\"b higher\"", "expect=\"b sooner\"", 20, "b sooner"),
        ("runs=12", "runs=500", 20, "1 to 100"),
        (
            "  a delivery=push\n",
            "  c delivery=push\n",
            21,
            "expected a side",
        ),
        (
            "metric=\"Mean latency\" runs=12",
            "runs=12",
            20,
            "names the metric",
        ),
        (
            "  b delivery=poll\n}\n",
            "  b delivery=poll\n",
            26,
            "ends inside the experiment",
        ),
        (
            "  a delivery=push\n",
            "  a delivery=push\n  a delivery=poll\n",
            22,
            "written twice",
        ),
    ] {
        assert!(text.contains(from), "{from}");
        let e = from_text(&text.replacen(from, to, 1)).unwrap_err();
        assert!(e.message.contains(says), "{to}: {e}");
        assert_eq!(e.line, line, "{to}: {e}");
    }
}
