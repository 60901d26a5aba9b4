import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { compileModel } from '../../lib/model';
import { pipeline, run } from './pipeline';

const asOf = '2026-06-01T00:00:00Z';

async function scored(parameters: INodeParameters, leads: IDataObject[]): Promise<IDataObject[]> {
	const workflow = pipeline({ 'Score Lead': { parameters } });
	const result = await run(leads, { workflow });
	if (result.error) throw result.error;
	return result.outputs['Score Lead'][0].map((item) => item.json.leadScore as IDataObject);
}

const vp = {
	email: 'ana@northwind.example',
	jobTitle: 'VP Marketing',
	companySize: '1,200',
	country: 'Germany',
	phone: '1',
	activities: [{ type: 'demo_request', at: '2026-05-20' }],
};

describe('Score Lead in n8n', () => {
	test('Model Source "Preset" scores with the shipped B2B SaaS inbound model: 60 + 60 = 120', async () => {
		const [score] = await scored(
			{ modelSource: 'preset', preset: 'b2b-saas-inbound', options: { asOf } },
			[vp],
		);
		expect(score).toMatchObject({ total: 120, band: 'SQL', model: { name: 'B2B SaaS inbound' } });
	});

	test('Breakdown "Scoring Entries Only" drops zero entries and details; "None" drops the breakdown', async () => {
		const lead = { ...vp, companySize: 'about 500' };
		const modelSource = { modelSource: 'preset', preset: 'b2b-saas-inbound' };
		const [full] = await scored({ ...modelSource, options: { asOf } }, [lead]);
		const scoringOnly = { ...modelSource, options: { asOf, verbosity: 'scoring' } };
		const [scoring] = await scored(scoringOnly, [lead]);
		const [none] = await scored({ ...modelSource, options: { asOf, verbosity: 'none' } }, [lead]);

		const rules = (score: IDataObject) =>
			(score.breakdown as IDataObject[]).map((entry) => entry.rule);
		expect(rules(full)).toContain('size-50');
		expect(rules(scoring)).toEqual(['title-vp', 'core-market', 'phone-given', 'demo-request']);
		expect(none.breakdown).toBeUndefined();
		expect([full.total, scoring.total, none.total]).toEqual([100, 100, 100]);
	});

	test('Export Model puts the model built in the node on the item, and it reads back the same', async () => {
		const [score] = await scored({ modelSource: 'ui', options: { asOf, exportModel: true } }, [vp]);
		const exported = score.modelDefinition as IDataObject;
		expect(exported).toMatchObject({ formatVersion: 1, name: 'Score Lead' });
		expect(compileModel(exported).model).toEqual(exported);
	});

	test('engagement settings in the node: pricing views within 30 days, at most 2, 10 each', async () => {
		const engagementRules = {
			rules: [
				{
					source: 'activity',
					activity: 'page_view',
					frequency: 'atMost',
					maxTimes: 2,
					whereProperty: 'url',
					whereContains: '/pricing',
					withinDays: 30,
					points: 10,
				},
			],
		};
		const activities = [
			{ type: 'page_view', at: '2026-05-30', url: '/pricing' },
			{ type: 'page_view', at: '2026-05-29', url: '/blog' },
			{ type: 'page_view', at: '2026-05-28', url: '/Pricing' },
			{ type: 'page_view', at: '2026-05-27', url: '/pricing' },
			{ type: 'page_view', at: '2026-04-01', url: '/pricing' },
		];
		const [score] = await scored(
			{ modelSource: 'ui', fitRules: {}, engagementRules, options: { asOf } },
			[{ activities }],
		);
		expect(score.groups).toEqual({ fit: 0, engagement: 20 });
	});

	test('a rule row whose dropdown holds a value it lacks names the row and lists the choices', async () => {
		const fitRules = {
			rules: [
				{ field: 'jobTitle', operator: 'contains', value: 'vp', points: 70 },
				{ field: 'companySize', operator: 'gt', value: '100', points: 10 },
			],
		};
		const workflow = pipeline({ 'Score Lead': { parameters: { modelSource: 'ui', fitRules } } });
		const result = await run([vp], { workflow });
		expect(result.error?.message).toBe(
			'Operator (Fit Rules, rule 2) is "gt", not one of its choices',
		);
		expect((result.error as Error & { description?: string }).description).toContain(
			'"greaterThan" (Greater Than)',
		);
	});

	test('a History Retention below one day is refused, not read as the default or as no history', async () => {
		const workflow = pipeline({
			'Score Lead': {
				parameters: { modelSource: 'preset', options: { keepHistory: true, retentionDays: 0 } },
			},
		});
		const result = await run([vp], { workflow });
		expect(result.error?.message).toBe('History Retention (Days) is 0, less than 1');
		expect((result.error as Error & { description?: string }).description).toBe(
			'Set History Retention (Days) to 1 or more, e.g. 365',
		);
	});

	test('a band set in the node is named by its row, counted from 1, as rules are', async () => {
		const bands = {
			band: [{ name: 'Nurture' }, { name: 'SQL', min: 100 }, { name: 'MQL', min: 50 }],
		};
		const workflow = pipeline({ 'Score Lead': { parameters: { modelSource: 'ui', bands } } });
		const result = await run([vp], { workflow });
		expect(result.error?.message).toBe(
			'The scoring model is invalid: Bands, band 2: "SQL" is listed before "MQL", which has a lower minimum',
		);
	});

	test('a negative Fit Cap is refused, not applied to pull every lead down', async () => {
		const workflow = pipeline({
			'Score Lead': { parameters: { modelSource: 'ui', modelSettings: { fitCap: '={{ -5 }}' } } },
		});
		const result = await run([vp], { workflow });
		expect(result.error?.message).toBe('Fit Cap is -5, less than 0');
	});

	test('the node builds set and disqualify rules, caps, floor, grade and matrix', async () => {
		const fitRules = {
			rules: [
				{ field: 'jobTitle', operator: 'contains', value: 'vp', points: 70 },
				{
					effect: 'disqualify',
					label: 'Student',
					field: 'jobTitle',
					operator: 'contains',
					value: 'student',
				},
			],
		};
		const engagementRules = {
			rules: [
				{ source: 'activity', activity: 'demo_request', points: 50 },
				{ source: 'activity', activity: 'unsubscribe', effect: 'set', points: 0 },
			],
		};
		const modelSettings = { fitCap: 60, grades: '60, 40, 20', engagementLevels: '40, 20', floor: 0 };
		const options = { asOf };
		const parameters = { modelSource: 'ui', fitRules, engagementRules, modelSettings, options };
		const [vpScore, unsubscribed, student] = await scored(parameters, [
			{ jobTitle: 'VP', activities: [{ type: 'demo_request', at: '2026-05-20' }] },
			{
				jobTitle: 'VP',
				activities: [{ type: 'demo_request', at: '2026-05-20' }, { type: 'unsubscribe' }],
			},
			{ jobTitle: 'Student' },
		]);
		// fit 70 capped at 60 (grade A); engagement 50 (level 1)
		expect(vpScore).toMatchObject({ total: 110, groups: { fit: 60, engagement: 50 }, matrix: 'A1' });
		expect(unsubscribed).toMatchObject({ total: 60, groups: { engagement: 0 }, matrix: 'A3' });
		expect(student).toMatchObject({ band: 'Disqualified', reasons: ['Student'], grade: 'D' });
	});

	test('As Of without a zone is read in the workflow\'s time zone', async () => {
		const workflow = pipeline({
			'Score Lead': { parameters: { options: { asOf: '2026-06-01T09:00:00' } } },
		});
		workflow.settings = { timezone: 'Europe/Berlin' };
		const result = await run([{}], { workflow });
		const score = result.outputs['Score Lead'][0][0].json.leadScore as IDataObject;
		expect(score.asOf).toBe('2026-06-01T07:00:00.000Z');
	});

	test('every item is accounted for: bad ones carry their error, all paired with their input', async () => {
		const leads: IDataObject[] = [
			vp,
			{ activities: 'lots' },
			{ jobTitle: 'x'.repeat(1024 * 1024) },
			{ activities: [{ at: '2026-05-01' }] },
			{},
		];
		const workflow = pipeline({
			'Score Lead': {
				onError: 'continueRegularOutput',
				parameters: { modelSource: 'preset', preset: 'b2b-saas-inbound', options: { asOf } },
			},
		});
		const result = await run(leads, { workflow });
		const items = result.outputs['Score Lead'][0];
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 1, 2, 3, 4]);
		expect(items.map((item) => (item.json.error === undefined ? 'scored' : 'error'))).toEqual([
			'scored',
			'error',
			'scored',
			'error',
			'scored',
		]);
	});
});

