#!/usr/bin/env bash
# Sets up the machine if needed, then serves the app with live reload on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
stormlab_wasm_env
port="${PORT:-8080}"
echo "Stormlab will be at http://127.0.0.1:$port/ once the first build finishes."
exec trunk serve --address 127.0.0.1 --port "$port" "$@"
