// The three nodes and Lead Scoring State on the Redis store, through n8n's engine, against a real
// Redis server the test starts on loopback. Executions here run at the same time, as queue-mode
// workers run them.

import type { IConnections, IDataObject, INode, INodeParameters } from 'n8n-workflow';
import Redis from 'ioredis';

import {
	PACKAGE,
	runWorkflow,
	type RunResult,
	type WorkflowDefinition,
} from '../../scripts/inProcess';
import { describeWithRedis, TEST_REDIS_PASSWORD } from '../redisServer';

const REDIS_CREDENTIAL = { leadScoringRedisApi: { id: 'redis-1', name: 'Lead state' } };

// A chain of nodes, each feeding the next on its first output, except that the router's SQL
// output (the third) feeds what follows it.
function chain(
	nodes: Array<{ name: string; type: string; parameters: INodeParameters; onError?: string }>,
) {
	const connections: IConnections = {};
	nodes.slice(0, -1).forEach((node, index) => {
		const output = node.type.endsWith('thresholdRouter') ? 2 : 0;
		const main: IConnections[string]['main'] = [];
		main[output] = [{ node: nodes[index + 1].name, type: 'main', index: 0 }];
		connections[node.name] = { main };
	});
	const workflow: WorkflowDefinition = {
		id: 'wf-redis-test',
		nodes: nodes.map(
			(node, index): INode => ({
				id: `node-${node.name.replace(/\W/g, '')}`,
				name: node.name,
				type: node.type.includes('.') ? node.type : `${PACKAGE}.${node.type}`,
				typeVersion: 1,
				position: [index * 220, 0],
				parameters: node.parameters,
				credentials: REDIS_CREDENTIAL,
				...(node.onError ? { onError: node.onError as INode['onError'] } : {}),
			}),
		),
		connections,
	};
	return workflow;
}

const ROUTER = {
	name: 'Threshold Router',
	type: 'thresholdRouter',
	parameters: {
		mode: 'crossing',
		stateStore: 'redis',
		scoreField: 'score',
		bandSource: 'node',
		leadKeyField: 'email',
		bands: {
			band: [
				{ name: 'Nurture', min: 0 },
				{ name: 'MQL', min: 50 },
				{ name: 'SQL', min: 100 },
			],
		},
	},
};

const ASSIGN = {
	name: 'Assign Rep',
	type: 'assignRep',
	parameters: {
		stateStore: 'redis',
		strategy: 'roundRobin',
		rosterSource: 'ui',
		reps: { rep: [{ id: 'ana' }, { id: 'ben' }, { id: 'cai' }] },
		options: { leadKeyField: 'email' },
	},
};

