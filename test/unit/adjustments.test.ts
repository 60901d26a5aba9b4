import { compileModel } from '../../lib/model';
import { scoreLead, type LeadScore } from '../../lib/scoring';

const asOf = new Date('2026-06-01T00:00:00Z');

function score(model: Record<string, unknown>, lead: Record<string, unknown>): LeadScore {
	return scoreLead(compileModel(model), lead, { asOf });
}

function entries(result: LeadScore): Array<[string, string | null, number]> {
	return result.breakdown.map((entry) => [entry.rule, entry.group, entry.points]);
}

const demo = { activities: [{ type: 'demo', at: '2026-05-01' }] };

describe('set rules', () => {
	const model = {
		rules: [
			{ id: 'demo', activity: 'demo', points: 50 },
			{ id: 'webinar', activity: 'webinar', frequency: 'each', points: 10 },
			{
				id: 'unsubscribed',
				group: 'engagement',
				field: 'unsubscribed',
				operator: 'equals',
				value: 'yes',
				set: 0,
			},
			{ id: 'vp', field: 'jobTitle', operator: 'contains', value: 'vp', points: 30 },
		],
	};

	test('an unsubscribed lead\'s engagement of 50 + 10 is set to 0 by a -60 entry', () => {
		const lead = {
			jobTitle: 'VP',
			unsubscribed: 'Yes',
			activities: [...demo.activities, { type: 'webinar', at: '2026-05-02' }],
		};
		const result = score(model, lead);
		expect(result.groups).toEqual({ fit: 30, engagement: 0 });
		expect(result.total).toBe(30);
		expect(entries(result)).toEqual([
			['demo', 'engagement', 50],
			['webinar', 'engagement', 10],
			['unsubscribed', 'engagement', -60],
			['vp', 'fit', 30],
		]);
		expect(result.breakdown[2]).toMatchObject({ set: 0 });
	});

	test('when two set rules fire in one group the lower value wins, whatever their order', () => {
		const twoSets = {
			rules: [
				{ id: 'a', field: 'x', operator: 'isNotEmpty', set: 40 },
				{ id: 'b', field: 'x', operator: 'isNotEmpty', set: 25 },
				{ id: 'c', field: 'x', operator: 'isNotEmpty', points: 10 },
			],
		};
		expect(score(twoSets, { x: 1 }).groups.fit).toBe(25);
		expect(entries(score(twoSets, { x: 1 }))).toEqual([
			['a', 'fit', 0],
			['b', 'fit', 15],
			['c', 'fit', 10],
		]);
	});

	test('a rule with both "set" and "points" is refused', () => {
		const both = { field: 'x', operator: 'exists', set: 0, points: 5 };
		expect(() => compileModel({ rules: [both] })).toThrow(
			'rules[0].points: is given with "set"',
		);
	});
});

describe('caps and the floor', () => {
	const rules = [
		{ id: 'vp', field: 'jobTitle', operator: 'contains', value: 'vp', points: 70 },
		{ id: 'tiny', field: 'size', operator: 'lessThan', value: 10, points: -20 },
		{ id: 'demo', activity: 'demo', points: 50 },
		{ id: 'spam', field: 'email', operator: 'endsWith', value: '.invalid', points: -200 },
	];

	test('a fit cap of 40 applies after the negatives: 70 - 20 = 50, capped by -10', () => {
		const result = score({ caps: { groups: { fit: 40 } }, rules }, { jobTitle: 'VP', size: 5 });
		expect(result.groups.fit).toBe(40);
		expect(entries(result)).toEqual([
			['vp', 'fit', 70],
			['tiny', 'fit', -20],
			['cap-fit', 'fit', -10],
		]);
		expect(result.breakdown[2]).toMatchObject({ adjustment: 'groupCap', label: 'fit capped at 40' });
	});

	test('a total cap of 100 takes 70 + 50 = 120 down by 20, in an entry of no group', () => {
		const result = score({ caps: { total: 100 }, rules }, { jobTitle: 'VP', ...demo });
		expect(result.total).toBe(100);
		expect(result.groups).toEqual({ fit: 70, engagement: 50 });
		expect(entries(result).at(-1)).toEqual(['cap-total', null, -20]);
	});

	test('a floor of 0 raises -200 + 70 = -130 by 130', () => {
		const result = score({ floor: 0, rules }, { jobTitle: 'VP', email: 'x@y.invalid' });
		expect(result.total).toBe(0);
		expect(entries(result).at(-1)).toEqual(['floor', null, 130]);
		expect(result.breakdown.at(-1)).toMatchObject({ adjustment: 'floor' });
	});

	test('a cap on an unknown group is refused with its path', () => {
		expect(() => compileModel({ caps: { groups: { product: 10 } }, rules })).toThrow(
			'caps.groups.product: "product" is not one of the model\'s groups',
		);
	});

	test('a cap of 0 or less is refused: it would pull every lead down to it', () => {
		expect(() => compileModel({ caps: { groups: { fit: -5 } }, rules })).toThrow(
			'caps.groups.fit: -5 is not a positive score',
		);
		expect(() => compileModel({ caps: { total: 0 }, rules })).toThrow(
			'caps.total: 0 is not a positive score',
		);
	});
});

describe('disqualification', () => {
	const model = {
		rules: [
			{ id: 'vp', field: 'jobTitle', operator: 'contains', value: 'vp', points: 120 },
			{
				id: 'student',
				label: 'Student',
				field: 'jobTitle',
				operator: 'contains',
				value: 'student',
				disqualify: true,
			},
			{
				id: 'rival',
				label: 'Competitor',
				field: 'email',
				operator: 'emailDomainIsOneOf',
				value: ['rival.example'],
				disqualify: true,
			},
		],
	};

	test('the band is "Disqualified" whatever the points, with every reason listed', () => {
		const result = score(model, { jobTitle: 'VP and student', email: 'a@rival.example' });
		expect(result).toMatchObject({
			total: 120,
			band: 'Disqualified',
			disqualified: true,
			reasons: ['Student', 'Competitor'],
		});
	});

	test('a model may not name a band "Disqualified"', () => {
		const bands = [{ name: 'Low' }, { name: 'disqualified', min: 1 }];
		expect(() => compileModel({ bands, rules: [] })).toThrow(
			'bands: "Disqualified" is the band of disqualified leads',
		);
	});
});

describe('grade and matrix', () => {
	const model = {
		grade: {
			scale: [{ name: 'D' }, { name: 'C', min: 20 }, { name: 'B', min: 40 }, { name: 'A', min: 60 }],
		},
		engagementLevels: { scale: [{ name: '3' }, { name: '2', min: 30 }, { name: '1', min: 60 }] },
	};

	test.each([
		[60, 60, 'A', 'A1'],
		[59.99, 59.99, 'B', 'B2'],
		[40, 30, 'B', 'B2'],
		[20, 29, 'C', 'C3'],
		[-5, 0, 'D', 'D3'],
	])('fit %d and engagement %d give grade %s and matrix %s', (fit, engagement, grade, matrix) => {
		const scored = {
			...model,
			rules: [
				{ field: 'f', operator: 'exists', points: fit },
				{ group: 'engagement', field: 'e', operator: 'exists', points: engagement },
			],
		};
		expect(score(scored, { f: 1, e: 1 })).toMatchObject({ grade, matrix });
	});

	test('without a grade scale, grade and matrix are null', () => {
		expect(score({ rules: [] }, {})).toMatchObject({ grade: null, matrix: null });
	});
});
