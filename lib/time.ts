// Instants from lead and activity data. CRMs, form tools and spreadsheets write times in many
// ways; each is read here once, in the workflow's time zone when the text carries none, so that
// "2026-03-01 10:00" means ten o'clock where the team works, not on the server's clock.

import { DateTime } from 'luxon';

export const DAY_MS = 24 * 60 * 60 * 1000;

// Numbers below this are seconds since the epoch, above it milliseconds: 1e11 seconds is the
// year 5138, 1e11 milliseconds is March 1973, so neither reading is plausible on the other side.
const SECONDS_BELOW = 1e11;

// Formats seen in CRM and spreadsheet exports beyond ISO-8601, SQL, RFC 2822 and HTTP dates.
// Slashes are read month first (03/01/2026 is March 1st), as the US-made CRMs export them; dots
// are read day first (01.03.2026), as European tools write them.
const CRM_FORMATS = [
	'M/d/yyyy H:mm:ss',
	'M/d/yyyy H:mm',
	'M/d/yyyy h:mm a',
	'M/d/yyyy h:mm:ss a',
	'M/d/yyyy',
	'd.M.yyyy H:mm:ss',
	'd.M.yyyy H:mm',
	'd.M.yyyy',
	'yyyy/M/d H:mm:ss',
	'yyyy/M/d H:mm',
	'yyyy/M/d',
];

const ZONED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

// Longer text is not a time; not parsing it keeps a 1 MB value cheap.
const MAX_TIME_TEXT = 64;

// Milliseconds since the epoch, or null when the value is not a time this reads.
export function parseInstant(value: unknown, timeZone = 'UTC'): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? fromEpoch(value) : null;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
	if (typeof value !== 'string') return null;

	if (isInstantText(value)) return instantFromText(value);
	const text = value.trim();
	if (text === '' || text.length > MAX_TIME_TEXT) return null;
	if (/^\d{9,13}(\.\d+)?$/.test(text)) return fromEpoch(Number(text));
	// The common case, an ISO-8601 instant with its own offset, means the same in every zone;
	// the built-in parser reads it many times faster than trying each format below.
	if (ZONED_ISO.test(text) && isCalendarDate(text)) {
		const parsed = Date.parse(text);
		if (!Number.isNaN(parsed)) return parsed;
	}

	const options = { zone: timeZone, setZone: false };
	const parsers = [
		() => DateTime.fromISO(text, options),
		() => DateTime.fromSQL(text, options),
		() => DateTime.fromRFC2822(text, options),
		() => DateTime.fromHTTP(text, options),
		...CRM_FORMATS.map((format) => () => DateTime.fromFormat(text, format, options)),
	];
	for (const parse of parsers) {
		const parsed = parse();
		if (parsed.isValid) return parsed.toMillis();
	}
	return null;
}

// The text JavaScript itself writes for an instant ("2026-03-01T10:00:00.000Z"), which is how
// webhooks and CRMs mostly send times: read from its digits, it needs no general parser, and shown
// in a breakdown it needs no rebuilding. Hour 24 and years before 1000 are left to the general
// path, which has its own rules for them.
const INSTANT_TEXT = /^[1-9]\d{3}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

export function isInstantText(text: string): boolean {
	return text.length === 24 && INSTANT_TEXT.test(text) && isCalendarDate(text);
}

// A run scores and assigns every lead as of the same instant; its text is made once, not once per
// lead.
let lastInstant = Number.NaN;
let lastInstantText = '';
export function instantText(instant: number): string {
	if (instant !== lastInstant) {
		lastInstantText = new Date(instant).toISOString();
		lastInstant = instant;
	}
	return lastInstantText;
}

function instantFromText(text: string): number {
	return Date.UTC(
		digitsAt(text, 0, 4),
		digitsAt(text, 5, 2) - 1,
		digitsAt(text, 8, 2),
		digitsAt(text, 11, 2),
		digitsAt(text, 14, 2),
		digitsAt(text, 17, 2),
		digitsAt(text, 20, 3),
	);
}

// The built-in parser rolls "2026-02-30" over into March; luxon, used for everything else, calls
// it invalid. The fast path must agree, so it checks the day against the month.
// Called once per activity, so the digits are read in place rather than cut out as strings.
function isCalendarDate(text: string): boolean {
	const year = digitsAt(text, 0, 4);
	const month = digitsAt(text, 5, 2);
	const day = digitsAt(text, 8, 2);
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
	return days !== undefined && day >= 1 && day <= days;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// The number the `count` digits at `start` write; the caller has matched them as digits.
function digitsAt(text: string, start: number, count: number): number {
	let value = 0;
	for (let index = start; index < start + count; index++) {
		value = value * 10 + text.charCodeAt(index) - 48;
	}
	return value;
}

function fromEpoch(value: number): number {
	return Math.abs(value) < SECONDS_BELOW ? value * 1000 : value;
}

export function isValidTimeZone(timeZone: string): boolean {
	return DateTime.now().setZone(timeZone).isValid;
}
