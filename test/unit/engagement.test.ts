import { compileModel } from '../../lib/model';
import { scoreLead, type BreakdownEntry, type LeadScore } from '../../lib/scoring';
import { parseInstant } from '../../lib/time';

const asOf = new Date('2026-06-01T00:00:00Z');

function daysAgo(days: number): string {
	return new Date(asOf.getTime() - days * 24 * 60 * 60 * 1000).toISOString();
}

function score(
	model: Record<string, unknown>,
	activities: unknown[],
	timeZone?: string,
): LeadScore {
	return scoreLead(compileModel(model), { activities }, { asOf, timeZone });
}

function entry(result: LeadScore, rule: string): BreakdownEntry | undefined {
	return result.breakdown.find((candidate) => candidate.rule === rule);
}

const visit = (days: number, url = '/blog') => ({ type: 'page_view', at: daysAgo(days), url });

describe('matching activities by type and properties', () => {
	test('a "where" condition scores only pricing-page views: 2 x 10 = 20', () => {
		const model = {
			rules: [
				{
					id: 'pricing',
					activity: 'page_view',
					frequency: 'each',
					where: [{ property: 'url', operator: 'contains', value: '/pricing' }],
					points: 10,
				},
			],
		};
		const result = score(model, [
			visit(1, '/pricing'),
			visit(2, '/blog'),
			visit(3, '/PRICING/team'),
		]);
		expect(result.total).toBe(20);
		expect(entry(result, 'pricing')).toMatchObject({ count: 2, activity: { at: daysAgo(1) } });
	});

	test('an activity type no rule names is left alone', () => {
		const model = { rules: [{ activity: 'webinar', points: 5 }] };
		expect(score(model, [{ type: 'podcast' }]).total).toBe(0);
	});

	test('a condition on an unknown operator is refused with its path', () => {
		const where = [{ property: 'url', operator: 'has' }];
		const model = { rules: [{ activity: 'page_view', where, points: 1 }] };
		expect(() => compileModel(model)).toThrow(
			'rules[0].where[0].operator: "has" is not an operator',
		);
	});
});

describe('frequency', () => {
	const threeVisits = [visit(1), visit(5), visit(9)];

	test('once: 10, the most recent occurrence, the others skipped with the reason', () => {
		const result = score({ rules: [{ id: 'v', activity: 'page_view', points: 10 }] }, threeVisits);
		expect(result.total).toBe(10);
		expect(entry(result, 'v')).toMatchObject({
			activity: { type: 'page_view', at: daysAgo(1) },
			skipped: [
				{ at: daysAgo(5), reason: 'the rule scores once' },
				{ at: daysAgo(9), reason: 'the rule scores once' },
			],
			skippedCount: 2,
		});
	});

	test('once, with the visits listed oldest first: still the most recent scores', () => {
		const rule = { id: 'v', activity: 'page_view', points: 10 };
		const result = score({ rules: [rule] }, [...threeVisits].reverse());
		expect(entry(result, 'v')).toMatchObject({
			activity: { at: daysAgo(1) },
			skipped: [{ at: daysAgo(5) }, { at: daysAgo(9) }],
		});
	});

	test('each: 3 x 10 = 30', () => {
		const model = { rules: [{ activity: 'page_view', frequency: 'each', points: 10 }] };
		expect(score(model, threeVisits).total).toBe(30);
	});

	test('at most 2: the two most recent, 2 x 10 = 20', () => {
		const rule = { id: 'v', activity: 'page_view', frequency: 'atMost', maxTimes: 2, points: 10 };
		const model = { rules: [rule] };
		const result = score(model, threeVisits);
		expect(result.total).toBe(20);
		expect(entry(result, 'v')?.skipped).toEqual([
			{ type: 'page_view', at: daysAgo(9), reason: 'the rule scores at most 2 times' },
		]);
	});

	test('a minimum interval of 7 days scores days 1 and 9 and skips day 5: 20', () => {
		const model = {
			rules: [
				{ id: 'v', activity: 'page_view', frequency: 'each', minIntervalDays: 7, points: 10 },
			],
		};
		const result = score(model, threeVisits);
		expect(result.total).toBe(20);
		expect(entry(result, 'v')?.skipped).toEqual([
			{ type: 'page_view', at: daysAgo(5), reason: 'is within 7 days of a scored one' },
		]);
	});

	test('"atMost" without "maxTimes" and "minIntervalDays" on a once rule are refused', () => {
		const atMost = { activity: 'a', frequency: 'atMost', points: 1 };
		expect(() => compileModel({ rules: [atMost] })).toThrow('rules[0].maxTimes: is missing');
		expect(() =>
			compileModel({ rules: [{ activity: 'a', minIntervalDays: 7, points: 1 }] }),
		).toThrow('rules[0].minIntervalDays: has no effect on a rule that scores once');
	});
});

