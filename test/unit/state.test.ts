import Redis from 'ioredis';

import { RedisStore, StateStoreError, type RedisSettings } from '../../lib/redisState';
import {
	emptyScopeState,
	hashLeadKey,
	LeadKeyHashes,
	scopeFromKey,
	scopeKey,
	WorkflowStore,
	type ScopeState,
	type StateScope,
	type StateStore,
} from '../../lib/state';
import { describeWithRedis, freePort, TEST_REDIS_PASSWORD } from '../redisServer';

const scope: StateScope = { kind: 'thresholdRouter', nodeId: 'node-1', namespace: '' };
const rotationScope: StateScope = { kind: 'assignRep', nodeId: 'node-2', namespace: 'client-a' };
const SAVE = { save: true, leadRetentionMs: 60_000 };

describe('state scopes', () => {
	test('state sits under the node id and namespace, so renaming the node keeps it', () => {
		expect(scopeKey(scope)).toBe('leadScoring:thresholdRouter:node-1:default');
		expect(scopeKey({ ...scope, namespace: ' client-a ' })).toBe(
			'leadScoring:thresholdRouter:node-1:client-a',
		);
		expect(scopeFromKey('leadScoring:assignRep:node-2:client:a')).toEqual({
			kind: 'assignRep',
			nodeId: 'node-2',
			namespace: 'client:a',
		});
		expect(scopeFromKey('somethingElse')).toBeNull();
	});

	test('lead keys are stored hashed, differently per node', () => {
		const hash = hashLeadKey(scope, 'ana@example.com');
		expect(hash).toHaveLength(22);
		expect(hash).not.toContain('ana');
		expect(hashLeadKey(scope, 'ana@example.com')).toBe(hash);
		expect(hashLeadKey({ ...scope, nodeId: 'node-2' }, 'ana@example.com')).not.toBe(hash);
		expect(new LeadKeyHashes(scope).of('ana@example.com')).toBe(hash);
	});
});

// What both stores promise: the nodes do not know which one they use.
function behavesAsAStore(name: string, open: () => Promise<StateStore>) {
	describe(`${name} store`, () => {
		let store: StateStore;
		beforeEach(async () => {
			store = await open();
		});
		afterEach(async () => {
			await store.close();
		});

		test('an update saves the shared part and the leads it changed', async () => {
			await store.update(
				rotationScope,
				['a', 'b'],
				(state) => {
					state.shared.turns = 2;
					state.leads.a = { rep: 'ana', at: 1 };
					state.leads.b = { rep: 'ben', at: 2 };
				},
				SAVE,
			);
			const seen = await store.update(rotationScope, ['a'], (state) => ({ ...state }), SAVE);
			expect(seen.shared).toEqual({ turns: 2 });
			expect(seen.leads.a).toEqual({ rep: 'ana', at: 1 });
			expect((await store.exportScope(rotationScope)).leads).toEqual({
				a: { rep: 'ana', at: 1 },
				b: { rep: 'ben', at: 2 },
			});
		});

		test('an update that does not save (an editor test run) changes nothing', async () => {
			const result = await store.update(
				scope,
				['x'],
				(state) => {
					state.leads.x = { band: 'SQL', seenAt: 1 };
					return 'routed';
				},
				{ ...SAVE, save: false },
			);
			expect(result).toBe('routed');
			expect(await store.scopes()).toEqual([]);
		});

		test('deleting a lead in an update removes its entry', async () => {
			await store.update(
				scope,
				['x', 'y'],
				(state) => {
					state.leads.x = { band: 'SQL', seenAt: 1 };
					state.leads.y = { band: 'MQL', seenAt: 1 };
				},
				SAVE,
			);
			await store.update(
				scope,
				['x'],
				(state) => {
					delete state.leads.x;
				},
				SAVE,
			);
			expect((await store.exportScope(scope)).leads).toEqual({ y: { band: 'MQL', seenAt: 1 } });
		});

		test('scopes are listed, exported, replaced and removed', async () => {
			await store.update(
				scope,
				['x'],
				(state) => {
					state.leads.x = { band: 'SQL', seenAt: 1 };
				},
				SAVE,
			);
			await store.update(
				rotationScope,
				[],
				(state) => {
					state.shared.turns = 7;
				},
				SAVE,
			);
			const listed = (await store.scopes()).map(scopeKey).sort();
			expect(listed).toEqual([
				'leadScoring:assignRep:node-2:client-a',
				'leadScoring:thresholdRouter:node-1:default',
			]);

			const imported: ScopeState = {
				shared: {},
				leads: { z: { band: 'MQL', seenAt: 5 } },
				awaitingConfirmation: [],
			};
			await store.replaceScope(scope, imported, 60_000);
			expect((await store.exportScope(scope)).leads).toEqual({ z: { band: 'MQL', seenAt: 5 } });

			await store.replaceScope(scope, null, 0);
			expect((await store.scopes()).map(scopeKey)).toEqual([
				'leadScoring:assignRep:node-2:client-a',
			]);
		});
	});
}

