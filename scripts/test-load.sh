#!/usr/bin/env bash
# npm run test:load — thousands of genuine, forged and repeated callbacks per trigger against a real
# n8n (the end-to-end suite's runtime), then exact execution counts, memory and a secret scan.
# Figures go to docs/reliability.md (LOAD_REPORT=<file> to write elsewhere).
# Target: N8N_LOAD_TARGETS="2" by default ("1" for n8n 1.123.x, "queue" for n8n 2.x queue mode with Postgres,
# Redis and two webhook processes, or a list such as "2 queue"). Sizes:
# LOAD_GENUINE (1000), LOAD_FORGED (1000), LOAD_REPEATS (300), LOAD_CONCURRENCY (20).
set -euo pipefail
cd "$(dirname "$0")/.."
export E2E_JEST_CONFIG=jest.load.config.js
export N8N_E2E_TARGETS="${N8N_LOAD_TARGETS:-2}"
exec bash scripts/test-e2e.sh "$@"
