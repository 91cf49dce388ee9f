#!/usr/bin/env bash
# The engine against SimPy (from PyPI, pinned) on the same M/M/1 work, side by side in one run:
# each runs N customers (default 1,000,000; rho 0.8) three times, alternately, on one thread;
# the medians of customers a second and their ratio are printed, with both mean times in the
# system beside the theory's 5 ms (so the work is seen to be the same). Installs SimPy into a
# virtualenv under the tools directory the first time. A benchmark, not a test: machines here
# are noisy, so compare its figures run to run, never assert them.
# Usage: scripts/bench-simpy.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
SIMPY_VERSION=4.1.1
n="${1:-1000000}"
venv="$STORMLAB_TOOLS/simpy-$SIMPY_VERSION"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import simpy" 2>/dev/null; then
  echo "installing SimPy $SIMPY_VERSION into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "simpy==$SIMPY_VERSION"
fi
cargo build --quiet --release --locked -p stormlab-cli
field() { awk -F': ' -v k="$1" '$1 == k { split($2, a, " "); print a[1] }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ours=(); theirs=()
for round in 1 2 3; do
  out=$(target/release/stormlab bench --mm1 "$n")
  ours+=("$(echo "$out" | field customers_per_sec)")
  our_mean=$(echo "$out" | field mean_time_in_system_ms)
  out=$("$venv/bin/python" scripts/mm1_simpy.py "$n")
  theirs+=("$(echo "$out" | field customers_per_sec)")
  their_mean=$(echo "$out" | field mean_time_in_system_ms)
  echo "round $round: stormlab ${ours[-1]} customers/s, SimPy ${theirs[-1]} customers/s" >&2
done
a=$(printf '%s\n' "${ours[@]}" | median)
b=$(printf '%s\n' "${theirs[@]}" | median)
echo "mm1_customers: $n (rho 0.8; mean time in system: stormlab $our_mean ms, SimPy $their_mean ms, theory 5.000 ms)"
echo "mm1_stormlab_customers_per_sec: $a (median of 3)"
echo "mm1_simpy_customers_per_sec: $b (median of 3, SimPy $SIMPY_VERSION)"
echo "mm1_ratio: $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f", a / b }') (the goal: 100)"
