// A CSV reader for lead exports: RFC 4180 quoting, CRLF or LF line ends, and the byte-order mark
// that spreadsheet programs put at the start of a UTF-8 file. Spreadsheet programs set to a
// language that writes decimal commas (German, French, Spanish...) save "CSV" with semicolons,
// and some exports use tabs: the header row decides which, so such a file is not read as one
// column.

import { LeadDataError } from './errors';

export function parseCsv(text: string, source = 'the CSV'): Array<Record<string, string>> {
	const data = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const delimiter = delimiterOf(data);
	const rows = parseRows(data, source, delimiter);
	if (rows.length === 0) return [];

	const header = rows[0].map((name) => name.trim());
	const seen = new Set<string>();
	header.forEach((name, column) => {
		if (name === '') {
			throw new LeadDataError(
				`Column ${column + 1} of ${source} has no name in the header row`,
				'give every column a name in the first row',
			);
		}
		if (seen.has(name)) {
			throw new LeadDataError(
				`The column "${name}" appears twice in the header of ${source}`,
				'rename one of the two columns',
			);
		}
		seen.add(name);
	});

	const records: Array<Record<string, string>> = [];
	for (let index = 1; index < rows.length; index++) {
		const row = rows[index];
		if (row.length === 1 && row[0] === '') continue;
		if (row.length !== header.length) {
			throw new LeadDataError(
				`Row ${index + 1} of ${source} has ${row.length} values but the header has ${header.length}`,
				`check that row for an unquoted ${DELIMITER_NAMES[delimiter]} or a missing value`,
			);
		}
		const record: Record<string, string> = {};
		header.forEach((name, column) => (record[name] = row[column]));
		records.push(record);
	}
	return records;
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

// The separator the header row uses most, outside quotes; a comma when it has none of them.
export function delimiterOf(text: string): string {
	const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
	let quoted = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (char === '"') quoted = !quoted;
		else if (!quoted && (char === '\n' || char === '\r')) break;
		else if (!quoted && char in counts) counts[char]++;
	}
	let delimiter = ',';
	for (const candidate of [';', '\t']) {
		if (counts[candidate] > counts[delimiter]) delimiter = candidate;
	}
	return delimiter;
}

function parseRows(text: string, source: string, delimiter: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let value = '';
	let quoted = false;
	let index = 0;

	while (index < text.length) {
		const char = text[index];
		if (quoted) {
			if (char === '"' && text[index + 1] === '"') {
				value += '"';
				index += 2;
				continue;
			}
			if (char === '"') quoted = false;
			else value += char;
			index++;
			continue;
		}

		if (char === '"' && value === '') quoted = true;
		else if (char === delimiter) {
			row.push(value);
			value = '';
		} else if (char === '\n' || char === '\r') {
			row.push(value);
			rows.push(row);
			row = [];
			value = '';
			if (char === '\r' && text[index + 1] === '\n') index++;
		} else value += char;
		index++;
	}

	if (quoted) {
		throw new LeadDataError(
			`${source} ends inside a quoted value`,
			'close the last opened double quote, or check that the file is complete',
		);
	}
	if (value !== '' || row.length > 0) {
		row.push(value);
		rows.push(row);
	}
	return rows;
}
