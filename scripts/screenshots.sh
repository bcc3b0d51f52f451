#!/usr/bin/env bash
# npm run screenshots — README images from the real n8n editor (n8n 2.x), in headless Chromium:
#   docs/images/<provider>-trigger.png   each trigger's parameter panel, a fake credential chosen
#   docs/images/example-<name>.png       each workflow of examples/*.json on the canvas
# n8n runs only for the duration, in a temporary user folder on free ports; everything is removed at the end.
# Needs Chromium (/usr/bin/chromium, or CHROMIUM_BIN); as root it is installed with apt when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[screenshots] $*" >&2; }

export CHROMIUM_BIN=${CHROMIUM_BIN:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM_BIN" ]; then
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
		log "installing Chromium (apt-get install -y chromium)"
		apt-get install -y chromium >/dev/null || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
	else
		echo "[screenshots] Chromium is missing: install it (sudo apt-get install -y chromium) or set CHROMIUM_BIN" >&2
		exit 1
	fi
fi

eval "$(scripts/n8n-runtime.sh 2)"
started=$SECONDS

work=$(mktemp -d "${TMPDIR:-/tmp}/n8n-screenshots.XXXXXX")
n8n_pid=
# running and not a zombie (an exited child stays one until waited for, and kill -0 still succeeds)
alive() { [ -r "/proc/$1/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status"; }
stop_n8n() {
	[ -n "$n8n_pid" ] || return 0
	if alive "$n8n_pid"; then
		log "stopping n8n"
		# n8n runs in its own process group (setsid below), so its task runner stops with it
		kill -TERM -- "-$n8n_pid" 2>/dev/null || true
		for _ in $(seq 60); do alive "$n8n_pid" || break; sleep 0.5; done
		kill -KILL -- "-$n8n_pid" 2>/dev/null || true
	fi
	wait "$n8n_pid" 2>/dev/null || true
	n8n_pid=
}
cleanup() {
	stop_n8n
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "building and packing the package"
npm run build --silent >/dev/null
tarball=$(scripts/pack.sh "$work")
user_folder="$work/user"
node scripts/install-community-package.js "$tarball" "$user_folder" >/dev/null

# Two free loopback ports: the editor and the task runners' broker (5678 may be somebody else's n8n).
read -r port broker_port < <(node -e '
	const net = require("net");
	const free = () => new Promise((resolve) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); }); });
	Promise.all([free(), free()]).then((ports) => console.log(ports.join(" ")));')
base="http://127.0.0.1:$port"

# HOME too: n8n and its task runner write caches there. WEBHOOK_URL: the trigger panel shows URLs as a
# real deployment would, not 127.0.0.1:<random port>.
n8n_env=(env HOME="$user_folder" N8N_USER_FOLDER="$user_folder" N8N_PORT="$port" N8N_LISTEN_ADDRESS=127.0.0.1
	N8N_HOST=127.0.0.1 N8N_RUNNERS_BROKER_PORT="$broker_port" N8N_ENCRYPTION_KEY=screenshots-only-encryption-key
	N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_TEMPLATES_ENABLED=false
	N8N_PERSONALIZATION_ENABLED=false N8N_SECURE_COOKIE=false N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false
	DB_TYPE=sqlite WEBHOOK_URL=https://n8n.example.com/ "$NODE_BIN" "$N8N_BIN")

node scripts/screenshots.js prepare "$work"
log "importing credentials (fake values) and workflows into a fresh n8n"
"${n8n_env[@]}" import:credentials --input="$work/credentials.json" >>"$work/n8n.log" 2>&1
"${n8n_env[@]}" import:workflow --input="$work/workflows.json" >>"$work/n8n.log" 2>&1

log "starting n8n $("$NODE_BIN" "$N8N_BIN" --version 2>/dev/null | tail -n 1) on $base"
# its own process group (no job control here, so setsid execs in place: $! is n8n's pid and group)
setsid "${n8n_env[@]}" start >>"$work/n8n.log" 2>&1 &
n8n_pid=$!
# /healthz answers during database migrations already; readiness waits for them
ready=
for _ in $(seq 180); do
	alive "$n8n_pid" || break
	if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$base/healthz/readiness"; then
		ready=1
		break
	fi
	sleep 1
done
[ -n "$ready" ] || { tail -n 40 "$work/n8n.log" >&2; log "n8n did not become ready (log above)"; exit 1; }

status=0
log "taking screenshots in headless Chromium"
node scripts/screenshots.js shoot "$base" "$work" docs/images || status=$?
if [ "$status" -ne 0 ]; then tail -n 20 "$work/n8n.log" >&2; fi
stop_n8n

echo "[screenshots] done in $((SECONDS - started)) s; files written:"
sed 's/^/  /' "$work/written.txt" 2>/dev/null || true
exit "$status"
