#!/usr/bin/env bash
# npm run bench:ab -- <git revision> — this working tree's package against the package at another
# revision, side by side in one real n8n 2.x (test/bench/ab.ts): valid and forged callbacks of every
# trigger, interleaved rounds, requests per second and their ratio. Prints a Markdown table.
# Sizes: BENCH_REQUESTS (300 per round), BENCH_ROUNDS (3), BENCH_CONCURRENCY (16); N8N_BENCH_TARGET=1 for n8n 1.123.x.
set -euo pipefail
cd "$(dirname "$0")/.."
revision=${1:?usage: npm run bench:ab -- <git revision>}
here=$PWD

work=$(mktemp -d)
cleanup() {
	git worktree remove --force "$work/tree" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

echo "[bench:ab] building and packing this tree" >&2
npm run build --silent >/dev/null
tarball=$(scripts/pack.sh "$work")

echo "[bench:ab] building and packing $revision as <package>-ab" >&2
git worktree add --detach "$work/tree" "$revision" >/dev/null 2>&1
(
	cd "$work/tree"
	ln -s "$here/node_modules" node_modules
	npm run build --silent >/dev/null
	node -e 'const fs = require("fs"); const p = JSON.parse(fs.readFileSync("package.json", "utf8")); p.name += "-ab"; fs.writeFileSync("package.json", JSON.stringify(p, null, 2));'
	mkdir "$work/other"
	npm pack --silent --ignore-scripts --pack-destination "$work/other" >/dev/null
)
other_tarball=$(ls "$work"/other/*.tgz)

rm -rf .bench-build
npx tsc -p tsconfig.bench.json

target=${N8N_BENCH_TARGET:-2}
eval "$(scripts/n8n-runtime.sh "$target")"
N8N_TARGET=$target NODE_BIN=$NODE_BIN N8N_BIN=$N8N_BIN PACKAGE_TARBALL=$tarball OTHER_PACKAGE_TARBALL=$other_tarball \
	OTHER_REVISION="$(git rev-parse --short "$revision")" "$NODE_BIN" .bench-build/test/bench/ab.js
