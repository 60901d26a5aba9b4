import { countSince, insertInOrder } from '../../lib/capacity';

describe('counting a rep\'s leads in a period', () => {
	const hour = 60 * 60 * 1000;

	test('leads from the start of the period up to the instant count, both ends included', () => {
		const taken = [1 * hour, 2 * hour, 3 * hour, 3 * hour, 5 * hour];
		expect(countSince(taken, 2 * hour, 3 * hour)).toBe(3);
		expect(countSince(taken, 0, 10 * hour)).toBe(5);
		expect(countSince(taken, 6 * hour, 10 * hour)).toBe(0);
		expect(countSince([], 0, 10 * hour)).toBe(0);
	});

	test('a lead recorded at an earlier instant (a replayed As Of) keeps the list in order', () => {
		const taken = [1 * hour, 5 * hour];
		insertInOrder(taken, 3 * hour);
		insertInOrder(taken, 9 * hour);
		insertInOrder(taken, 0);
		expect(taken).toEqual([0, 1 * hour, 3 * hour, 5 * hour, 9 * hour]);
		expect(countSince(taken, 2 * hour, 6 * hour)).toBe(2);
	});
});
