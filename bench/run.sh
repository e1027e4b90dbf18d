#!/usr/bin/env bash
# `npm run bench [-- MEASURE…]`: build the package, install the pinned n8n (cached, as the e2e
# tests do), then run bench/run.ts with tsx on Node 24, the runtime of n8n 2.x (the global
# WebSocket it has is what the CPU profile of measure 1 uses). MEASURE: package memory items
# trigger makespan (all by default). BENCH_SKIP_BUILD=1 skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${BENCH_SKIP_BUILD:-}" = 1 ] || npm run --silent build >&2
tools/n8n-server/install-n8n.sh n8n >/dev/null
node_bin="$(scripts/ensure-node.sh 24)"
exec "$node_bin/node" --import tsx bench/run.ts "$@"
