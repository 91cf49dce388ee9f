//! The board's document is a plain Yjs document: Yjs itself (JavaScript, pinned in tests/js)
//! reads what Stormlab writes, and what a Yjs client writes into it (a sticky added, a label
//! typed into) comes back as a valid board.

use std::path::PathBuf;
use std::process::Command;

use stormlab_board::examples::EXAMPLES;
use stormlab_board::Board;
use stormlab_live::{Binding, Read};

fn node(args: &[&str]) -> String {
    let js = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/js");
    let out = Command::new("node")
        .arg("yjs-board.mjs")
        .args(args)
        .current_dir(js)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn yjs_reads_the_board_and_its_edits_come_back_as_a_valid_board() {
    let dir = std::env::temp_dir().join(format!("stormlab-yjs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let board = EXAMPLES.iter().find(|e| e.id == "retail").unwrap().board();
    let mut live = Binding::new(41);
    live.write(&Board::default(), &board);
    let written = dir.join("retail.yjs");
    std::fs::write(&written, live.state()).unwrap();
    // Yjs reads every label, the title and the links.
    let read: serde_json::Value =
        serde_json::from_str(&node(&["read", written.to_str().unwrap()])).unwrap();
    let mut labels: Vec<String> = board.stickies.iter().map(|s| s.label.clone()).collect();
    labels.sort();
    assert_eq!(read["labels"], serde_json::json!(labels));
    assert_eq!(read["title"], serde_json::json!(board.title));
    assert_eq!(read["links"], serde_json::json!(board.links.len()));
    // Yjs edits: the sticky it adds and the words it types come back.
    let edited = dir.join("edited.yjs");
    node(&["edit", written.to_str().unwrap(), edited.to_str().unwrap()]);
    let Read::Board(back) = live.receive(&std::fs::read(&edited).unwrap()).unwrap() else {
        panic!("a Yjs client's edit made a board no file can hold")
    };
    assert_eq!(back.stickies.len(), board.stickies.len() + 1);
    assert!(back
        .stickies
        .iter()
        .any(|s| s.label == "FromYjs" && s.y == 2000.0));
    assert_eq!(
        back.stickies
            .iter()
            .filter(|s| s.label.starts_with("New "))
            .count(),
        1
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
