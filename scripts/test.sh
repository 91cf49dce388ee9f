#!/usr/bin/env bash
# Sets up the machine if needed, then runs every check in order and stops at the first failure:
# formatting, clippy, native tests, the official validators, live rooms with real Yjs clients,
# the robustness suite's quick run, the engine and board
# benchmarks, the engine's determinism under wasm, the release wasm build, and the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# The golden tests rewrite their files instead of comparing when these are set: a run with them
# would pass whatever the code does, so the test command refuses to start.
for switch in STORMLAB_BLESS UPDATE_GOLDEN; do
  if [ -n "${!switch+x}" ]; then
    echo "error: $switch is set; it turns the golden tests into rewrites. Unset it to run the tests." >&2
    exit 2
  fi
done
scripts/setup.sh
source scripts/env.sh

step() { printf '\n==> %s\n' "$*"; }
t0=$(date +%s)

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings

step "native unit and integration tests"
cargo test --workspace --locked

step "AsyncAPI exports parsed by the official parser (@asyncapi/parser, pinned in tests/js)"
cargo test --quiet --locked -p stormlab-export --features validators --test validators -- --nocapture

step "AsyncAPI exports fed to a real consumer: Modelina (pinned in tests/js) generates TypeScript (type-checked by tsc) and Java (compiled by javac when a JDK is here)"
cargo test --quiet --locked -p stormlab-export --features validators --test modelina -- --nocapture

step "live rooms: plain Yjs clients (yjs + y-websocket, pinned in tests/js) on stormlab relay and on the reference y-websocket server"
cargo test --quiet --locked -p stormlab-cli --features yjs-clients --test relay
cargo test --quiet --locked -p stormlab-live --features yjs-clients --test yjs_interop

step "robustness suite, quick run (kept cases + 10,000 hostile inputs; scripts/fuzz.sh runs 100,000)"
cargo build --quiet --locked --profile fuzz -p stormlab-robust
target/fuzz/stormlab-robust --inputs 10000

step "engine benchmark (a figure to compare run to run, not a pass/fail check)"
cargo run --quiet --locked --release -p stormlab-cli --bin stormlab -- bench

step "board benchmark (about 2,000 stickies: lint, compile, save, open; figures, not a check)"
cargo run --quiet --locked --release -p stormlab-run --example board_bench

step "export benchmark (every format on a board of 1,000 contexts; figures, not a check)"
cargo run --quiet --locked --release -p stormlab-export --example export_bench

step "replication benchmark (20 runs of each example's experiment, 1 thread and every core; figures)"
cargo run --quiet --locked --release -p stormlab-run --example replication_bench

step "live room benchmark (10 participants add 100 stickies each through stormlab relay on loopback; figures)"
cargo run --quiet --locked --release -p stormlab-live --example room_bench 2>&1 | grep -v '^relay: '

step "engine determinism in WebAssembly (the native golden run, reproduced under Node)"
(
  stormlab_wasm_env
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
  cargo test --locked -p stormlab-engine --target wasm32-unknown-unknown --test wasm_determinism
)

step "release wasm build (trunk build --release)"
(
  stormlab_wasm_env
  trunk build --release
)
scripts/size.sh

step "browser tests (headless Chromium against dist/ on loopback)"
# --nocapture: the drag benchmark prints its frame times.
cargo test --locked -p stormlab-browser-tests --features browser-tests --test browser -- --test-threads=1 --nocapture

echo
echo "All checks passed in $(( $(date +%s) - t0 ))s. Screenshots: target/screenshots/"
