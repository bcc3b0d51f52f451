#!/usr/bin/env bash
# npm run test:e2e — the package in a real n8n, once per target:
#   2 = n8n 2.x on Node 24 (SQLite, one process), 1 = n8n 1.123.x on Node 22 (SQLite, one process),
#   queue = n8n 2.x in queue mode (Postgres, Redis, nginx, main + 2 webhook processes + worker).
# Choose with N8N_E2E_TARGETS="2" (or "1", "queue", or any list; default "2 1 queue"). Extra arguments go to jest.
# With E2E_REPORT_DIR set, each target also writes a jest JSON report there (used by .ci/run).
# E2E_JEST_CONFIG picks another suite on the same real n8n (scripts/test-load.sh uses it).
set -euo pipefail
cd "$(dirname "$0")/.."

targets=${N8N_E2E_TARGETS:-"2 1 queue"}

echo "[test:e2e] building and packing the packages (the nodes and the simulator)" >&2
npm run build --silent >/dev/null
pack_dir=$(mktemp -d)
trap 'rm -rf "$pack_dir"' EXIT
tarball=$(scripts/pack.sh "$pack_dir")
simulator_tarball=$(scripts/pack.sh "$pack_dir" simulator)

status=0
for target in $targets; do
	echo "[test:e2e] preparing n8n target $target (a first install takes several minutes)" >&2
	# the queue target runs n8n 2.x; each end-to-end file is for one kind of target (the load test serves both)
	if [ "$target" = queue ]; then
		scripts/queue-services.sh
		runtime=$(scripts/n8n-runtime.sh 2)
		files=(--testPathIgnorePatterns 'realN8n\.e2e\.test')
	else
		runtime=$(scripts/n8n-runtime.sh "$target")
		files=(--testPathIgnorePatterns 'queueMode\.e2e\.test')
	fi
	eval "$runtime"
	report=()
	[ -n "${E2E_REPORT_DIR:-}" ] && report=(--json "--outputFile=$E2E_REPORT_DIR/e2e-target-$target.json")
	echo "[test:e2e] running the suite against $("$NODE_BIN" "$N8N_BIN" --version 2>/dev/null | tail -n 1) on Node $("$NODE_BIN" --version)" >&2
	# jest runs on n8n's own Node: the suite reads n8n's SQLite database with node:sqlite (Postgres with psql).
	N8N_TARGET=$target NODE_BIN=$NODE_BIN N8N_BIN=$N8N_BIN PACKAGE_TARBALL=$tarball SIMULATOR_TARBALL=$simulator_tarball \
		"$NODE_BIN" node_modules/jest/bin/jest.js -c "${E2E_JEST_CONFIG:-jest.e2e.config.js}" --runInBand "${files[@]}" "${report[@]}" "$@" || status=1
done
exit $status
