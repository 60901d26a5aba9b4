// The comparison operators a field rule can use, by the names the model format documents. Each
// operator says what kind of rule value it needs, so the model can be checked before any lead
// is scored, and how it tests one lead value.

import { domainIsWithin, domainOf, isFreeMailDomain, normalizeDomain } from './emailDomains';
import { compilePattern, testPattern, type CompiledPattern } from './patterns';
import { isMissing, normalizeText, readList, readNumber, type DecimalSeparator } from './values';

export type OperatorName =
	| 'equals'
	| 'notEquals'
	| 'contains'
	| 'notContains'
	| 'startsWith'
	| 'endsWith'
	| 'isOneOf'
	| 'isNotOneOf'
	| 'greaterThan'
	| 'atLeast'
	| 'lessThan'
	| 'atMost'
	| 'between'
	| 'isEmpty'
	| 'isNotEmpty'
	| 'matchesPattern'
	| 'emailDomainIsOneOf'
	| 'isFreeMailDomain'
	| 'exists';

// What the rule's `value` must be: nothing, a text, a number, a list, or [low, high].
export type OperandKind = 'none' | 'text' | 'number' | 'list' | 'range' | 'pattern' | 'domains';

// A rule value after validation, read once so that scoring does no parsing per lead. Texts are
// also kept lower-cased (`folded`), since most rules ignore case and would otherwise fold the
// same text once per lead.
export type Operand =
	| { kind: 'none' }
	| { kind: 'text'; text: string; folded: string; number: number | null }
	| { kind: 'number'; number: number }
	| { kind: 'list'; texts: string[]; folded: string[] }
	| { kind: 'range'; low: number; high: number }
	| { kind: 'pattern'; pattern: CompiledPattern }
	| { kind: 'domains'; domains: string[] };

// How a rule compares: set per rule (case) and per model (the decimal separator of its leads).
export interface Comparison {
	caseSensitive: boolean;
	decimalSeparator: DecimalSeparator;
}

export const DEFAULT_COMPARISON: Comparison = { caseSensitive: false, decimalSeparator: '.' };

export type Outcome = { fired: boolean; warning?: string };

interface Operator {
	operand: OperandKind;
	// Whether a missing value is tested at all; only the emptiness checks look at missing values,
	// every other operator treats a missing value as "does not apply" and is never given one
	// (lib/rules.ts checks first), though a list may still hold missing answers.
	testsMissing?: boolean;
	test(value: unknown, operand: Operand, comparison: Comparison): Outcome;
}

const FIRED: Outcome = { fired: true };
const NOT_FIRED: Outcome = { fired: false };

function outcome(fired: boolean): Outcome {
	return fired ? FIRED : NOT_FIRED;
}

// One answer's test. Operators pass it with the operand rather than as a closure over it, so
// testing a lead makes no function and no list.
type AnswerTest = (text: string, operand: Operand, comparison: Comparison) => boolean;

// Multi-select answers arrive as arrays; a text test fires when any answer passes it. `keepCase`
// is how the answer is normalized, which for some operators is not the rule's own setting.
function someText(
	value: unknown,
	keepCase: boolean,
	test: AnswerTest,
	operand: Operand,
	comparison: Comparison,
): Outcome {
	if (!Array.isArray(value)) {
		return outcome(test(normalizeText(value, keepCase), operand, comparison));
	}
	for (const answer of value) {
		if (!isMissing(answer) && test(normalizeText(answer, keepCase), operand, comparison)) {
			return FIRED;
		}
	}
	return NOT_FIRED;
}

function textOf(operand: Operand, caseSensitive: boolean): string {
	if (operand.kind !== 'text') return '';
	return caseSensitive ? operand.text : operand.folded;
}

function listOf(operand: Operand, caseSensitive: boolean): string[] {
	if (operand.kind !== 'list') return [];
	return caseSensitive ? operand.texts : operand.folded;
}

function compareNumber(
	value: unknown,
	operand: Operand,
	comparison: Comparison,
	test: (reading: number, operand: Operand) => boolean,
): Outcome {
	const reading = readNumber(value, comparison.decimalSeparator);
	if (reading.kind === 'number') return outcome(test(reading.value, operand));
	if (reading.kind === 'unreadable') {
		return { fired: false, warning: `"${reading.text}" is not a number, so it counts as missing` };
	}
	return NOT_FIRED;
}

