// Leads and activities from files, for the command line and the demo: a JSON array or a CSV
// export, and activities joined to their lead by the lead's key.

import { parseCsv } from './csv';
import { LeadDataError } from './errors';
import { isRecord } from './fieldPath';
import { describeValue, readJson } from './json';

// A file whose first character is "[" is JSON; anything else is read as CSV.
export function readRecords(text: string, source: string): Array<Record<string, unknown>> {
	if (!text.trimStart().startsWith('[')) return parseCsv(text, source);
	const reading = readJson(text);
	if (!reading.ok || !Array.isArray(reading.value)) {
		throw new LeadDataError(
			`${source} starts like a JSON list but is not one${reading.ok ? '' : ` (${reading.problem})`}`,
			'give a JSON array of objects, or a CSV file with a header row',
		);
	}
	return reading.value.map((entry, index) => {
		if (isRecord(entry)) return entry;
		throw new LeadDataError(
			`Entry ${index} of ${source} is ${describeValue(entry)}, not an object`,
			'make every entry of the list an object such as {"email": "...", "jobTitle": "..."}',
		);
	});
}

// Each activity row names its lead in a "key" column (or the leads' key column, such as
// "email"); the rest of the row is the activity: type, at (or timestamp) and properties. Keys
// are matched trimmed and ignoring case. A lead's own activity list, if any, is kept and added to.
export function attachActivities(
	leads: Array<Record<string, unknown>>,
	rows: Array<Record<string, unknown>>,
	key: string,
	source: string,
): void {
	const byLead = new Map<string, Array<Record<string, unknown>>>();
	rows.forEach((row, index) => {
		const leadKey = row.key ?? row[key];
		if (leadKey === undefined || leadKey === null || row.type === undefined) {
			throw new LeadDataError(
				`Row ${index + 1} of ${source} has no "key" (or "${key}") or no "type"`,
				`give every activity the lead's key in a "key" or "${key}" column, and a "type"`,
			);
		}
		const activity: Record<string, unknown> = { ...row, at: row.at ?? row.timestamp ?? null };
		delete activity.key;
		delete activity.timestamp;
		const normalized = String(leadKey).trim().toLowerCase();
		const list = byLead.get(normalized) ?? [];
		list.push(activity);
		byLead.set(normalized, list);
	});
	for (const lead of leads) {
		const own = Array.isArray(lead.activities) ? lead.activities : [];
		lead.activities = [...own, ...(byLead.get(String(lead[key] ?? '').trim().toLowerCase()) ?? [])];
	}
}
