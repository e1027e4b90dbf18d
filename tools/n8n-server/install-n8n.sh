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
# Cache folder, locking, reuse and the lockfile check: tools/pinned-install.sh.
#
# Why it is done this way (see the README, "Testing in a real n8n"):
# - `--ignore-scripts`, then only `npm rebuild sqlite3`: other install scripts download binaries
#   from outside the npm registry and fail offline (npm then rolls the whole install back).
set -euo pipefail

update_lock=""
if [ "${1:-}" = "--update-lock" ]; then update_lock=--update-lock; shift; fi
harness="${1:-n8n}"

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=../pinned-install.sh
source "$here/../pinned-install.sh"
pin_begin install-n8n "$here/installs/$harness" "e2e-$harness" node_modules/.bin/n8n $update_lock
dest="$pin_dest"
node_bin="$pin_node_bin"

# Headers of that Node for node-gyp (the user's npmrc may point nodedir at the system Node).
pin_nodedir=""
for d in "$node_bin"/../node_modules/node-*/; do
	[ -f "$d/include/node/node.h" ] && pin_nodedir="$(cd "$d" && pwd)" && break
done
[ -n "$pin_nodedir" ] || { pin_log "no Node headers next to $node_bin"; exit 1; }

pin_log "installing n8n into $dest with Node $pin_node_version (a few minutes on a cold cache)"
pin_run npm-install 1800 npm install --legacy-peer-deps --ignore-scripts --no-audit --no-fund --loglevel=error
# sqlite3's prebuilt binary is downloaded from GitHub, which fails offline; it then builds its
# bundled SQLite with node-gyp against the headers above.
# A binary from an earlier install that still loads on this Node is kept.
sqlite_loads() { (cd "$dest" && "$node_bin/node" -e "require('sqlite3')" >/dev/null 2>&1); }
sqlite_loads || pin_run sqlite3-rebuild 1200 npm rebuild sqlite3 --ignore-scripts=false --foreground-scripts
sqlite_loads || { pin_log "sqlite3 does not load"; exit 1; }

pin_finish
pin_log "installed n8n $(node -p "require('$dest/node_modules/n8n/package.json').version")"
echo "$dest"
