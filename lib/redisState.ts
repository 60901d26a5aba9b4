// The Redis store: one state for any number of n8n processes. In queue mode several workers run
// executions of the same workflow at once; each update here reads the scope's state, lets the
// node decide, and saves the result with one script that the server runs atomically, and only
// if nothing the node read has changed since (optimistic concurrency). When something has, the
// node decides again on the new state. So two workers never hand out the same turn, and a lead
// seen by two executions at once fires its crossing once.
//
// Keys, under the credential's prefix and the workflow's id (so one Redis serves many workflows
// and many clients):
//   <base>:<scope>:shared            hash: `shared` (JSON) and `version` (bumped on each change)
//   <base>:<scope>:lead:<hashed key> one lead's entry (JSON), expiring after the retention period
//   <base>:awaiting:<execution id>   hand-offs of that execution waiting for confirmation
// where <base> is `<prefix>:wf:<workflow id>` and <scope> is scopeKey(scope).

import Redis from 'ioredis';

import { LeadScoringError } from './errors';
import { isRecord } from './fieldPath';
import {
	AWAITING_KEPT_MS,
	emptyScopeState,
	refuseUndeclaredLeads,
	scopeFromKey,
	scopeKey,
	type ScopeState,
	type StateScope,
	type StateStore,
	type UpdateOptions,
} from './state';

export interface RedisSettings {
	host: string;
	port: number;
	user: string;
	password: string;
	database: number;
	tls: boolean;
	keyPrefix: string;
}

// A connection problem, a timeout or an update that kept meeting others'. Nothing was saved.
export class StateStoreError extends LeadScoringError {}

const TIMEOUT_MS = 5000;
const MOST_ATTEMPTS = 500;

// Checks that every value the node read is still there unchanged, then writes. ARGV: the shared
// version read, the new shared JSON ('' when unchanged), the number of leads n, then per lead
// what was read ('-' absent, '=' + value) and what to write ('' unchanged, '-' delete,
// '=' + value), then the leads' time to live (ms, or 'keep' for the time they have left), the
// number of awaiting entries m, the entries and their set's time to live. KEYS: the shared
// hash, the n lead keys, the awaiting set.
const COMMIT_SCRIPT = `
local n = tonumber(ARGV[3])
if ARGV[2] ~= '' then
	local version = redis.call('HGET', KEYS[1], 'version') or '0'
	if version ~= ARGV[1] then return 0 end
end
for i = 1, n do
	local expected = ARGV[2 + 2 * i]
	local current = redis.call('GET', KEYS[1 + i])
	if expected == '-' then
		if current then return 0 end
	elseif (not current) or ('=' .. current) ~= expected then
		return 0
	end
end
local ttl = ARGV[4 + 2 * n]
for i = 1, n do
	local new = ARGV[3 + 2 * i]
	if new == '-' then
		redis.call('DEL', KEYS[1 + i])
	elseif new ~= '' then
		if ttl == 'keep' then
			redis.call('SET', KEYS[1 + i], string.sub(new, 2), 'KEEPTTL')
		else
			redis.call('SET', KEYS[1 + i], string.sub(new, 2), 'PX', ttl)
		end
	end
end
if ARGV[2] ~= '' then
	redis.call('HSET', KEYS[1], 'shared', ARGV[2])
	redis.call('HINCRBY', KEYS[1], 'version', 1)
end
local m = tonumber(ARGV[5 + 2 * n])
if m > 0 then
	for j = 1, m do
		redis.call('SADD', KEYS[2 + n], ARGV[5 + 2 * n + j])
	end
	redis.call('PEXPIRE', KEYS[2 + n], ARGV[6 + 2 * n + m])
end
return 1
`;

type CommitClient = Redis & {
	leadScoringCommit(...args: Array<string | number>): Promise<number>;
};

export class RedisStore implements StateStore {
	readonly name = 'redis';
	private readonly base: string;
	// The client reports why a connection closed (a refused password, say) as an event, and only
	// "Connection is closed" to the command; the event's reason is the one worth showing.
	private lastError: Error | undefined;

