#!/usr/bin/env bash
# The servers of the queue-mode suite, each on a free loopback port picked at `init`: Redis (the
# job queue, and the pack's state in another database), PostgreSQL (n8n's database), one n8n main
# and two n8n workers with concurrency 10. Everything lives in $LEAD_SCORING_QUEUE_DIR: ports, pid
# files, logs and data. test/queue/run.sh calls it to set up and tear down, the tests to restart.
#
#   bash test/queue/cluster.sh init | start-redis | stop-redis | restart-redis | start-postgres |
#       start-n8n | start-workers | stop-workers | stop-all
#
# Every process is started in a session of its own and stopped by its process group, so that a
# worker's task runner goes with it; nothing is stopped that this script did not start.
set -euo pipefail

dir="${LEAD_SCORING_QUEUE_DIR:?set LEAD_SCORING_QUEUE_DIR to a temporary folder for the suite}"
script="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
workers=(1 2)
concurrency=10

log() {
	echo "[queue cluster] $*" >&2
}

pick_free_ports() {
	# All at once, each held open until every one is picked, so that no two are the same.
	node -e "
		const net = require('net');
		const count = Number(process.argv[1]);
		const servers = Array.from({ length: count }, () => net.createServer());
		Promise.all(servers.map((server) => new Promise((done) => {
			server.listen(0, '127.0.0.1', () => done(server.address().port));
		}))).then((ports) => {
			console.log(ports.join(' '));
			servers.forEach((server) => server.close());
		});
	" "$1"
}

load_ports() {
	# shellcheck source=/dev/null
	source "$dir/ports.env"
}

init() {
	# PostgreSQL runs as its own user, which must reach its data folder inside this one.
	chmod 755 "$dir"
	local ports
	read -r -a ports <<<"$(pick_free_ports 7)"
	cat >"$dir/ports.env" <<-PORTS
		redis_port=${ports[0]}
		postgres_port=${ports[1]}
		main_port=${ports[2]}
		worker_1_broker_port=${ports[3]}
		worker_1_health_port=${ports[4]}
		worker_2_broker_port=${ports[5]}
		worker_2_health_port=${ports[6]}
	PORTS
	load_ports

	# What every n8n process of the cluster shares, the command-line imports included.
	cat >"$dir/n8n.env" <<-SETTINGS
		DB_TYPE=postgresdb
		DB_POSTGRESDB_HOST=127.0.0.1
		DB_POSTGRESDB_PORT=$postgres_port
		DB_POSTGRESDB_DATABASE=n8n
		DB_POSTGRESDB_USER=postgres
		DB_POSTGRESDB_PASSWORD=
		EXECUTIONS_MODE=queue
		QUEUE_BULL_REDIS_HOST=127.0.0.1
		QUEUE_BULL_REDIS_PORT=$redis_port
		QUEUE_BULL_REDIS_DB=0
		QUEUE_BULL_REDIS_TIMEOUT_THRESHOLD=60000
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true
		N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED=1000
		N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED=1000
		N8N_PORT=$main_port
		N8N_WORKER_SERVER_ADDRESS=127.0.0.1
		LEAD_SCORING_QUEUE_REDIS_PORT=$redis_port
		LEAD_SCORING_QUEUE_MAIN_URL=http://127.0.0.1:$main_port
	SETTINGS
	# Why these settings: the Redis timeout threshold lets n8n ride out the suite's Redis restart
	# (n8n exits after 10 s without Redis by default); keeping the last 1000 jobs avoids a race
	# in n8n 2.41.1 that can leave a webhook execution marked running and its request hanging.
}

# The process is alive and not a zombie waiting for its parent to collect it.
alive() {
	local state
	state="$(ps -o stat= -p "$1" 2>/dev/null || true)"
	[ -n "$state" ] && [ "${state:0:1}" != Z ]
}

launch() {
	local name="$1"
	shift
	setsid "$@" >>"$dir/$name.log" 2>&1 </dev/null &
	echo $! >"$dir/$name.pid"
}

stop_process() {
	local name="$1" grace="$2" pid waited=0
	[ -f "$dir/$name.pid" ] || return 0
	pid="$(cat "$dir/$name.pid")"
	if alive "$pid"; then
		kill -TERM -- "-$pid" 2>/dev/null || true
		while alive "$pid" && [ "$waited" -lt "$grace" ]; do
			sleep 0.2
			waited=$((waited + 1))
		done
		if alive "$pid"; then
			log "$name did not stop in time; killing it"
			kill -KILL -- "-$pid" 2>/dev/null || true
		fi
	fi
	rm -f "$dir/$name.pid"
}

fail_start() {
	log "$1 did not start; the end of its log:"
	tail -n 40 "$dir/$1.log" >&2 || true
	exit 1
}

# Waits up to $2 seconds for the command after it to succeed; gives up early if the process
# named $1 dies.
wait_until() {
	local name="$1" seconds="$2" tries
	shift 2
	for ((tries = 0; tries < seconds * 5; tries++)); do
		if "$@" >/dev/null 2>&1; then return 0; fi
		if [ -f "$dir/$name.pid" ] && ! alive "$(cat "$dir/$name.pid")"; then fail_start "$name"; fi
		sleep 0.2
	done
	fail_start "$name"
}

