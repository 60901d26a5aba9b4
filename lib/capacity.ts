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

export function periodStart(period: CalendarPeriod, zone: string, instant: number): number {
	return DateTime.fromMillis(instant, { zone }).startOf(period).toMillis();
}

// `taken` holds the instants (epoch ms) of the rep's leads, oldest first.
export function countSince(taken: number[], since: number, instant: number): number {
	return taken.filter((at) => at >= since && at <= instant).length;
}

export interface CapReached {
	// "3 of 3 today", for the explanation.
	description: string;
}

export function capReached(
	caps: CapacityCaps,
	taken: number[],
	zone: string,
	instant: number,
): CapReached | undefined {
	const calendar: Array<[CalendarPeriod, number | null, string]> = [
		['hour', caps.perHour, 'this hour'],
		['day', caps.perDay, 'today'],
		['week', caps.perWeek, 'this week'],
		['month', caps.perMonth, 'this month'],
	];
	for (const [period, cap, words] of calendar) {
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
