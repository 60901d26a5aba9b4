// How lead values are read: the way people type them into forms and sheets, not the way a
// program would compare them.

import { describeValue } from './json';

// Unanswered dropdowns and placeholders that mean "no answer", compared after trimming and
// lower-casing. Zero is deliberately not here: 0 employees or 0 visits is an answer.
const MISSING_WORDS = new Set(['', 'select', 'n/a', 'na', '-', '--', 'null', 'undefined']);

// Indexed by length and by first character code: whether a placeholder of that length, or
// starting with that (lower-case) character, exists.
const MISSING_LENGTHS: boolean[] = [];
const MISSING_STARTS: boolean[] = [];
for (const word of MISSING_WORDS) {
	MISSING_LENGTHS[word.length] = true;
	if (word !== '') MISSING_STARTS[word.charCodeAt(0)] = true;
}

export function isMissing(value: unknown): boolean {
	if (value === null || value === undefined) return true;
	if (typeof value === 'string') return isMissingText(value);
	if (typeof value === 'number') return Number.isNaN(value);
	if (Array.isArray(value)) return value.length === 0;
	if (typeof value === 'object') return false;
	return MISSING_WORDS.has(String(value).trim().toLowerCase());
}

// Every rule asks this of every value. A text that starts and ends with a visible ASCII character
// is already trimmed, and most answers ("Germany", "VP Sales") are then ruled out by their length
// or first letter alone, without a lower-cased copy. (`| 32` lower-cases an ASCII letter and
// leaves "-" as it is; no other visible character lands on a placeholder's first one.)
function isMissingText(text: string): boolean {
	const last = text.length - 1;
	const first = text.charCodeAt(0);
	if (last >= 0 && isVisibleAscii(first) && isVisibleAscii(text.charCodeAt(last))) {
		return (
			MISSING_LENGTHS[text.length] === true &&
			MISSING_STARTS[first | 32] === true &&
			MISSING_WORDS.has(text.toLowerCase())
		);
	}
	return MISSING_WORDS.has(text.trim().toLowerCase());
}

function isVisibleAscii(code: number): boolean {
	return code > 32 && code < 127;
}

export function normalizeText(value: unknown, caseSensitive = false): string {
	const text = typeof value === 'string' ? value : String(value);
	const trimmed = text.trim();
	return caseSensitive ? trimmed : trimmed.toLowerCase();
}

// "1,000", " 100 ", "$2,500.50", "+7" read as numbers; "1.5k", "ten", "1,00" do not. Thousands
// separators are accepted only in groups of three, so a mistyped decimal separator is reported
// instead of silently read a thousand times too large or too small.
const POINT_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const POINT_GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;
// A model whose leads write "1.250,50" (most of Europe) declares "decimalSeparator": ",".
const COMMA_NUMBER = /^[+-]?(\d+(,\d*)?|,\d+)$/;
const COMMA_GROUPED = /^[+-]?\d{1,3}(\.\d{3})+(,\d*)?$/;
const CURRENCY_SIGNS = /^[$€£¥₹]|[$€£¥₹]$/g;

export type DecimalSeparator = '.' | ',';

export type NumberReading =
	| { kind: 'number'; value: number }
	| { kind: 'missing' }
	| { kind: 'unreadable'; text: string };

export function readNumber(
	value: unknown,
	decimalSeparator: DecimalSeparator = '.',
): NumberReading {
	if (typeof value === 'number') {
		return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'missing' };
	}
	if (typeof value === 'boolean') return { kind: 'unreadable', text: String(value) };
	if (isMissing(value)) return { kind: 'missing' };
	if (typeof value === 'object') return { kind: 'unreadable', text: describeValue(value) };

	const typed = String(value);
	// Numbers are short; a long text is not one, and is not worth scanning.
	if (typed.length > 64) return { kind: 'unreadable', text: `${typed.slice(0, 40)}…` };
	// A plain number as typed ("250", "12.5") needs none of the clean-up below.
	if (decimalSeparator === '.' && POINT_NUMBER.test(typed)) {
		return { kind: 'number', value: Number(typed) };
	}
	const text = typed.trim().replace(CURRENCY_SIGNS, '').replace(/\s+/g, '');
	if (decimalSeparator === ',') {
		if (COMMA_NUMBER.test(text)) return { kind: 'number', value: Number(text.replace(',', '.')) };
		if (COMMA_GROUPED.test(text)) {
			return { kind: 'number', value: Number(text.replace(/\./g, '').replace(',', '.')) };
		}
		return { kind: 'unreadable', text: typed };
	}
	if (POINT_NUMBER.test(text)) return { kind: 'number', value: Number(text) };
	if (POINT_GROUPED.test(text)) return { kind: 'number', value: Number(text.replace(/,/g, '')) };
	return { kind: 'unreadable', text: typed };
}

// Lists arrive as arrays from JSON and as "a, b, c" from the node's UI.
export function readList(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (isMissing(value)) return [];
	return String(value)
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

// A lead's key as every node compares it: trimmed, and lower-cased when it is an email address,
// since "Ana@Example.com " and "ana@example.com" are the same person to sales. Other keys (CRM
// ids) keep their case.
export function normalLeadKey(text: string): string {
	const trimmed = text.trim();
	return /^[^\s@]+@[^\s@]+$/.test(trimmed) ? trimmed.toLowerCase() : trimmed;
}

// The one value a lead's email or key field holds, as text; undefined when it holds none. Some
// CRMs keep several per person (Pipedrive writes emails as `[{ value, primary }]`): then it is the
// first entry marked primary that holds a value, else the first entry that holds one, each entry
// being the value itself or an object with `value` or `email`.
const PRIMARY_WORDS = new Set(['true', 'yes', '1']);

export function leadKeyText(value: unknown): string | undefined {
	if (!Array.isArray(value)) {
		return typeof value === 'object' || isMissing(value) ? undefined : String(value);
	}
	// "TRUE", "yes" or 1 after a trip through a spreadsheet still marks the primary entry.
	const primary = value.filter(
		(entry) =>
			typeof entry === 'object' &&
			entry !== null &&
			PRIMARY_WORDS.has(String(entry.primary).trim().toLowerCase()),
	);
	for (const entry of [...primary, ...value]) {
		const inner =
			typeof entry === 'object' && entry !== null ? (entry.value ?? entry.email) : entry;
		const text = Array.isArray(inner) ? undefined : leadKeyText(inner);
		if (text !== undefined) return text;
	}
	return undefined;
}