function numberOf(operand: Operand): number {
	return operand.kind === 'number' ? operand.number : Number.NaN;
}

// "100" equals 100: when both sides read as numbers they are compared as numbers.
function equalsValue(value: unknown, operand: Operand, comparison: Comparison): boolean {
	if (operand.kind !== 'text') return false;
	if (operand.number !== null) {
		const reading = readNumber(value, comparison.decimalSeparator);
		if (reading.kind === 'number') return reading.value === operand.number;
	}
	const { caseSensitive } = comparison;
	return normalizeText(value, caseSensitive) === textOf(operand, caseSensitive);
}

function equalsTest(value: unknown, operand: Operand, comparison: Comparison): Outcome {
	if (!Array.isArray(value)) return outcome(equalsValue(value, operand, comparison));
	for (const answer of value) {
		if (!isMissing(answer) && equalsValue(answer, operand, comparison)) return FIRED;
	}
	return NOT_FIRED;
}

function negation(name: OperatorName): Operator['test'] {
	return (value, operand, comparison) =>
		outcome(!OPERATORS[name].test(value, operand, comparison).fired);
}

// Text tests share one shape: the lead's answer and the rule's text, both normalized alike.
function textTest(test: (text: string, wanted: string) => boolean): Operator['test'] {
	const answerTest: AnswerTest = (text, operand, { caseSensitive }) =>
		test(text, textOf(operand, caseSensitive));
	return (value, operand, comparison) =>
		someText(value, comparison.caseSensitive, answerTest, operand, comparison);
}

function numberTest(test: (reading: number, operand: Operand) => boolean): Operator['test'] {
	return (value, operand, comparison) => compareNumber(value, operand, comparison, test);
}

function domainTest(test: (domain: string, operand: Operand) => boolean): Operator['test'] {
	const answerTest: AnswerTest = (text, operand) => test(domainOf(text), operand);
	return (value, operand, comparison) => someText(value, false, answerTest, operand, comparison);
}

const isInList: AnswerTest = (text, operand, { caseSensitive }) =>
	listOf(operand, caseSensitive).includes(text);

const matchesPatternText: AnswerTest = (text, operand, { caseSensitive }) =>
	operand.kind === 'pattern' && testPattern(operand.pattern, text, caseSensitive);

export const OPERATORS: Record<OperatorName, Operator> = {
	equals: { operand: 'text', test: equalsTest },
	notEquals: { operand: 'text', test: negation('equals') },
	contains: { operand: 'text', test: textTest((text, wanted) => text.includes(wanted)) },
	notContains: { operand: 'text', test: negation('contains') },
	startsWith: { operand: 'text', test: textTest((text, wanted) => text.startsWith(wanted)) },
	endsWith: { operand: 'text', test: textTest((text, wanted) => text.endsWith(wanted)) },
	isOneOf: {
		operand: 'list',
		test: (value, operand, comparison) =>
			someText(value, comparison.caseSensitive, isInList, operand, comparison),
	},
	isNotOneOf: { operand: 'list', test: negation('isOneOf') },
	greaterThan: { operand: 'number', test: numberTest((n, o) => n > numberOf(o)) },
	atLeast: { operand: 'number', test: numberTest((n, o) => n >= numberOf(o)) },
	lessThan: { operand: 'number', test: numberTest((n, o) => n < numberOf(o)) },
	atMost: { operand: 'number', test: numberTest((n, o) => n <= numberOf(o)) },
	between: {
		operand: 'range',
		test: numberTest((n, o) => o.kind === 'range' && n >= o.low && n <= o.high),
	},
	isEmpty: {
		operand: 'none',
		testsMissing: true,
		test: (value) => outcome(isMissing(value)),
	},
	isNotEmpty: {
		operand: 'none',
		testsMissing: true,
		test: (value) => outcome(!isMissing(value)),
	},
	// The pattern sees the trimmed text; it ignores case unless the rule is case-sensitive.
	matchesPattern: {
		operand: 'pattern',
		test: (value, operand, comparison) =>
			someText(value, true, matchesPatternText, operand, comparison),
	},
	emailDomainIsOneOf: {
		operand: 'domains',
		test: domainTest(
			(domain, operand) =>
				operand.kind === 'domains' &&
				operand.domains.some((wanted) => domainIsWithin(domain, wanted)),
		),
	},
	isFreeMailDomain: { operand: 'none', test: domainTest((domain) => isFreeMailDomain(domain)) },
	// Unlike isNotEmpty, a field that is there but blank ("", "N/A") exists: the form asked.
	exists: {
		operand: 'none',
		testsMissing: true,
		test: (value) => outcome(value !== undefined),
	},
};