describe('recency window and decay', () => {
	test('within 30 days: the visit 10 days ago scores 10, the one 40 days ago is skipped', () => {
		const rule = { id: 'v', activity: 'page_view', frequency: 'each', withinDays: 30, points: 10 };
		const model = { rules: [rule] };
		const result = score(model, [visit(10), visit(40)]);
		expect(result.total).toBe(10);
		expect(entry(result, 'v')?.skipped).toEqual([
			{
				type: 'page_view',
				at: daysAgo(40),
				reason: 'is more than 30 days before the as-of instant',
			},
		]);
	});

	test('half-life 30 days: 20 points 30 days old give 20 x 0.5^1 = 10, 15 days old 14.14', () => {
		// 20 x 0.5^(15/30) = 20 x 0.70710678 = 14.142135…
		const rule = { id: 'd', activity: 'demo', frequency: 'each', halfLifeDays: 30, points: 20 };
		const model = { rules: [rule] };
		const result = score(model, [
			{ type: 'demo', at: daysAgo(30) },
			{ type: 'demo', at: daysAgo(15) },
		]);
		// 10 + 14.142135… = 24.142135…, rounded once in the output
		expect(result.total).toBe(24.14);
		expect(entry(result, 'd')?.scored).toEqual([
			{ type: 'demo', at: daysAgo(15), points: 14.14 },
			{ type: 'demo', at: daysAgo(30), points: 10 },
		]);
	});

	test('a rule with a window skips an occurrence without a readable time', () => {
		const model = { rules: [{ id: 'v', activity: 'page_view', withinDays: 30, points: 10 }] };
		const result = score(model, [{ type: 'page_view', at: 'last Tuesday' }]);
		expect(result.total).toBe(0);
		expect(entry(result, 'v')?.skipped).toEqual([
			{ type: 'page_view', at: null, unreadableAt: 'last Tuesday', reason: 'has no readable time' },
		]);
	});

	test('an occurrence scored without a readable time shows the time it came with', () => {
		const model = { rules: [{ id: 'd', activity: 'demo', points: 30 }] };
		const result = score(model, [{ type: 'demo', at: '31/12/2026' }]);
		expect(result.total).toBe(30);
		expect(entry(result, 'd')?.activity).toEqual({
			type: 'demo',
			at: null,
			unreadableAt: '31/12/2026',
		});
		const without = score(model, [{ type: 'demo' }]);
		expect(entry(without, 'd')?.activity).toEqual({ type: 'demo', at: null });
	});

	test('inactivity: 32 idle days, decay after 30 at 10% a day: 50 x 0.9^2 = 40.5', () => {
		const model = {
			inactivityDecay: { afterDays: 30, percentPerDay: 10 },
			rules: [{ activity: 'demo', points: 50 }],
		};
		const result = score(model, [{ type: 'demo', at: daysAgo(32.5) }]);
		expect(result.groups.engagement).toBe(40.5);
		expect(entry(result, 'inactivity-decay')).toEqual({
			rule: 'inactivity-decay',
			group: 'engagement',
			points: -9.5,
			label: 'No activity for 32 days',
			adjustment: 'inactivityDecay',
			idleDays: 32,
		});
	});

	test('no decay within the idle allowance', () => {
		const model = {
			inactivityDecay: { afterDays: 30, percentPerDay: 10 },
			rules: [{ activity: 'demo', points: 50 }],
		};
		expect(score(model, [{ type: 'demo', at: daysAgo(30.9) }]).total).toBe(50);
	});

	test('an activity of a type no rule reads scores nothing but still keeps decay away', () => {
		const model = {
			inactivityDecay: { afterDays: 30, percentPerDay: 10 },
			rules: [{ activity: 'demo', points: 50 }],
		};
		const result = score(model, [
			{ type: 'demo', at: daysAgo(40.5) },
			{ type: 'newsletter_open', at: daysAgo(2.5) },
		]);
		expect(result.total).toBe(50);
		expect(result.breakdown.map((item) => item.rule)).toEqual(['rule-1']);
	});

	test('two rules on the latest demo both name it: type and time', () => {
		const model = {
			rules: [
				{ id: 'first', activity: 'demo', points: 30 },
				{ id: 'each', activity: 'demo', points: 5, frequency: 'each' },
			],
		};
		const result = score(model, [
			{ type: 'demo', at: '2026-05-01T10:00:00.000Z' },
			{ type: 'Demo', at: '2026-05-20T10:00:00.000Z' },
		]);
		const latest = { type: 'Demo', at: '2026-05-20T10:00:00.000Z' };
		expect(entry(result, 'first')?.activity).toEqual(latest);
		expect(entry(result, 'each')).toMatchObject({ points: 10, count: 2, activity: latest });
		expect(result.total).toBe(40);
	});

	test('an activity after the as-of instant has not happened yet', () => {
		const model = { rules: [{ id: 'v', activity: 'page_view', points: 10 }] };
		const result = score(model, [{ type: 'page_view', at: '2099-01-01' }]);
		expect(result.total).toBe(0);
		expect(result.breakdown).toEqual([]);
	});
});

