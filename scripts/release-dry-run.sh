#!/usr/bin/env bash
# The release path, rehearsed: runs `n8n-node release` exactly as the release workflow runs
# it on GitHub Actions (lint, build, `npm publish` with provenance), but as a dry run against
# an unreachable registry, so nothing can be published. Then checks that the tarball it
# would publish is byte for byte the one `npm pack` makes (same files, same shasum).
set -euo pipefail
cd "$(dirname "$0")/.."

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# GITHUB_ACTIONS makes n8n-node take its CI branch (lint, build, npm publish); dry-run and the
# dead registry (port 9, "discard") make sure that publish goes nowhere.
if ! GITHUB_ACTIONS=true NPM_CONFIG_DRY_RUN=true NPM_CONFIG_REGISTRY=http://127.0.0.1:9/ \
	npx n8n-node release >"$log" 2>&1; then
	cat "$log" >&2
	echo "release dry run: n8n-node release failed" >&2
	exit 1
fi
grep -q 'with tag latest and default access (dry-run)' "$log" || {
	cat "$log" >&2
	echo "release dry run: npm publish did not run as a dry run" >&2
	exit 1
}

published_files="$(sed -nE 's/^npm notice [0-9.]+[kMG]?B (.+)$/\1/p' "$log" | sort)"
published_sha="$(sed -nE 's/^npm notice shasum: +([0-9a-f]+)$/\1/p' "$log")"
pack_json="$(npm pack --dry-run --json --ignore-scripts 2>/dev/null)"
packed_files="$(node -e 'const [r] = JSON.parse(require("fs").readFileSync(0, "utf8")); for (const f of r.files) console.log(f.path)' <<<"$pack_json" | sort)"
packed_sha="$(node -e 'const [r] = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(r.shasum)' <<<"$pack_json")"

if [ -z "$published_sha" ] || [ "$published_files" != "$packed_files" ] || [ "$published_sha" != "$packed_sha" ]; then
	echo "release dry run: the release would publish something else than npm pack packs" >&2
	diff <(echo "$published_files") <(echo "$packed_files") >&2 || true
	echo "shasum: release $published_sha, npm pack $packed_sha" >&2
	exit 1
fi
echo "release dry run: lint, build and npm publish (provenance, dry run) passed;" \
	"it would publish the $(wc -l <<<"$packed_files") files of npm pack, shasum $packed_sha"
