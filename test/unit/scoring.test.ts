import { compileModel, type CompiledModel } from '../../lib/model';
import { scoreLead, type LeadScore } from '../../lib/scoring';

const asOf = new Date('2026-06-01T00:00:00Z');

const model: CompiledModel = compileModel({
	name: 'Test model',
	version: '3',
	rules: [
		{ id: 'vp', field: 'jobTitle', operator: 'contains', value: 'VP', points: 30 },
		{ id: 'mid-size', field: 'companySize', operator: 'atLeast', value: 100, points: 20 },
		{ id: 'tiny', field: 'companySize', operator: 'lessThan', value: 10, points: -15 },
		{
			id: 'market',
			field: 'country',
			operator: 'isOneOf',
			value: ['Germany', 'France'],
			points: 10,
		},
		{ id: 'no-phone', field: 'phone', operator: 'isEmpty', points: -5 },
		{ id: 'demo', activity: 'demo_request', frequency: 'once', points: 50 },
		{ id: 'webinar', activity: 'webinar', frequency: 'each', points: 7.5 },
		{ id: 'visits', group: 'engagement', field: 'visits', operator: 'atLeast', value: 5, points: 5 },
	],
});

function score(lead: Record<string, unknown>, options = {}): LeadScore {
	return scoreLead(model, lead, { asOf, ...options });
}

function sum(result: LeadScore): number {
	return result.breakdown.reduce((total, entry) => total + entry.points * 100, 0) / 100;
}

describe('scoring a lead', () => {
	test('a VP at a 1,000-person German company with a demo request scores 110', () => {
		const result = score({
			email: ' Ana@Example.com ',
			jobTitle: 'vp marketing',
			companySize: '1,000',
			country: ' germany ',
			phone: '+49 30 1234',
			activities: [{ type: 'Demo_Request', at: '2026-05-01T10:00:00Z' }],
		});
		expect(result.total).toBe(110);
		expect(result.groups).toEqual({ fit: 60, engagement: 50 });
		expect(result.band).toBe('SQL');
		expect(result.key).toBe('ana@example.com');
		expect(result.breakdown.map((entry) => [entry.rule, entry.points])).toEqual([
			['vp', 30],
			['mid-size', 20],
			['market', 10],
			['demo', 50],
		]);
		expect(result.model).toEqual({ name: 'Test model', version: '3' });
		expect(result.asOf).toBe('2026-06-01T00:00:00.000Z');
	});

	test("a list of emails, as Pipedrive keeps them, keys the lead by the primary one", () => {
		const emails = [
			{ label: 'home', value: 'ana@home.example', primary: false },
			{ label: 'work', value: ' Ana@Example.com', primary: true },
		];
		expect(score({ email: emails, phone: '1' }).key).toBe('ana@example.com');
		expect(score({ email: ['Ben@Example.com'], phone: '1' }).key).toBe('ben@example.com');
	});

	test('a blank company size does not fire "less than 10"', () => {
		const result = score({ companySize: '', phone: '1' });
		expect(result.total).toBe(0);
		expect(result.breakdown).toEqual([]);
	});

	test('"Select" and "N/A" count as missing', () => {
		expect(score({ companySize: 'Select', phone: 'N/A' }).total).toBe(-5);
	});

	test('zero employees is a value, so "less than 10" fires', () => {
		expect(score({ companySize: 0, phone: '1' }).total).toBe(-15);
		expect(score({ companySize: '0', phone: '1' }).total).toBe(-15);
	});

	test('a lead with no fields scores only the "is empty" rules', () => {
		const result = score({});
		expect(result.total).toBe(-5);
		expect(result.band).toBe('Nurture');
		expect(result.key).toBeNull();
	});

	test('"each time" counts every matching activity, "once" only one', () => {
		const result = score({
			phone: '1',
			activities: [
				{ type: 'webinar', at: '2026-01-01' },
				{ type: 'webinar', at: '2026-02-01' },
				{ type: 'webinar', at: '2026-03-01' },
				{ type: 'demo_request', at: '2026-03-02' },
				{ type: 'demo_request', at: '2026-03-03' },
			],
		});
		expect(result.groups.engagement).toBe(72.5);
		const webinar = result.breakdown.find((entry) => entry.rule === 'webinar');
		expect(webinar).toMatchObject({ points: 22.5, count: 3 });
		const demo = result.breakdown.find((entry) => entry.rule === 'demo');
		expect(demo).toMatchObject({
			points: 50,
			activity: { type: 'demo_request', at: '2026-03-03T00:00:00.000Z' },
		});
	});

	test('activities after the as-of instant do not count, so a past day can be replayed', () => {
		const lead = { phone: '1', activities: [{ type: 'demo_request', at: '2026-07-01T00:00:00Z' }] };
		expect(score(lead).total).toBe(0);
		expect(score(lead, { asOf: new Date('2026-08-01T00:00:00Z') }).total).toBe(50);
	});

	test('activities may arrive as JSON text from a form tool', () => {
		const lead = { phone: '1', activities: '[{"type": "demo_request", "at": "2026-01-01"}]' };
		expect(score(lead).total).toBe(50);
	});

	test('an activity list that is not a list names the field and the fix', () => {
		expect(() => score({ activities: 'webinar yesterday' })).toThrow(
			'The field "activities" holds text that is not a JSON list of activities ("webinar yesterday")',
		);
	});

	test('an unreadable number counts as missing and leaves a warning in the breakdown', () => {
		const result = score({ companySize: '1.5k', phone: '1' });
		expect(result.total).toBe(0);
		expect(result.breakdown).toEqual([
			{
				rule: 'mid-size',
				group: 'fit',
				points: 0,
				field: 'companySize',
				value: '1.5k',
				warning: '"1.5k" is not a number, so it counts as missing',
			},
			{
				rule: 'tiny',
				group: 'fit',
				points: 0,
				field: 'companySize',
				value: '1.5k',
				warning: '"1.5k" is not a number, so it counts as missing',
			},
		]);
	});

	test('the breakdown sums exactly to the total, fractions included', () => {
		const result = score({
			jobTitle: 'VP',
			companySize: 5,
			visits: '12',
			activities: [{ type: 'webinar' }, { type: 'webinar' }, { type: 'webinar' }],
		});
		expect(result.total).toBe(37.5);
		expect(sum(result)).toBe(result.total);
	});

	test('the lead\'s own fields are left untouched', () => {
		const lead = { jobTitle: ' VP ', companySize: '1,000', activities: [{ type: 'webinar' }] };
		const copy = structuredClone(lead);
		score(lead);
		expect(lead).toEqual(copy);
	});

	test('form labels such as "Job Title" match the model field jobTitle', () => {
		expect(score({ 'Job Title': 'VP Sales', phone: '1' }).total).toBe(30);
	});

	test('a configured lead key field wins over the email', () => {
		const result = score({ contactId: ' 42 ', email: 'a@b.c' }, { keyField: 'contactId' });
		expect(result.key).toBe('42');
	});

	test('a disqualifying rule marks the lead whatever its points', () => {
		const withDisqualifier = compileModel({
			rules: [
				{ id: 'vp', field: 'jobTitle', operator: 'contains', value: 'vp', points: 120 },
				{
					id: 'competitor',
					label: 'Works for a competitor',
					field: 'email',
					operator: 'endsWith',
					value: '@rival.example',
					disqualify: true,
				},
			],
		});
		const result = scoreLead(withDisqualifier, { jobTitle: 'VP', email: 'x@rival.example' }, { asOf });
		expect(result).toMatchObject({
			total: 120,
			band: 'Disqualified',
			disqualified: true,
			reasons: ['Works for a competitor'],
		});
	});
});

