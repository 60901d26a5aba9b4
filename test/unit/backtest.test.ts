import {
	backtest,
	readOutcome,
	readOutcomes,
	rocAuc,
	scoreBins,
	topDecileLift,
} from '../../lib/backtest';
import { LeadDataError } from '../../lib/errors';
import { compileModel } from '../../lib/model';

const ASOF = new Date('2026-01-01T00:00:00Z');

describe('rocAuc', () => {
	test('a score that puts every converted lead above every lost one gives 1', () => {
		expect(rocAuc([1, 2, 3, 4], [false, false, true, true])).toBe(1);
	});

	test('the reversed score gives 0', () => {
		expect(rocAuc([4, 3, 2, 1], [false, false, true, true])).toBe(0);
	});

	test('one score for everyone gives 0.5: ties count half', () => {
		expect(rocAuc([5, 5, 5, 5], [false, true, false, true])).toBe(0.5);
	});

	test('one of four pairs in the wrong order gives 0.75', () => {
		// Pairs (positive, negative): (3,1) right, (3,4) wrong, (5,1) right, (5,4) right.
		expect(rocAuc([1, 3, 4, 5], [false, true, false, true])).toBe(0.75);
	});

	test('without both outcomes there is no AUC', () => {
		expect(rocAuc([1, 2], [true, true])).toBeNull();
	});
});

describe('readOutcome', () => {
	test.each(['1', 'Yes', ' TRUE ', 'won', 'Converted'])('"%s" is converted', (value) => {
		expect(readOutcome(value, 'won', 0)).toBe(true);
	});

	test.each(['0', 'no', 'False', 'lost'])('"%s" is not converted', (value) => {
		expect(readOutcome(value, 'won', 0)).toBe(false);
	});

	test('any other value is an error naming the lead, the column and the value', () => {
		expect(() => readOutcome('pending', 'won', 4)).toThrow(LeadDataError);
		expect(() => readOutcome('pending', 'won', 4)).toThrow(
			'Item 4 has "pending" in the outcome column "won"',
		);
	});

	test('a lead with an email is named by it too', () => {
		const leads = [
			{ email: 'ana@x.example', won: 'yes' },
			{ email: 'bo@x.example', won: 'maybe' },
		];
		expect(() => readOutcomes(leads, 'won')).toThrow(
			'Item 1 (bo@x.example) has "maybe" in the outcome column "won"',
		);
	});
});

describe('topDecileLift', () => {
	test('the top 10% all converted where 20% did overall gives a lift of 5', () => {
		const scores = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
		const outcomes = [true, false, false, false, false, false, false, false, true, false];
		expect(topDecileLift(scores, outcomes)).toBe(5);
	});
});

describe('scoreBins', () => {
	test('scores 0..10 in two bins split at 5, the highest score in the last bin', () => {
		expect(scoreBins([0, 4, 5, 10], [false, true, true, true], 2)).toEqual([
			{ from: 0, to: 5, converted: 1, notConverted: 1 },
			{ from: 5, to: 10, converted: 2, notConverted: 0 },
		]);
	});
});

describe('backtest', () => {
	const model = compileModel({
		bands: [{ name: 'Nurture' }, { name: 'SQL', min: 50 }],
		rules: [
			{ id: 'vp', field: 'title', operator: 'equals', value: 'VP', points: 60 },
			{ id: 'student', field: 'title', operator: 'equals', value: 'Student', points: -20 },
		],
	});
	const leads = [
		{ title: 'VP', won: 'yes' },
		{ title: 'VP', won: 'no' },
		{ title: 'Student', won: 'no' },
		{ title: 'Manager', won: 'yes' },
		{ title: 'Manager', won: 'no' },
	];

	test('counts leads and the outcome rate per band', () => {
		const report = backtest(model, leads, { outcome: 'won', asOf: ASOF });
		expect(report.leads).toBe(5);
		expect(report.converted).toBe(2);
		expect(report.bands).toEqual([
			{ name: 'Nurture', count: 3, outcomeRate: 1 / 3 },
			{ name: 'SQL', count: 2, outcomeRate: 0.5 },
		]);
	});

	test('per rule: how often it fired and the outcome rate when it did', () => {
		const report = backtest(model, leads, { outcome: 'won', asOf: ASOF });
		expect(report.rules).toEqual([
			{ id: 'vp', fired: 2, outcomeRate: 0.5 },
			{ id: 'student', fired: 1, outcomeRate: 0 },
		]);
	});

	test('AUC over scores 60, 60, -20, 0, 0: 4 of 6 pairs in order', () => {
		// Positives score 60 and 0; negatives 60, -20, 0. 60 beats -20 and 0, ties 60 (0.5);
		// 0 beats -20, ties 0 (0.5): 1 + 1 + 0.5 + 1 + 0.5 = 4 of 6.
		expect(backtest(model, leads, { outcome: 'won', asOf: ASOF }).auc).toBeCloseTo(4 / 6, 10);
	});

	test('an outcome column no lead has is named, with the columns there are', () => {
		expect(() => backtest(model, leads, { outcome: 'converted', asOf: ASOF })).toThrow(
			'No lead has the outcome column "converted" (columns: title, won)',
		);
	});
});
