#!/usr/bin/env bash
# The long run of the robustness suite: 100,000 generated hostile inputs (board files, share
# links, engine scenarios, boards played as the views play them) plus the kept regression
# cases, with overflow checks and debug assertions on. Prints the counts per family; exits 1 on
# any panic, call over 2 s, call holding over 512 MB, or broken round trip.
# Usage: scripts/fuzz.sh [--inputs N] [--seed S] [--jobs J]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
cargo build --quiet --locked --profile fuzz -p stormlab-robust
if [[ " $* " != *" --inputs "* ]]; then
  set -- --inputs 100000 "$@"
fi
exec target/fuzz/stormlab-robust "$@"
