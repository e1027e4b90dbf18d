#!/usr/bin/env bash
# n8n's verification scanner (`npx @n8n/scan-community-package <package>`) lints two things with
# its own ESLint config (inline eslint-disable comments ignored): the source files at the commit
# the npm provenance names, and the published tarball. The real scan needs the version on npm;
# this runs the same two lint legs here, with the scanner's own code, on the working tree and on
# the tarball `npm pack` makes (run `npm run build` first).
set -euo pipefail
cd "$(dirname "$0")/.."
SCANNER=@n8n/scan-community-package@0.32.0 # the release workflow scans with the same version

[ -f dist/nodes/Pika/Pika.node.js ] || { echo "scan: dist/ is missing, run npm run build first" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
npm pack --ignore-scripts --pack-destination "$work" --silent >/dev/null
mkdir "$work/tarball"
tar xzf "$work"/*.tgz -C "$work/tarball"

# The scanner wants Node >= 24 (n8n 2.x's runtime).
node24_bin="$(scripts/ensure-node.sh 24)"
export SCAN_SOURCE="$PWD" SCAN_TARBALL="$work/tarball/package"
PATH="$node24_bin:$PATH" npm exec --yes --package="$SCANNER" -c '
	scanner="$(dirname "$(realpath "$(command -v scan-community-package)")")/scanner.mjs"
	SCANNER_MODULE="$scanner" node --input-type=module -e "
		const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(process.env.SCANNER_MODULE);
		let failed = false;
		for (const [leg, dir, patterns] of [
			[\"source\", process.env.SCAN_SOURCE, SOURCE_FILE_PATTERNS],
			[\"tarball\", process.env.SCAN_TARBALL, undefined],
		]) {
			const result = await analyzePackage(dir, patterns);
			console.log(\"scan \" + leg + \": \" + (result.passed ? \"passed\" : \"FAILED: \" + result.message));
			if (result.details) console.log(result.details);
			failed ||= !result.passed;
		}
		process.exit(failed ? 1 : 0);
	"
'
