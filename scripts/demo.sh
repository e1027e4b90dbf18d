#!/usr/bin/env bash
# `npm run demo`: build, install the pinned n8n (cached, a few minutes the first time), then
# start n8n with the package and the API simulator (scripts/demo.ts). Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
bash test/e2e/install-n8n.sh n8n >/dev/null
node24_bin="$(scripts/ensure-node.sh 24)"
PATH="$node24_bin:$PATH" exec npx tsx scripts/demo.ts
