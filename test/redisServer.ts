// A Redis server of the test's own, on a free loopback port, in a throwaway folder. Tests of the
// Redis store run against a real server (Debian's redis-server, which `.ci/run` installs), never
// a mock and never a server the test did not start.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Redis from 'ioredis';

import { freePort } from './freePort';

export { freePort };

// The test server asks for a password, as a production one should.
export const TEST_REDIS_PASSWORD = 'lead-scoring-test';

export interface TestRedis {
	port: number;
	stop(): Promise<void>;
	// Stops and starts the server on the same port and folder (persistence on).
	restart(): Promise<void>;
}

// Whether this machine has redis-server. Outside CI, tests of the Redis store skip with a note
// when it is missing; in CI (CI=true) they fail, since `.ci/run` installs it.
export function redisAvailable(): boolean {
	const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
	if (!found && process.env.CI === 'true') {
		throw new Error(
			'redis-server is missing; .ci/run installs it with apt-get install redis-server',
		);
	}
	if (!found) {
		console.warn(
			'Skipping the Redis store tests: install redis-server (apt-get install redis-server)',
		);
	}
	return found;
}

// A describe block with a Redis server of its own, started before its tests and stopped after;
// skipped (with a note) where redis-server is missing. `redis.port` is set once it runs.
export function describeWithRedis(name: string, body: (redis: { port: number }) => void): void {
	(redisAvailable() ? describe : describe.skip)(name, () => {
		const redis = { port: 0 };
		let server: TestRedis | undefined;
		beforeAll(async () => {
			server = await startRedis();
			redis.port = server.port;
		});
		afterAll(async () => {
			await server?.stop();
		});
		body(redis);
	});
}

export async function startRedis(): Promise<TestRedis> {
	const port = await freePort();
	const folder = mkdtempSync(join(tmpdir(), 'lead-scoring-redis-'));
	let server = await launch(port, folder);
	return {
		port,
		stop: async () => {
			await halt(server);
			rmSync(folder, { recursive: true, force: true });
		},
		restart: async () => {
			await halt(server);
			server = await launch(port, folder);
		},
	};
}

async function launch(port: number, folder: string): Promise<ChildProcess> {
	const server = spawn(
		'redis-server',
		[
			...['--port', String(port), '--bind', '127.0.0.1', '--dir', folder],
			...['--appendonly', 'yes', '--save', '', '--requirepass', TEST_REDIS_PASSWORD],
		],
		{ stdio: 'ignore' },
	);
	for (let attempt = 0; attempt < 100; attempt++) {
		const client = new Redis({
			port,
			host: '127.0.0.1',
			password: TEST_REDIS_PASSWORD,
			lazyConnect: true,
			retryStrategy: () => null,
		});
		client.on('error', () => undefined);
		try {
			await client.connect();
			await client.ping();
			client.disconnect();
			return server;
		} catch {
			client.disconnect();
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}
	server.kill();
	throw new Error(`redis-server did not start on 127.0.0.1:${port}`);
}

async function halt(server: ChildProcess): Promise<void> {
	if (server.exitCode !== null) return;
	const exited = new Promise((resolve) => server.once('exit', resolve));
	server.kill('SIGTERM');
	await exited;
}
