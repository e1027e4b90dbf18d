#!/usr/bin/env bash
# Installs the real n8n the end-to-end tests run the package in, into a cache folder outside
# the package, and prints that folder.
#
#   tools/n8n-server/install-n8n.sh [--update-lock] [HARNESS]
#
# HARNESS is a folder under tools/n8n-server/installs holding a package.json (n8n pinned + overrides) and its
# package-lock.json; default `n8n` (n8n 2.41.1). The Node major comes from its `engines.node`.
# --update-lock lets npm update the lockfile (after a package.json change) and writes it back
# into the repository; delete the committed lockfile first to resolve everything afresh.
#
# Why it is done this way (see the README, "Testing in a real n8n"):
# - `npm install`, not `npm ci`: the registry lacks some platform packages of other OSes, so the
#   lockfile omits them and `npm ci` calls it out of sync; `npm install` with the lockfile present
#   installs exactly the locked tree.
# - `--ignore-scripts`, then only `npm rebuild sqlite3`: other install scripts download binaries
#   from outside the npm registry and fail offline (npm then rolls the whole install back).
# - A second run reuses the install when package.json, lockfile and Node version are unchanged.
set -euo pipefail

update_lock=false
if [ "${1:-}" = "--update-lock" ]; then update_lock=true; shift; fi
harness="${1:-n8n}"

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
src="$here/installs/$harness"
[ -f "$src/package.json" ] || { echo "install-n8n: no $src/package.json" >&2; exit 2; }
cache="${PIKA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-useapi-pika}"
dest="$cache/e2e-$harness"
log() { printf 'install-n8n: %s\n' "$*" >&2; }
# One installer per folder at a time (the tests, the demo and the benchmarks may start together):
# a second one waits here, then finds the install done and reuses it.
mkdir -p "$cache"
exec 9>"$cache/.e2e-$harness.lock"
flock 9

# Node for this harness, from its `engines.node`; ensure-node.sh checks the major it yields.
major="$(node -p "String(require('$src/package.json').engines.node).match(/\\d+/)[0]")"
node_bin="$(bash "$repo/scripts/ensure-node.sh" "$major")"
node_version="$("$node_bin/node" --version)"
# Headers of that Node for node-gyp (the user's npmrc may point nodedir at the system Node).
nodedir=""
for d in "$node_bin"/../node_modules/node-*/; do
	[ -f "$d/include/node/node.h" ] && nodedir="$(cd "$d" && pwd)" && break
done
[ -n "$nodedir" ] || { log "no Node headers next to $node_bin"; exit 1; }

stamp() { cat "$src/package.json" "$src/package-lock.json" 2>/dev/null | sha256sum | cut -c1-16; echo "$node_version"; }
if ! $update_lock && [ -f "$src/package-lock.json" ] && [ -f "$dest/.installed" ] &&
	[ "$(cat "$dest/.installed")" = "$(stamp)" ] && [ -x "$dest/node_modules/.bin/n8n" ]; then
	log "reusing $dest ($(node -p "require('$dest/node_modules/n8n/package.json').version"), Node $node_version)"
	echo "$dest"
	exit 0
fi

mkdir -p "$dest"
rm -f "$dest/.installed"
cp "$src/package.json" "$dest/package.json"
if [ -f "$src/package-lock.json" ]; then
	# With --update-lock, npm starts from the committed lockfile and changes only what
	# package.json changed; delete the committed lockfile to resolve everything afresh.
	cp "$src/package-lock.json" "$dest/package-lock.json"
else
	rm -f "$dest/package-lock.json"
	log "no lockfile to follow: resolving afresh"
fi

run() { # run LOGNAME TIMEOUT_S CMD...: output to a log file, its tail on failure
	local name="$1" limit="$2"; shift 2
	local t0=$SECONDS
	if ! (cd "$dest" && PATH="$node_bin:$PATH" npm_config_nodedir="$nodedir" \
		timeout -k 30 "$limit" "$@" >"$dest/$name.log" 2>&1); then
		log "FAILED: $* (see $dest/$name.log); last lines:"
		tail -n 40 "$dest/$name.log" >&2
		exit 1
	fi
	log "$name done in $((SECONDS - t0)) s"
}

log "installing n8n into $dest with Node $node_version (a few minutes on a cold cache)"
run npm-install 1800 npm install --legacy-peer-deps --ignore-scripts --no-audit --no-fund --loglevel=error
# sqlite3's prebuilt binary is downloaded from GitHub, which fails offline; it then builds its
# bundled SQLite with node-gyp against the headers above.
# A binary from an earlier install that still loads on this Node is kept.
sqlite_loads() { (cd "$dest" && "$node_bin/node" -e "require('sqlite3')" >/dev/null 2>&1); }
sqlite_loads || run sqlite3-rebuild 1200 npm rebuild sqlite3 --ignore-scripts=false --foreground-scripts
sqlite_loads || { log "sqlite3 does not load"; exit 1; }

if $update_lock || [ ! -f "$src/package-lock.json" ]; then
	cp "$dest/package-lock.json" "$src/package-lock.json"
	log "wrote $src/package-lock.json: commit it"
elif ! cmp -s "$dest/package-lock.json" "$src/package-lock.json"; then
	log "WARNING: npm changed the lockfile: $src/package.json and its lockfile disagree; run $0 --update-lock $harness"
	# CI proves that the committed lockfiles install as they are.
	[ "${CI:-}" != true ] || exit 1
fi
echo "$node_bin/node" > "$dest/node-path"
stamp > "$dest/.installed"
log "installed n8n $(node -p "require('$dest/node_modules/n8n/package.json').version")"
echo "$dest"
