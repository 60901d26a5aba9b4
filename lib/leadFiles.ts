// Leads and activities from files, for the command line and the demo: a JSON array or a CSV
// export, and activities joined to their lead by the lead's key.

import { readActivityList } from './activities';
import { delimiterOf, parseCsv } from './csv';
import { LeadDataError } from './errors';
import { isRecord, readField } from './fieldPath';
import { describeValue, readJson } from './json';
import { isMissing, leadKeyText, normalLeadKey } from './values';

// A file whose first character is "[" is JSON; anything else is read as CSV, except one object,
// which is JSON too but not a list.
export function readRecords(text: string, source: string): Array<Record<string, unknown>> {
	if (text.trimStart().startsWith('{')) {
		throw new LeadDataError(
			`${source} holds one JSON object, not a list`,
			'put the records in a JSON array, [{...}, {...}], or give a CSV file with a header row',
		);
	}
	if (!text.trimStart().startsWith('[')) {
		// A file named .json that is not JSON would otherwise be read as a CSV with no rows.
		if (source.toLowerCase().endsWith('.json')) {
			throw new LeadDataError(
				`${source} is named .json but holds no JSON list`,
				'put the records in a JSON array, [{...}, {...}], or save them as a CSV file',
			);
		}
		return parseCsv(text, source);
	}
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

// A file that holds no records is not an error (a day without leads), but is said: a file saved
// empty or cut short would otherwise pass as "nothing to score".
export function emptyFileNote(
	records: unknown[],
	source: string,
	what: 'leads' | 'activities',
): string | undefined {
	return records.length === 0 ? `${source} has no ${what} (only a header, or nothing)` : undefined;
}

// A spreadsheet that saves CSV with semicolons usually writes numbers with a decimal comma too
// ("1.250,50"), which a model reading decimal points takes for 1.2505: said, since nothing else
// would show it.
export function decimalCommaNote(
	text: string,
	source: string,
	decimalSeparator: string,
): string | undefined {
	const csv = !text.trimStart().startsWith('[') && !text.trimStart().startsWith('{');
	if (!csv || decimalSeparator === ',' || delimiterOf(text) !== ';') return undefined;
	return (
		`${source} is separated by semicolons, as spreadsheets that write decimal commas save CSV; ` +
		'if its numbers are written like 1.250,50, set "decimalSeparator": "," in the model'
	);
}

// Each activity row names its lead in a "key" column (or the leads' key column, such as
// "email"); the rest of the row is the activity: type, at (or timestamp) and properties. Keys
// are matched as the nodes compare them: trimmed, and an email address ignoring case. A lead's own
// activity list, if any, is kept and added to.
// Returns how many rows named no lead: a key column that does not match is the usual mistake,
// and would otherwise look like leads without activity.
export function attachActivities(
	leads: Array<Record<string, unknown>>,
	rows: Array<Record<string, unknown>>,
	key: string,
	source: string,
): number {
	const columns = Object.keys(rows[0] ?? {});
	const keyColumn = columns.includes('key') ? 'key' : key;
	const atColumn = columns.includes('at') ? 'at' : 'timestamp';
	const missing = [keyColumn, 'type', atColumn]
		.filter((column) => !columns.includes(column))
		.map((column) => (column === 'timestamp' ? '"at" (or "timestamp")' : `"${column}"`));
	if (rows.length > 0 && missing.length > 0) {
		throw new LeadDataError(
			`${source} has no column ${missing.join(', ')} (columns: ${columns.join(', ')})`,
			`give the activities the columns "key" (or "${key}"), "type" and "at" (or "timestamp")`,
		);
	}

	const byLead = new Map<string, Array<Record<string, unknown>>>();
	rows.forEach((row, index) => {
		const leadKey = row[keyColumn];
		if (isMissing(leadKey) || isMissing(row.type)) {
			throw new LeadDataError(
				`Row ${index + 1} of ${source} has no "${keyColumn}" or no "type"`,
				`give every activity the lead's key in the "${keyColumn}" column, and a "type"`,
			);
		}
		const activity: Record<string, unknown> = { ...row, at: row[atColumn] ?? null };
		delete activity[keyColumn];
		if (atColumn !== 'at') delete activity[atColumn];
		const normalized = normalLeadKey(String(leadKey));
		const list = byLead.get(normalized) ?? [];
		list.push(activity);
		byLead.set(normalized, list);
	});
	let matched = 0;
	for (const lead of leads) {
		// The lead's key read as the nodes read it: a path, and from a list its primary entry.
		const leadKey = leadKeyText(readField(lead, key));
		const joined = leadKey === undefined ? undefined : byLead.get(normalLeadKey(leadKey));
		if (joined === undefined) continue;
		matched += joined.length;
		const own = readActivityList(lead, ['activities']);
		// A list that cannot be read is left as it is, for scoring to report with the lead.
		if (own !== undefined) lead.activities = [...own, ...joined];
	}
	return rows.length - matched;
}
