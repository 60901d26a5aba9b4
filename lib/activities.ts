// Activities are what a lead did: `{type, at, ...properties}` entries in a list on the lead.
// They arrive as JSON arrays from webhooks and CRMs, and as JSON text from form tools.

import { LeadDataError } from './errors';
import { isRecord, readField } from './fieldPath';
import { describeValue, readJson } from './json';
import { parseInstant } from './time';
import { isMissing } from './values';

export interface Activity {
	// Trimmed and lower-cased, so "Demo_Request " and "demo_request" are one type.
	type: string;
	// Milliseconds since the epoch; null when the activity carries no readable time.
	at: number | null;
	source: Record<string, unknown>;
	// `at` as ISO text, made when a breakdown first shows the activity and kept for the others.
	atText?: string | null;
	// The activity as breakdown entries name it; entries about the same activity share it.
	shown?: { type: string; at: string | null; unreadableAt?: string };
}

// Times without a zone ("2026-03-01 10:00") are read in `timeZone`, the workflow's zone.
export function readActivities(value: unknown, field: string, timeZone = 'UTC'): Activity[] {
	if (isMissing(value)) return [];

	const reading = typeof value === 'string' ? readJson(value) : { ok: true as const, value };
	if (!reading.ok) {
		throw new LeadDataError(
			`The field "${field}" holds text that is not a JSON list of activities ` +
				`(${describeValue(value)})`,
			`put a list such as [{"type": "webinar", "at": "2026-03-01T10:00:00Z"}] in "${field}", ` +
				'or set Activities Field to the field that holds the list',
		);
	}
	const list = reading.value;
	if (!Array.isArray(list)) {
		throw new LeadDataError(
			`The field "${field}" holds ${describe(list)}, not a list of activities`,
			`put a list of {"type", "at"} objects in "${field}", or set Activities Field to the field ` +
				'that holds it',
		);
	}

	return list.map((entry, index) => {
		// A bare type ("demo_request") is a common shortcut; it needs to be an object with a time.
		if (typeof entry === 'string' || typeof entry === 'number') {
			throw new LeadDataError(
				`Activity ${index} in "${field}" is ${describeValue(entry)}, not an object with a type`,
				`write each activity as an object, e.g. {"type": ${JSON.stringify(String(entry))}, ` +
					'"at": "2026-03-01"}',
			);
		}
		if (!isRecord(entry) || isMissing(entry.type) || typeof entry.type === 'object') {
			throw new LeadDataError(
				`Activity ${index} in "${field}" has no type (${describeValue(entry)})`,
				'give every activity a "type", e.g. {"type": "demo_request", "at": "2026-03-01"}',
			);
		}
		return {
			type: String(entry.type).trim().toLowerCase(),
			at: parseInstant(entry.at, timeZone),
			source: entry,
			atText: undefined,
			shown: undefined,
		};
	});
}

// Newest first, activities without a time last; rules take occurrences in this order.
export function newestFirst(a: Activity, b: Activity): number {
	return (b.at ?? -Infinity) - (a.at ?? -Infinity);
}

// Whether `activities` are already newest first, so that sorting (and copying to sort) can be
// skipped; a lead's activities usually arrive in time order, one way or the other.
export function isNewestFirst(activities: Activity[]): boolean {
	for (let index = 1; index < activities.length; index++) {
		if (newestFirst(activities[index - 1], activities[index]) > 0) return false;
	}
	return true;
}

// The raw activity list of a lead, for merging and history: a list, JSON text of one, or nothing
// (an empty list). undefined when the field holds something else; scoring then reports it.
export function readActivityList(
	lead: Record<string, unknown>,
	path: string[],
): unknown[] | undefined {
	const value = readField(lead, path);
	if (isMissing(value)) return [];
	const reading = typeof value === 'string' ? readJson(value) : { ok: true as const, value };
	return reading.ok && Array.isArray(reading.value) ? reading.value : undefined;
}

function describe(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (isRecord(value)) return 'an object';
	return `the value ${describeValue(value)}`;
}