	private constructor(
		private readonly client: CommitClient,
		private readonly settings: RedisSettings,
		workflowId: string,
		private readonly executionId: string,
	) {
		this.base = `${settings.keyPrefix.trim() || 'leadScoring'}:wf:${workflowId}`;
	}

	// Connects, or fails with what went wrong and how to fix it. The client gives up rather than
	// retrying for ever: an execution waiting on an unreachable server helps no one.
	static async connect(
		settings: RedisSettings,
		workflowId: string,
		executionId: string,
	): Promise<RedisStore> {
		const client = new Redis({
			host: settings.host,
			port: settings.port,
			username: settings.user || undefined,
			password: settings.password || undefined,
			db: settings.database,
			tls: settings.tls ? { servername: settings.host } : undefined,
			lazyConnect: true,
			connectTimeout: TIMEOUT_MS,
			commandTimeout: TIMEOUT_MS,
			maxRetriesPerRequest: 0,
			enableOfflineQueue: false,
			retryStrategy: () => null,
		}) as CommitClient;
		client.defineCommand('leadScoringCommit', { lua: COMMIT_SCRIPT });
		const store = new RedisStore(client, settings, workflowId, executionId);
		// Errors reach the caller through the failed command; without a listener ioredis would
		// also print them.
		client.on('error', (error: Error) => {
			store.lastError = error;
		});
		// A connection that failed is dropped at once, so no reconnect timer outlives the attempt.
		// The database is chosen again here: the client reports a number the server does not have
		// only as an event and goes on in database 0, which may be the job queue's.
		await store
			.call(async () => {
				await client.connect();
				await client.select(settings.database);
			})
			.catch((error: unknown) => {
				client.disconnect();
				throw error;
			});
		return store;
	}

	// For the credential test: connects, pings and disconnects.
	static async check(settings: RedisSettings): Promise<void> {
		const store = await RedisStore.connect(settings, 'check', 'check');
		try {
			await store.call(() => store.client.ping());
		} finally {
			await store.close();
		}
	}

	async update<T>(
		scope: StateScope,
		leadKeys: string[],
		work: (state: ScopeState) => T,
		options: UpdateOptions,
	): Promise<T> {
		const keys = [...new Set(leadKeys)];
		for (let attempt = 1; ; attempt++) {
			const read = await this.read(scope, keys);
			// The node changes what it is given in place; the read stays as it was, to compare.
			const state = {
				...emptyScopeState(),
				...structuredClone({ shared: read.shared, leads: read.leads }),
			};
			const result = work(state);
			if (!options.save) return result;
			if (await this.commit(scope, keys, read, state, options.leadRetentionMs)) return result;
			// No pause before trying again: of the executions that met, one saved, so every round
			// makes progress, and a loopback or LAN round trip spaces the attempts anyway.
			if (attempt >= MOST_ATTEMPTS) {
				throw new StateStoreError(
					`The state of ${scope.kind} kept changing under this execution: ${MOST_ATTEMPTS} attempts to save it met other executions' changes`,
					'Nothing was saved. Run the execution again; if it recurs, lower the number of executions that run at once on this workflow',
				);
			}
		}
	}

	async scopes(): Promise<StateScope[]> {
		const found = new Map<string, StateScope>();
		for (const key of await this.keysMatching(`${globEscape(this.base)}:leadScoring:*`)) {
			const scope = this.scopeOfKey(key);
			if (scope) found.set(scopeKey(scope), scope);
		}
		return [...found.values()];
	}

	async exportScope(scope: StateScope): Promise<ScopeState> {
		const prefix = this.leadPrefix(scope);
		const leadKeys = (await this.keysMatching(`${globEscape(prefix)}*`)).map((key) =>
			key.slice(prefix.length),
		);
		const read = await this.read(scope, leadKeys);
		return { ...emptyScopeState(), shared: read.shared, leads: read.leads };
	}

