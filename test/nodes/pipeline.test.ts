import { pipeline, routes, run } from './pipeline';

const ROUTER_OUTPUTS = ['Nurture', 'MQL', 'SQL', 'Unscored', 'Disqualified'];
const at = '2026-01-15T10:00:00Z';

const leads = [
	// 40 + 20 + 50 = 110: SQL
	{
		email: 'vp@big.example',
		jobTitle: 'VP Sales',
		companySize: '1,000',
		activities: [{ type: 'demo_request', at }],
	},
	// 40 + 10 = 50: MQL, exactly at the line
	{ email: 'vp@small.example', jobTitle: 'vp', companySize: '20', activities: [{ type: 'webinar', at }] },
	// 20: Nurture
	{ email: 'ops@big.example', jobTitle: 'Ops', companySize: ' 500 ' },
	// A lead with no fields at all: 0, Nurture
	{},
	// 40 + 20 + 50 + 2 x 10 = 130: SQL
	{
		email: 'head@corp.example',
		jobTitle: 'SVP',
		companySize: 250,
		activities: [
			{ type: 'webinar', at },
			{ type: 'webinar', at },
			{ type: 'demo_request', at },
		],
	},
	// Disqualified whatever the points
	{ email: 'kid@school.example', jobTitle: 'Student', activities: [{ type: 'demo_request', at }] },
];