behavesAsAStore('workflow', async () => new WorkflowStore({}));

test('the workflow store keeps each scope under one top-level key of the static data', async () => {
	const staticData: Record<string, unknown> = {};
	const store = new WorkflowStore(staticData);
	await store.update(
		scope,
		[],
		(state) => {
			state.leads.x = { band: 'SQL', seenAt: 1 };
		},
		SAVE,
	);
	expect(staticData).toEqual({
		'leadScoring:thresholdRouter:node-1:default': {
			leads: { x: { band: 'SQL', seenAt: 1 } },
			// When the node last went through every entry; see the tests below.
			prunedAt: expect.any(Number),
		},
	});
});

describe('the workflow store between whole passes', () => {
	const key = 'leadScoring:thresholdRouter:node-1:default';
	const minutesAgo = (minutes: number) => Date.now() - minutes * 60_000;
	const storedWith = (prunedAt: number) => ({
		[key]: {
			shared: { turns: 4 },
			leads: { ana: { band: 'SQL', seenAt: 1 }, bo: { band: 'MQL', seenAt: 2 } },
			prunedAt,
		},
	});

	test('a run within the hour sees only its own leads; the others stay as they were', async () => {
		const prunedAt = minutesAgo(59);
		const staticData: Record<string, unknown> = storedWith(prunedAt);
		const seen = await new WorkflowStore(staticData).update(
			scope,
			['ana', 'cy'],
			(state) => {
				const leads = Object.keys(state.leads);
				state.leads.cy = { band: 'Nurture', seenAt: 3 };
				delete state.leads.ana;
				state.shared.turns = 5;
				return leads;
			},
			SAVE,
		);
		expect(seen).toEqual(['ana']);
		expect(staticData[key]).toEqual({
			shared: { turns: 5 },
			leads: { bo: { band: 'MQL', seenAt: 2 }, cy: { band: 'Nurture', seenAt: 3 } },
			prunedAt,
		});
	});

	test('after an hour the node gets every entry again, to drop those past its retention', async () => {
		const staticData: Record<string, unknown> = storedWith(minutesAgo(61));
		const seen = await new WorkflowStore(staticData).update(
			scope,
			['ana'],
			(state) => Object.keys(state.leads),
			SAVE,
		);
		expect(seen).toEqual(['ana', 'bo']);
		expect((staticData[key] as { prunedAt: number }).prunedAt).toBeGreaterThan(minutesAgo(1));
	});

	test('an update that keeps entries (Forget Lead) is not the clean-up: the next run still is', async () => {
		const overdue = minutesAgo(61);
		const staticData: Record<string, unknown> = storedWith(overdue);
		const store = new WorkflowStore(staticData);
		const forget = { save: true, leadRetentionMs: 'keep' as const };
		await store.update(scope, ['bo'], (state) => void delete state.leads.bo, forget);
		expect(staticData[key]).toMatchObject({ leads: { ana: { band: 'SQL' } }, prunedAt: overdue });
		expect(
			await store.update(scope, ['cy'], (state) => Object.keys(state.leads), SAVE),
		).toEqual(['ana']);
	});

	test('an editor test run within the hour changes nothing', async () => {
		const staticData: Record<string, unknown> = storedWith(minutesAgo(5));
		const before = structuredClone(staticData);
		await new WorkflowStore(staticData).update(
			scope,
			['ana'],
			(state) => {
				delete state.leads.ana;
			},
			{ ...SAVE, save: false },
		);
		expect(staticData).toEqual(before);
	});

	test('a node that writes a lead it did not ask for is a bug, and nothing is saved', async () => {
		const staticData: Record<string, unknown> = storedWith(minutesAgo(5));
		const before = structuredClone(staticData);
		const writing = new WorkflowStore(staticData).update(
			scope,
			['ana'],
			(state) => {
				state.leads.zed = { band: 'SQL', seenAt: 9 };
			},
			SAVE,
		);
		await expect(writing).rejects.toThrow('State update wrote leads it did not read: zed');
		expect(staticData).toEqual(before);
	});
});