	async replaceScope(
		scope: StateScope,
		state: ScopeState | null,
		leadRetentionMs: number,
	): Promise<void> {
		const old = await this.keysMatching(`${globEscape(this.leadPrefix(scope))}*`);
		const transaction = this.client.multi();
		if (old.length > 0) transaction.del(...old);
		transaction.del(this.sharedKey(scope));
		if (state !== null) {
			// A version no earlier read can hold (not 1 again), so that a run that read the state
			// before it was replaced cannot save over the replacement.
			const version = Date.now();
			transaction.hset(
				this.sharedKey(scope),
				'shared',
				JSON.stringify(state.shared),
				'version',
				version,
			);
			for (const [leadKey, entry] of Object.entries(state.leads)) {
				transaction.set(
					this.leadPrefix(scope) + leadKey,
					JSON.stringify(entry),
					'PX',
					leadRetentionMs,
				);
			}
		}
		await this.call(() => transaction.exec());
	}

	async awaitingConfirmation(
		executionId: string,
	): Promise<Array<{ scope: StateScope; leadKey: string }>> {
		const members = await this.call(() => this.client.smembers(this.awaitingKey(executionId)));
		const awaiting: Array<{ scope: StateScope; leadKey: string }> = [];
		for (const member of members) {
			const [key, leadKey] = member.split('\n');
			const scope = scopeFromKey(key);
			if (scope && leadKey) awaiting.push({ scope, leadKey });
		}
		return awaiting;
	}

	async clearAwaiting(executionId: string): Promise<void> {
		await this.call(() => this.client.del(this.awaitingKey(executionId)));
	}

	async close(): Promise<void> {
		try {
			await this.client.quit();
		} catch {
			// Already closed or never connected: nothing left to release.
			this.client.disconnect();
		}
	}

	private async read(
		scope: StateScope,
		leadKeys: string[],
	): Promise<{
		version: string;
		shared: Record<string, unknown>;
		raw: Array<string | null>;
		leads: Record<string, unknown>;
	}> {
		const [[sharedJson, version], raw] = await this.call(() =>
			Promise.all([
				this.client.hmget(this.sharedKey(scope), 'shared', 'version'),
				leadKeys.length === 0
					? Promise.resolve([] as Array<string | null>)
					: this.client.mget(...leadKeys.map((key) => this.leadPrefix(scope) + key)),
			]),
		);
		const leads: Record<string, unknown> = {};
		raw.forEach((value, index) => {
			const entry = parseJson(value);
			if (entry !== undefined) leads[leadKeys[index]] = entry;
		});
		const shared = parseJson(sharedJson);
		return {
			version: version ?? '0',
			shared: isRecord(shared) ? shared : {},
			raw,
			leads,
		};
	}

	private async commit(
		scope: StateScope,
		leadKeys: string[],
		read: { version: string; shared: Record<string, unknown>; raw: Array<string | null> },
		state: ScopeState,
		leadRetentionMs: UpdateOptions['leadRetentionMs'],
	): Promise<boolean> {
		refuseUndeclaredLeads(leadKeys, state);
		const sharedJson = JSON.stringify(state.shared);
		const sharedChanged = sharedJson !== JSON.stringify(read.shared);
		const leadArgs: string[] = [];
		leadKeys.forEach((key, index) => {
			const before = read.raw[index];
			const after = state.leads[key];
			leadArgs.push(before === null ? '-' : `=${before}`);
			if (after === undefined) leadArgs.push(before === null ? '' : '-');
			else {
				const json = JSON.stringify(after);
				leadArgs.push(json === before ? '' : `=${json}`);
			}
		});
		const awaiting = [...new Set(state.awaitingConfirmation)].map(
			(key) => `${scopeKey(scope)}\n${key}`,
		);
		const nothingToWrite =
			!sharedChanged &&
			awaiting.length === 0 &&
			leadArgs.every((arg, i) => i % 2 === 0 || arg === '');
		if (nothingToWrite) return true;

		const keys = [
			this.sharedKey(scope),
			...leadKeys.map((key) => this.leadPrefix(scope) + key),
			this.awaitingKey(this.executionId),
		];
		const args = [
			read.version,
			sharedChanged ? sharedJson : '',
			String(leadKeys.length),
			...leadArgs,
			leadRetentionMs === 'keep' ? 'keep' : String(Math.max(1, Math.round(leadRetentionMs))),
			String(awaiting.length),
			...awaiting,
			String(AWAITING_KEPT_MS),
		];
		const saved = await this.call(() =>
			this.client.leadScoringCommit(keys.length, ...keys, ...args),
		);
		return saved === 1;
	}

