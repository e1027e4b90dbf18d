#!/usr/bin/env bash
# The checks tier (`npm run test:checks`, the first stage of `npm test` and a CI job): build,
# strict lint, format check, actionlint of the GitHub Actions workflows, and n8n's scanner lint
# of the source and of the npm pack tarball. Runs on the current Node (the scanner fetches
# Node 24 itself, through scripts/ensure-node.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "build (n8n-node build)"
npm run --silent build

step "lint (n8n-node lint, strict)"
npm run --silent lint
npm run --silent format:check >/dev/null || { echo "checks: code is not formatted; run npm run format" >&2; exit 1; }

step "GitHub Actions workflows (actionlint)"
npm run --silent lint:workflows

# n8n's verification scanner lints with its own config and ignores inline eslint-disable
# comments, so a rule the project lint allows by comment still fails it.
step "n8n's verification scanner: lint of the source and of the npm pack tarball"
bash scripts/scan-local.sh
