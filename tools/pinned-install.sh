# Shared by the installers of the pinned tools the e2e tests run (tools/n8n-server/install-n8n.sh,
# tools/registry/install-registry.sh); sourced, not run. Each tool is a folder holding a
# package.json (exact versions, `engines.node` naming the Node major it runs on) and its committed
# package-lock.json, installed with `npm install` into the project cache outside the package:
# ${PIKA_CACHE_DIR:-~/.cache/n8n-nodes-useapi-pika}/<name>. A second run reuses the install when
# package.json, lockfile and Node version are unchanged.
#
#   pin_begin LOGNAME SRC DESTNAME CHECK [--update-lock]
#       takes the folder's lock (a second installer waits, then reuses), picks the Node, and
#       exits printing the folder when the install can be reused (CHECK: a file it must hold)
#   pin_run LOGNAME TIMEOUT_S CMD...     runs CMD in the folder with that Node first on PATH
#   pin_finish                           lockfile back into the repository or compared, stamp
#
# `npm install`, not `npm ci`: the registry lacks some platform packages of other OSes, so the
# lockfiles omit them and `npm ci` calls them out of sync; `npm install` with the lockfile present
# installs exactly the locked tree.

pin_log() { printf '%s: %s\n' "$pin_name" "$*" >&2; }

pin_begin() {
	pin_name="$1" pin_src="$2" pin_check="$4" pin_update_lock=false
	[ "${5:-}" = --update-lock ] && pin_update_lock=true
	[ -f "$pin_src/package.json" ] || { pin_log "no $pin_src/package.json"; exit 2; }
	local repo cache major
	repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
	cache="${PIKA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-useapi-pika}"
	pin_dest="$cache/$3"
	# One installer per folder at a time (the tests, the demo and the benchmarks may start
	# together): a second one waits here, then finds the install done and reuses it.
	mkdir -p "$cache"
	exec 9>"$cache/.$3.lock"
	flock 9
	# The Node of this tool, from its `engines.node`; ensure-node.sh checks the major it yields.
	major="$(node -p "String(require('$pin_src/package.json').engines.node).match(/\\d+/)[0]")"
	pin_node_bin="$(bash "$repo/scripts/ensure-node.sh" "$major")"
	pin_node_version="$("$pin_node_bin/node" --version)"
	if ! $pin_update_lock && [ -f "$pin_src/package-lock.json" ] && [ -f "$pin_dest/.installed" ] &&
		[ "$(cat "$pin_dest/.installed")" = "$(pin_stamp)" ] && [ -e "$pin_dest/$pin_check" ]; then
		pin_log "reusing $pin_dest (Node $pin_node_version)"
		echo "$pin_dest"
		exit 0
	fi
	mkdir -p "$pin_dest"
	rm -f "$pin_dest/.installed"
	cp "$pin_src/package.json" "$pin_dest/package.json"
	if [ -f "$pin_src/package-lock.json" ]; then
		# With --update-lock, npm starts from the committed lockfile and changes only what
		# package.json changed; delete the committed lockfile to resolve everything afresh.
		cp "$pin_src/package-lock.json" "$pin_dest/package-lock.json"
	else
		rm -f "$pin_dest/package-lock.json"
		pin_log "no lockfile to follow: resolving afresh"
	fi
}

pin_stamp() { cat "$pin_src/package.json" "$pin_src/package-lock.json" 2>/dev/null | sha256sum | cut -c1-16; echo "$pin_node_version"; }

# Output to a log file in the folder, its tail on failure. npm_config_nodedir is passed on when
# the caller set pin_nodedir (headers for node-gyp).
pin_run() {
	local name="$1" limit="$2"; shift 2
	local t0=$SECONDS
	if ! (cd "$pin_dest" && env PATH="$pin_node_bin:$PATH" ${pin_nodedir:+"npm_config_nodedir=$pin_nodedir"} \
		timeout -k 30 "$limit" "$@" >"$pin_dest/$name.log" 2>&1); then
		pin_log "FAILED: $* (see $pin_dest/$name.log); last lines:"
		tail -n 40 "$pin_dest/$name.log" >&2
		exit 1
	fi
	pin_log "$name done in $((SECONDS - t0)) s"
}

pin_finish() {
	if $pin_update_lock || [ ! -f "$pin_src/package-lock.json" ]; then
		cp "$pin_dest/package-lock.json" "$pin_src/package-lock.json"
		pin_log "wrote $pin_src/package-lock.json: commit it"
	elif ! cmp -s "$pin_dest/package-lock.json" "$pin_src/package-lock.json"; then
		pin_log "WARNING: npm changed the lockfile: $pin_src/package.json and its lockfile disagree; run with --update-lock"
		# CI proves that the committed lockfiles install as they are.
		[ "${CI:-}" != true ] || exit 1
	fi
	echo "$pin_node_bin/node" > "$pin_dest/node-path"
	pin_stamp > "$pin_dest/.installed"
}
