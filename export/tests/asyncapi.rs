//! The AsyncAPI document's content: which events become channels, who sends and receives, the
//! callback a notification implies, the versioning strategies, and the view of one context.
//! (The official parser checks the same documents in `validators.rs`.)

mod common;

use stormlab_board::examples::example;
use stormlab_board::{Board, Kind, Payload, Scope, Versioning};
use stormlab_export::asyncapi::{document, to_asyncapi, Options};
use stormlab_export::yaml::Value;

fn keys(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Map(m)) => m.iter().map(|(k, _)| k.clone()).collect(),
        _ => vec![],
    }
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    let mut v = v;
    for p in path {
        v = v.get(p).unwrap_or_else(|| panic!("no {p} in {path:?}"));
    }
    match v {
        Value::Str(s) => s,
        other => panic!("{other:?}"),
    }
}

fn integration_events(board: &Board) -> usize {
    board
        .stickies
        .iter()
        .filter(|s| s.scope() == Some(Scope::Integration))
        .count()
}

#[test]
fn one_channel_per_integration_event_with_its_sender_and_receivers() {
    let board = example("retail").unwrap().board();
    let doc = document(&board, &Options::default());
    let channels = keys(doc.get("channels"));
    let notifications = board
        .stickies
        .iter()
        .filter(|s| {
            s.event.as_ref().is_some_and(|e| {
                e.scope == Scope::Integration && e.payload == Payload::Notification
            })
        })
        .count();
    assert_eq!(
        channels.len(),
        integration_events(&board) + 2 * notifications
    );
    let ops = doc.get("operations").unwrap();
    let Value::Map(ops) = ops else { panic!() };
    let sends = ops
        .iter()
        .filter(|(_, o)| {
            str_at(o, &["action"]) == "send" && !keys(Some(o)).contains(&"reply".to_string())
        })
        .count();
    assert_eq!(sends, integration_events(&board));
    // A receive operation for every policy or read model an integration event leads to.
    let consumers: usize = board
        .stickies
        .iter()
        .filter(|s| s.scope() == Some(Scope::Integration))
        .map(|s| {
            board
                .outgoing(s.id)
                .filter(|l| {
                    board
                        .sticky(l.to)
                        .is_some_and(|t| matches!(t.kind, Kind::Policy | Kind::ReadModel))
                })
                .count()
        })
        .sum();
    let receives = ops
        .iter()
        .filter(|(_, o)| str_at(o, &["action"]) == "receive" && o.get("reply").is_none())
        .count();
    assert_eq!(receives, consumers);
    // Tagged by context: the order is placed by Order management.
    let placed = ops
        .iter()
        .find(|(k, _)| k == "sendOrderPlaced")
        .expect("sendOrderPlaced");
    assert_eq!(
        str_at(&placed.1, &["channel", "$ref"]),
        "#/channels/orderPlaced"
    );
    let Some(Value::List(tags)) = placed.1.get("tags") else {
        panic!()
    };
    assert_eq!(str_at(&tags[0], &["name"]), "Order management");
}

#[test]
fn domain_events_stay_out_unless_asked_for() {
    let board = example("budget").unwrap().board();
    let domain = board
        .stickies
        .iter()
        .filter(|s| s.scope() == Some(Scope::Domain))
        .count();
    assert!(domain > 0);
    let without = to_asyncapi(&board, &Options::default());
    let with = to_asyncapi(
        &board,
        &Options {
            context: None,
            domain_events: true,
        },
    );
    for s in board
        .stickies
        .iter()
        .filter(|s| s.scope() == Some(Scope::Domain))
    {
        let title = format!("title: {}\n", s.label);
        assert!(
            !without.contains(&title) && with.contains(&title),
            "{}",
            s.label
        );
    }
}

#[test]
fn a_notification_implies_a_callback_and_a_claim_check_a_reference() {
    let board = example("budget").unwrap().board();
    let yaml = to_asyncapi(&board, &Options::default());
    for s in &board.stickies {
        let Some(e) = s.event.as_ref().filter(|e| e.scope == Scope::Integration) else {
            continue;
        };
        match e.payload {
            Payload::Notification => {
                assert!(
                    yaml.contains("StateRequest:") && yaml.contains("reply:"),
                    "{yaml}"
                );
            }
            Payload::ClaimCheck => assert!(
                yaml.contains("claim_check:") && yaml.contains("format: uri"),
                "{yaml}"
            ),
            Payload::Fat => {}
        }
    }
}

#[test]
fn versioning_strategies_show_where_the_version_is() {
    let mut board = example("retail").unwrap().board();
    let events: Vec<usize> = (0..board.stickies.len())
        .filter(|&i| board.stickies[i].scope() == Some(Scope::Integration))
        .collect();
    for (n, &i) in events.iter().enumerate() {
        let e = board.stickies[i].event.as_mut().unwrap();
        e.versioning = Some(Versioning::ALL[n % 5]);
        e.version = Some(3);
    }
    let yaml = to_asyncapi(&board, &Options::default());
    assert!(yaml.contains("V3\n"), "in the name: {yaml}");
    assert!(yaml.contains("const: 3"), "in the payload");
    assert!(yaml.contains(".v3\n"), "a topic per version");
    assert!(yaml.contains("schema_id:"), "a schema registry");
    assert!(yaml.contains("additionalProperties: true"), "additive only");
}

#[test]
fn a_context_sees_only_what_it_sends_and_receives() {
    let board = example("saga").unwrap().board();
    for c in &board.contexts {
        let doc = document(
            &board,
            &Options {
                context: Some(c.id),
                domain_events: false,
            },
        );
        assert!(str_at(&doc, &["info", "title"]).ends_with(&format!(": {}", c.name)));
        let Some(Value::Map(ops)) = doc.get("operations") else {
            panic!()
        };
        assert!(!ops.is_empty(), "{}", c.name);
        for (id, o) in ops {
            let Some(Value::List(tags)) = o.get("tags") else {
                panic!()
            };
            assert_eq!(
                str_at(&tags[0], &["name"]),
                c.name,
                "{id} belongs to {}",
                c.name
            );
        }
    }
}

#[test]
fn hostile_labels_are_quoted_and_names_stay_within_what_asyncapi_allows() {
    let doc = document(
        &common::hostile(),
        &Options {
            context: None,
            domain_events: true,
        },
    );
    for section in ["channels", "operations"] {
        for k in keys(doc.get(section)) {
            assert!(
                k.chars().all(|c| c.is_ascii_alphanumeric()),
                "{section} id {k:?}"
            );
        }
    }
    for k in keys(doc.get("components").and_then(|c| c.get("messages"))) {
        assert!(
            k.chars().all(|c| c.is_ascii_alphanumeric()),
            "message id {k:?}"
        );
    }
    let yaml = to_asyncapi(&common::hostile(), &Options::default());
    assert!(
        yaml.lines().all(|l| !l.contains('\r')),
        "no raw line breaks inside a value"
    );
}
