#!/usr/bin/env bash
# Prepares a real n8n 2.41.1 with this pack installed as a community package, in a fresh user
# folder, and runs a command in that environment. Used by the end-to-end suite and the benchmark.
#
#   bash scripts/n8n-with-pack.sh COMMAND [ARGS...]
#
# The command sees N8N_USER_FOLDER, n8n's offline settings, LEAD_SCORING_NODE24 (Node 24),
# LEAD_SCORING_N8N_BIN (n8n's launcher, to run as "$LEAD_SCORING_NODE24" "$LEAD_SCORING_N8N_BIN")
# and LEAD_SCORING_PACKAGE_DIR (the pack as installed).
# The user folder is removed afterwards. Builds dist/ first when it is missing.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

install_output="$(bash scripts/install-n8n.sh --paths)"
node24="$(sed -n 's/^node24=//p' <<<"$install_output")"
n8n_bin="$(sed -n 's/^n8n=//p' <<<"$install_output")"

if [ ! -d dist ]; then
	npm run build
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/lead-scoring-n8n.XXXXXX")"
trap 'rm -rf "$work"' EXIT

npm pack --silent --pack-destination "$work" >/dev/null
tarball="$(ls "$work"/n8n-nodes-lead-scoring-*.tgz)"

# What n8n 2.41's community package installer does: unpack the tarball into
# .n8n/nodes/node_modules/<name>, drop the dev, peer and optional dependencies from its
# package.json (n8n-workflow then comes from n8n itself), install the remaining dependencies
# inside the package folder with scripts off, and record the package in .n8n/nodes/package.json.
user_folder="$work/n8n-user"
nodes_dir="$user_folder/.n8n/nodes"
package_dir="$nodes_dir/node_modules/n8n-nodes-lead-scoring"
mkdir -p "$package_dir"
tar -xzf "$tarball" -C "$package_dir" --strip-components=1
node - "$package_dir/package.json" "$nodes_dir/package.json" <<'SCRIPT'
const fs = require('fs');
const [packageJsonPath, installedJsonPath] = process.argv.slice(2);
const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(
	fs.readFileSync(packageJsonPath, 'utf8'),
);
fs.writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2));
const installed = {
	name: 'installed-nodes',
	private: true,
	dependencies: { [packageJson.name]: packageJson.version },
};
fs.writeFileSync(installedJsonPath, JSON.stringify(installed, null, 2));
SCRIPT
(cd "$package_dir" && npm install --audit=false --fund=false --bin-links=false \
	--install-strategy=shallow --ignore-scripts=true --package-lock=false --prefer-offline \
	--loglevel=error >&2)

# n8n's task broker listens on loopback; a free port keeps this run clear of any other n8n here.
broker_port="$(node -e "
	const server = require('net').createServer();
	server.listen(0, '127.0.0.1', () => { console.log(server.address().port); server.close(); });
")"

export N8N_USER_FOLDER="$user_folder"
export N8N_ENCRYPTION_KEY=lead-scoring-fixed-test-key
export GENERIC_TIMEZONE=UTC
export N8N_LISTEN_ADDRESS=127.0.0.1
export N8N_RUNNERS_BROKER_PORT="$broker_port"
export N8N_DIAGNOSTICS_ENABLED=false
export N8N_VERSION_NOTIFICATIONS_ENABLED=false
export N8N_TEMPLATES_ENABLED=false
export N8N_PERSONALIZATION_ENABLED=false
export N8N_LICENSE_AUTO_RENEW_ENABLED=false
export N8N_VERIFIED_PACKAGES_ENABLED=false
export N8N_DISABLED_MODULES=mcp-registry
export LEAD_SCORING_NODE24="$node24"
export LEAD_SCORING_N8N_BIN="$n8n_bin"
# The installed package, for the command-line checks, which run it on this machine's Node.
export LEAD_SCORING_PACKAGE_DIR="$package_dir"

"$@"
