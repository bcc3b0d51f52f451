#!/usr/bin/env bash
# npm start — a real local n8n with this package installed as a community package.
#   N8N_TARGET=2 (default: n8n 2.x on Node 24) or 1 (n8n 1.123.x on Node 22)
#   N8N_PORT=5678 (default)
#   N8N_USER_FOLDER=./.n8n-local (default; kept between runs, so your owner account and workflows stay)
# Builds and packs the package, installs the tarball the way Settings > Community Nodes does, imports the
# workflows in examples/ (inactive), then runs n8n in the foreground: Ctrl-C stops it cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${N8N_TARGET:-2}
port=${N8N_PORT:-5678}
user_folder=${N8N_USER_FOLDER:-$PWD/.n8n-local}
mkdir -p "$user_folder"
user_folder=$(cd "$user_folder" && pwd -P)

eval "$(scripts/n8n-runtime.sh "$target")"

echo "[start] building and packing the package" >&2
npm run build --silent >/dev/null
pack_dir=$(mktemp -d)
tarball=$(scripts/pack.sh "$pack_dir")
node scripts/install-community-package.js "$tarball" "$user_folder"
rm -rf "$pack_dir"

export N8N_USER_FOLDER=$user_folder N8N_PORT=$port N8N_LISTEN_ADDRESS=${N8N_LISTEN_ADDRESS:-127.0.0.1}
export N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_SECURE_COOKIE=false
export DB_TYPE=sqlite N8N_RUNNERS_BROKER_PORT=${N8N_RUNNERS_BROKER_PORT:-$((port + 1))}

shopt -s nullglob
examples=(examples/*.json)
if [ ${#examples[@]} -gt 0 ]; then
	echo "[start] importing ${#examples[@]} example workflow(s) from examples/ (inactive)" >&2
	for example in "${examples[@]}"; do
		"$NODE_BIN" "$N8N_BIN" import:workflow --input="$example" >/dev/null 2>&1 ||
			echo "[start] could not import $example (see: $NODE_BIN $N8N_BIN import:workflow --input=$example)" >&2
	done
fi

base="http://127.0.0.1:$port"
echo
echo "n8n $("$NODE_BIN" "$N8N_BIN" --version 2>/dev/null | tail -n 1) with n8n-nodes-payment-callbacks, data in $user_folder"
echo "  Editor:  $base   (first visit: create the owner account)"
node -e '
	const [base, ...files] = process.argv.slice(1);
	for (const file of files) {
		const workflow = JSON.parse(require("fs").readFileSync(file, "utf8"));
		for (const node of workflow.nodes ?? []) {
			if (!String(node.type).startsWith("n8n-nodes-payment-callbacks.") || !node.webhookId) continue;
			console.log(`  ${node.name} in "${workflow.name}": production URL ${base}/webhook/${node.webhookId}/webhook (active workflows only)`);
		}
	}
	console.log(`  Any new trigger: its Production URL is shown in the node, ${base}/webhook/<id>/webhook`);
' "$base" "${examples[@]}"
echo "  Stop with Ctrl-C."
echo
exec "$NODE_BIN" "$N8N_BIN" start
