import { compileModel } from '../../lib/model';
import { scoreLead } from '../../lib/scoring';
import { withVerbosity } from '../../lib/verbosity';

const asOf = new Date('2026-06-01T00:00:00Z');
const model = compileModel({
	rules: [
		{ id: 'vp', field: 'jobTitle', operator: 'contains', value: 'vp', points: 30 },
		{ id: 'size', field: 'companySize', operator: 'atLeast', value: 50, points: 10 },
		{
			id: 'rival',
			label: 'Competitor',
			field: 'email',
			operator: 'endsWith',
			value: '@rival.example',
			disqualify: true,
		},
		{ id: 'demo', activity: 'demo', withinDays: 30, points: 50 },
	],
});
const lead = {
	jobTitle: 'VP',
	companySize: '1.5k',
	email: 'x@rival.example',
	activities: [{ type: 'demo', at: '2026-05-20' }, { type: 'demo', at: '2026-01-01' }],
};

describe('breakdown verbosity', () => {
	const full = scoreLead(model, lead, { asOf });

	test('full keeps every entry, warnings and skipped occurrences included', () => {
		expect(full.breakdown.map((entry) => entry.rule)).toEqual(['vp', 'size', 'rival', 'demo']);
		expect(full.breakdown[1].warning).toBe('"1.5k" is not a number, so it counts as missing');
		expect(full.breakdown[3].skippedCount).toBe(1);
	});

	test('scoring keeps what moved the score or disqualified the lead, and still sums to 80', () => {
		const shown = withVerbosity(full, 'scoring');
		expect(shown.breakdown).toEqual([
			{ rule: 'vp', group: 'fit', points: 30, field: 'jobTitle', value: 'VP' },
			{
				rule: 'rival',
				group: 'fit',
				points: 0,
				label: 'Competitor',
				disqualify: true,
				field: 'email',
				value: 'x@rival.example',
			},
			{
				rule: 'demo',
				group: 'engagement',
				points: 50,
				activity: { type: 'demo', at: '2026-05-20T00:00:00.000Z' },
			},
		]);
		expect(shown.total).toBe(80);
	});

	test('none leaves the breakdown out and the rest as it was', () => {
		const { breakdown, ...rest } = full;
		expect(breakdown).toHaveLength(4);
		expect(withVerbosity(full, 'none')).toEqual(rest);
	});
});
