import type { IDataObject } from 'n8n-workflow';

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
			{ id: 'zero', score: 0 },
		]);
		expect(routes(result, 'Threshold Router', OUTPUTS, 'id')).toEqual({
			Nurture: ['zero'],
			MQL: [],
			SQL: [],
			Unscored: ['abc', 'null', 'nan', 'blank', 'absent'],
			Disqualified: [],
		});
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

	test('a band with no output here is an error naming the band and the fix', async () => {
		const leadScore = { total: 500, bands: [{ name: 'Nurture' }, { name: 'Hot', min: 200 }] };
		const result = await run([{ leadScore }], { workflow: pipeline(), startNode: 'Threshold Router' });
		expect(result.error?.message).toBe(
			'Item 0: The lead\'s band "Hot" has no output here (outputs: Nurture, MQL, SQL)',
		);
	});

	test('overlapping bands in the node are rejected before any item is routed', async () => {
		const result = await routeScores([{ score: 1 }], {
			bands: { band: [{ name: 'A', min: 0 }, { name: 'B', min: 10 }, { name: 'C', min: 10 }] },
		});
		expect(result.error?.message).toBe(
			'The scoring model is invalid: Bands: bands "B" and "C" both start at 10',
		);
	});
});