describe('hand-offs awaiting confirmation in the workflow store', () => {
	const awaitingUpdate = (store: StateStore, keys: string[]) =>
		store.update(
			scope,
			keys,
			(state) => {
				for (const key of keys) state.leads[key] = { band: 'SQL', seenAt: 1 };
				state.awaitingConfirmation = keys.slice(0, 1);
			},
			SAVE,
		);

	test('are listed under the execution that made them, beside the scopes, until cleared', async () => {
		const staticData: Record<string, unknown> = {};
		await awaitingUpdate(new WorkflowStore(staticData, 'exec-7'), ['x', 'y']);
		const store = new WorkflowStore(staticData, 'exec-9');
		const stored = { ...scope, namespace: 'default' };
		expect(await store.awaitingConfirmation('exec-7')).toEqual([{ scope: stored, leadKey: 'x' }]);
		expect(await store.awaitingConfirmation('exec-8')).toEqual([]);
		expect(await store.scopes()).toEqual([stored]);
		await store.clearAwaiting('exec-7');
		expect(await store.awaitingConfirmation('exec-7')).toEqual([]);
		expect(Object.keys(staticData)).toEqual(['leadScoring:thresholdRouter:node-1:default']);
	});

	test('a list no Confirm Hand-Offs cleared goes when another is written a week later', async () => {
		const weekAgo = Date.now() - 7 * 24 * 60 * 60 * 1000;
		const staticData: Record<string, unknown> = {
			'leadScoring:awaiting:exec-1': { at: weekAgo, handOffs: [[scopeKey(scope), 'old']] },
			'leadScoring:awaiting:exec-2': { at: weekAgo + 60_000, handOffs: [[scopeKey(scope), 'w']] },
		};
		await awaitingUpdate(new WorkflowStore(staticData, 'exec-3'), ['z']);
		expect(Object.keys(staticData).sort()).toEqual([
			'leadScoring:awaiting:exec-2',
			'leadScoring:awaiting:exec-3',
			'leadScoring:thresholdRouter:node-1:default',
		]);
	});
});

