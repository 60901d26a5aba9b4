import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RunResult, WorkflowDefinition } from '../../scripts/inProcess';
import { pipeline, run } from './pipeline';

const OUTPUTS = ['Nurture', 'MQL', 'SQL', 'Unscored', 'Disqualified', 'No Change'];
const ROUTER_ID = '4c1f0f3e-0002-4d6a-9f00-000000000002';
const MEMORY_KEY = `leadScoring:thresholdRouter:${ROUTER_ID}:default`;
const DAY_MS = 24 * 60 * 60 * 1000;

// The router's memory in workflow static data, beside Assign Rep's rotation.
function memoryIn(staticData: IDataObject) {
	const global = (staticData.global ?? {}) as IDataObject;
	return global[MEMORY_KEY] as { leads: Record<string, { seenAt: number }> } | undefined;
}

// The router alone in crossing mode, reading `score` and `email`, with Nurture below 50, MQL from
// 50 and SQL from 100 set in the node. Its SQL output feeds Assign Rep, as in the pipeline.
function crossingWorkflow(parameters: INodeParameters = {}, assignRep: INodeParameters = {}) {
	return pipeline({
		'Threshold Router': {
			parameters: {
				mode: 'crossing',
				scoreField: 'score',
				bandSource: 'node',
				leadKeyField: 'email',
				...parameters,
			},
		},
		'Assign Rep': { parameters: assignRep },
	});
}

// The CRM step after Assign Rep fails, as when the CRM is down.
function crmDown(workflow: WorkflowDefinition): WorkflowDefinition {
	for (const node of workflow.nodes) {
		if (node.name === 'CRM (stand-in)') node.type = 'n8n-nodes-base.stopAndError';
	}
	return workflow;
}

// Lead Scoring State → Confirm Hand-Offs after the CRM step, as the README asks.
function withConfirmStep(workflow: WorkflowDefinition): WorkflowDefinition {
	workflow.nodes.push({
		id: 'confirm-hand-offs',
		name: 'Confirm Hand-Offs',
		type: 'n8n-nodes-lead-scoring.leadScoringState',
		typeVersion: 1,
		position: [1100, 0],
		parameters: { operation: 'confirm' },
	});
	workflow.connections['CRM (stand-in)'] = {
		main: [[{ node: 'Confirm Hand-Offs', type: 'main', index: 0 }]],
	};
	return workflow;
}

function route(
	items: IDataObject[],
	staticData: IDataObject,
	options: { parameters?: INodeParameters; mode?: 'manual' | 'cli' } = {},
) {
	return run(items, {
		workflow: crossingWorkflow(options.parameters),
		startNode: 'Threshold Router',
		staticData,
		mode: options.mode,
	});
}

// Where each input item went, in input order: the output's name.
function destinations(result: RunResult): string[] {
	const where: string[] = [];
	(result.outputs['Threshold Router'] ?? []).forEach((items, output) => {
		for (const item of items) where[(item.pairedItem as { item: number }).item] = OUTPUTS[output];
	});
	return where;
}

// One execution per score, all for the same lead, through one workflow's static data.
async function executions(scores: number[], parameters: INodeParameters = {}): Promise<string[]> {
	const staticData: IDataObject = {};
	const events: string[] = [];
	for (const score of scores) {
		const result = await route([{ email: 'ana@example.com', score }], staticData, { parameters });
		expect(result.error).toBeUndefined();
		events.push(...destinations(result));
	}
	return events;
}

const ana = (score: number) => ({ email: 'ana@example.com', score });

