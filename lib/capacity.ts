// How many leads a rep may take per period, and how many they have taken. Calendar periods
// (hour, day, week from Monday, month) start at the rep's own local midnight, so a rep in Tokyo
// gets a fresh daily cap at 00:00 in Tokyo. A rolling window counts the last N days back from
// the as-of instant, the way Odoo caps "30 leads per 30 days".

import { DateTime } from 'luxon';

export type CalendarPeriod = 'hour' | 'day' | 'week' | 'month';

export interface CapacityCaps {
	perHour: number | null;
	perDay: number | null;
	perWeek: number | null;
	perMonth: number | null;
	rolling: { days: number; max: number } | null;
}

export const NO_CAPS: CapacityCaps = {
	perHour: null,
	perDay: null,
	perWeek: null,
	perMonth: null,
	rolling: null,
};

const DAY_MS = 24 * 60 * 60 * 1000;

// A run assigns every lead at the same instant, so the same few period starts are asked for
// again and again; each is worked out with luxon once.
const periodStarts = new Map<string, number>();

export function periodStart(period: CalendarPeriod, zone: string, instant: number): number {
	const key = `${period} ${zone} ${instant}`;
	let start = periodStarts.get(key);
	if (start === undefined) {
		if (periodStarts.size >= 1000) periodStarts.clear();
		start = DateTime.fromMillis(instant, { zone }).startOf(period).toMillis();
		periodStarts.set(key, start);
	}
	return start;
}

// `taken` holds the instants (epoch ms) of the rep's leads, oldest first, so the count is the
// distance between two binary searches: a rep's long history costs no more per lead.
export function countSince(taken: number[], since: number, instant: number): number {
	return firstAfter(taken, instant) - firstAtOrAfter(taken, since);
}

// Keeps `taken` oldest first even when a run replays an earlier instant (As Of).
export function insertInOrder(taken: number[], instant: number): void {
	taken.splice(firstAfter(taken, instant), 0, instant);
}

function firstAtOrAfter(sorted: number[], value: number): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (sorted[middle] < value) low = middle + 1;
		else high = middle;
	}
	return low;
}

function firstAfter(sorted: number[], value: number): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (sorted[middle] <= value) low = middle + 1;
		else high = middle;
	}
	return low;
}

export interface CapReached {
	// "3 of 3 today", for the explanation.
	description: string;
}

const CALENDAR_CAPS: Array<{
	period: CalendarPeriod;
	cap: (caps: CapacityCaps) => number | null;
	words: string;
}> = [
	{ period: 'hour', cap: (caps) => caps.perHour, words: 'this hour' },
	{ period: 'day', cap: (caps) => caps.perDay, words: 'today' },
	{ period: 'week', cap: (caps) => caps.perWeek, words: 'this week' },
	{ period: 'month', cap: (caps) => caps.perMonth, words: 'this month' },
];

export function capReached(
	caps: CapacityCaps,
	taken: number[],
	zone: string,
	instant: number,
): CapReached | undefined {
	// Asked for every rep and every lead: the periods are a fixed list, not made per call.
	for (const { period, cap: capOf, words } of CALENDAR_CAPS) {
		const cap = capOf(caps);
		if (cap === null) continue;
		const count = countSince(taken, periodStart(period, zone, instant), instant);
		if (count >= cap) return { description: `${count} of ${cap} ${words}` };
	}

	if (caps.rolling !== null) {
		const { days, max } = caps.rolling;
		const count = countSince(taken, instant - days * DAY_MS, instant);
		if (count >= max) return { description: `${count} of ${max} in the last ${days} days` };
	}
	return undefined;
}

// How far back counts must be kept: a calendar month at most (31 days, plus one for time zones),
// or the longest rolling window on the roster. Older instants are pruned from the state.
export function loadRetentionMs(rosterCaps: CapacityCaps[]): number {
	const rollingDays = Math.max(0, ...rosterCaps.map((caps) => caps.rolling?.days ?? 0));
	return Math.max(32, rollingDays + 1) * DAY_MS;
}
