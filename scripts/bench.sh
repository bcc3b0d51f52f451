#!/usr/bin/env bash
# npm run bench — the micro benchmark, then the macro and memory benchmarks in one real n8n 2.x (the
# end-to-end suite's cached runtime). Prints the figures and writes docs/benchmarks.md.
# Sizes: BENCH_REQUESTS (2000 per variant), BENCH_ROUNDS (8), BENCH_CONCURRENCY (16), BENCH_WARMUP (200),
# BENCH_MEMORY_CALLBACKS (10000); BENCH_REPORT=<file> writes the report elsewhere.
# BENCH_MODE=cpu (npm run bench:cpu) measures n8n's CPU per request instead (test/bench/cpu.ts);
# BENCH_MODE=levers (npm run bench:levers) the n8n settings a high-volume user can change (test/bench/levers.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "[bench] building and packing the package" >&2
npm run build --silent >/dev/null
pack_dir=$(mktemp -d)
trap 'rm -rf "$pack_dir"' EXIT
tarball=$(scripts/pack.sh "$pack_dir")
# the floor the triggers are measured against: a bare community trigger, its own tiny package
floor_tarball=$(scripts/pack.sh "$pack_dir" test/bench/floor)

# compiled with the package's own compiler settings, so the micro benchmark measures what n8n runs
rm -rf .bench-build
npx tsc -p tsconfig.bench.json

target=${N8N_BENCH_TARGET:-2}
eval "$(scripts/n8n-runtime.sh "$target")"
N8N_TARGET=$target NODE_BIN=$NODE_BIN N8N_BIN=$N8N_BIN PACKAGE_TARBALL=$tarball FLOOR_PACKAGE_TARBALL=$floor_tarball BENCH_REPORT=${BENCH_REPORT:-$PWD/docs/benchmarks.md} \
	"$NODE_BIN" ".bench-build/test/bench/${BENCH_MODE:-run}.js"
