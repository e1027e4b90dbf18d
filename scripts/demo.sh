#!/usr/bin/env bash
# `npm run demo [-- --fresh]`: build, install the pinned n8n (cached after the first time), then
# start n8n with the package and the API simulator (scripts/demo.ts). Ctrl-C stops all.
# Progress is written for someone trying the package; the installer's own log stays in a file.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '%s\n' "$*"; }

say "Building the package…"
npm run --silent build >/dev/null

n8n_version="$(node -p "require('./tools/n8n-server/installs/n8n/package.json').dependencies.n8n")"
install_log="$(mktemp)"
trap 'rm -f "$install_log"' EXIT
say "Preparing n8n $n8n_version and Node 24…"
bash tools/n8n-server/install-n8n.sh n8n >/dev/null 2>"$install_log" &
installer=$!
started=$SECONDS
cold=false
next_report=30
while kill -0 "$installer" 2>/dev/null; do
	sleep 1
	# The installers log "installing …" only when they have something to install; a warm cache
	# logs "reusing …" and is done in a second.
	if ! $cold && grep -q 'installing' "$install_log"; then
		cold=true
		say "  first run on this machine: downloading and installing about 2 GB (3-6 minutes; later runs take seconds)…"
	fi
	elapsed=$((SECONDS - started))
	if $cold && [ "$elapsed" -ge "$next_report" ] && kill -0 "$installer" 2>/dev/null; then
		say "  still installing n8n: $((elapsed / 60)) min $((elapsed % 60)) s so far"
		next_report=$((next_report + 30))
	fi
done
if ! wait "$installer"; then
	say "Installing n8n failed. Its log:" >&2
	tail -n 40 "$install_log" >&2
	exit 1
fi
! $cold || say "n8n $n8n_version installed in $((SECONDS - started)) s (kept for later runs)."

rm -f "$install_log"
node24_bin="$(scripts/ensure-node.sh 24 2>/dev/null)"
PATH="$node24_bin:$PATH" exec npx tsx scripts/demo.ts "$@"
