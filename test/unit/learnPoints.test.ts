import { checkModel } from '../../lib/model';
import { LeadDataError } from '../../lib/errors';
import { learnPoints, placeBands, roundEdge, shareAtRate } from '../../lib/learnPoints';
import { fitLogistic } from '../../lib/logistic';
import { scoreLead } from '../../lib/scoring';

const ASOF = new Date('2026-01-01T00:00:00Z');

// 40 leads: every "pro" lead converted and no "free" one did; colour is red or blue, each half
// converted, so it says nothing; the id is new on every lead.
function pastLeads(): Array<Record<string, unknown>> {
	return Array.from({ length: 40 }, (_, index) => ({
		id: `lead-${index}`,
		plan: index % 2 === 0 ? 'pro' : 'free',
		colour: index % 4 < 2 ? 'red' : 'blue',
		converted: index % 2 === 0 ? 'yes' : 'no',
	}));
}

describe('fitLogistic', () => {
	test('with no features the intercept is the log odds: 3 of 4 converted gives ln 3', () => {
		const rows = Array.from({ length: 4 }, () => ({ indices: [], values: [] }));
		const fit = fitLogistic(rows, [true, true, true, false], 0, { l2: 1 });
		expect(fit.intercept).toBeCloseTo(Math.log(3), 9);
	});
});

describe('roundEdge', () => {
	test.each([
		[1187.4, 1200],
		[0.473, 0.47],
		[7, 7],
		[-38, -38],
		[0, 0],
	])('%s reads as %s', (value, edge) => {
		expect(roundEdge(value)).toBe(edge);
	});
});

describe('placeBands', () => {
	test('SQL starts at the score of the lead 10% from the top, MQL at 30%', () => {
		const scores = [100, 90, 80, 70, 60, 50, 40, 30, 20, 10];
		expect(placeBands(scores, 0.1, 0.3)).toEqual([
			{ name: 'Nurture' },
			{ name: 'MQL', min: 80 },
			{ name: 'SQL', min: 100 },
		]);
	});
});

describe('learnPoints', () => {
	test('the column that separates the outcome gets the largest points', () => {
		const model = learnPoints(pastLeads(), { outcome: 'converted' });
		const top = [...model.rules].sort((a, b) => b.points - a.points)[0];
		expect(top).toMatchObject({ field: 'plan', operator: 'equals', value: 'pro' });
		expect(top.points).toBeGreaterThan(0);
	});

	test('a column that says nothing about the outcome gets no rows', () => {
		const model = learnPoints(pastLeads(), { outcome: 'converted' });
		expect(model.rules.filter((rule) => rule.field === 'colour')).toEqual([]);
	});

	test('an identifier (a new value on every lead) is not learned from', () => {
		const model = learnPoints(pastLeads(), { outcome: 'converted' });
		expect(model.rules.some((rule) => rule.field === 'id')).toBe(false);
	});

	test('the same leads give the same model', () => {
		expect(learnPoints(pastLeads(), { outcome: 'converted' })).toEqual(
			learnPoints(pastLeads(), { outcome: 'converted' }),
		);
	});

	test('the model passes the check and scores every pro lead above every free one', () => {
		const model = learnPoints(pastLeads(), { outcome: 'converted' });
		const check = checkModel(model);
		expect(check.problems).toEqual([]);
		const totals = pastLeads().map((lead) => ({
			plan: lead.plan,
			total: scoreLead(check.compiled!, lead, { asOf: ASOF }).total,
		}));
		const of = (plan: string) => totals.filter((t) => t.plan === plan).map((t) => t.total);
		const lowestPro = Math.min(...of('pro'));
		const highestFree = Math.max(...of('free'));
		expect(lowestPro).toBeGreaterThan(highestFree);
	});

	test('numbers become "at least" rows at round edges, with the engine scoring them', () => {
		// Visits 10, 20, ... 400: leads with 210 or more converted.
		const leads = Array.from({ length: 40 }, (_, index) => ({
			visits: String((index + 1) * 10),
			converted: index >= 20 ? '1' : '0',
		}));
		const model = learnPoints(leads, { outcome: 'converted' });
		const strongest = [...model.rules].sort((a, b) => b.points - a.points)[0];
		expect(strongest).toMatchObject({ field: 'visits', operator: 'atLeast', value: 200 });
		const check = checkModel(model);
		expect(check.problems).toEqual([]);
		const learnedSum = (lead: Record<string, unknown>) =>
			model.rules
				.filter((rule) => Number(lead.visits) >= (rule.value as number))
				.reduce((sum, rule) => sum + rule.points, 0);
		for (const lead of leads) {
			expect(scoreLead(check.compiled!, lead, { asOf: ASOF }).total).toBe(learnedSum(lead));
		}
	});

	test('at most maxRows rows', () => {
		const model = learnPoints(pastLeads(), { outcome: 'converted', maxRows: 1 });
		expect(model.rules.length).toBe(1);
	});

	test('leads that all have one outcome are refused, saying which', () => {
		const leads = pastLeads().map((lead) => ({ ...lead, converted: 'no' }));
		expect(() => learnPoints(leads, { outcome: 'converted' })).toThrow(LeadDataError);
		expect(() => learnPoints(leads, { outcome: 'converted' })).toThrow(
			'All 40 leads have the same outcome in "converted" (none converted)',
		);
		const allWon = pastLeads().map((lead) => ({ ...lead, converted: 'won' }));
		expect(() => learnPoints(allWon, { outcome: 'converted' })).toThrow('(all converted)');
	});

	test('an outcome column the leads do not have is named', () => {
		expect(() => learnPoints(pastLeads(), { outcome: 'won' })).toThrow(
			'No lead has the outcome column "won" (columns: id, plan, colour, converted)',
		);
	});

	test('one lead is too few to learn from', () => {
		expect(() => learnPoints(pastLeads().slice(0, 1), { outcome: 'converted' })).toThrow(
			'Learning points needs at least 10 leads; got 1',
		);
	});
});

describe('placing SQL by outcome rate instead of share', () => {
	test('the largest share from the top whose leads converted at the rate', () => {
		// From the top: 90, 90 (2 of 2), 80 (3 of 3), 70 (3 of 4), 60 (4 of 5).
		const scores = [60, 90, 80, 90, 70];
		const outcomes = [true, true, true, true, false];
		expect(shareAtRate(scores, outcomes, 0.9)).toBe(0.6);
		expect(shareAtRate(scores, outcomes, 0.8)).toBe(1);
		expect(shareAtRate(scores, outcomes, 1)).toBe(0.6);
	});

	test('leads tied at a score are taken together', () => {
		// 50, 50: one of two converted, so a rate of 1 cannot take either; the top lead alone.
		expect(shareAtRate([50, 50, 10], [true, false, false], 1)).toBeCloseTo(1 / 3);
	});
});

describe('columns to leave out', () => {
	test('a name no lead has is an error, so an after-the-fact column cannot slip in', () => {
		const leads = Array.from({ length: 40 }, (_, index) => ({
			Tags: index % 2 === 0 ? 'Closed' : 'Open',
			converted: index % 2 === 0 ? 1 : 0,
		}));
		expect(() => learnPoints(leads, { outcome: 'converted', exclude: ['tags'] })).toThrow(
			'Exclude names "tags", which no lead has (columns: Tags, converted)',
		);
	});
});