describe('groups and models side by side', () => {
	test('a model may name its own groups: fit, engagement and product usage', () => {
		const withProduct = compileModel({
			groups: [{ name: 'fit' }, { name: 'engagement' }, { name: 'product' }],
			caps: { groups: { product: 30 } },
			rules: [
				{ id: 'seats', group: 'product', field: 'seats', operator: 'atLeast', value: 5, points: 20 },
				{ id: 'invites', group: 'product', activity: 'invite_sent', frequency: 'each', points: 5 },
			],
		});
		const activities = [1, 2, 3].map((day) => ({ type: 'invite_sent', at: `2026-05-0${day}` }));
		const result = scoreLead(withProduct, { seats: 8, activities }, { asOf });
		// 20 + 3 x 5 = 35, capped at 30
		expect(result.groups).toEqual({ fit: 0, engagement: 0, product: 30 });
		expect(result.total).toBe(30);
	});

	test('two models scoring the same leads in turn give what each gives alone', () => {
		const other = compileModel({
			rules: [{ id: 'vp', field: 'jobTitle', operator: 'matchesPattern', value: '^v', points: 5 }],
		});
		const lead = { jobTitle: 'VP', companySize: 200, activities: [{ type: 'webinar' }] };
		const alone = [score(lead), scoreLead(other, lead, { asOf })];
		const interleaved = [0, 1, 2].flatMap(() => [score(lead), scoreLead(other, lead, { asOf })]);
		expect(interleaved).toEqual([...alone, ...alone, ...alone]);
	});
});