describe('the pipeline through n8n\'s workflow engine', () => {
	test('each lead leaves the router on the output of its band, and SQLs get a rep', async () => {
		const result = await run(leads);
		expect(result.error).toBeUndefined();

		expect(
			result.outputs['Score Lead'][0].map((item) => (item.json.leadScore as { total: number }).total),
		).toEqual([110, 50, 20, 0, 130, 50]);
		expect(routes(result, 'Threshold Router', ROUTER_OUTPUTS)).toEqual({
			Nurture: ['ops@big.example', undefined],
			MQL: ['vp@small.example'],
			SQL: ['vp@big.example', 'head@corp.example'],
			Unscored: [],
			Disqualified: ['kid@school.example'],
		});
		expect(routes(result, 'Assign Rep', ['Assigned', 'Unassigned'])).toEqual({
			Assigned: ['vp@big.example', 'head@corp.example'],
			Unassigned: [],
		});
		expect(
			result.outputs['CRM (stand-in)'][0].map((item) => item.json.assignedRep),
		).toMatchObject([
			{ id: 'rep-a', crmOwnerId: '101', email: 'ada@example.com', reason: 'round_robin' },
			{ id: 'rep-b', crmOwnerId: '102', email: 'ben@example.com', reason: 'round_robin' },
		]);
	});

	test('Score Lead writes leadScore and leaves the original fields as they were', async () => {
		const result = await run([leads[0]]);
		const [item] = result.outputs['Score Lead'][0];
		expect(item.json).toMatchObject(leads[0]);
		expect(item.json.leadScore).toMatchObject({
			key: 'vp@big.example',
			total: 110,
			groups: { fit: 60, engagement: 50 },
			band: 'SQL',
			bands: [
				{ name: 'Nurture', min: null },
				{ name: 'MQL', min: 50 },
				{ name: 'SQL', min: 100 },
			],
			disqualified: false,
			reasons: [],
			model: { name: 'Fixture model', version: '2' },
		});
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test('every item leaves on exactly one output, paired with its input', async () => {
		const result = await run(leads);
		const paired = result.outputs['Threshold Router']
			.flat()
			.map((item) => (item.pairedItem as { item: number }).item)
			.sort();
		expect(paired).toEqual([0, 1, 2, 3, 4, 5]);
	});

	test('a model naming an unknown operator stops the run before any item is scored', async () => {
		const workflow = pipeline({
			'Score Lead': {
				parameters: {
					modelJson:
						'{"rules": [{"field": "a", "operator": "equals", "value": 1, "points": 1}, {"field": "b", "operator": "gt", "value": 1, "points": 1}]}',
				},
			},
		});
		const result = await run(leads, { workflow });
		expect(result.error?.message).toBe(
			'The scoring model is invalid: rules[1].operator: "gt" is not an operator',
		);
		expect((result.error as { description?: string }).description).toBe('rules[1].operator: use "greaterThan"');
		expect(result.outputs['Score Lead']).toEqual([]);
		expect(result.outputs['Threshold Router']).toBeUndefined();
	});

	test('model JSON that is not JSON stops the run with the parser message', async () => {
		const workflow = pipeline({ 'Score Lead': { parameters: { modelJson: '{"rules": [' } } });
		const result = await run(leads, { workflow });
		expect(result.error?.message).toMatch(/^The scoring model is invalid: model JSON: is not valid JSON/);
	});

	test('bad item data names the item and the field, and stops the run by default', async () => {
		const result = await run([leads[0], { email: 'x@y.example', activities: 'lots' }]);
		expect(result.error?.message).toBe(
			'Item 1 (x@y.example): The field "activities" holds text that is not a JSON list of activities ("lots")',
		);
	});

	test('with "continue on fail" the bad item carries its error to Unscored and the rest go on', async () => {
		const workflow = pipeline({ 'Score Lead': { onError: 'continueRegularOutput' } });
		const result = await run([leads[0], { email: 'x@y.example', activities: 'lots' }], { workflow });
		expect(result.error).toBeUndefined();
		expect(routes(result, 'Threshold Router', ROUTER_OUTPUTS)).toMatchObject({
			SQL: ['vp@big.example'],
			Unscored: ['x@y.example'],
		});
		const [bad] = result.outputs['Threshold Router'][3];
		expect(bad.json.error).toContain('Item 1 (x@y.example): The field "activities"');
		expect(bad.json.errorFix).toContain('put a list such as');
	});

	test('with "continue using error output" the bad item leaves on the error output', async () => {
		const workflow = pipeline({ 'Score Lead': { onError: 'continueErrorOutput' } });
		// The run starts one node earlier, as at a form trigger, so the error item has a source.
		workflow.nodes.push({
			id: 'form',
			name: 'Form (stand-in)',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [-250, 0],
			parameters: {},
		});
		workflow.connections['Form (stand-in)'] = {
			main: [[{ node: 'Score Lead', type: 'main', index: 0 }]],
		};
		const result = await run([leads[0], { email: 'x@y.example', activities: 'lots' }], {
			workflow,
			startNode: 'Form (stand-in)',
		});
		const [success, errors] = result.outputs['Score Lead'];
		expect(success.map((item) => item.json.email)).toEqual(['vp@big.example']);
		expect(errors).toHaveLength(1);
		expect(errors[0].pairedItem).toEqual({ item: 1 });
		expect(errors[0].json.error).toContain('Item 1 (x@y.example)');
	});

	test('a model on each item, one per client, scores each item by its own model', async () => {
		const strict = { rules: [{ field: 'jobTitle', operator: 'equals', value: 'CEO', points: 100 }] };
		const loose = { rules: [{ field: 'jobTitle', operator: 'isNotEmpty', points: 100 }] };
		const workflow = pipeline({
			'Score Lead': { parameters: { modelSource: 'field', modelField: 'client.model' } },
		});
		const result = await run(
			[
				{ email: 'a@x.example', jobTitle: 'Intern', client: { model: strict } },
				{ email: 'b@x.example', jobTitle: 'Intern', client: { model: JSON.stringify(loose) } },
				{ email: 'c@x.example', jobTitle: 'CEO', client: { model: strict } },
			],
			{ workflow },
		);
		expect(routes(result, 'Threshold Router', ROUTER_OUTPUTS)).toMatchObject({
			Nurture: ['a@x.example'],
			SQL: ['b@x.example', 'c@x.example'],
		});
	});

	test('the model built in the node scores a form submission with its defaults', async () => {
		const workflow = pipeline({ 'Score Lead': { parameters: { modelSource: 'ui' } } });
		const result = await run(
			[
				{
					email: 'dir@corp.example',
					'Job Title': 'Director of Sales',
					'Company Size': '1,200',
					Country: 'Canada',
					Phone: '+1 555 0100',
					visits: 7,
				},
			],
			{ workflow },
		);
		// director 15 + size >= 50 15 + size >= 500 10 + country 10 + phone 5 + visits 10
		expect((result.outputs['Score Lead'][0][0].json.leadScore as { total: number }).total).toBe(65);
	});
});

describe('a mistake in a node\'s settings under "continue on fail"', () => {
	test('the router sends every lead to Unscored with the error, not through as if routed', async () => {
		const workflow = pipeline({
			'Threshold Router': {
				onError: 'continueRegularOutput',
				parameters: {
					bandSource: 'node',
					bands: {
						band: [
							{ name: 'Nurture', min: 0 },
							{ name: 'MQL', min: 50 },
							{ name: 'SQL', min: 50 },
						],
					},
				},
			},
		});
		const result = await run(leads.slice(0, 2), { workflow });
		expect(routes(result, 'Threshold Router', ROUTER_OUTPUTS)).toEqual({
			Nurture: [],
			MQL: [],
			SQL: [],
			Unscored: ['vp@big.example', 'vp@small.example'],
			Disqualified: [],
		});
		const [first] = result.outputs['Threshold Router'][3];
		expect(first.json.error).toContain('both start at 50');
		expect(first.json.leadScore).toBeDefined();
	});

	test('Score Lead with a bad model sends every lead on carrying the error, to Unscored', async () => {
		const workflow = pipeline({
			'Score Lead': {
				onError: 'continueRegularOutput',
				parameters: {
					modelJson: '{"rules": [{"field": "a", "operator": "gt", "value": 1, "points": 1}]}',
				},
			},
		});
		const result = await run(leads.slice(0, 2), { workflow });
		expect(routes(result, 'Threshold Router', ROUTER_OUTPUTS).Unscored).toEqual([
			'vp@big.example',
			'vp@small.example',
		]);
		const [first] = result.outputs['Threshold Router'][3];
		expect(first.json.error).toBe(
			'The scoring model is invalid: rules[0].operator: "gt" is not an operator',
		);
		expect(first.json.jobTitle).toBe('VP Sales');
	});

	test('Assign Rep sends every lead to Unassigned with the error', async () => {
		const workflow = pipeline({
			'Assign Rep': {
				onError: 'continueRegularOutput',
				parameters: { reps: { rep: [{ id: 'rep-a' }, { id: 'rep-a' }] } },
			},
		});
		const result = await run([leads[0]], { workflow });
		const [assigned, unassigned] = result.outputs['Assign Rep'];
		expect(assigned).toEqual([]);
		expect(unassigned.map((item) => item.json.email)).toEqual(['vp@big.example']);
		expect(unassigned[0].json.error).toContain('two reps with the id "rep-a"');
	});
});
