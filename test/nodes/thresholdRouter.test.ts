import {
	NodeHelpers,
	Workflow,
	type IDataObject,
	type INodeOutputConfiguration,
	type INodeParameters,
	type INodeTypes,
} from 'n8n-workflow';

import { ThresholdRouter } from '../../nodes/ThresholdRouter/ThresholdRouter.node';
import { pipeline, routes, run } from './pipeline';

const OUTPUTS = ['Nurture', 'MQL', 'SQL', 'Unscored', 'Disqualified'];

// The router alone, reading `score` with bands set in the node, as for scores from another tool.
function routeScores(items: IDataObject[], parameters: IDataObject = {}) {
	const workflow = pipeline({
		'Threshold Router': {
			parameters: { scoreField: 'score', bandSource: 'node', ...parameters },
		},
	});
	return run(items, { workflow, startNode: 'Threshold Router' });
}

describe('Threshold Router', () => {
	test('minimums are inclusive and "100" routes like 100', async () => {
		const result = await routeScores(
			[49.99, 50, '99', 100, '100', ' 1,000 ', -20].map((score, id) => ({ id, score })),
		);
		expect(routes(result, 'Threshold Router', OUTPUTS, 'id')).toEqual({
			Nurture: [0, 6],
			MQL: [1, 2],
			SQL: [3, 4, 5],
			Unscored: [],
			Disqualified: [],
		});
	});

	test('a missing or unreadable score goes to Unscored, never to the lowest band', async () => {
		const result = await routeScores([
			{ id: 'abc', score: 'abc' },
			{ id: 'null', score: null },
			{ id: 'nan', score: Number.NaN },
			{ id: 'blank', score: '' },
			{ id: 'absent' },
			{ id: 'infinity', score: Number.POSITIVE_INFINITY },
			{ id: 'infinity text', score: 'Infinity' },
			{ id: 'zero', score: 0 },
			{ id: 'negative', score: -35 },
		]);
		expect(routes(result, 'Threshold Router', OUTPUTS, 'id')).toEqual({
			Nurture: ['zero', 'negative'],
			MQL: [],
			SQL: [],
			Unscored: ['abc', 'null', 'nan', 'blank', 'absent', 'infinity', 'infinity text'],
			Disqualified: [],
		});
		// Each says why, so that a Score Field with a typo is found.
		const reasons = result.outputs['Threshold Router'][3].map((item) => item.json.unscoredReason);
		expect(reasons).toEqual([
			'The score in "score" is "abc", not a number',
			'No score in "score" (Score Field)',
			'No score in "score" (Score Field)',
			'No score in "score" (Score Field)',
			'No score in "score" (Score Field)',
			'The score in "score" is Infinity (a number too large to use), not a number',
			'The score in "score" is "Infinity", not a number',
		]);
	});

	test('bands set in the node make the outputs, in the order listed', async () => {
		const result = await routeScores([{ id: 1, score: 30 }, { id: 2, score: 80 }], {
			bands: {
				band: [
					{ name: 'Cold', min: 0 },
					{ name: 'Warm', min: 25 },
					{ name: 'Hot', min: 75 },
					{ name: 'On Fire', min: 150 },
				],
			},
		});
		expect(routes(result, 'Threshold Router', ['Cold', 'Warm', 'Hot', 'On Fire', 'Unscored'], 'id'))
			.toEqual({ Cold: [], Warm: [1], Hot: [2], 'On Fire': [], Unscored: [] });
	});

	test('bands from Score Lead follow the model, so a model with SQL at 120 routes 110 to MQL', async () => {
		const leadScore = {
			total: 110,
			bands: [
				{ name: 'Nurture', min: null },
				{ name: 'MQL', min: 60 },
				{ name: 'SQL', min: 120 },
			],
		};
		const workflow = pipeline();
		const result = await run([{ id: 1, leadScore }], { workflow, startNode: 'Threshold Router' });
		expect(routes(result, 'Threshold Router', OUTPUTS, 'id').MQL).toEqual([1]);
	});

	test('a band of the model with no output here is an error naming the band, on the first lead whatever its band', async () => {
		// This lead is in Nurture; the model's "Hot" would only be met with a lead of 200 points.
		const leadScore = { total: 10, bands: [{ name: 'Nurture' }, { name: 'Hot', min: 200 }] };
		const result = await run([{ leadScore }], { workflow: pipeline(), startNode: 'Threshold Router' });
		expect(result.error?.message).toBe(
			'Item 0: The model\'s band "Hot" has no output here (outputs: Nurture, MQL, SQL)',
		);
	});

	test('every band of the model without an output is named at once', async () => {
		const bands = [{ name: 'Cold' }, { name: 'MQL', min: 50 }, { name: 'Hot', min: 100 }];
		const leadScore = { total: 120, bands };
		const result = await run([{ leadScore }], { workflow: pipeline(), startNode: 'Threshold Router' });
		expect(result.error?.message).toBe(
			'Item 0: The model\'s bands "Cold", "Hot" have no output here (outputs: Nurture, MQL, SQL)',
		);
		expect((result.error as Error & { description?: string }).description).toBe(
			'Add bands named "Cold", "Hot" under Bands, or rename the model\'s bands to match',
		);
	});

	test('with continue on fail, a lead whose band has no output goes to Unscored with the error', async () => {
		const workflow = pipeline({ 'Threshold Router': { onError: 'continueRegularOutput' } });
		const hot = { total: 500, bands: [{ name: 'Nurture' }, { name: 'Hot', min: 200 }] };
		const sql = { total: 120, bands: [{ name: 'Nurture' }, { name: 'SQL', min: 100 }] };
		const result = await run(
			[
				{ id: 'hot', leadScore: hot },
				{ id: 'sql', leadScore: sql },
			],
			{ workflow, startNode: 'Threshold Router' },
		);
		expect(routes(result, 'Threshold Router', OUTPUTS, 'id')).toEqual({
			Nurture: [],
			MQL: [],
			SQL: ['sql'],
			Unscored: ['hot'],
			Disqualified: [],
		});
		expect(result.outputs['Threshold Router'][3][0].json).toMatchObject({
			error: 'Item 0: The model\'s band "Hot" has no output here (outputs: Nurture, MQL, SQL)',
			errorFix: 'Add a band named "Hot" under Bands, or rename the model\'s band to match',
		});
	});

	test('overlapping bands in the node are rejected before any item is routed', async () => {
		const result = await routeScores([{ score: 1 }], {
			bands: { band: [{ name: 'A', min: 0 }, { name: 'B', min: 10 }, { name: 'C', min: 10 }] },
		});
		expect(result.error?.message).toBe(
			'The router\'s band list is invalid: Bands: bands "B" and "C" both start at 10',
		);
	});

	test('bands listed out of order are rejected, naming the first band out of place', async () => {
		const result = await routeScores([{ score: 1 }], {
			bands: {
				band: [
					{ name: 'Nurture', min: 0 },
					{ name: 'SQL', min: 100 },
					{ name: 'MQL', min: 50 },
				],
			},
		});
		expect(result.error?.message).toBe(
			'The router\'s band list is invalid: Bands, band 2: "SQL" is listed before "MQL", which has a lower minimum',
		);
	});

	test('with Send to All Bands at or Below, an SQL lead also reaches MQL and Nurture, paired each time', async () => {
		const result = await routeScores([{ id: 'sql', score: 120 }, { id: 'mql', score: 70 }], {
			options: { allBandsAtOrBelow: true },
		});
		expect(routes(result, 'Threshold Router', OUTPUTS, 'id')).toEqual({
			Nurture: ['sql', 'mql'],
			MQL: ['sql', 'mql'],
			SQL: ['sql'],
			Unscored: [],
			Disqualified: [],
		});
		const pairs = result.outputs['Threshold Router'].map((items) =>
			items.map((item) => (item.pairedItem as { item: number }).item),
		);
		expect(pairs).toEqual([[0, 1], [0, 1], [0], [], []]);
	});

	test('a name under Output Names that matches no output is an error listing the outputs', async () => {
		const result = await routeScores([{ score: 1 }], {
			options: { outputNames: { output: [{ output: 'No Change', name: 'Same' }] } },
		});
		expect(result.error?.message).toBe(
			'Output Names renames "No Change", which is not an output here',
		);
		expect((result.error as Error & { description?: string }).description).toBe(
			'Use one of: Nurture, MQL, SQL, Unscored, Disqualified',
		);
	});

	test('a mode or store its dropdown lacks is an error, not band mode or the workflow store', async () => {
		const crosing = await routeScores([{ score: 1 }], { mode: 'crosing' });
		expect(crosing.error?.message).toBe('Mode is "crosing", not one of its choices');
		const redis = await routeScores([{ score: 1 }], { mode: 'crossing', stateStore: 'Redis' });
		expect(redis.error?.message).toBe('State Store is "Redis", not one of its choices');
	});

	test('an expression in a dropdown that takes none is named as such, not as an odd value', async () => {
		const result = await routeScores([{ score: 1 }], { mode: "={{ 'band' }}" });
		expect(result.error?.message).toBe(
			'Mode is the expression "{{ \'band\' }}", which this setting does not take: n8n passes ' +
				'its text on without working it out',
		);
	});

	test('a dropdown switched to an expression is checked on the value it works out to', async () => {
		const result = await routeScores([{ score: 1, seen: 'remembr' }], {
			mode: 'crossing',
			firstSeen: '={{ $json.seen }}',
		});
		expect(result.error?.message).toBe(
			'First Seen Above a Line is "remembr", not one of its choices',
		);
	});

	test("a band named like one of the router's own outputs is an error, not two outputs", async () => {
		const bands = { band: [{ name: 'Nurture' }, { name: 'unscored', min: 10 }] };
		const result = await routeScores([{ score: 1 }], { bands });
		expect(result.error?.message).toBe(
			'The band "unscored" has the name of the router\'s own output "Unscored"',
		);
		expect((result.error as Error & { description?: string }).description).toBe(
			'Rename the band, e.g. "unscored Band"; Unscored, Disqualified are taken',
		);
	});
});

