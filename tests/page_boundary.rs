//! The page/simulator split is held by the compiler: the page's crate (this one) and the crate
//! it shares with the lazy module depend, even through others, on neither the engine, the run
//! layer nor the exporters, so the page's wasm cannot link them by accident. Asked of cargo
//! itself (`cargo tree`), for the wasm target the page is built for.

#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

const SIMULATOR: [&str; 3] = ["stormlab-engine", "stormlab-run", "stormlab-export"];

/// The crates `package` depends on (normal dependencies, not tests), one per line.
fn tree(package: &str) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "--locked",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            package,
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree -p {package}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_page_and_what_it_shares_never_reach_the_simulator() {
    for package in ["stormlab-app", "stormlab-ui-common"] {
        let crates = tree(package);
        assert!(crates.contains("stormlab-board"), "{package}: {crates}");
        for simulator in SIMULATOR {
            assert!(
                !crates
                    .lines()
                    .any(|l| l.starts_with(&format!("{simulator} "))),
                "{package} depends on {simulator}:\n{crates}"
            );
        }
    }
}

#[test]
fn the_lazy_module_does_reach_the_simulator() {
    // The check above would pass on a tree it cannot read: it must see the simulator where it is.
    let crates = tree("stormlab-lazy");
    for simulator in SIMULATOR {
        assert!(
            crates
                .lines()
                .any(|l| l.starts_with(&format!("{simulator} "))),
            "stormlab-lazy: {simulator} not found in\n{crates}"
        );
    }
}
