//! Golden files: the scenario, the map back to the board and the notes compiled from every
//! example board (as drawn, and with its experiment's B side), checked into `tests/golden/`,
//! so any change to the compilation shows as a diff.
//!
//! After an intended change, `UPDATE_GOLDEN=1 cargo test -p stormlab-run --test integration
//! golden` rewrites them; review the diff before committing.

use std::path::PathBuf;

use stormlab_board::examples::EXAMPLES;
use stormlab_run::compile::compile;
use stormlab_run::experiment;
use stormlab_run::variant::Variant;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

#[test]
fn every_example_compiles_to_its_golden_scenario() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut differ = Vec::new();
    for ex in EXAMPLES {
        let board = ex.board();
        let b_side = experiment::for_board(&board).expect("experiment").b;
        for (side, variant) in [("drawn", Variant::default()), ("b", b_side)] {
            let compiled = compile(&board, &variant).expect("examples compile");
            let text = serde_json::to_string_pretty(&compiled).expect("serializable") + "\n";
            let path = golden_dir().join(format!("{}-{side}.json", ex.id));
            if update {
                std::fs::write(&path, &text).expect("write golden file");
                continue;
            }
            let expected = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
            if expected != text {
                let actual = path.with_extension("actual.json");
                std::fs::write(&actual, &text).expect("write actual file");
                differ.push(format!("{} (now in {})", path.display(), actual.display()));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "the compilation changed; diff these against the golden files:\n{}",
        differ.join("\n")
    );
}