describe('rounding only in the output', () => {
	test('three entries of 0.005 round to 0.01 + 0.01 + 0 so that they sum to the total 0.02', () => {
		const model = {
			rules: ['a', 'b', 'c'].map((id) => ({
				id,
				field: id,
				operator: 'isNotEmpty',
				points: 0.005,
			})),
		};
		const result = scoreLead(compileModel(model), { a: 1, b: 1, c: 1 }, { asOf });
		expect(result.breakdown.map((item) => item.points)).toEqual([0.01, 0.01, 0]);
		expect(result.total).toBe(0.02);
	});
});

describe('reading activity times', () => {
	const march1 = Date.UTC(2026, 2, 1, 10);

	test.each([
		['2026-03-01T10:00:00Z', 'UTC', march1],
		['2026-03-01T11:00:00+01:00', 'UTC', march1],
		[1772359200, 'UTC', march1],
		[1772359200000, 'UTC', march1],
		['1772359200', 'UTC', march1],
		['2026-03-01 10:00:00', 'UTC', march1],
		['2026-03-01 11:00:00', 'Europe/Berlin', march1],
		['03/01/2026 10:00', 'UTC', march1],
		['3/1/2026 10:00 AM', 'UTC', march1],
		['01.03.2026 10:00', 'UTC', march1],
		['Sun, 01 Mar 2026 10:00:00 GMT', 'Europe/Berlin', march1],
		['03/01/2026', 'America/New_York', Date.UTC(2026, 2, 1, 5)],
	])('%j in %s is 2026-03-01 as expected', (value, zone, expected) => {
		expect(parseInstant(value, zone)).toBe(expected);
	});

	test.each([
		['2026-03-01T10:00:00+01:00', Date.UTC(2026, 2, 1, 9)],
		['2026-03-01T10:00Z', Date.UTC(2026, 2, 1, 10)],
		['2024-02-29T00:00:00.000Z', Date.UTC(2024, 1, 29)],
		['2026-03-01T10:20:30.456Z', Date.UTC(2026, 2, 1, 10, 20, 30, 456)],
		['2026-03-01T24:00:00.000Z', Date.UTC(2026, 2, 2)],
		['0099-03-01T10:00:00.000Z', new Date('0099-03-01T10:00:00.000Z').getTime()],
	])('the ISO instant %j reads the same in any zone', (value, expected) => {
		expect(parseInstant(value, 'Asia/Tokyo')).toBe(expected);
	});

	const notTimes = [
		'yesterday',
		'2026-13-45',
		'2026-02-30T10:00:00Z',
		'2026-02-30T10:00:00.000Z',
		'2026-03-01T25:00:00.000Z',
		'2025-02-29T10:00:00Z',
		'',
		{},
		true,
		'x'.repeat(1024 * 1024),
	];
	test.each(notTimes)('%j is not a time', (value) => {
		expect(parseInstant(value)).toBeNull();
	});

	test.each([
		['2026-05-30T10:00:00.000Z', '2026-05-30T10:00:00.000Z'],
		['2026-05-30T10:00:00Z', '2026-05-30T10:00:00.000Z'],
		['2026-05-30T12:00:00.000+02:00', '2026-05-30T10:00:00.000Z'],
		['2026-05-30T24:00:00.000Z', '2026-05-31T00:00:00.000Z'],
		[Date.UTC(2026, 4, 30, 10), '2026-05-30T10:00:00.000Z'],
	])('the breakdown shows the activity time %j as %j', (at, shown) => {
		const model = { rules: [{ id: 'demo', activity: 'demo', points: 10 }] };
		expect(entry(score(model, [{ type: 'demo', at }]), 'demo')?.activity?.at).toBe(shown);
	});

	test('an activity time without a zone is read in the zone the scoring is given', () => {
		const model = { rules: [{ activity: 'demo', withinDays: 1, points: 10 }] };
		// 2026-05-31 01:30 in Tokyo is 2026-05-30 16:30 UTC: more than a day before the as-of.
		const activities = [{ type: 'demo', at: '2026-05-31 01:30' }];
		expect(score(model, activities, 'UTC').total).toBe(10);
		expect(score(model, activities, 'Asia/Tokyo').total).toBe(0);
	});
});
