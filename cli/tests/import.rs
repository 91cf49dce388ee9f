//! `stormlab import`: the AsyncAPI specification's social-media example (one document per
//! service, with references to shared files) becomes one board that runs; a document whose
//! references cannot be followed is refused, naming where.

mod common;

use common::stormlab;

const SOCIAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../import/tests/spec/3.0.0/social-media"
);

#[test]
fn several_services_documents_import_into_one_board_that_runs() {
    let docs: Vec<String> = ["backend", "comments-service", "notification-service"]
        .iter()
        .map(|s| format!("{SOCIAL}/{s}/asyncapi.yaml"))
        .collect();
    let out = std::env::temp_dir().join(format!("stormlab-import-{}.json", std::process::id()));
    let mut args: Vec<&str> = vec!["import"];
    args.extend(docs.iter().map(String::as_str));
    args.extend(["--output", out.to_str().unwrap()]);
    let (code, _, err) = stormlab(&args);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("imported 3 documents: 4 contexts"), "{err}");
    // The frontend's document is not given: what it sends comes from outside, to review.
    assert!(
        err.contains("review: \"LikeComment\" is received but no document given sends it"),
        "{err}"
    );
    let board: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let contexts: Vec<&str> = board["contexts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        contexts,
        [
            "Website Backend",
            "Comments Service",
            "Notifications Service",
            "Outside these documents"
        ]
    );
    let (code, run, err) = stormlab(&["run", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let run: serde_json::Value = serde_json::from_str(&run).unwrap();
    let handled = run["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == "Messages handled")
        .unwrap()["value"]
        .as_f64()
        .unwrap();
    assert!(handled > 0.0, "{run}");
    let _ = std::fs::remove_file(out);
}

#[test]
fn a_reference_that_cannot_be_followed_is_refused_with_its_place() {
    // Alone, the backend's references to ../common/ are still found beside it.
    let (code, _, err) = stormlab(&["import", &format!("{SOCIAL}/backend/asyncapi.yaml")]);
    assert_eq!(code, 0, "{err}");
    let dir = std::env::temp_dir().join(format!("stormlab-import-alone-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let alone = dir.join("asyncapi.yaml");
    std::fs::copy(format!("{SOCIAL}/backend/asyncapi.yaml"), &alone).unwrap();
    let (code, out, err) = stormlab(&["import", alone.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("channels.notifyAllCommentLiked.messages.commentLiked: the reference \"../common/messages.yaml#/commentLiked\" cannot be followed")
            && err.contains("common/messages.yaml: No such file"),
        "{err}"
    );
    let (code, _, err) = stormlab(&[
        "import",
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/import.rs"),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("not valid YAML") || err.contains("not an AsyncAPI document"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
