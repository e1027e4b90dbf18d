#!/usr/bin/env bash
# `npm run test:e2e`: build the package, install the pinned n8n and the local npm registry
# (cached), run the e2e suite.
# Extra arguments go to jest (e.g. `npm run test:e2e -- -t retry`). PIKA_E2E_KEEP=1 keeps the
# n8n user folders and logs; PIKA_E2E_HARNESS picks another harness folder (see install-n8n.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "${PIKA_E2E_SKIP_BUILD:-}" = 1 ] || npm run --silent build
bash tools/n8n-server/install-n8n.sh "${PIKA_E2E_HARNESS:-n8n}" >/dev/null
bash tools/registry/install-registry.sh >/dev/null
exec npx jest -c test/e2e/jest.config.js --ci "$@"
