#!/usr/bin/env bash
# Prints the bin folder of a Node.js of the given major (24 for n8n 2.x, 22 for n8n 1.x),
# installing it from the npm registry's `node` package into the project cache on first use.
#
#   scripts/ensure-node.sh MAJOR
#
# The `node` package creates bin/node in its own install script, so that script must run
# even when install scripts are switched off around us: `npm test` hands the project's
# `.npmrc` (ignore-scripts=true) to every nested npm as npm_config_ignore_scripts=true.
# Whatever happens, the folder printed holds a `node` of exactly that major, or this
# script fails loudly: it never prints a folder it has not checked.
set -euo pipefail
major="${1:?usage: ensure-node.sh MAJOR}"
case "$major" in *[!0-9]*) echo "ensure-node: MAJOR must be a number, not '$major'" >&2; exit 2 ;; esac
cache_root="${PIKA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-useapi-pika}"
dir="$cache_root/node$major"
bin="$dir/node_modules/node/bin"

is_right_node() {
	[ -x "$bin/node" ] && [ "$("$bin/node" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = "$major" ]
}

# One installer at a time per major (tests, demo and benchmarks may start together).
mkdir -p "$cache_root"
exec 8>"$cache_root/.node$major.lock"
flock 8
if ! is_right_node; then
	mkdir -p "$dir"
	[ -f "$dir/package.json" ] || echo '{"private":true}' >"$dir/package.json"
	echo "ensure-node: installing Node.js $major from the npm registry into $dir (about a minute)" >&2
	# Clear every inherited npm setting that could skip or redirect the install script.
	if ! (cd "$dir" && env -u npm_config_ignore_scripts -u NPM_CONFIG_IGNORE_SCRIPTS \
		-u npm_config_prefix -u npm_config_global \
		npm install --ignore-scripts=false --no-audit --no-fund --loglevel=error "node@$major" >&2); then
		echo "ensure-node: could not install Node.js $major into $dir (npm's error above)" >&2
		exit 1
	fi
fi
if ! is_right_node; then
	found="$("$bin/node" --version 2>/dev/null || echo "no executable at $bin/node")"
	echo "ensure-node: wanted Node.js $major, got: $found" >&2
	exit 1
fi
echo "$bin"