	private async keysMatching(pattern: string): Promise<string[]> {
		const keys: string[] = [];
		let cursor = '0';
		do {
			const [next, batch] = await this.call(() =>
				this.client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000),
			);
			keys.push(...batch);
			cursor = next;
		} while (cursor !== '0');
		return keys;
	}

	private scopeOfKey(key: string): StateScope | null {
		const local = key.slice(this.base.length + 1);
		const lead = /^(.*):lead:[A-Za-z0-9_-]+$/.exec(local);
		const shared = /^(.*):shared$/.exec(local);
		const scoped = lead?.[1] ?? shared?.[1];
		return scoped === undefined ? null : scopeFromKey(scoped);
	}

	private sharedKey(scope: StateScope): string {
		return `${this.base}:${scopeKey(scope)}:shared`;
	}

	private leadPrefix(scope: StateScope): string {
		return `${this.base}:${scopeKey(scope)}:lead:`;
	}

	private awaitingKey(executionId: string): string {
		return `${this.base}:awaiting:${executionId}`;
	}

	// Every call to the server goes through here, so that a refused connection or a timeout
	// reads the same wherever it happens.
	private async call<T>(request: () => Promise<T>): Promise<T> {
		try {
			return await request();
		} catch (error) {
			// The event's reason is the more telling one when the connection closed or the password
			// was refused (the command then only says that authentication is required).
			const vague = error instanceof Error && /Connection is closed|NOAUTH/i.test(error.message);
			throw connectionError(this.settings, vague ? (this.lastError ?? error) : error);
		}
	}
}

// n8n replaces a message holding a system error code with a generic one ("The service refused the
// connection"), which would hide the host and port; the codes are said in words instead.
const SYSTEM_ERRORS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ETIMEDOUT: 'timed out',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host name lookup failed',
	EHOSTUNREACH: 'host unreachable',
};

function connectionError(settings: RedisSettings, error: unknown): StateStoreError {
	const reason = (error instanceof Error ? error.message : String(error))
		.replace(/^Error: /, '')
		.replace(
			/(connect |getaddrinfo )?\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH)\b( \S+)?/g,
			// The address after the code is said once already, unless it is another one (the address
			// a host name was resolved to).
			(_match, _verb: string, code: string, address = '') =>
				[settings.host, `${settings.host}:${settings.port}`].includes(address.trim())
					? SYSTEM_ERRORS[code]
					: `${SYSTEM_ERRORS[code]}${address}`,
		);
	const where = `${settings.host}:${settings.port} (database ${settings.database})`;
	if (/DB index is out of range/i.test(reason)) {
		return new StateStoreError(
			`The Redis server at ${settings.host}:${settings.port} has no database ${settings.database}: ${reason}`,
			"Set Database Number in the Lead Scoring Redis credential to one the server has (0 to 15 unless its 'databases' setting says more); nothing was saved",
		);
	}
	if (/NOAUTH|WRONGPASS|invalid password|invalid username/i.test(reason)) {
		return new StateStoreError(
			`The Redis server at ${where} refused the user or password: ${reason}`,
			'Check User and Password in the Lead Scoring Redis credential; nothing was saved',
		);
	}
	return new StateStoreError(
		`Could not use the Redis server at ${where}: ${reason}`,
		'Check that the server is running and that Host, Port, Database and SSL/TLS in the Lead Scoring Redis credential are right; nothing was saved, so the execution can be run again',
	);
}

function parseJson(value: string | null | undefined): unknown {
	if (value === null || value === undefined) return undefined;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		// An entry something else wrote: read as no entry, as the workflow store does.
		return undefined;
	}
}

function globEscape(text: string): string {
	return text.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
}