describeWithRedis('Redis store', (redis) => {
	let settings: RedisSettings;
	let prefixCount = 0;

	beforeEach(() => {
		// Each test under its own prefix, so that tests share the server and nothing else.
		prefixCount++;
		settings = {
			host: '127.0.0.1',
			port: redis.port,
			user: '',
			password: TEST_REDIS_PASSWORD,
			database: 0,
			tls: false,
			keyPrefix: `test${prefixCount}`,
		};
	});

	behavesAsAStore('Redis', async () =>
		RedisStore.connect({ ...settings, keyPrefix: `contract${++prefixCount}` }, 'wf-1', 'exec-1'),
	);

	test('50 concurrent updates from two connections lose none: every turn is counted once', async () => {
		const workers = await Promise.all([
			RedisStore.connect(settings, 'wf-1', 'exec-a'),
			RedisStore.connect(settings, 'wf-1', 'exec-b'),
		]);
		const turnsTaken = await Promise.all(
			Array.from({ length: 50 }, (_, index) =>
				workers[index % 2].update(
					rotationScope,
					[],
					(state) => {
						const turn = Number(state.shared.turns ?? 0) + 1;
						state.shared.turns = turn;
						return turn;
					},
					SAVE,
				),
			),
		);
		expect([...turnsTaken].sort((a, b) => a - b)).toEqual(
			Array.from({ length: 50 }, (_, index) => index + 1),
		);
		expect((await workers[0].exportScope(rotationScope)).shared).toEqual({ turns: 50 });
		await Promise.all(workers.map((worker) => worker.close()));
	});

	test('a lead seen by 20 executions at once is new to exactly one of them', async () => {
		const stores = await Promise.all(
			Array.from({ length: 4 }, (_, index) =>
				RedisStore.connect(settings, 'wf-1', `exec-${index}`),
			),
		);
		const firstSeen = await Promise.all(
			Array.from({ length: 20 }, (_, index) =>
				stores[index % 4].update(
					scope,
					['lead'],
					(state) => {
						const isNew = state.leads.lead === undefined;
						state.leads.lead = { band: 'SQL', seenAt: 1 };
						return isNew;
					},
					SAVE,
				),
			),
		);
		expect(firstSeen.filter(Boolean)).toHaveLength(1);
		await Promise.all(stores.map((store) => store.close()));
	});

	test('keys name the prefix and the workflow, so clients and workflows never collide', async () => {
		const clientA = await RedisStore.connect(settings, 'wf-1', 'exec-1');
		const clientB = await RedisStore.connect({ ...settings, keyPrefix: 'other' }, 'wf-1', 'exec-1');
		const otherWorkflow = await RedisStore.connect(settings, 'wf-2', 'exec-1');
		const lead = hashLeadKey(scope, 'ana@example.com');
		await clientA.update(
			scope,
			[lead],
			(state) => {
				state.leads[lead] = { band: 'SQL', seenAt: 1 };
			},
			SAVE,
		);

		expect(await clientB.scopes()).toEqual([]);
		expect(await otherWorkflow.scopes()).toEqual([]);
		const raw = new Redis({ port: redis.port, host: '127.0.0.1', password: TEST_REDIS_PASSWORD });
		const keys = await raw.keys(`${settings.keyPrefix}:*`);
		expect(keys).toEqual([
			`${settings.keyPrefix}:wf:wf-1:leadScoring:thresholdRouter:node-1:default:lead:${lead}`,
		]);
		expect(keys.join()).not.toContain('ana');
		raw.disconnect();
		await Promise.all([clientA, clientB, otherWorkflow].map((store) => store.close()));
	});

	test('a replaced state gets a version no earlier read had, so a stale run cannot save over it', async () => {
		const store = await RedisStore.connect(settings, 'wf-1', 'exec-1');
		await store.update(
			rotationScope,
			[],
			(state) => {
				state.shared.turns = 1;
			},
			SAVE,
		);
		const raw = new Redis({ port: redis.port, host: '127.0.0.1', password: TEST_REDIS_PASSWORD });
		const [key] = await raw.keys(`${settings.keyPrefix}:*:shared`);
		expect(await raw.hget(key, 'version')).toBe('1');
		await store.replaceScope(rotationScope, { ...emptyScopeState(), shared: { turns: 9 } }, 60_000);
		expect(Number(await raw.hget(key, 'version'))).toBeGreaterThan(1_000_000);
		raw.disconnect();
		await store.close();
	});

	test('a lead entry expires after its retention period, on the server', async () => {
		const store = await RedisStore.connect(settings, 'wf-1', 'exec-1');
		await store.update(
			scope,
			['x'],
			(state) => {
				state.leads.x = { band: 'SQL', seenAt: 1 };
			},
			{ save: true, leadRetentionMs: 200 },
		);
		expect(Object.keys((await store.exportScope(scope)).leads)).toEqual(['x']);
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect((await store.exportScope(scope)).leads).toEqual({});
		await store.close();
	});

	test('a change that is not a new sighting keeps the time the entry had left', async () => {
		const store = await RedisStore.connect(settings, 'wf-1', 'exec-1');
		await store.update(
			scope,
			['x'],
			(state) => {
				state.leads.x = { band: 'SQL', seenAt: 1, awaiting: {} };
			},
			{ save: true, leadRetentionMs: 60_000 },
		);
		await store.update(
			scope,
			['x'],
			(state) => {
				state.leads.x = { band: 'SQL', seenAt: 1 };
			},
			{ save: true, leadRetentionMs: 'keep' },
		);
		const raw = new Redis({ port: redis.port, host: '127.0.0.1', password: TEST_REDIS_PASSWORD });
		const [key] = await raw.keys(`${settings.keyPrefix}:*:lead:x`);
		const left = await raw.pttl(key);
		raw.disconnect();
		expect(left).toBeGreaterThan(50_000);
		expect(left).toBeLessThanOrEqual(60_000);
		await store.close();
	});

	test('hand-offs awaiting confirmation are listed under the execution that made them', async () => {
		const store = await RedisStore.connect(settings, 'wf-1', 'exec-7');
		await store.update(
			scope,
			['x', 'y'],
			(state) => {
				state.leads.x = { band: 'SQL', seenAt: 1 };
				state.leads.y = { band: 'MQL', seenAt: 1 };
				state.awaitingConfirmation = ['x'];
			},
			SAVE,
		);
		expect(await store.awaitingConfirmation('exec-7')).toEqual([
			{ scope: { ...scope, namespace: 'default' }, leadKey: 'x' },
		]);
		expect(await store.awaitingConfirmation('exec-8')).toEqual([]);
		await store.close();
	});

	test('an unreachable server is a clear error within the timeout, naming host and port', async () => {
		const port = await freePort();
		const started = Date.now();
		const attempt = RedisStore.connect({ ...settings, port }, 'wf-1', 'exec-1');
		await expect(attempt).rejects.toThrow(StateStoreError);
		await expect(attempt).rejects.toThrow(`Could not use the Redis server at 127.0.0.1:${port}`);
		expect(Date.now() - started).toBeLessThan(6000);
	});

	test("a wrong password is named as such, with the server's own reason", async () => {
		const attempt = RedisStore.connect({ ...settings, password: 'wrong' }, 'wf-1', 'exec-1');
		await expect(attempt).rejects.toThrow(
			`The Redis server at 127.0.0.1:${redis.port} (database 0) refused the user or password: WRONGPASS`,
		);
	});

	test('a database number the server does not have is an error, not a quiet database 0', async () => {
		const attempt = RedisStore.connect({ ...settings, database: 99 }, 'wf-1', 'exec-1');
		await expect(attempt).rejects.toThrow(
			`The Redis server at 127.0.0.1:${redis.port} has no database 99`,
		);
		await expect(RedisStore.check({ ...settings, database: 99 })).rejects.toThrow('no database 99');
	});
});

test('Assign Rep state saved before the shared part had its own key keeps its rotation', async () => {
	const staticData: Record<string, unknown> = {
		'leadScoring:assignRep:node-2:client-a': {
			rotations: { default: { turns: 4, lastTurn: { ana: 4 } } },
			taken: {},
			leads: { x: { rep: 'ana', at: 1 } },
		},
	};
	const state = await new WorkflowStore(staticData).exportScope(rotationScope);
	expect(state.shared).toEqual({
		rotations: { default: { turns: 4, lastTurn: { ana: 4 } } },
		taken: {},
	});
	expect(state.leads).toEqual({ x: { rep: 'ana', at: 1 } });
});
