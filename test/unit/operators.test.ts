import { ModelError } from '../../lib/errors';
import { compileModel } from '../../lib/model';
import { PATTERN_TEXT_LIMIT, compilePattern } from '../../lib/patterns';
import { scoreLead } from '../../lib/scoring';

const asOf = new Date('2026-06-01T00:00:00Z');

// Scores one lead with a one-rule model worth 10 points, so 10 means "fired" and 0 "did not".
function pointsFor(
	rule: Record<string, unknown>,
	lead: Record<string, unknown>,
	model = {},
): number {
	const compiled = compileModel({ ...model, rules: [{ id: 'r', points: 10, ...rule }] });
	return scoreLead(compiled, lead, { asOf }).total;
}

function refusal(rule: Record<string, unknown>): string {
	try {
		compileModel({ rules: [{ points: 10, ...rule }] });
	} catch (error) {
		if (error instanceof ModelError) return `${error.problems[0].path}: ${error.problems[0].message}`;
		throw error;
	}
	throw new Error('the model was accepted');
}

describe('every operator, with a value that fires it and one that does not', () => {
	test.each([
		['equals', 'Germany', ' germany ', 'Austria'],
		['notEquals', 'Germany', 'Austria', 'GERMANY'],
		['contains', 'vp', 'SVP Sales', 'Director'],
		['notContains', 'intern', 'Director', 'Marketing Intern'],
		['startsWith', 'head of', 'Head of Growth', 'Growth Head'],
		['endsWith', '.edu', 'kim@school.EDU', 'kim@school.com'],
		['isOneOf', ['Germany', 'France'], 'france', 'Spain'],
		['isNotOneOf', ['Germany', 'France'], 'Spain', 'germany'],
		['greaterThan', 100, '101', '100'],
		['atLeast', 100, '100', '99.99'],
		['lessThan', 10, '9', '10'],
		['atMost', 10, '10', '10.5'],
		['between', [10, 200], '200', '201'],
		['matchesPattern', '^(vp|vice president)\\b', 'Vice President, Sales', 'SVP'],
		['emailDomainIsOneOf', ['acme.com', '@rival.example'], 'ana@EU.acme.com', 'ana@notacme.com'],
	])('%s %j fires on %j and not on %j', (operator, value, firing, notFiring) => {
		const rule = { field: 'x', operator, value };
		expect([pointsFor(rule, { x: firing }), pointsFor(rule, { x: notFiring })]).toEqual([10, 0]);
	});

	test.each([
		['isEmpty', 'N/A', 'Berlin'],
		['isNotEmpty', 'Berlin', ' '],
		['isFreeMailDomain', 'ana@GMail.com ', 'ana@acme.com'],
		['exists', '', undefined],
	])('%s fires on %j and not on %j', (operator, firing, notFiring) => {
		const rule = { field: 'x', operator };
		expect([pointsFor(rule, { x: firing }), pointsFor(rule, { x: notFiring })]).toEqual([10, 0]);
	});

	test('"exists" fires on a blank field that "isNotEmpty" leaves alone', () => {
		expect(pointsFor({ field: 'phone', operator: 'exists' }, { phone: '' })).toBe(10);
		expect(pointsFor({ field: 'phone', operator: 'isNotEmpty' }, { phone: '' })).toBe(0);
	});

	test('a free-mail subdomain counts, and an address without "@" is read as a domain', () => {
		const freeMail = { field: 'email', operator: 'isFreeMailDomain' };
		expect(pointsFor(freeMail, { email: 'a@mail.yahoo.co.uk' })).toBe(10);
		const acme = { field: 'site', operator: 'emailDomainIsOneOf', value: ['acme.com'] };
		expect(pointsFor(acme, { site: 'www.acme.com' })).toBe(10);
	});

	test('text compares ignoring case unless the rule says caseSensitive', () => {
		const rule = { field: 'x', operator: 'equals', value: 'CEO' };
		expect(pointsFor(rule, { x: 'ceo' })).toBe(10);
		expect(pointsFor({ ...rule, caseSensitive: true }, { x: 'ceo' })).toBe(0);
		const pattern = { field: 'x', operator: 'matchesPattern', value: '^CEO$' };
		expect(pointsFor({ ...pattern, caseSensitive: true }, { x: ' CEO ' })).toBe(10);
		expect(pointsFor({ ...pattern, caseSensitive: true }, { x: 'ceo' })).toBe(0);
	});
});

describe('numbers the way people type them', () => {
	test.each([
		['$1,250', 1250],
		['1 250', 1250],
		['€ 1,250.50', 1250.5],
	])('%j reads as %d', (typed, expected) => {
		const exactly = { field: 'x', operator: 'between', value: [expected, expected] };
		expect(pointsFor(exactly, { x: typed })).toBe(10);
	});

	test('a model that declares a decimal comma reads "1.250,50" as 1250.5 and "12,5" as 12.5', () => {
		const model = { decimalSeparator: ',' };
		const rule = (value: number) => ({ field: 'x', operator: 'between', value: [value, value] });
		expect(pointsFor(rule(1250.5), { x: '1.250,50' }, model)).toBe(10);
		expect(pointsFor(rule(12.5), { x: '12,5' }, model)).toBe(10);
		expect(pointsFor(rule(1250.5), { x: '1.250,50' })).toBe(0);
	});

	test('an unknown decimal separator is refused with the path', () => {
		expect(() => compileModel({ decimalSeparator: ';', rules: [] })).toThrow(
			'The scoring model is invalid: decimalSeparator: ";" is not a decimal separator',
		);
	});
});

describe('patterns are checked when the model is, and stay fast on any value', () => {
	test.each([
		['(a+)+b', 'repeats a group that itself repeats'],
		['(x|xy)*z', 'repeats a group of alternatives'],
		['((a|b)c)+', 'repeats a group of alternatives'],
		['(\\w+)\\1', 'uses a back-reference'],
		['(?<w>a)\\k<w>', 'uses a back-reference'],
		['a(?=b)', 'uses a look-around'],
		['.*a.*b.*c', 'has more than 2 open-ended repetitions'],
		['a{1,100}b{1,100}c{1,100}', 'has more than 2 open-ended repetitions'],
		['[', 'is not a valid pattern'],
	])('%s is refused: %s', (pattern, reason) => {
		expect(refusal({ field: 'x', operator: 'matchesPattern', value: pattern })).toContain(
			`rules[0].value: "matchesPattern" pattern ${reason}`,
		);
	});

	const accepted = [
		'^(vp|vice president)\\b',
		'^[^@]+@[^@]+\\.edu$',
		'(www\\.)?acme',
		'a{2,5}b+',
		'[(+*)]+',
	];
	test.each(accepted)(
		'%s is accepted',
		(pattern) => {
			expect(typeof compilePattern(pattern)).toBe('object');
		},
	);

	test('the slowest accepted shape on a 1 MB value finishes within 1 s', () => {
		const lead = { x: 'a'.repeat(1024 * 1024) };
		const started = Date.now();
		expect(pointsFor({ field: 'x', operator: 'matchesPattern', value: '.*a.*b' }, lead)).toBe(0);
		expect(Date.now() - started).toBeLessThan(1000);
	});

	test(`only the first ${PATTERN_TEXT_LIMIT} characters are tested`, () => {
		const rule = { field: 'x', operator: 'matchesPattern', value: 'needle' };
		expect(pointsFor(rule, { x: `${'.'.repeat(494)}needle` })).toBe(10);
		expect(pointsFor(rule, { x: `${'.'.repeat(495)}needle` })).toBe(0);
	});
});
