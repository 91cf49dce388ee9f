# shellcheck shell=bash
# Sourced by the other scripts: puts the project's tools on PATH and, where the wasm standard
# library has to be built from source (Debian's rustc-web), sets the variables for that build.

STORMLAB_TOOLS="${XDG_DATA_HOME:-$HOME/.local/share}/stormlab"
export PATH="$HOME/.cargo/bin:$STORMLAB_TOOLS/node_modules/.bin:$PATH"

DEBIAN_RUSTC=/usr/bin/rustc
DEBIAN_STD_SRC=/usr/lib/rustlib/src/rust/library
DEBIAN_WASM_LD=/usr/lib/llvm-22/bin/wasm-ld

# True when the default rustup toolchain already has the wasm32 standard library.
rustup_has_wasm() {
  command -v rustup >/dev/null 2>&1 &&
    rustup target list --installed 2>/dev/null | grep -qx 'wasm32-unknown-unknown'
}

# True when Debian's Rust with its std source and the wasm linker are installed.
debian_wasm_ready() {
  [ -x "$DEBIAN_RUSTC" ] && [ -d "$DEBIAN_STD_SRC" ] && [ -x "$DEBIAN_WASM_LD" ]
}

# Exports the variables for a wasm build through Debian's toolchain (no-op on the rustup path).
stormlab_wasm_env() {
  if rustup_has_wasm; then
    return 0
  fi
  if debian_wasm_ready; then
    export RUSTC="$DEBIAN_RUSTC"
    export RUSTC_BOOTSTRAP=1
    export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$DEBIAN_WASM_LD"
    # Keep these artefacts apart from the native ones built by rustup's compiler.
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target/wasm}"
    return 0
  fi
  echo "error: no wasm32 toolchain; run scripts/setup.sh first" >&2
  return 1
}
