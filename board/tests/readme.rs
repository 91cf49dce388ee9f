//! The README states facts the code defines: they are checked here against the code, so the
//! README cannot drift from it (the file version it names, every setting key the text format
//! takes).

use stormlab_board::format::{BOARD_KIND, BOARD_VERSION};
use stormlab_board::settings::{RunSettings, ServiceSettings, StickySettings, Table};

fn readme() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
    std::fs::read_to_string(path).expect("the README reads")
}

#[test]
fn the_readme_names_the_board_file_version_the_code_writes() {
    let text = readme();
    let stated = format!("{{\"kind\": \"{BOARD_KIND}\", \"version\": {BOARD_VERSION}}}");
    assert!(text.contains(&stated), "the README should say {stated}");
    for old in 1..BOARD_VERSION {
        let wrong = format!("\"version\": {old}}}");
        assert!(
            !text.contains(&wrong),
            "the README still names version {old}"
        );
    }
}

#[test]
fn the_readme_lists_every_key_of_the_settings_table() {
    let text = readme();
    fn keys<T: Table>() -> Vec<&'static str> {
        T::TABLE.iter().map(|s| s.key).collect()
    }
    let mut all = keys::<StickySettings>();
    all.extend(keys::<ServiceSettings>());
    all.extend(keys::<RunSettings>());
    for key in all {
        assert!(
            text.contains(&format!("`{key}`")) || text.contains(&format!("`{key}=")),
            "the README's text format section does not name `{key}`"
        );
    }
}