export const OPERATOR_NAMES = Object.keys(OPERATORS) as OperatorName[];

// Names people bring from spreadsheets, SQL and other tools, mapped to ours for the error
// message's suggestion; they are never accepted silently, so a model reads one way only.
const FAMILIAR_NAMES: Record<string, OperatorName> = {
	'=': 'equals',
	'==': 'equals',
	eq: 'equals',
	is: 'equals',
	'!=': 'notEquals',
	ne: 'notEquals',
	neq: 'notEquals',
	in: 'isOneOf',
	oneof: 'isOneOf',
	notin: 'isNotOneOf',
	'>': 'greaterThan',
	gt: 'greaterThan',
	'>=': 'atLeast',
	gte: 'atLeast',
	min: 'atLeast',
	'<': 'lessThan',
	lt: 'lessThan',
	'<=': 'atMost',
	lte: 'atMost',
	max: 'atMost',
	empty: 'isEmpty',
	notempty: 'isNotEmpty',
	present: 'exists',
	includes: 'contains',
	regex: 'matchesPattern',
	matches: 'matchesPattern',
	pattern: 'matchesPattern',
	freemail: 'isFreeMailDomain',
	domainin: 'emailDomainIsOneOf',
};

export function isOperatorName(name: unknown): name is OperatorName {
	return typeof name === 'string' && Object.prototype.hasOwnProperty.call(OPERATORS, name);
}

export function suggestOperator(name: string): OperatorName | undefined {
	const folded = name
		.trim()
		.toLowerCase()
		.replace(/[\s_-]/g, '');
	if (Object.prototype.hasOwnProperty.call(FAMILIAR_NAMES, folded)) return FAMILIAR_NAMES[folded];
	return OPERATOR_NAMES.find((operator) => operator.toLowerCase() === folded);
}

export function readOperand(
	kind: OperandKind,
	value: unknown,
	decimalSeparator: DecimalSeparator = '.',
): Operand | string {
	switch (kind) {
		case 'none':
			return { kind: 'none' };
		case 'text': {
			if (value === null || value === undefined || typeof value === 'object') {
				return 'needs a text or number value';
			}
			const text = String(value).trim();
			if (text === '') return 'needs a value that is not blank';
			const reading = readNumber(value, decimalSeparator);
			const number = reading.kind === 'number' ? reading.value : null;
			return { kind: 'text', text, folded: text.toLowerCase(), number };
		}
		case 'number': {
			const reading = readNumber(value, decimalSeparator);
			return reading.kind === 'number'
				? { kind: 'number', number: reading.value }
				: `needs a number value, not ${JSON.stringify(value ?? null)}`;
		}
		case 'list': {
			const texts = readList(value).map((entry) => String(entry).trim());
			if (texts.length === 0) return 'needs a list of at least one value';
			return { kind: 'list', texts, folded: texts.map((text) => text.toLowerCase()) };
		}
		case 'range': {
			const ends = readList(value).map((end) => readNumber(end, decimalSeparator));
			if (ends.length !== 2 || ends.some((end) => end.kind !== 'number')) {
				return `needs two numbers [low, high], not ${JSON.stringify(value ?? null)}`;
			}
			const [low, high] = ends.map((end) => (end.kind === 'number' ? end.value : 0));
			return low <= high ? { kind: 'range', low, high } : `has low ${low} above high ${high}`;
		}
		case 'pattern': {
			if (typeof value !== 'string' || value.trim() === '') return 'needs a pattern as text';
			const pattern = compilePattern(value);
			return typeof pattern === 'string' ? `pattern ${pattern}` : { kind: 'pattern', pattern };
		}
		case 'domains': {
			const domains = readList(value).map((entry) => normalizeDomain(String(entry)));
			return domains.length > 0 &&
				domains.every((domain) => /^[a-z0-9.-]+\.[a-z0-9-]+$/.test(domain))
				? { kind: 'domains', domains }
				: `needs a list of domains such as ["acme.com"], not ${JSON.stringify(value ?? null)}`;
		}
	}
}
