#!/usr/bin/env bash
# Installs the npm registry the end-to-end tests publish the package to (verdaccio, pinned in
# tools/registry/package.json and its lockfile) into the project cache, and prints that folder.
#
#   tools/registry/install-registry.sh [--update-lock]
#
# Cache folder, locking, reuse and the lockfile check: tools/pinned-install.sh. Install scripts
# stay off: verdaccio needs none, and the project's .npmrc turns them off anyway.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=../pinned-install.sh
source "$here/../pinned-install.sh"
case "${1:-}" in "" | --update-lock) ;; *) echo "usage: $0 [--update-lock]" >&2; exit 2 ;; esac
pin_begin install-registry "$here" e2e-registry node_modules/verdaccio/bin/verdaccio "${1:-}"
pin_log "installing verdaccio into $pin_dest with Node $pin_node_version"
pin_run npm-install 600 npm install --ignore-scripts --no-audit --no-fund --loglevel=error
pin_finish
pin_log "installed verdaccio $(node -p "require('$pin_dest/node_modules/verdaccio/package.json').version")"
echo "$pin_dest"
