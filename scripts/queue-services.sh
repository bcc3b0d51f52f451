#!/usr/bin/env bash
# Makes sure the services n8n's queue mode needs are installed from Debian's packages: Postgres (the
# database), Redis (the job queue) and nginx (the load balancer). The suite starts its own instances
# on loopback (test/e2e/loopbackServices.ts); nothing here starts or configures a system service.
# Installing needs root (as CI runs); otherwise it says what to install.
set -euo pipefail

missing=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "[queue-services] missing: ${missing[*]}; install them (sudo apt-get install ${missing[*]}) and run again" >&2
	exit 1
fi
echo "[queue-services] installing ${missing[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