// The outputs as n8n's editor works them out: by evaluating the node's outputs expression.
function canvasOutputs(parameters: INodeParameters): string[] {
	const router = new ThresholdRouter();
	const nodeTypes = {
		getByName: () => router,
		getByNameAndVersion: () => router,
		getKnownTypes: () => ({}),
	} as INodeTypes;
	const node = {
		id: 'router',
		name: 'Threshold Router',
		type: 'n8n-nodes-lead-scoring.thresholdRouter',
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const outputs = NodeHelpers.getNodeOutputs(workflow, node, router.description);
	return (outputs as INodeOutputConfiguration[]).map((output) => output.displayName ?? '');
}

describe('Threshold Router outputs on the canvas', () => {
	test('bands in the listed order, then Unscored and Disqualified; the defaults need no setup', () => {
		expect(canvasOutputs({})).toEqual(['Nurture', 'MQL', 'SQL', 'Unscored', 'Disqualified']);
	});

	test('crossing mode adds No Change after Disqualified', () => {
		expect(canvasOutputs({ mode: 'crossing' })).toEqual([
			'Nurture',
			'MQL',
			'SQL',
			'Unscored',
			'Disqualified',
			'No Change',
		]);
	});

	test('Output Names relabels outputs, matching ignoring case; a blank label changes nothing', () => {
		const outputNames = {
			output: [
				{ output: 'sql', name: 'New SQL' },
				{ output: 'No Change', name: 'Already Handed Off' },
				{ output: 'MQL', name: ' ' },
			],
		};
		expect(canvasOutputs({ mode: 'crossing', options: { outputNames } })).toEqual([
			'Nurture',
			'MQL',
			'New SQL',
			'Unscored',
			'Disqualified',
			'Already Handed Off',
		]);
	});
});

describe('Threshold Router reading what Score Lead wrote under another field name', () => {
	test('bands and disqualification are read beside the score field', async () => {
		const score = {
			total: 150,
			disqualified: true,
			bands: [{ name: 'Nurture' }, { name: 'MQL', min: 50 }, { name: 'SQL', min: 100 }],
		};
		const workflow = pipeline({ 'Threshold Router': { parameters: { scoreField: 'score.total' } } });
		const result = await run(
			[
				{ id: 'rival', score },
				{ id: 'sql', score: { ...score, disqualified: false } },
				{ id: 'sheet', score: { ...score, disqualified: 'TRUE' } },
			],
			{ workflow, startNode: 'Threshold Router' },
		);
		expect(routes(result, 'Threshold Router', OUTPUTS, 'id')).toMatchObject({
			SQL: ['sql'],
			Disqualified: ['rival', 'sheet'],
		});
	});
});

describe('Threshold Router after a node that failed under "continue on fail"', () => {
	test('an item carrying an error goes to Unscored, whatever score it still holds', async () => {
		const result = await run(
			[
				{ id: 'stale', error: 'The scoring model is invalid: ...', leadScore: { total: 150 } },
				{ id: 'fresh', leadScore: { total: 150, bands: [{ name: 'SQL', min: 100 }] } },
			],
			{
				workflow: pipeline({ 'Threshold Router': { parameters: { bandSource: 'node' } } }),
				startNode: 'Threshold Router',
			},
		);
		expect(routes(result, 'Threshold Router', OUTPUTS, 'id')).toMatchObject({
			SQL: ['fresh'],
			Unscored: ['stale'],
		});
	});
});
