//! Files and links from strangers: each malformed one is refused with a message naming the
//! problem, and nothing out of range, duplicated or mislabelled opens as something else.

use stormlab_board::examples::example;
use stormlab_board::format::{from_json, to_compact_json, to_json};
use stormlab_board::limits::MAX_BYTES;
use stormlab_board::share;
use stormlab_board::Board;

fn refused(text: &str) -> String {
    from_json(text).expect_err("refused").0
}

fn retail() -> Board {
    example("retail").unwrap().board()
}

/// The retail example's file with one JSON value replaced.
fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(&to_json(&retail())).unwrap();
    edit(&mut v);
    v.to_string()
}

#[test]
fn a_key_given_twice_is_refused_naming_it() {
    let text =
        to_json(&retail()).replacen("\"stickies\": [", "\"stickies\": [], \"stickies\": [", 1);
    let message = refused(&text);
    assert!(message.contains("\"stickies\" is given twice"), "{message}");
}

#[test]
fn content_that_does_not_match_its_version_is_refused() {
    let v4_as_v1 = edited(|v| v["version"] = 1.into());
    assert!(refused(&v4_as_v1).contains("says version 1, but its \"stickies\" came with version 2"));
    let v4_as_v2 = edited(|v| v["version"] = 2.into());
    assert!(refused(&v4_as_v2).contains("does not match the content"));
    let v1_as_v2 =
        include_str!("fixtures/board-v1.json").replace("\"version\": 1", "\"version\": 2");
    assert!(refused(&v1_as_v2).contains("\"notes\" is from version 1 files"));
    let zero = edited(|v| v["version"] = 0.into());
    assert!(refused(&zero).contains("says version 0, which no Stormlab writes"));
}

#[test]
fn version_1_notes_keep_their_fields_and_ids_or_are_refused() {
    let v1 = include_str!("fixtures/board-v1.json");
    let extra = v1.replacen(
        "\"text\": \"Shopper\"",
        "\"text\": \"Shopper\", \"colour\": \"red\"",
        1,
    );
    assert!(refused(&extra).contains("\"colour\" that version 1 notes do not have"));
    let named = v1.replacen("\"id\": 1,", "\"id\": \"one\",", 1);
    assert!(refused(&named).contains("bad id at notes[0].id"));
    let huge = v1.replacen("\"id\": 1,", "\"id\": 18446744073709551615,", 1);
    assert!(refused(&huge).contains("bad id at notes[0].id"));
    let frame = v1.replacen("\"id\": 10,", "\"id\": 4294967295,", 1);
    assert!(refused(&frame).contains("frames[0].id"));
}

#[test]
fn settings_out_of_range_are_refused_with_path_and_range() {
    let partitions = edited(|v| v["sim"]["partitions"] = 1_000_000_000u64.into());
    let message = refused(&partitions);
    assert!(message.contains("at sim.partitions"), "{message}");
    assert!(
        message.contains("Partitions takes a whole number from 1 to 1000"),
        "{message}"
    );
    let keys = edited(|v| v["sim"]["key_space"] = 4_294_967_295u64.into());
    assert!(refused(&keys).contains("sim.key_space"));
    let field = edited(|v| v["stickies"][3]["event"]["fields"][0]["bytes"] = u32::MAX.into());
    let message = refused(&field);
    assert!(
        message.contains("stickies[3].event.fields[0].bytes"),
        "{message}"
    );
    let rate = edited(|v| v["stickies"][1]["sim"] = serde_json::json!({"rate_per_sec": 1e12}));
    let message = refused(&rate);
    assert!(
        message.contains("stickies[1].sim.rate_per_sec (the command"),
        "{message}"
    );
    let infinite = edited(|v| v["stickies"][0]["x"] = 1e300.into());
    assert!(refused(&infinite).contains("stickies[0].x"));
    let overflow = to_json(&retail()).replacen("\"x\": ", "\"x\": 1e999, \"y_\": ", 1);
    assert!(refused(&overflow).contains("not valid JSON"));
}

#[test]
fn a_byte_order_mark_is_not_an_error() {
    let text = format!("\u{feff}{}", to_json(&retail()));
    assert_eq!(from_json(&text).unwrap(), retail());
}

