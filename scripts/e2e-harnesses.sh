#!/usr/bin/env bash
# The e2e tier (`npm run test:e2e:harnesses`, the last stage of `npm test`; CI runs it in one job
# per harness): the packed package inside real n8n servers (test/e2e/), once per harness in
# PIKA_E2E_HARNESSES (default "n8n n8n-1", the folders of tools/n8n-server/installs/: n8n 2.41.1
# on Node 24 and n8n 1.123.81 on Node 22; each harness runs n8n on its own Node). Builds first
# unless PIKA_E2E_SKIP_BUILD=1 (npm test has just built). Each n8n install is cached outside the
# repository (about 3-4 minutes cold, under a second warm). `npm run test:e2e` runs one harness
# (PIKA_E2E_HARNESS) and passes its arguments to jest.
# On n8n 2.x the tier includes the queue-mode suite (test/e2e/queue*.e2e.test.ts), which needs
# PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379; without them it fails and names the
# command that starts each (tools/n8n-server/queueServices.ts). It never skips itself.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

if [ "${PIKA_E2E_SKIP_BUILD:-}" != 1 ]; then
	step "build (n8n-node build)"
	npm run --silent build
fi

# The npm registry the suite publishes the package to, for n8n's installer (one for every harness).
step "e2e: install the local npm registry (tools/registry/install-registry.sh)"
bash tools/registry/install-registry.sh >/dev/null

e2e_rc=0
e2e_summary=""
for harness in ${PIKA_E2E_HARNESSES:-n8n n8n-1}; do
	step "e2e [$harness]: install n8n (tools/n8n-server/install-n8n.sh $harness)"
	t0=$SECONDS
	bash tools/n8n-server/install-n8n.sh "$harness" >/dev/null
	install_s=$((SECONDS - t0))

	step "e2e [$harness]: tests in a real n8n (jest -c test/e2e/jest.config.js)"
	report="$(mktemp)"
	t0=$SECONDS
	PIKA_E2E_HARNESS="$harness" PIKA_E2E_REPORT="$report" npx jest -c test/e2e/jest.config.js --ci || e2e_rc=1
	tests_s=$((SECONDS - t0))
	e2e_summary+="[$harness] install n8n (cached): ${install_s} s; tests: ${tests_s} s"$'\n'
	e2e_summary+="$(sed 's/^/    /' "$report")"$'\n'
	rm -f "$report"
done
step "e2e durations"
printf '%s' "$e2e_summary"
exit "$e2e_rc"
