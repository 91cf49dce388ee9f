#!/usr/bin/env bash
# Prints what takes the space in the built site (run after `trunk build --release`): the wasm per
# crate and its largest functions, measured by twiggy on a copy of the wasm optimised exactly as
# trunk does (-Oz) but keeping its function names, then the gzipped size of every file the first
# page load fetches (and of those loaded later). Figures to compare run to run, and one check:
# the page's wasm stays within its budget of 332 KB gzipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
stormlab_wasm_env # sets CARGO_TARGET_DIR where the wasm build keeps its own target folder
named=${CARGO_TARGET_DIR:-target}/wasm-bindgen/release/stormlab-app_bg.wasm
[ -f "$named" ] || { echo "error: no $named; run trunk build --release first" >&2; exit 1; }
out=target/size
mkdir -p "$out"
# The same passes and features as trunk's wasm-opt step; -g keeps the names for twiggy.
wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  -o "$out/named.wasm" "$named"
twiggy top -n 1000000 --format json "$out/named.wasm" > "$out/twiggy.json"
# Yew inlines each component's view into one generic function with a hashed name; the
# dominator tree under each says whose it is (the modules of what it alone calls).
twiggy dominators --regex -d 3 -f json "$out/named.wasm" \
  'CompStateInner<COMP> as yew::html::component::lifecycle::Stateful>::view::' > "$out/views.json"
node tests/js/size-report.mjs "$out/twiggy.json" dist "$out/views.json"
# The check itself is checked: a site without the page's wasm must fail it, not pass with 0 bytes.
fake=$(mktemp -d)
printf '<meta name="stormlab-later" content="later.js">' > "$fake/index.html"
touch "$fake/later.js"
if node tests/js/size-report.mjs "$out/twiggy.json" "$fake" > /dev/null 2>&1; then
  echo "error: the size check passed a site without the page's wasm" >&2
  exit 1
fi
rm -rf "$fake"
