import type { IDataObject } from 'n8n-workflow';

import { pipeline, run } from './pipeline';

const sqls = (count: number, from = 0): IDataObject[] =>
	Array.from({ length: count }, (_, index) => ({ email: `lead${from + index}@x.example` }));

function assignedIds(result: Awaited<ReturnType<typeof run>>): Array<string | null> {
	return (result.outputs['Assign Rep']?.[0] ?? []).map(
		(item) => (item.json.assignedRep as { id: string }).id,
	);
}

describe('Assign Rep', () => {
	test('the round robin continues across executions through workflow static data', async () => {
		const staticData: IDataObject = {};
		const first = await run(sqls(3), { startNode: 'Assign Rep', staticData });
		expect(assignedIds(first)).toEqual(['rep-a', 'rep-b', 'rep-a']);

		const second = await run(sqls(3, 3), { startNode: 'Assign Rep', staticData });
		expect(assignedIds(second)).toEqual(['rep-b', 'rep-a', 'rep-b']);
	});

	test('an editor test run shows the assignment as a dry run and leaves the rotation alone', async () => {
		const staticData: IDataObject = {};
		await run(sqls(1), { startNode: 'Assign Rep', staticData });
		const before = structuredClone(staticData);

		const dry = await run(sqls(1), { startNode: 'Assign Rep', staticData, mode: 'manual' });
		expect(dry.outputs['Assign Rep'][0][0].json.assignedRep).toMatchObject({
			id: 'rep-b',
			dryRun: true,
		});
		expect(staticData).toEqual(before);

		const real = await run(sqls(1), { startNode: 'Assign Rep', staticData });
		expect(assignedIds(real)).toEqual(['rep-b']);
	});

	test('a run that fails later in the workflow does not move the rotation', async () => {
		const staticData: IDataObject = {};
		const workflow = pipeline();
		// The "CRM" step fails: a router after Assign Rep with a score field path it refuses.
		workflow.nodes.push({
			id: 'failing-crm',
			name: 'Failing CRM',
			type: 'n8n-nodes-lead-scoring.thresholdRouter',
			typeVersion: 1,
			position: [900, 0],
			parameters: { scoreField: '__proto__' },
		});
		workflow.connections['Assign Rep'] = {
			main: [[{ node: 'Failing CRM', type: 'main', index: 0 }], []],
		};
		const failed = await run(sqls(2), { workflow, startNode: 'Assign Rep', staticData });
		expect(failed.error?.message).toBe(
			'The field path "__proto__" uses "__proto__", which is not allowed; use a data field name',
		);
		expect(staticData).toEqual({});
	});

	test('when every rep is inactive the lead goes to Unassigned with the reason', async () => {
		const workflow = pipeline({
			'Assign Rep': {
				parameters: { reps: { rep: [{ id: 'a', active: false }, { id: 'b', active: false }] } },
			},
		});
		const result = await run(sqls(1), { workflow, startNode: 'Assign Rep' });
		expect(result.outputs['Assign Rep'][0]).toEqual([]);
		expect(result.outputs['Assign Rep'][1][0].json.assignedRep).toEqual({
			id: null,
			name: null,
			email: null,
			crmOwnerId: null,
			reason: 'all_inactive',
			explanation: 'Nobody could take the lead: all 2 reps are inactive',
		});
	});

	test('a roster from an input field, built upstream from a sheet', async () => {
		const workflow = pipeline({
			'Assign Rep': { parameters: { rosterSource: 'field', rosterField: 'team.reps' } },
		});
		const team = {
			reps: [
				{ id: 'x', name: 'Xena', email: 'x@example.com', active: 'yes' },
				{ id: 'y', name: 'Yuri', email: 'y@example.com', active: 'no' },
				{ id: 'z', name: 'Zoe', email: 'z@example.com' },
			],
		};
		const result = await run(
			sqls(3).map((lead) => ({ ...lead, team })),
			{ workflow, startNode: 'Assign Rep' },
		);
		expect(assignedIds(result)).toEqual(['x', 'z', 'x']);
	});

	test('a bad roster in a field is an item error naming the rep; with continue on fail it goes to Unassigned', async () => {
		const workflow = pipeline({
			'Assign Rep': {
				parameters: { rosterSource: 'field', rosterField: 'reps' },
				onError: 'continueRegularOutput',
			},
		});
		const result = await run(
			[
				{ email: 'ok@x.example', reps: [{ id: 'a' }] },
				{ email: 'bad@x.example', reps: [{ id: 'a' }, { id: 'a' }] },
			],
			{ workflow, startNode: 'Assign Rep' },
		);
		expect(assignedIds(result)).toEqual(['a']);
		expect(result.outputs['Assign Rep'][1][0].json.error).toBe(
			'Item 1: The roster has two reps with the id "a" (the second is "reps"[1])',
		);
	});
});
