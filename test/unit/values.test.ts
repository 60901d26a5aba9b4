import { leadKeyText, isMissing, readNumber } from '../../lib/values';

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

describe("the email address in a lead's email field", () => {
	test('text is the address as written', () => {
		expect(leadKeyText(' Ana@Example.com ')).toBe(' Ana@Example.com ');
	});

	test('a list of addresses gives the first', () => {
		expect(leadKeyText(['ana@example.com', 'ana@home.example'])).toBe('ana@example.com');
	});

	test("Pipedrive's list gives the entry marked primary, wherever it is", () => {
		const emails = [
			{ label: 'home', value: 'ana@home.example', primary: false },
			{ label: 'work', value: 'ana@example.com', primary: true },
		];
		expect(leadKeyText(emails)).toBe('ana@example.com');
	});

	test('a primary entry without an address falls back to the first entry with one', () => {
		const emails = [
			{ value: 'ana@home.example', primary: false },
			{ value: ' ', primary: true },
		];
		expect(leadKeyText(emails)).toBe('ana@home.example');
	});

	test('a primary flag written as text, as a spreadsheet gives it back, still marks the entry', () => {
		const emails = [{ value: 'ana@home.example' }, { value: 'ana@example.com', primary: 'TRUE' }];
		expect(leadKeyText(emails)).toBe('ana@example.com');
		for (const primary of ['yes', ' Yes ', 1, '1']) {
			expect(
				leadKeyText([{ value: 'ana@home.example' }, { value: 'ana@example.com', primary }]),
			).toBe('ana@example.com');
		}
		expect(
			leadKeyText([{ value: 'ana@home.example' }, { value: 'ana@example.com', primary: 'no' }]),
		).toBe('ana@home.example');
	});

	test('without a primary entry, the first entry with an address', () => {
		expect(leadKeyText([{ value: '' }, { email: 'ana@example.com' }])).toBe('ana@example.com');
	});

	test.each([undefined, null, '', 'N/A', [], [{}], [{ value: { nested: 1 } }], { value: 'x' }])(
		'%p holds no address',
		(value) => {
			expect(leadKeyText(value)).toBeUndefined();
		},
	);
});
