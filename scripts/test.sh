#!/usr/bin/env bash
# The test command (`npm test`): the project's test tiers in order, each an npm script of its own
# that CI (.github/workflows/ci.yml) runs as a job:
#   checks   npm run test:checks         build, strict lint, format, actionlint, n8n's scanner lint
#   unit     npm run test:unit           every test outside test/e2e and test/package; no build
#   package  npm run test:package        test/package: package.json, dist/, the npm pack tarball,
#                                        the workflows (after the build of the checks)
#   e2e      npm run test:e2e:harnesses  the packed package in real n8n 2.x and 1.x
# The unit and package tiers run once, on Node 24 (n8n 2.x's runtime, from scripts/ensure-node.sh),
# and so does the e2e tier's jest; each harness runs n8n on its own Node (24 for 2.x, 22 for 1.x).
# Each stage's duration is printed at the end, also when a stage fails.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

durations=""
t_start=$SECONDS
print_durations() {
	printf '\n== stage durations\n%s' "$durations"
	printf '%-48s %5d s\n' "npm test" $((SECONDS - t_start))
}
trap print_durations EXIT

# stage NAME CMD...: runs CMD, records how long it took; a failing stage ends the run.
stage() {
	local name="$1" t0=$SECONDS rc=0
	shift
	step "$name"
	"$@" || rc=$?
	durations+="$(printf '%-48s %5d s' "$name" $((SECONDS - t0)))"
	[ "$rc" = 0 ] || durations+=" (failed)"
	durations+=$'\n'
	return "$rc"
}

stage "checks (npm run test:checks)" npm run --silent test:checks

# test/globalSetup.ts fails a jest stage, before any test, if the Node jest runs on is not
# PIKA_EXPECT_NODE_MAJOR (a missing or wrong binary on PATH included).
node24_bin="$(scripts/ensure-node.sh 24)"
on_node24() { PATH="$node24_bin:$PATH" "$@"; }
stage "unit tier on Node 24 (npm run test:unit)" \
	on_node24 env PIKA_EXPECT_NODE_MAJOR=24 npm run --silent test:unit -- --ci
stage "package tier on Node 24 (npm run test:package)" \
	on_node24 env PIKA_EXPECT_NODE_MAJOR=24 npm run --silent test:package -- --ci

# PIKA_E2E_HARNESSES picks the n8n installs (default "n8n n8n-1"); PIKA_SKIP_E2E=1 skips the
# tier on a developer machine. CI runs it all.
if [ "${PIKA_SKIP_E2E:-}" = 1 ]; then
	step "e2e skipped (PIKA_SKIP_E2E=1)"
	exit 0
fi
stage "e2e tier (npm run test:e2e:harnesses)" \
	on_node24 env PIKA_E2E_SKIP_BUILD=1 npm run --silent test:e2e:harnesses
