#!/usr/bin/env bash
# Prints the bin folder of a Node.js 24 (what n8n 2.x runs on), installing it from the
# npm registry's `node` package into a cache outside the repository on first use.
set -euo pipefail
cache="${PIKA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-useapi-pika}/node24"
bin="$cache/node_modules/node/bin"
if [ ! -x "$bin/node" ] || ! "$bin/node" -e 'process.exit(process.versions.node.split(".")[0] === "24" ? 0 : 1)'; then
	mkdir -p "$cache"
	cd "$cache"
	[ -f package.json ] || echo '{"private":true}' > package.json
	npm install --no-audit --no-fund --loglevel=error node@24 >&2
fi
echo "$bin"
