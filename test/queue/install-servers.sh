#!/usr/bin/env bash
# Installs what the queue-mode suite runs besides n8n: Redis and PostgreSQL from Debian's packages,
# once per machine (root, apt-get). Only the programs are wanted: the suite starts its own servers
# on free loopback ports, so the packages' own services must not start on the default ports.
set -euo pipefail

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "The queue-mode suite needs ${missing[*]}: install them as root (apt-get install" \
		"${missing[*]}) or run this script as root." >&2
	exit 1
fi

# Debian starts a package's service when it is installed unless /usr/sbin/policy-rc.d says no
# (exit 101). Container images often have one already; otherwise one is put there for the
# install only. Where the image has no init system, nothing would start anyway.
policy=/usr/sbin/policy-rc.d
own_policy=false
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod +x "$policy"
	own_policy=true
fi
remove_policy() {
	if [ "$own_policy" = true ]; then rm -f "$policy"; fi
}
trap remove_policy EXIT

echo "Installing ${missing[*]} from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2

# On a machine with systemd, the services just installed are stopped (should one have started
# all the same) and kept from starting at boot. Services that were there before are left alone.
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
	for service in "${missing[@]}"; do
		systemctl disable --now "$service" >/dev/null 2>&1 || true
	done
fi