redis_answers() {
	[ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping)" = PONG ]
}

start_redis() {
	load_ports
	mkdir -p "$dir/redis"
	# Persistence on: the suite restarts Redis and expects the pack's state to survive. A stop is
	# a clean shutdown, which writes the append-only file out before Redis exits.
	cat >"$dir/redis/redis.conf" <<-CONF
		bind 127.0.0.1
		port $redis_port
		protected-mode yes
		daemonize no
		dir $dir/redis
		appendonly yes
		save ""
	CONF
	launch redis redis-server "$dir/redis/redis.conf"
	wait_until redis 20 redis_answers
	log "Redis on 127.0.0.1:$redis_port"
}

stop_redis() {
	stop_process redis 100
}

postgres_bin() {
	local found
	found="$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1)"
	dirname "$found"
}

# PostgreSQL refuses to run as root; as root, it runs as Debian's postgres user.
as_postgres() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

start_postgres() {
	load_ports
	local bin data="$dir/postgres/data"
	bin="$(postgres_bin)"
	mkdir -p "$dir/postgres"
	if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir/postgres"; fi
	as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-sync \
		>>"$dir/postgres.log" 2>&1 || fail_start postgres
	# fsync off: a throwaway database, faster on a busy CI machine. The socket goes into this
	# folder, not the system's.
	as_postgres "$bin/pg_ctl" -D "$data" -l "$dir/postgres/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $postgres_port -k $dir/postgres -c fsync=off" \
		start >>"$dir/postgres.log" 2>&1 || fail_start postgres
	as_postgres "$bin/createdb" -h 127.0.0.1 -p "$postgres_port" -U postgres n8n
	log "PostgreSQL on 127.0.0.1:$postgres_port"
}

stop_postgres() {
	local data="$dir/postgres/data"
	[ -f "$data/postmaster.pid" ] || return 0
	as_postgres "$(postgres_bin)/pg_ctl" -D "$data" -m fast -w -t 60 stop \
		>>"$dir/postgres.log" 2>&1 || true
}

load_n8n_settings() {
	set -a
	# shellcheck source=/dev/null
	source "$dir/n8n.env"
	set +a
}

# Runs in the process launch started, which becomes n8n.
exec_n8n() {
	# Jest sets NODE_ENV=test, under which n8n does not load community nodes.
	exec env NODE_ENV=production "$LEAD_SCORING_NODE24" "$LEAD_SCORING_N8N_BIN" "$@"
}

start_main() {
	load_ports
	load_n8n_settings
	launch n8n-main bash "$script" main-process
	# n8n prints this once the published workflows' webhooks are registered.
	wait_until n8n-main 180 grep -q 'Editor is now accessible' "$dir/n8n-main.log"
	log "n8n main on 127.0.0.1:$main_port"
}

worker_ready() {
	curl -fsS "http://127.0.0.1:$1/healthz/readiness"
}

# Two workers on one host would share a host name, which n8n takes as their id and warns about;
# a UTS namespace of its own gives each its own name where the system allows it (root, Linux).
exec_worker() {
	local host_name="$1"
	if unshare --uts true 2>/dev/null; then
		exec unshare --uts sh -c 'hostname "$0" && exec "$@"' "$host_name" \
			bash "$script" worker-n8n-process
	fi
	exec_n8n worker "--concurrency=$concurrency"
}

start_workers() {
	load_ports
	load_n8n_settings
	local worker broker_port health_port
	for worker in "${workers[@]}"; do
		broker_port="worker_${worker}_broker_port"
		health_port="worker_${worker}_health_port"
		N8N_RUNNERS_BROKER_PORT="${!broker_port}" QUEUE_HEALTH_CHECK_ACTIVE=true \
			QUEUE_HEALTH_CHECK_PORT="${!health_port}" \
			launch "n8n-worker-$worker" bash "$script" worker-process "n8n-worker-$worker"
	done
	for worker in "${workers[@]}"; do
		health_port="worker_${worker}_health_port"
		wait_until "n8n-worker-$worker" 120 worker_ready "${!health_port}"
	done
	log "n8n workers ${workers[*]} ready (concurrency $concurrency each)"
}

stop_workers() {
	local worker
	# n8n lets a worker finish its running jobs on SIGTERM, up to its own 30 s shutdown timeout.
	for worker in "${workers[@]}"; do stop_process "n8n-worker-$worker" 200 & done
	wait
}

stop_all() {
	stop_workers
	stop_process n8n-main 200
	stop_redis
	stop_postgres
}

case "${1:-}" in
	init) init ;;
	start-redis) start_redis ;;
	stop-redis) stop_redis ;;
	restart-redis)
		stop_redis
		start_redis
		;;
	start-postgres) start_postgres ;;
	start-n8n)
		start_main
		start_workers
		;;
	start-workers) start_workers ;;
	stop-workers) stop_workers ;;
	stop-all) stop_all ;;
	# Internal: the processes launch starts, which become n8n.
	main-process) exec_n8n start ;;
	worker-process) exec_worker "$2" ;;
	worker-n8n-process) exec_n8n worker "--concurrency=$concurrency" ;;
	*)
		echo "usage: bash test/queue/cluster.sh COMMAND, with the commands listed at its top" >&2
		exit 2
		;;
esac
