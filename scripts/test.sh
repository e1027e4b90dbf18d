#!/usr/bin/env bash
# The test command (`npm test`): build, strict lint, then the test suite on this
# machine's Node and again on Node 24, the runtime of n8n 2.x.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "build (n8n-node build)"
npm run --silent build

step "lint (n8n-node lint, strict)"
npm run --silent lint

step "tests on Node $(node --version)"
npx jest --ci

node24_bin="$(scripts/ensure-node24.sh)"
step "tests on Node $("$node24_bin/node" --version)"
PATH="$node24_bin:$PATH" npx jest --ci
