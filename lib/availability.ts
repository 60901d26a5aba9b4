// When a rep can take a lead: working hours per weekday in the rep's own time zone, and
// out-of-office periods. Both are judged at one instant (the as-of), with luxon doing the time
// zone and daylight-saving arithmetic, so "09:00-17:00 in Europe/Berlin" means 07:00-15:00 UTC in
// summer and 08:00-16:00 UTC in winter without anyone adjusting the roster.

import { DateTime, IANAZone } from 'luxon';

import { LeadDataError } from './errors';
import { isRecord } from './fieldPath';

export interface ShiftBlock {
	// Minutes after local midnight. A block whose end is not after its start runs past midnight
	// into the next day (a night shift, "22:00-06:00").
	start: number;
	end: number;
}

// Index 0 is Monday, as luxon's weekday 1.
export type WeeklyHours = ShiftBlock[][];

export interface AbsencePeriod {
	from: number;
	// Exclusive, in epoch milliseconds: a date-only "until 2026-07-10" ends at the next midnight.
	until: number;
	// How the user wrote the end, for explanations ("out of office until 2026-07-10").
	untilText: string;
}

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const CLOCK = /^(\d{1,2}):(\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function checkTimeZone(zone: string, where: string): string {
	if (IANAZone.isValidZone(zone)) return zone;
	throw new LeadDataError(
		`${where} has the time zone "${zone}", which is not an IANA time zone`,
		'use a name such as "Europe/Berlin", "America/New_York" or "UTC"',
	);
}

// "Mon-Fri 09:00-12:00, 13:00-17:30; Sat 10:00-14:00". Days not named are days off; an empty
// text means no schedule (always on shift).
export function parseWorkingHours(text: string, where: string): WeeklyHours | null {
	if (text.trim() === '') return null;

	const week: WeeklyHours = DAY_NAMES.map(() => []);
	for (const part of text.split(/[;\n]/).map((entry) => entry.trim())) {
		if (part === '') continue;
		const firstDigit = part.search(/\d/);
		if (firstDigit <= 0) throw hoursError(part, where, 'it names no weekday before the hours');
		const days = parseDays(part.slice(0, firstDigit), part, where);
		const blocks = part
			.slice(firstDigit)
			.split(',')
			.map((block) => parseBlock(block.trim(), part, where));
		for (const day of days) week[day].push(...blocks);
	}
	return week;
}

function parseDays(text: string, part: string, where: string): number[] {
	const days: number[] = [];
	for (const token of text.split(/[,\s]+/).filter((entry) => entry !== '')) {
		const [first, last = first] = token.split('-').map((name) => dayIndex(name, part, where));
		for (let day = first; ; day = (day + 1) % 7) {
			days.push(day);
			if (day === last) break;
		}
	}
	return days;
}

function dayIndex(name: string, part: string, where: string): number {
	const index = DAY_NAMES.indexOf(name.trim().toLowerCase().slice(0, 3));
	if (index === -1) throw hoursError(part, where, `"${name}" is not a weekday`);
	return index;
}

function parseBlock(text: string, part: string, where: string): ShiftBlock {
	const [from, to, extra] = text.split('-').map((clock) => clock.trim());
	if (to === undefined || extra !== undefined) {
		throw hoursError(part, where, `"${text}" is not a block such as 09:00-17:00`);
	}
	return { start: minutes(from, part, where), end: minutes(to, part, where) };
}

function minutes(clock: string, part: string, where: string): number {
	const match = CLOCK.exec(clock);
	const hours = match ? Number(match[1]) : NaN;
	const mins = match ? Number(match[2]) : NaN;
	// 24:00 is allowed as the end of a day; anything past it is a typo.
	if (!match || mins > 59 || hours > 24 || (hours === 24 && mins > 0)) {
		throw hoursError(part, where, `"${clock}" is not a time of day between 00:00 and 24:00`);
	}
	return hours * 60 + mins;
}

function hoursError(part: string, where: string, problem: string): LeadDataError {
	return new LeadDataError(
		`${where} has the working hours "${part}", which cannot be read: ${problem}`,
		'write working hours as "Mon-Fri 09:00-12:00, 13:00-17:00; Sat 10:00-14:00"',
	);
}

export function isOnShift(hours: WeeklyHours | null, zone: string, instant: number): boolean {
	if (hours === null) return true;

	const local = DateTime.fromMillis(instant, { zone });
	const minute = local.hour * 60 + local.minute;
	const today = local.weekday - 1;
	const yesterday = (today + 6) % 7;
	const inToday = hours[today].some((block) =>
		block.end > block.start
			? minute >= block.start && minute < block.end
			: minute >= block.start,
	);
	// Yesterday's night shift still running after midnight.
	const inYesterdaysNight = hours[yesterday].some(
		(block) => block.end <= block.start && minute < block.end,
	);
	return inToday || inYesterdaysNight;
}

// "2026-07-01..2026-07-10" (whole days, inclusive, in the rep's time zone), a single date, or
// ISO date-times "2026-07-01T12:00..2026-07-02T09:00"; several periods separated by commas.
export function parseOutOfOffice(input: unknown, zone: string, where: string): AbsencePeriod[] {
	const entries = Array.isArray(input)
		? input
		: isRecord(input)
			? [input]
			: String(input ?? '').split(/[,\n]/);
	return entries
		.map((entry) => periodText(entry))
		.filter((entry) => entry !== '')
		.map((entry) => parsePeriod(entry, zone, where));
}

// Rosters from JSON may give a period as {"from": ..., "until": ...}.
function periodText(entry: unknown): string {
	if (isRecord(entry)) {
		const { from, until } = entry;
		return `${String(from ?? '')}..${String(until ?? from ?? '')}`;
	}
	return String(entry ?? '').trim();
}

function parsePeriod(text: string, zone: string, where: string): AbsencePeriod {
	const [fromText, untilText = fromText] = text.split('..').map((part) => part.trim());
	const from = instantOf(fromText, zone, 'start', text, where);
	const until = instantOf(untilText, zone, 'end', text, where);
	if (until <= from) {
		throw new LeadDataError(
			`${where} has the out-of-office period "${text}", which ends before it starts`,
			'write the earlier date first, e.g. "2026-07-01..2026-07-10"',
		);
	}
	return { from, until, untilText };
}

function instantOf(
	text: string,
	zone: string,
	edge: 'start' | 'end',
	period: string,
	where: string,
): number {
	const parsed = DateTime.fromISO(text, { zone });
	if (!parsed.isValid) {
		throw new LeadDataError(
			`${where} has the out-of-office period "${period}", and "${text}" is not a date`,
			'write periods as "2026-07-01..2026-07-10" (dates inclusive) or ISO date-times',
		);
	}
	// A date-only end means "through that whole day".
	return edge === 'end' && DATE_ONLY.test(text)
		? parsed.plus({ days: 1 }).toMillis()
		: parsed.toMillis();
}

export function absenceAt(periods: AbsencePeriod[], instant: number): AbsencePeriod | undefined {
	return periods.find((period) => instant >= period.from && instant < period.until);
}
