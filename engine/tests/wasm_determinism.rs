//! The engine's golden run reproduced in WebAssembly: the same scenario and seed must give the
//! same trace and report, bit for bit, as natively (`engine/tests/golden/determinism.digest`,
//! checked natively by the engine's integration tests). Run by `scripts/test.sh` in Node via
//! wasm-bindgen-test-runner; compiles to nothing natively.
#![cfg(target_arch = "wasm32")]

use stormlab_engine::fixed::{determinism_scenario, run_digest};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn the_golden_run_is_reproduced_in_wasm() {
    let digest = run_digest(&determinism_scenario(), 42);
    let golden = include_str!("golden/determinism.digest").trim();
    assert_eq!(format!("{digest:016x}"), golden);
}