describe('Score Lead across items and runs', () => {
	const model = JSON.stringify({
		name: 'History model',
		rules: [{ id: 'webinar', activity: 'webinar', frequency: 'each', points: 10 }],
	});
	const parameters = (options: IDataObject) => ({
		modelSource: 'json',
		modelJson: model,
		options: { asOf, ...options },
	});

	test('Merge Duplicate Leads scores two submissions of one lead as one: 2 webinars, 20 points', async () => {
		const merging = parameters({ mergeDuplicates: true });
		const workflow = pipeline({ 'Score Lead': { parameters: merging } });
		const result = await run(
			[
				{ email: 'Ana@x.example', jobTitle: 'VP', activities: [{ type: 'webinar', at: '2026-05-01' }] },
				{ email: 'ben@x.example', activities: [] },
				{ email: ' ana@x.example ', jobTitle: '', activities: [{ type: 'webinar', at: '2026-05-08' }] },
			],
			{ workflow },
		);
		const items = result.outputs['Score Lead'][0];
		expect(items).toHaveLength(2);
		expect(items[0].json).toMatchObject({
			jobTitle: 'VP',
			leadScore: { key: 'ana@x.example', total: 20, mergedItems: [0, 2] },
		});
		expect(items[0].pairedItem).toEqual([{ item: 0 }, { item: 2 }]);
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});

	test('an error in a merged lead names the items it was merged from', async () => {
		const workflow = pipeline({ 'Score Lead': { parameters: parameters({ mergeDuplicates: true }) } });
		const result = await run(
			[
				{ email: 'ben@x.example', activities: [] },
				{ email: 'ana@x.example', activities: [{ type: 'webinar', at: '2026-05-01' }] },
				{ email: 'Ana@x.example', activities: ['demo_request'] },
			],
			{ workflow },
		);
		expect(result.error?.message).toBe(
			'Item 1 (ana@x.example, merged from items 1, 2): Activity 1 in "activities" is ' +
				'"demo_request", not an object with a type',
		);
	});

	test("an earlier item's unreadable activities are reported, not replaced by a later item's list", async () => {
		const workflow = pipeline({ 'Score Lead': { parameters: parameters({ mergeDuplicates: true }) } });
		const result = await run(
			[
				{ email: 'ana@x.example', activities: 'lots' },
				{ email: 'ana@x.example', activities: [{ type: 'webinar', at: '2026-05-01' }] },
			],
			{ workflow },
		);
		expect(result.error?.message).toBe(
			'Item 0 (ana@x.example, merged from items 0, 1): The field "activities" holds text that ' +
				'is not a JSON list of activities ("lots")',
		);
	});

	test('Keep Activity History adds up activities across runs; an editor run reads but does not save', async () => {
		const workflow = pipeline({ 'Score Lead': { parameters: parameters({ keepHistory: true }) } });
		const staticData: IDataObject = {};
		const submit = async (at: string, mode?: 'manual') => {
			const result = await run([{ email: 'ana@x.example', activities: [{ type: 'webinar', at }] }], {
				workflow,
				staticData,
				mode,
			});
			return result.outputs['Score Lead'][0][0].json.leadScore as IDataObject;
		};

		const first = await submit('2026-05-01');
		expect(first).toMatchObject({ total: 10, activityHistory: { activities: 1 } });
		const second = await submit('2026-05-08');
		expect(second).toMatchObject({ total: 20, activityHistory: { activities: 2 } });
		expect(await submit('2026-05-15', 'manual')).toMatchObject({
			total: 30,
			activityHistory: { activities: 3, dryRun: true },
		});
		// The same webinar sent again is counted once.
		expect(await submit('2026-05-08')).toMatchObject({ total: 20 });
		expect(JSON.stringify(staticData)).not.toContain('ana@x.example');
	});

	test('the history drops activities older than the retention window', async () => {
		const workflow = pipeline({
			'Score Lead': { parameters: parameters({ keepHistory: true, retentionDays: 30 }) },
		});
		const staticData: IDataObject = {};
		const lead = (at: string) => [{ email: 'ana@x.example', activities: [{ type: 'webinar', at }] }];
		// The April webinar is 61 days old on the as-of day, past 30: neither scored nor kept.
		const first = await run(lead('2026-04-01'), { workflow, staticData });
		expect(first.outputs['Score Lead'][0][0].json.leadScore).toMatchObject({
			total: 0,
			activityHistory: { activities: 0 },
		});
		const result = await run(lead('2026-05-20'), { workflow, staticData });
		expect(result.outputs['Score Lead'][0][0].json.leadScore).toMatchObject({ total: 10 });
	});

	test('a kept activity is not scored once it falls out of the window, cleaned up or not', async () => {
		const on = (day: string) =>
			pipeline({
				'Score Lead': {
					parameters: parameters({ keepHistory: true, retentionDays: 30, asOf: `${day}T00:00:00Z` }),
				},
			});
		const staticData: IDataObject = {};
		const ana = (activities: IDataObject[]) => [{ email: 'ana@x.example', activities }];
		await run(ana([{ type: 'webinar', at: '2026-05-01' }]), { workflow: on('2026-05-10'), staticData });
		// 24 days later the webinar is still kept and scored; 5 days after that it is 34 days old.
		const kept = await run(ana([]), { workflow: on('2026-05-25'), staticData });
		expect(kept.outputs['Score Lead'][0][0].json.leadScore).toMatchObject({ total: 10 });
		const expired = await run(ana([]), { workflow: on('2026-06-04'), staticData });
		expect(expired.outputs['Score Lead'][0][0].json.leadScore).toMatchObject({
			total: 0,
			activityHistory: { activities: 0 },
		});
	});
});
