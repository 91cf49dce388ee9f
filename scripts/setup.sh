#!/usr/bin/env bash
# Installs everything Stormlab needs to build, serve and test, and nothing twice.
#
# - A wasm32 toolchain: rustup's target where it can be added; otherwise Debian's Rust with its std
#   source and wasm-ld, building std from source (see README, "How the wasm build works here").
# - trunk, wasm-bindgen-cli at the exact version in Cargo.lock, Node.js, wasm-opt (binaryen 132
#   from npm).
# - Chromium and chromedriver for the browser tests; Firefox ESR with geckodriver and WebKitGTK
#   with WebKitWebDriver (under Xvfb) for their smoke path.
# - The validators and clients in tests/js (npm, pinned): the AsyncAPI parser, the AsyncAPI code
#   generator Modelina with TypeScript's tsc, Mermaid, axe-core, and Yjs with the y-websocket
#   provider and the reference y-websocket server for live rooms. (A JDK, when present, also
#   compiles Modelina's Java; none is installed for it.)
# Safe to run again: every step checks first and is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh

start=$(date +%s)
say() { printf '[setup] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "error: need root (or sudo) to run: $*" >&2; return 1; fi
}

apt_updated=0
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: please install: ${missing[*]}" >&2; return 1
  fi
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  say "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# 1. Rust for the host.
if ! command -v cargo >/dev/null 2>&1; then
  echo "error: cargo not found; install Rust with rustup first" >&2; exit 1
fi
for comp in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$comp"; then
    say "rustup component add $comp"; rustup component add "$comp"
  fi
done

# 2. A wasm32 toolchain.
if rustup_has_wasm; then
  say "wasm32: rustup target present"
elif debian_wasm_ready; then
  say "wasm32: Debian rustc-web with std source"
elif timeout 45 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
  say "wasm32: added with rustup"
else
  say "wasm32: rustup cannot add the target here; using Debian's rustc-web and building std"
  apt_install rustc-web cargo-web rust-web-src lld-22
  debian_wasm_ready || { echo "error: Debian wasm toolchain incomplete" >&2; exit 1; }
fi

# 3. trunk (0.22 wants a newer rustc than some stable toolchains: fall back to nightly).
if ! trunk --version >/dev/null 2>&1; then
  say "installing trunk (slow: about 9 minutes on 2 cores)"
  cargo install trunk --locked 2>/dev/null || cargo +nightly install trunk --locked
fi

# 4. wasm-bindgen-cli, exactly the version Cargo.lock uses.
if [ ! -f Cargo.lock ]; then cargo generate-lockfile; fi
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  say "installing wasm-bindgen-cli $wbg_version"
  cargo install wasm-bindgen-cli --version "$wbg_version" --force
fi

# 5. Node.js: wasm-opt comes from npm, and the engine's wasm determinism test runs in Node.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi

# 6. wasm-opt from npm's binaryen (the version Trunk.toml names).
if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "132" ]; then
  say "installing binaryen 132 (wasm-opt) into $STORMLAB_TOOLS"
  mkdir -p "$STORMLAB_TOOLS"
  (cd "$STORMLAB_TOOLS" && npm install --no-audit --no-fund --silent binaryen@132 >/dev/null)
fi

# 6b. twiggy, the wasm size profiler the test command's size report uses.
if [ "$(twiggy --version 2>/dev/null | awk '{print $2}')" != "0.8.0" ]; then
  say "installing twiggy 0.8.0 (about a minute)"
  cargo install twiggy --version 0.8.0 --locked
fi

# 7. A browser and its driver for the browser tests.
if ! command -v chromedriver >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium chromium-driver
fi

# 7b. Every engine a room brings, for the smoke path: Firefox ESR with geckodriver (from
#     crates.io, pinned), WebKitGTK's MiniBrowser with WebKitWebDriver, and Xvfb for WebKitGTK
#     (it has no headless mode).
apt_install firefox-esr webkit2gtk-driver xvfb
if [ "$(geckodriver --version 2>/dev/null | awk 'NR==1 {print $2}')" != "0.37.1" ]; then
  say "installing geckodriver 0.37.1 (a few minutes)"
  cargo install geckodriver --version 0.37.1 --locked
fi

# 8. The official validators the tests run on what Stormlab exports, and the real Yjs clients and
#    reference server the live rooms are checked against (tests/js/package.json pins them;
#    package-lock.json pins their dependencies).
lock_sum=$(sha256sum tests/js/package-lock.json | cut -d' ' -f1)
if [ "$(cat tests/js/node_modules/.stormlab-lock 2>/dev/null)" != "$lock_sum" ]; then
  say "installing the validators in tests/js (npm ci)"
  (cd tests/js && npm ci --no-audit --no-fund --silent >/dev/null)
  echo "$lock_sum" > tests/js/node_modules/.stormlab-lock
fi

say "ready in $(( $(date +%s) - start ))s: $(trunk --version), wasm-bindgen $wbg_version, $(wasm-opt --version | awk '{print $3}'), $(chromium --version 2>/dev/null | head -1), $(firefox-esr --version 2>/dev/null | head -1), $(geckodriver --version 2>/dev/null | head -1)"
