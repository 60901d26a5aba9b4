// The roster: the sales reps who can take leads. It comes from the node's settings or from a
// field on the item (a list built upstream from a sheet, the CRM or a data table), so it is read
// defensively and every problem names the rep entry and the fix.

import { LeadDataError } from './errors';
import { isRecord } from './fieldPath';
import { isMissing } from './values';

export interface Rep {
	id: string;
	name: string;
	email: string;
	crmOwnerId: string;
	active: boolean;
}

const ACTIVE_WORDS = new Map<string, boolean>([
	['true', true],
	['yes', true],
	['1', true],
	['active', true],
	['false', false],
	['no', false],
	['0', false],
	['inactive', false],
]);

export function readRoster(input: unknown, source: string): Rep[] {
	if (!Array.isArray(input)) {
		throw new LeadDataError(
			`The roster in ${source} is ${isMissing(input) ? 'missing' : 'not a list'}`,
			`put a list of reps such as [{"id": "rep-1", "name": "Ada", "email": "ada@example.com"}] ` +
				`in ${source}, e.g. with the Aggregate node`,
		);
	}

	const seen = new Set<string>();
	return input.map((entry, index) => {
		const at = `${source}[${index}]`;
		if (!isRecord(entry)) {
			throw new LeadDataError(`The roster entry ${at} is not an object`, 'give each rep as an object');
		}
		const id = text(entry.id);
		if (id === '') {
			throw new LeadDataError(
				`The roster entry ${at} has no id (${JSON.stringify(entry)})`,
				'give every rep a unique id, e.g. the CRM user id or the email',
			);
		}
		if (seen.has(id)) {
			throw new LeadDataError(
				`The roster has two reps with the id "${id}" (the second is ${at})`,
				'give every rep its own id; remove or rename the duplicate',
			);
		}
		seen.add(id);

		const email = text(entry.email);
		if (email !== '' && !email.includes('@')) {
			throw new LeadDataError(
				`The rep "${id}" (${at}) has the email "${email}", which is not an email address`,
				'correct the email address or leave it empty',
			);
		}
		return {
			id,
			name: text(entry.name) || id,
			email,
			crmOwnerId: text(entry.crmOwnerId),
			active: readActive(entry.active, id, at),
		};
	});
}

function text(value: unknown): string {
	if (isMissing(value) || typeof value === 'object') return '';
	return String(value).trim();
}

// A rep with no "active" value is active: rosters built from sheets often leave the column out.
function readActive(value: unknown, id: string, at: string): boolean {
	if (typeof value === 'boolean') return value;
	if (isMissing(value)) return true;
	const word = ACTIVE_WORDS.get(String(value).trim().toLowerCase());
	if (word === undefined) {
		throw new LeadDataError(
			`The rep "${id}" (${at}) has active = ${JSON.stringify(value)}, which is not yes or no`,
			'set "active" to true or false (yes/no also work)',
		);
	}
	return word;
}