describeWithRedis('the nodes on the Redis store', (redis) => {
	let credentials: Record<string, IDataObject>;
	let execution = 0;
	let prefixCount = 0;

	beforeEach(() => {
		credentials = {
			leadScoringRedisApi: {
				host: '127.0.0.1',
				port: redis.port,
				password: TEST_REDIS_PASSWORD,
				database: 0,
				prefix: `nodes${++prefixCount}`,
			},
		};
	});

	function execute(
		workflow: WorkflowDefinition,
		items: IDataObject[],
		mode: 'cli' | 'manual' = 'cli',
	): Promise<RunResult> {
		return runWorkflow({
			workflow,
			startNode: workflow.nodes[0].name,
			items,
			mode,
			credentials,
			executionId: `exec-${++execution}`,
		});
	}

	const repOf = (result: RunResult) =>
		(result.outputs['Assign Rep']?.[0] ?? []).map(
			(item) => (item.json.assignedRep as IDataObject).id,
		);

	// A Lead Scoring State node on its own, on the Redis store, continuing on fail.
	const state = (parameters: INodeParameters, items: IDataObject[] = [{}]) =>
		execute(
			chain([
				{
					name: 'State',
					type: 'leadScoringState',
					parameters: { stateStore: 'redis', ...parameters },
					onError: 'continueRegularOutput',
				},
			]),
			items,
		);

	async function keysUnderPrefix(): Promise<string[]> {
		const raw = new Redis({ port: redis.port, host: '127.0.0.1', password: TEST_REDIS_PASSWORD });
		const keys = await raw.keys(`${String(credentials.leadScoringRedisApi.prefix)}:*`);
		raw.disconnect();
		return keys.sort();
	}

	test('30 executions at once, one lead each, share one rotation: 10 leads per rep', async () => {
		const workflow = chain([ROUTER, ASSIGN]);
		const results = await Promise.all(
			Array.from({ length: 30 }, (_, index) =>
				execute(workflow, [{ email: `lead${index}@example.com`, score: 120 }]),
			),
		);
		expect(results.map((result) => result.error)).toEqual(Array(30).fill(undefined));
		const reps = results.flatMap(repOf);
		expect(reps).toHaveLength(30);
		const spread = Object.fromEntries(['ana', 'ben', 'cai'].map((rep) => [rep, 0]));
		for (const rep of reps) spread[String(rep)]++;
		expect(spread).toEqual({ ana: 10, ben: 10, cai: 10 });

		// Posted again, every lead is No Change: each crossing fired once.
		const again = await Promise.all(
			Array.from({ length: 30 }, (_, index) =>
				execute(workflow, [{ email: `lead${index}@example.com`, score: 120 }]),
			),
		);
		expect(again.flatMap(repOf)).toEqual([]);
		expect(again.map((result) => result.outputs['Threshold Router'][5].length)).toEqual(
			Array(30).fill(1),
		);
	});

	test('a hand-off lost to a failing CRM step fires again, and the lead keeps its rep', async () => {
		const router = {
			...ROUTER,
			parameters: { ...ROUTER.parameters, options: { confirmWithinMinutes: 0.005 } },
		};
		const crm = { name: 'CRM', type: 'n8n-nodes-base.stopAndError', parameters: {} };
		const confirm = {
			name: 'Confirm',
			type: 'leadScoringState',
			parameters: { operation: 'confirm', stateStore: 'redis' },
		};
		const failing = chain([router, ASSIGN, crm]);
		const working = chain([router, ASSIGN, { ...crm, type: 'n8n-nodes-base.noOp' }, confirm]);
		const dana = [{ email: 'dana@example.com', score: 130 }];

		const first = await execute(failing, dana);
		expect(first.error?.message).toContain('The CRM step failed');
		expect(repOf(first)).toEqual(['ana']);
		expect(first.outputs['Threshold Router'][2][0].json.crossing).toMatchObject({
			to: 'SQL',
			awaitingConfirmation: true,
		});

		// Within the 0.3 s window the hand-off may still be on its way: no second hand-off yet.
		const meanwhile = await execute(working, dana);
		expect(repOf(meanwhile)).toEqual([]);

		await new Promise((resolve) => setTimeout(resolve, 400));
		const retried = await execute(working, dana);
		expect(retried.error).toBeUndefined();
		expect(retried.outputs['Threshold Router'][2]).toHaveLength(1);
		expect(repOf(retried)).toEqual(['ana']);
		expect((retried.outputs['Assign Rep'][0][0].json.assignedRep as IDataObject).reason).toBe(
			'same_lead',
		);

		// Confirmed this time: after the window it stays put.
		await new Promise((resolve) => setTimeout(resolve, 400));
		const later = await execute(working, dana);
		expect(later.outputs['Threshold Router'][2]).toHaveLength(0);
		expect(later.outputs['Threshold Router'][5]).toHaveLength(1);
		// Only the failed execution's list of hand-offs is left, to expire; the confirmed one's went.
		const lists = (await keysUnderPrefix()).filter((key) => key.includes(':awaiting:'));
		expect(lists).toHaveLength(1);
	});

	test('editor test runs read Redis but write nothing to it', async () => {
		const workflow = chain([ROUTER, ASSIGN]);
		const result = await execute(workflow, [{ email: 'eve@example.com', score: 120 }], 'manual');
		expect(repOf(result)).toEqual(['ana']);
		expect(result.outputs['Threshold Router'][2][0].json.crossing).toMatchObject({ dryRun: true });
		expect(await keysUnderPrefix()).toEqual([]);
	});

	test("Score Lead builds up a lead's activity history in Redis across executions", async () => {
		const score = {
			name: 'Score Lead',
			type: 'scoreLead',
			parameters: {
				stateStore: 'redis',
				modelSource: 'preset',
				preset: 'b2b-saas-inbound',
				options: { keepHistory: true, asOf: '2026-03-10T00:00:00Z' },
			},
		};
		const workflow = chain([score]);
		const visit = (at: string) => [
			{ email: 'fay@example.com', activities: [{ type: 'pricing_page_visit', at }] },
		];
		await execute(workflow, visit('2026-03-01T10:00:00Z'));
		const second = await execute(workflow, visit('2026-03-02T10:00:00Z'));
		expect(second.error).toBeUndefined();
		const leadScore = second.outputs['Score Lead'][0][0].json.leadScore as IDataObject;
		expect(leadScore.activityHistory).toEqual({ activities: 2 });
		const keys = await keysUnderPrefix();
		expect(keys).toHaveLength(1);
		expect(keys[0]).toMatch(/:scoreLeadHistory:node-ScoreLead:default:lead:[\w-]{22}$/);
	});

	test('Lead Scoring State inspects, exports, forgets a lead and resets', async () => {
		await Promise.all(
			['gus', 'hal', 'ida'].map((name) =>
				execute(chain([ROUTER, ASSIGN]), [{ email: `${name}@example.com`, score: 110 }]),
			),
		);

		const inspected = (await state({ operation: 'inspect' })).outputs.State[0].map(
			(item) => item.json,
		);
		const byKind = Object.fromEntries(inspected.map((entry) => [entry.kind, entry]));
		expect(byKind.assignRep).toMatchObject({
			leadsRemembered: 3,
			rotations: { default: { turns: 3 } },
			loads: { ana: { kept: 1 }, ben: { kept: 1 }, cai: { kept: 1 } },
			store: 'redis',
		});
		expect(byKind.thresholdRouter).toMatchObject({ leadsRemembered: 3, leadsByBand: { SQL: 3 } });

		const exported = (await state({ operation: 'export' })).outputs.State[0];
		expect(exported).toHaveLength(2);
		expect(JSON.stringify(exported)).not.toContain('gus');

		const forgotten = await state({ operation: 'forget', leadKey: '={{ $json.email }}' }, [
			{ email: 'GUS@example.com' },
		]);
		expect(forgotten.outputs.State[0][0].json.forgotten).toEqual({ entries: 2, statesSearched: 2 });
		const after = (await state({ operation: 'inspect' })).outputs.State[0].map((item) => item.json);
		expect(after.map((entry) => entry.leadsRemembered)).toEqual([2, 2]);

		await state({ operation: 'reset', kind: 'thresholdRouter' });
		const left = (await state({ operation: 'inspect' })).outputs.State[0].map(
			(item) => item.json.kind,
		);
		expect(left).toEqual(['assignRep']);
	});

	test('an operation the node does not have fails every item, not an Inspect', async () => {
		const forget = { operation: 'forgett', stateStore: 'workflow' };
		const result = await state(forget, [{ email: 'a@x.example' }, { email: 'b@x.example' }]);
		const items = result.outputs.State[0].map((item) => item.json);
		expect(items.map((json) => [json.email, json.error])).toEqual([
			['a@x.example', 'Operation is "forgett", not one of its choices'],
			['b@x.example', 'Operation is "forgett", not one of its choices'],
		]);
		expect(items[0].errorFix).toBe(
			'Set Operation to one of: "confirm" (Confirm Hand-Offs), "export" (Export), ' +
				'"forget" (Forget Lead), "import" (Import), "inspect" (Inspect), "reset" (Reset)',
		);
	});

	test('Forget Lead reads a list key, as Pipedrive keeps emails, by its primary entry', async () => {
		await execute(chain([ROUTER, ASSIGN]), [{ email: 'liv@example.com', score: 110 }]);
		const emails = [
			{ value: 'liv@home.example', primary: false },
			{ value: 'Liv@Example.com', primary: true },
		];
		const forget = { operation: 'forget', leadKey: '={{ $json.email }}' };
		const forgotten = await state(forget, [{ email: emails }, { email: { work: 'x' } }]);
		const [listed, unreadable] = forgotten.outputs.State[0].map((item) => item.json);
		expect(listed.forgotten).toEqual({ entries: 2, statesSearched: 2 });
		expect(unreadable.error).toBe('Item 1: Lead Key is {"work":"x"}, not an email or ID');
	});

	test('Export from the workflow store and Import into Redis moves a setup, rotation and all', async () => {
		const workflowStore = {
			...ASSIGN,
			parameters: { ...ASSIGN.parameters, stateStore: 'workflow' },
		};
		const staticData: IDataObject = {};
		for (const name of ['jo', 'kim']) {
			await runWorkflow({
				workflow: chain([workflowStore]),
				startNode: 'Assign Rep',
				items: [{ email: `${name}@example.com` }],
				staticData,
			});
		}
		const exported = await runWorkflow({
			workflow: chain([
				{
					name: 'State',
					type: 'leadScoringState',
					parameters: { operation: 'export', stateStore: 'workflow' },
				},
			]),
			startNode: 'State',
			items: [{}],
			staticData,
		});
		const items = exported.outputs.State[0].map((item) => item.json);
		expect(items).toHaveLength(1);

		const imported = await execute(
			chain([
				{
					name: 'State',
					type: 'leadScoringState',
					parameters: { operation: 'import', stateStore: 'redis' },
				},
			]),
			items,
		);
		expect(imported.outputs.State[0][0].json.imported).toMatchObject({
			kind: 'assignRep',
			leads: 2,
		});

		// The rotation goes on in Redis where the workflow store left it: ana, ben, then cai.
		const next = await execute(chain([ASSIGN]), [{ email: 'lou@example.com' }]);
		expect(repOf(next)).toEqual(['cai']);
		const again = await execute(chain([ASSIGN]), [{ email: 'jo@example.com' }]);
		expect(repOf(again)).toEqual(['ana']);
	});

	test('under "continue on fail" an unreachable Redis sends every item on with the error, to Unscored or Unassigned', async () => {
		credentials.leadScoringRedisApi.port = 1;
		const leads = [
			{ email: 'ned@example.com', score: 120 },
			{ email: 'ola@example.com', score: 130 },
		];
		const onError = 'continueRegularOutput';
		const routed = await execute(chain([{ ...ROUTER, onError }, ASSIGN]), leads);
		expect(routed.error).toBeUndefined();
		const unscored = routed.outputs['Threshold Router'][3].map((item) => item.json);
		expect(unscored.map((lead) => lead.email)).toEqual(['ned@example.com', 'ola@example.com']);
		expect(unscored[0].error).toContain('Could not use the Redis server at 127.0.0.1:1');
		expect(routed.outputs['Threshold Router'][2]).toEqual([]);

		const assigned = await execute(chain([{ ...ASSIGN, onError }]), leads);
		expect(assigned.outputs['Assign Rep'][0]).toEqual([]);
		const unassigned = assigned.outputs['Assign Rep'][1].map((item) => item.json);
		expect(unassigned).toHaveLength(2);
		expect(unassigned[1]).toMatchObject({ email: 'ola@example.com' });
		expect(unassigned[1].errorFix).toContain('Lead Scoring Redis credential');
	});

	test('Lead Scoring State under "continue on fail" with Redis down: every item carries the error', async () => {
		credentials.leadScoringRedisApi.port = 1;
		const result = await state({ operation: 'forget' }, [{ email: 'quin@example.com' }]);
		const [item] = result.outputs.State[0].map((output) => output.json);
		expect(item.email).toBe('quin@example.com');
		expect(item.forgotten).toBeUndefined();
		expect(item.error).toContain('Could not use the Redis server at 127.0.0.1:1');
	});

	test('Import without "continue on fail" checks every item before writing any', async () => {
		await execute(chain([ASSIGN]), [{ email: 'ray@example.com' }]);
		const [good] = (await state({ operation: 'export' })).outputs.State[0].map((item) => item.json);
		const elsewhere = { ...good, namespace: 'other' };
		const broken = { ...good, leads: { abc: { rep: 5, at: 'x' } } };
		const strict = chain([
			{
				name: 'State',
				type: 'leadScoringState',
				parameters: { stateStore: 'redis', operation: 'import' },
			},
		]);
		const result = await execute(strict, [elsewhere, broken]);
		expect(result.error?.message).toBe(
			'Item 1 is not an exported state: the entry of lead abc: rep is 5, not a rep id',
		);
		const kept = (await state({ operation: 'inspect' })).outputs.State[0].map((item) => item.json);
		expect(kept.map((entry) => entry.namespace)).toEqual(['default']);
	});

	test('Import refuses an item that is not a whole export, and writes nothing for it', async () => {
		await execute(chain([ASSIGN]), [{ email: 'pia@example.com' }]);
		const [good] = (await state({ operation: 'export' })).outputs.State[0].map((item) => item.json);
		const broken = { kind: 'assignRep', nodeId: good.nodeId, namespace: 'default', leads: 'nope' };
		const result = await state({ operation: 'import' }, [broken]);
		expect(result.outputs.State[0][0].json.error).toBe(
			'Item 0 is not an exported state: shared is missing, not an object',
		);
		const after = (await state({ operation: 'inspect' })).outputs.State[0][0].json;
		expect(after).toMatchObject({ leadsRemembered: 1, rotations: { default: { turns: 1 } } });
	});

	test('an unreachable Redis fails the run with the fix, and nothing is half-saved', async () => {
		credentials.leadScoringRedisApi.port = 1;
		const result = await execute(chain([ROUTER, ASSIGN]), [
			{ email: 'max@example.com', score: 120 },
		]);
		expect(result.error?.message).toBe(
			'Could not use the Redis server at 127.0.0.1:1 (database 0): connection refused',
		);
		expect((result.error as { description?: string }).description).toContain(
			'Lead Scoring Redis credential',
		);
	});
});
