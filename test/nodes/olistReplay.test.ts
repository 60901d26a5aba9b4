import { OLIST_DIR, readOlistDeals, replayOlist } from '../../scripts/replayOlist';

// The Olist data set is not shipped with the pack; it is read from ../shared/data.
const deals = readOlistDeals();
const withData = deals === undefined ? describe.skip : describe;
if (deals === undefined) {
	process.stderr.write(`Skipping the Olist replay: ${OLIST_DIR} is not there.\n`);
}

withData('the 842 Olist closed deals replayed over their 22 sales reps', () => {
	// A skipped describe still runs its body, so the replay waits for the tests.
	let report: ReturnType<typeof replayOlist>;
	beforeAll(() => {
		report = replayOlist(deals ?? []);
	});

	test('the comparison group: 7 reps available from 2018-01-29 to 2018-06-11', () => {
		expect(report).toMatchObject({ deals: 842, reps: 22 });
		expect(report.group).toHaveLength(7);
		expect(new Date(report.span.from).toISOString()).toBe('2018-01-29T20:08:37.000Z');
		expect(new Date(report.span.to).toISOString()).toBe('2018-06-11T12:36:11.000Z');
	});

	test('every deal finds a rep: someone was available at each won_date', () => {
		for (const spread of Object.values(report.strategies)) expect(spread.unassigned).toBe(0);
	});

	test('the team in the data split them 32 to 107 leads per rep: a spread of 75', () => {
		expect(Math.min(...Object.values(report.data.perRep))).toBe(32);
		expect(report.data.spread).toBe(75);
	});

	test('round robin gives every rep of the group the same count: 58 each', () => {
		expect(new Set(Object.values(report.strategies.roundRobin.perRep))).toEqual(new Set([58]));
	});

	test('weighted gives the weight-2 rep exactly twice the others: 96 and 48', () => {
		expect(report.strategies.weighted.spread).toBe(48);
		expect(report.strategies.weighted.spreadPerWeight).toBe(0);
	});

	test('least loaded, by month, stays within 7 (a rep joining mid-month catches up)', () => {
		expect(report.strategies.leastLoaded.spread).toBe(7);
	});
});
