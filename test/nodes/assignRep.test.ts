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

		const dry = await run(sqls(1, 1), { startNode: 'Assign Rep', staticData, mode: 'manual' });
		expect(dry.outputs['Assign Rep'][0][0].json.assignedRep).toMatchObject({
			id: 'rep-b',
			dryRun: true,
		});
		expect(staticData).toEqual(before);

		const real = await run(sqls(1, 1), { startNode: 'Assign Rep', staticData });
		expect(assignedIds(real)).toEqual(['rep-b']);
	});

	test('a run that fails later keeps its turns, as n8n saves a failed run, and the retry gets the same reps', async () => {
		const staticData: IDataObject = {};
		const workflow = pipeline({ 'CRM (stand-in)': { type: 'n8n-nodes-base.stopAndError' } });
		const failed = await run(sqls(2), { workflow, startNode: 'Assign Rep', staticData });
		expect(failed.error?.message).toBe('The CRM step failed (stand-in)');
		expect(assignedIds(failed)).toEqual(['rep-a', 'rep-b']);

		// The retry, with the CRM back: the leads are remembered, so they go to the same reps, and
		// the rotation moves on from where the failed run left it (rep-c is inactive).
		const retry = await run(sqls(3), { startNode: 'Assign Rep', staticData });
		expect(retry.outputs['Assign Rep'][0].map((item) => item.json.assignedRep)).toMatchObject([
			{ id: 'rep-a', reason: 'same_lead' },
			{ id: 'rep-b', reason: 'same_lead' },
			{ id: 'rep-a', reason: 'round_robin' },
		]);
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
			strategy: 'roundRobin',
			pool: 'default',
			skipped: [
				{ id: 'a', name: 'a', why: 'inactive' },
				{ id: 'b', name: 'b', why: 'inactive' },
			],
			asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
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
			'Item 1 (bad@x.example): The roster has two reps with the id "a" (the second is "reps"[1])',
		);
	});

	test('the same lead in a later run gets the same rep and takes no turn', async () => {
		const staticData: IDataObject = {};
		await run(sqls(1), { startNode: 'Assign Rep', staticData });
		const again = await run([...sqls(1), ...sqls(1, 1)], { startNode: 'Assign Rep', staticData });
		expect(assignedIds(again)).toEqual(['rep-a', 'rep-b']);
		expect(again.outputs['Assign Rep'][0][0].json.assignedRep).toMatchObject({
			reason: 'same_lead',
		});
		// Stored by hash only: the email is nowhere in the state.
		expect(JSON.stringify(staticData)).not.toContain('lead0');
	});

	test("a lead whose email field is Pipedrive's list is known again by its primary address", async () => {
		const staticData: IDataObject = {};
		await run(sqls(1), { startNode: 'Assign Rep', staticData });
		const emails = [
			{ label: 'home', value: 'other@home.example', primary: false },
			{ label: 'work', value: 'Lead0@X.example', primary: true },
		];
		const again = await run([{ email: emails }], { startNode: 'Assign Rep', staticData });
		expect(again.outputs['Assign Rep'][0][0].json.assignedRep).toMatchObject({
			id: 'rep-a',
			reason: 'same_lead',
		});
	});

	test('a setting with a value its dropdown lacks, as in a hand-written workflow, stops the run', async () => {
		const workflow = pipeline({
			'Assign Rep': { parameters: { strategy: 'leastLoaded', loadPeriod: 'fortnight' } },
		});
		const result = await run(sqls(1), { workflow, startNode: 'Assign Rep' });
		expect(result.error?.message).toBe('Load Period is "fortnight", not one of its choices');
		expect((result.error as Error & { description?: string }).description).toBe(
			'Set Load Period to one of: "day" (Day), "month" (Month), "week" (Week)',
		);
	});

	test("a rep set in the node is named by its row, counted from 1 as the editor's rows are", async () => {
		const workflow = pipeline({
			'Assign Rep': { parameters: { reps: { rep: [{ id: 'a' }, { id: 'b', email: 'bo' }] } } },
		});
		const result = await run(sqls(1), { workflow, startNode: 'Assign Rep' });
		expect(result.error?.message).toBe(
			'The rep "b" (Reps, rep 2) has the email "bo", which is not an email address',
		);
	});

	test('a negative Remember Leads (Days), set by an expression, stops the run with the bounds', async () => {
		const workflow = pipeline({
			'Assign Rep': { parameters: { options: { rememberLeadsDays: '={{ -7 }}' } } },
		});
		const result = await run(sqls(1), { workflow, startNode: 'Assign Rep' });
		expect(result.error?.message).toBe('Remember Leads (Days) is -7, less than 0');
		expect((result.error as Error & { description?: string }).description).toBe(
			'Set Remember Leads (Days) to 0 or more, e.g. 30',
		);
	});

	test('an item an earlier node failed goes to Unassigned as it came, and takes no turn', async () => {
		const failed = { email: 'bad@x.example', error: 'Item 1: the activities are not a list' };
		const result = await run([...sqls(1), failed, ...sqls(1, 1)], { startNode: 'Assign Rep' });
		expect(assignedIds(result)).toEqual(['rep-a', 'rep-b']);
		expect(result.outputs['Assign Rep'][1].map((item) => item.json)).toEqual([failed]);
	});

	test('a weighted roster from a sheet, with out of office, as of a past day', async () => {
		const workflow = pipeline({
			'Assign Rep': {
				parameters: {
					rosterSource: 'field',
					rosterField: 'reps',
					strategy: 'weighted',
					options: { asOf: '2026-07-06T10:00:00Z', excludeField: 'previousOwner' },
				},
			},
		});
		// Sheet columns arrive as text.
		const reps = [
			{ id: 'x', name: 'Xena', weight: '2', timeZone: 'Europe/Berlin' },
			{ id: 'y', name: 'Yuri', weight: '1', outOfOffice: '2026-07-01..2026-07-10' },
			{ id: 'z', name: 'Zoe', weight: '1' },
		];
		const leads: IDataObject[] = sqls(4).map((lead) => ({ ...lead, reps }));
		leads[3].previousOwner = 'x';
		const result = await run(leads, { workflow, startNode: 'Assign Rep' });
		// x:2 z:1 -> x z x; the fourth lead's previous owner x is excluded -> z.
		expect(assignedIds(result)).toEqual(['x', 'z', 'x', 'z']);
		expect(result.outputs['Assign Rep'][0][3].json.assignedRep).toMatchObject({
			reason: 'weighted',
			explanation:
				'Zoe is next by weight (weight 1 of 1 among 1 available rep); skipped Xena (excluded for ' +
				'this lead), Yuri (out of office until 2026-07-10)',
			asOf: '2026-07-06T10:00:00.000Z',
		});
	});

	test('an Account Owners row naming a rep not on the roster stops the run before any lead', async () => {
		const workflow = pipeline({
			'Assign Rep': {
				parameters: {
					reps: { rep: [{ id: 'eu', name: 'Eva' }] },
					accountOwners: { account: [{ account: 'acme.com', owner: 'kim@ours.example' }] },
				},
			},
		});
		const staticData: IDataObject = {};
		const result = await run([{ email: 'a@acme.com' }], {
			workflow,
			startNode: 'Assign Rep',
			staticData,
		});
		expect(result.error?.message).toBe(
			'Account Owners row 1 ("acme.com") names the owner "kim@ours.example", who is not on the roster',
		);
		expect(staticData).toEqual({});
	});

	test('territory rules and account owners set in the node', async () => {
		const workflow = pipeline({
			'Assign Rep': {
				parameters: {
					reps: {
						rep: [
							{ id: 'eu', name: 'Eva', territories: 'EMEA' },
							{ id: 'us', name: 'Sam', territories: 'Americas' },
							{ id: 'key', name: 'Kim', territories: 'Americas' },
						],
					},
					territoryRules: { rule: [{ pool: 'EMEA', field: 'country', values: 'DE, FR' }] },
					accountOwners: { account: [{ account: 'acme.com', owner: 'key' }] },
				},
			},
		});
		const result = await run(
			[
				{ email: 'a@acme.com', country: 'DE' },
				{ email: 'b@b.example', country: 'FR' },
				{ email: 'c@c.example', country: 'US' },
			],
			{ workflow, startNode: 'Assign Rep' },
		);
		expect(assignedIds(result)).toEqual(['key', 'eu']);
		expect(result.outputs['Assign Rep'][1][0].json.assignedRep).toMatchObject({
			reason: 'no_territory_match',
		});
	});

	test('a daily cap holds across executions and frees up the next day', async () => {
		const staticData: IDataObject = {};
		const capped = (asOf: string) =>
			pipeline({
				'Assign Rep': {
					parameters: {
						reps: { rep: [{ id: 'a', capacityPerDay: 1 }, { id: 'b' }] },
						options: { asOf },
					},
				},
			});
		const monday = capped('2026-06-01T09:00:00Z');
		const first = await run(sqls(1), { workflow: monday, startNode: 'Assign Rep', staticData });
		const second = await run(sqls(2, 1), { workflow: monday, startNode: 'Assign Rep', staticData });
		expect([...assignedIds(first), ...assignedIds(second)]).toEqual(['a', 'b', 'b']);
		expect(second.outputs['Assign Rep'][0][0].json.assignedRep).toMatchObject({
			explanation:
				'b is next in the round robin (lead 2 of the rotation, 1 available rep); ' +
				'skipped a (at capacity: 1 of 1 today)',
		});

		const tuesday = capped('2026-06-02T09:00:00Z');
		const third = await run(sqls(1, 3), { workflow: tuesday, startNode: 'Assign Rep', staticData });
		expect(assignedIds(third)).toEqual(['a']);
	});
});