describe('Threshold Router in crossing mode', () => {
	test('one lead across executions: up, stay, drop, come back', async () => {
		expect(await executions([30, 60, 120, 130, 40, 110])).toEqual([
			'No Change', // 30: first seen in Nurture, the lowest band
			'MQL', // 60: enters MQL
			'SQL', // 120: enters SQL
			'No Change', // 130: still SQL
			'No Change', // 40: drops to Nurture, and is re-armed
			'SQL', // 110: comes back, skipping MQL: only SQL fires
		]);
	});

	test('with a margin of 20, a wobble to 90 stays SQL and a fall to 79 re-arms it', async () => {
		expect(await executions([120, 90, 105, 79, 100], { margin: 20 })).toEqual([
			'SQL',
			'No Change', // 90: within 20 of 100, still remembered as SQL
			'No Change',
			'No Change', // 79: below 80, remembered as MQL now
			'SQL',
		]);
	});

	test('a lead first seen above the line fires by default, or with Only Sets Its Memory waits', async () => {
		expect(await executions([120, 125])).toEqual(['SQL', 'No Change']);
		expect(await executions([120, 125, 40, 120], { firstSeen: 'remember' })).toEqual([
			'No Change',
			'No Change',
			'No Change',
			'SQL',
		]);
	});

	test('with Fire on Drops Too, falling into a lower band fires that band', async () => {
		expect(await executions([120, 60, 10], { options: { fireOnDrop: true } })).toEqual([
			'SQL',
			'MQL',
			'Nurture',
		]);
	});

	test('the item carries the crossing: from, to and direction', async () => {
		const staticData: IDataObject = {};
		const first = await route([ana(60)], staticData);
		const second = await route([ana(120)], staticData);
		const third = await route([ana(125)], staticData);
		expect(first.outputs['Threshold Router'][1][0].json).toEqual({
			email: 'ana@example.com',
			score: 60,
			crossing: { from: null, to: 'MQL', direction: 'up' },
		});
		expect(second.outputs['Threshold Router'][2][0].json.crossing).toEqual({
			from: 'MQL',
			to: 'SQL',
			direction: 'up',
		});
		expect(third.outputs['Threshold Router'][5][0].json.crossing).toEqual({
			from: 'SQL',
			to: 'SQL',
			direction: 'none',
		});
	});

	test('two leads interleaved, and the same lead twice in one execution', async () => {
		const staticData: IDataObject = {};
		const result = await route(
			[
				{ email: 'ana@example.com', score: 120 },
				{ email: 'ben@example.com', score: 60 },
				{ email: 'ana@example.com', score: 125 },
				{ email: 'ben@example.com', score: 110 },
			],
			staticData,
		);
		expect(destinations(result)).toEqual(['SQL', 'MQL', 'No Change', 'SQL']);

		const next = await route([ana(130), { email: 'ben@example.com', score: 40 }], staticData);
		expect(destinations(next)).toEqual(['No Change', 'No Change']);
	});

	test('an editor test run shows the crossing as a dry run and leaves the memory alone', async () => {
		const staticData: IDataObject = {};
		const dry = await route([ana(120)], staticData, { mode: 'manual' });
		expect(destinations(dry)).toEqual(['SQL']);
		expect(dry.outputs['Threshold Router'][2][0].json.crossing).toEqual({
			from: null,
			to: 'SQL',
			direction: 'up',
			dryRun: true,
		});
		expect(staticData).toEqual({});

		expect(destinations(await route([ana(120)], staticData))).toEqual(['SQL']);
		expect(destinations(await route([ana(120)], staticData, { mode: 'manual' }))).toEqual([
			'No Change',
		]);
	});

	test("without confirmation, a crossing is kept even when its execution failed later, as n8n keeps that run's static data", async () => {
		const staticData: IDataObject = {};
		const failed = await run([ana(120)], {
			workflow: crmDown(crossingWorkflow()),
			startNode: 'Threshold Router',
			staticData,
		});
		expect(destinations(failed)).toEqual(['SQL']);
		expect(failed.error?.message).toBe('The CRM step failed (stand-in)');
		// The hand-off never reached the CRM, and the next evaluation does not make it again.
		expect(destinations(await route([ana(120)], staticData))).toEqual(['No Change']);
	});

	test('with Confirm Hand-Offs Within, a crossing its failed execution never confirmed fires again after the window, once', async () => {
		const staticData: IDataObject = {};
		const confirming = { options: { confirmWithinMinutes: 0.005 } };
		const evaluate = (workflow: WorkflowDefinition) =>
			run([ana(120)], { workflow, startNode: 'Threshold Router', staticData });

		const failed = await evaluate(crmDown(withConfirmStep(crossingWorkflow(confirming))));
		expect(failed.error?.message).toBe('The CRM step failed (stand-in)');
		expect(failed.outputs['Threshold Router'][2][0].json.crossing).toEqual({
			from: null,
			to: 'SQL',
			direction: 'up',
			awaitingConfirmation: true,
		});

		// Within the 0.3 s window the hand-off may still be on its way: no second one yet.
		const working = withConfirmStep(crossingWorkflow(confirming));
		expect(destinations(await evaluate(working))).toEqual(['No Change']);

		await new Promise((resolve) => setTimeout(resolve, 400));
		const retried = await evaluate(working);
		expect(retried.error).toBeUndefined();
		expect(destinations(retried)).toEqual(['SQL']);
		expect(retried.outputs['Assign Rep'][0][0].json.assignedRep).toMatchObject({
			reason: 'same_lead',
		});

		// Confirmed this time: after the window it stays put, and only the failed execution's list
		// of hand-offs is left in the static data (it goes after a week).
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(destinations(await evaluate(working))).toEqual(['No Change']);
		const global = staticData.global as IDataObject;
		const lists = Object.keys(global).filter((key) => key.startsWith('leadScoring:awaiting:'));
		expect(lists).toHaveLength(1);
		expect(global[lists[0]]).toEqual({
			at: expect.any(Number),
			handOffs: [[MEMORY_KEY, expect.stringMatching(/^[\w-]{22}$/)]],
		});
	});

	test('the memory sits under the node id, with lead keys hashed', async () => {
		const staticData: IDataObject = {};
		await route([ana(120)], staticData);
		expect(Object.values(memoryIn(staticData)?.leads ?? {})).toEqual([
			{ band: 'SQL', seenAt: expect.any(Number) },
		]);
		expect(JSON.stringify(staticData)).not.toContain('ana');
	});

	test('a lead last seen 31 days ago is remembered by default, and forgotten after 30 days', async () => {
		const staticData: IDataObject = {};
		const seenDaysAgo = (days: number) => {
			for (const lead of Object.values(memoryIn(staticData)?.leads ?? {})) {
				lead.seenAt -= days * DAY_MS;
			}
		};
		const forgetAfter30Days = { parameters: { options: { retentionDays: 30 } } };

		expect(destinations(await route([ana(120)], staticData))).toEqual(['SQL']);
		seenDaysAgo(31);
		expect(destinations(await route([ana(120)], staticData))).toEqual(['No Change']);
		seenDaysAgo(31);
		expect(destinations(await route([ana(120)], staticData, forgetAfter30Days))).toEqual(['SQL']);
	});

	test('a lead without a key is routed as first seen every time, so no hand-off is held back', async () => {
		const staticData: IDataObject = {};
		const keyless = { score: 120 };
		const first = await route([keyless], staticData);
		const second = await route([keyless, { email: ' ', score: 20 }], staticData);
		expect(destinations(first)).toEqual(['SQL']);
		expect(destinations(second)).toEqual(['SQL', 'No Change']);
		expect(first.outputs['Threshold Router'][2][0].json.crossing).toEqual({
			from: null,
			to: 'SQL',
			direction: 'up',
			note: 'The lead has no key, so its band cannot be remembered: it is routed as a lead seen for the first time',
		});
		expect(memoryIn(staticData)).toEqual({ leads: {}, prunedAt: expect.any(Number) });
	});

	test('unscored and disqualified leads leave the memory as it was', async () => {
		const staticData: IDataObject = {};
		const result = await route(
			[
				{ email: 'ana@example.com', score: 'abc' },
				{ email: 'ana@example.com', score: 150, leadScore: { disqualified: true } },
				ana(120),
			],
			staticData,
		);
		expect(destinations(result)).toEqual(['Unscored', 'Disqualified', 'SQL']);
	});

	test('with continue on fail, a lead whose key is not text goes to Unscored with the error', async () => {
		const staticData: IDataObject = {};
		const workflow = crossingWorkflow();
		const router = workflow.nodes.find((node) => node.name === 'Threshold Router');
		if (router) router.onError = 'continueRegularOutput';
		const result = await run([{ email: { id: 7 }, score: 120 }, ana(120)], {
			workflow,
			startNode: 'Threshold Router',
			staticData,
		});
		expect(destinations(result)).toEqual(['Unscored', 'SQL']);
		expect(result.outputs['Threshold Router'][3][0].json).toMatchObject({
			error: 'Item 0: The lead key in "email" is {"id":7}, not text or a number',
			errorFix:
				"Set Lead Key Field to the field holding the lead's ID or email, e.g. leadScore.key",
		});
	});

	test('a negative margin is refused before any lead is routed', async () => {
		const result = await route([ana(120)], {}, { parameters: { margin: -5 } });
		expect(result.error?.message).toBe('Hysteresis Margin is -5, less than 0');
		expect((result.error as Error & { description?: string }).description).toBe(
			'Set Hysteresis Margin to 0 or more',
		);
	});

	test('Forget Leads After of 0 days or of text is refused, naming the value and the bounds', async () => {
		const zero = await route([ana(120)], {}, { parameters: { options: { retentionDays: 0 } } });
		expect(zero.error?.message).toBe('Forget Leads After (Days) is 0, less than 1');
		expect((zero.error as Error & { description?: string }).description).toBe(
			'Set Forget Leads After (Days) to 1 or more, e.g. 365',
		);
		const text = await route(
			[ana(120)],
			{},
			{ parameters: { options: { retentionDays: '={{ "a month" }}' } } },
		);
		expect(text.error?.message).toBe('Forget Leads After (Days) is "a month", not a number');
	});
});
