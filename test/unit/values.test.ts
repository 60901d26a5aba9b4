import { isMissing, readNumber } from '../../lib/values';

describe('reading values the way people type them', () => {
	test.each([
		['1,000', 1000],
		[' 100 ', 100],
		['$2,500.50', 2500.5],
		['+7', 7],
		['-3.5', -3.5],
		['0', 0],
		[0, 0],
		['12 000', 12000],
	])('%p reads as the number %p', (text, expected) => {
		expect(readNumber(text)).toEqual({ kind: 'number', value: expected });
	});

	const placeholders = [
		'',
		'   ',
		'Select',
		'select',
		'N/A',
		'n/a',
		'-',
		' NULL\t',
		'\u00a0Undefined',
	];
	test.each([...placeholders, null, undefined, Number.NaN])('%p is missing, not zero', (value) => {
		expect(readNumber(value)).toEqual({ kind: 'missing' });
		expect(isMissing(value)).toBe(true);
	});

	test.each(['1.5k', 'ten', '1,00', '1,2345'])('%p is unreadable rather than guessed', (text) => {
		expect(readNumber(text)).toEqual({ kind: 'unreadable', text });
	});

	test('answers that only look like a placeholder are not missing', () => {
		expect(isMissing('Selected')).toBe(false);
		expect(isMissing('n/a yet')).toBe(false);
		expect(isMissing('NAB')).toBe(false);
	});

	test('zero and false are answers, not missing', () => {
		expect(isMissing(0)).toBe(false);
		expect(isMissing('0')).toBe(false);
		expect(isMissing(false)).toBe(false);
	});
});
