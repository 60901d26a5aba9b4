#!/usr/bin/env bash
# The queue-mode suite: a real n8n 2.41.1 in queue mode, one main and two workers with
# concurrency 10, on Redis and PostgreSQL from Debian's packages, all started here on free
# loopback ports and stopped on exit, failed or not. The jest project "queue" then publishes the
# webhook workflow of this folder (once per state store) and posts leads to it concurrently.
# Extra arguments go to jest (e.g. -t 'Redis store').
#
# LEAD_SCORING_QUEUE_REDIS=on|off runs or skips the Redis-store half; by default it runs when
# the nodes have a State Store parameter.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if [ "${1:-}" != --inside ]; then
	bash test/queue/install-servers.sh
	exec bash scripts/n8n-with-pack.sh bash test/queue/run.sh --inside "$@"
fi
shift

LEAD_SCORING_QUEUE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/lead-scoring-queue.XXXXXX")"
export LEAD_SCORING_QUEUE_DIR

finish() {
	local status=$?
	trap - EXIT INT TERM
	bash test/queue/cluster.sh stop-all || true
	if [ "$status" -ne 0 ]; then
		for log in "$LEAD_SCORING_QUEUE_DIR"/n8n-*.log; do
			[ -f "$log" ] || continue
			echo "== end of $(basename "$log")" >&2
			tail -n 30 "$log" >&2
		done
	fi
	if [ -f "$LEAD_SCORING_QUEUE_DIR/spreads.txt" ]; then
		echo "== leads per rep, as measured"
		cat "$LEAD_SCORING_QUEUE_DIR/spreads.txt"
	fi
	rm -rf "$LEAD_SCORING_QUEUE_DIR"
	exit "$status"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash test/queue/cluster.sh init
bash test/queue/cluster.sh start-redis
bash test/queue/cluster.sh start-postgres
set -a
# shellcheck source=/dev/null
source "$LEAD_SCORING_QUEUE_DIR/n8n.env"
set +a

npx jest --selectProjects queue --runInBand "$@"