#[test]
fn what_opens_saves_within_the_limit_and_opens_again() {
    let mut board = retail();
    let template = board.stickies[0].clone();
    board.stickies.clear();
    board.links.clear();
    for i in 0..4_500u32 {
        let mut s = template.clone();
        s.id = stormlab_board::StickyId(1_000 + i);
        s.label = String::new();
        s.x = i as f64;
        board.stickies.push(s);
    }
    board.next_id = 10_000;
    // Labels long enough that the compact form sits just under the limit.
    let room = MAX_BYTES - 10_000 - to_compact_json(&board).len();
    for s in &mut board.stickies {
        s.label = "x".repeat(room / 4_500);
    }
    let compact = to_compact_json(&board);
    assert!(
        compact.len() <= MAX_BYTES && to_json(&board).len() > MAX_BYTES,
        "the case holds"
    );
    let message = refused(&compact);
    assert!(
        message.contains("Saved again, this board would take"),
        "{message}"
    );
    board.stickies.truncate(4_000);
    let opened = from_json(&to_compact_json(&board)).expect("under the limit saved");
    assert_eq!(from_json(&to_json(&opened)).unwrap(), opened);
}

#[test]
fn a_link_that_unpacks_past_the_limit_says_so_and_a_cut_one_says_cut() {
    let bomb = format!(
        "{{\"kind\": \"stormlab-board\", \"version\": 4{}}}",
        " ".repeat(MAX_BYTES + 10)
    );
    let packed = miniz_oxide::deflate::compress_to_vec(bomb.as_bytes(), 9);
    use base64::Engine as _;
    let link = format!(
        "{}{}",
        share::PARAM,
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
    );
    assert!(link.len() < 20_000, "a small link");
    let message = share::decode(&link).expect_err("refused").0;
    assert!(message.contains("unpacks to more than 5 MB"), "{message}");
    let good = share::encode(&retail());
    let cut = &good[..good.len() / 2];
    assert!(share::decode(cut)
        .expect_err("refused")
        .0
        .contains("cut off"));
}

#[test]
fn an_edit_that_would_save_over_the_limit_is_refused_and_changes_nothing() {
    let board = retail();
    let id = board.stickies[0].id;
    let long = "W".repeat(MAX_BYTES);
    let refused = stormlab_board::apply(
        &board,
        &stormlab_board::Action::SetNotes { id, notes: long },
    )
    .expect_err("over the limit");
    assert!(
        refused.contains("over the 5 MB a board may hold"),
        "{refused}"
    );
    // Just under the limit is fine, and what it saves opens again.
    let room = MAX_BYTES - to_json(&board).len() - 16;
    let notes = "W".repeat(room);
    let applied =
        stormlab_board::apply(&board, &stormlab_board::Action::SetNotes { id, notes }).unwrap();
    assert_eq!(from_json(&to_json(&applied.board)).unwrap(), applied.board);
}

#[test]
fn a_field_of_the_wrong_type_or_missing_is_named_by_its_path() {
    let kind = edited(|v| v["stickies"][2]["kind"] = "evnt".into());
    let message = refused(&kind);
    assert!(
        message.contains("bad field at stickies[2].kind: unknown word \"evnt\""),
        "{message}"
    );
    let seed = edited(|v| v["sim"]["seed"] = "seven".into());
    let message = refused(&seed);
    assert!(
        message.contains(
            "at sim.seed (Seed): invalid type: the text \"seven\", expected a whole number"
        ),
        "{message}"
    );
    let missing = edited(|v| {
        v["stickies"][1].as_object_mut().unwrap().remove("label");
    });
    let message = refused(&missing);
    assert!(
        message.contains("at stickies[1]: missing field \"label\""),
        "{message}"
    );
    let unknown = edited(|v| v["links"][0]["weight"] = 3.into());
    let message = refused(&unknown);
    assert!(
        message.contains("at links[0].weight: unknown field \"weight\""),
        "{message}"
    );
    assert!(
        !message.contains(" line "),
        "no line of a text the user never saw: {message}"
    );
}
