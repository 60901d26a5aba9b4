// The roster: the sales reps who can take leads. It comes from the node's settings or from a
// field on the item (a list built upstream from a sheet, the CRM or a data table), so it is read
// defensively and every problem names the rep entry and the fix. Every setting is one plain
// value (text or number) so that a sheet with one column per setting can carry the whole roster.

import {
	checkTimeZone,
	parseOutOfOffice,
	parseWorkingHours,
	type AbsencePeriod,
	type WeeklyHours,
} from './availability';
import type { CapacityCaps } from './capacity';
import { LeadDataError, LeadScoringError, severalProblems } from './errors';
import { isRecord, readField } from './fieldPath';
import { describeValue, readJson } from './json';
import { isMissing, readList, readNumber } from './values';

export interface Rep {
	id: string;
	name: string;
	email: string;
	crmOwnerId: string;
	active: boolean;
	weight: number;
	timeZone: string;
	workingHours: WeeklyHours | null;
	outOfOffice: AbsencePeriod[];
	// Names of the territory pools the rep belongs to; none means the default pool.
	territories: string[];
	capacity: CapacityCaps;
	// Open leads the rep has in the CRM now, when the roster carries it (least loaded uses it).
	openLeads: number | null;
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

// `defaultTimeZone` (the workflow's) applies to reps without their own. `entryName` names the
// entry at an index in messages: "Reps, rep 1" for the node's own list, where rows have no index.
export function readRoster(
	given: unknown,
	source: string,
	defaultTimeZone = 'UTC',
	entryName = (index: number) => `${source}[${index}]`,
): Rep[] {
	const input = listFromText(given, source);
	if (!Array.isArray(input)) {
		throw new LeadDataError(
			`The roster in ${source} is ${isMissing(input) ? 'missing' : `${describeValue(input)}, not a list`}`,
			`put a list of reps such as [{"id": "rep-1", "name": "Ada", "email": "ada@example.com"}] ` +
				`in ${source}, e.g. with the Aggregate node`,
		);
	}

	// Every problem is told at once, every rep's and every setting's of a rep, as the model check
	// tells every rule's, so that a roster typed or kept by hand is put right in one go.
	const seen = new Set<string>();
	const reps: Rep[] = [];
	const problems: LeadScoringError[] = [];
	// Reads one thing; a problem of the roster's own is noted and `instead` used, so that the
	// rest is still read. Anything else is a fault in this code and goes on as it is.
	const gather: Gather = (read, instead) => {
		let failure: unknown;
		try {
			return read();
		} catch (error) {
			failure = error;
		}
		if (!(failure instanceof LeadScoringError)) throw failure;
		problems.push(failure);
		return instead;
	};
	input.forEach((given, index) => {
		const at = entryName(index);
		const rep = gather(() => readRep(given, at, seen, defaultTimeZone, gather), undefined);
		if (rep !== undefined) reps.push(rep);
	});
	if (problems.length === 1) throw problems[0];
	if (problems.length > 1) {
		const { message, fix } = severalProblems(
			`The roster in ${source}`,
			problems.map((error) => ({ problem: error.message, fix: error.fix })),
		);
		throw new LeadDataError(message, fix);
	}
	return reps;
}

type Gather = <T>(read: () => T, instead: T) => T;

// A rep without a usable id, or with one an earlier rep has, is not read further; any other
// setting with a problem is noted through `gather` and the rest of the rep still read.
function readRep(
	given: unknown,
	at: string,
	seen: Set<string>,
	defaultTimeZone: string,
	gather: Gather,
): Rep {
	if (!isRecord(given)) {
		throw new LeadDataError(
			`The roster entry ${at} is not an object`,
			'give each rep as an object',
		);
	}
	const entry = repColumns(given);
	const id = text(entry.id);
	if (id === '') {
		throw new LeadDataError(
			`The roster entry ${at} has no id (${describeValue(given)})`,
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

	const where = `The rep "${id}" (${at})`;
	const email = gather(() => readEmail(entry.email, where), '');
	const timeZone = gather(
		() => checkTimeZone(text(entry.timeZone) || defaultTimeZone, where),
		defaultTimeZone,
	);
	const cap = (field: string) => gather(() => readCap(entry[field], field, where), null);
	return {
		id,
		name: text(entry.name) || id,
		email,
		crmOwnerId: text(entry.crmOwnerId),
		active: gather(() => readActive(entry.active, id, at), true),
		weight: gather(() => readCount(entry.weight, 'weight', where, 1), null) ?? 1,
		timeZone,
		workingHours: gather(() => parseWorkingHours(text(entry.workingHours), where), null),
		outOfOffice: gather(() => parseOutOfOffice(entry.outOfOffice, timeZone, where), []),
		territories: readList(entry.territories).map((name) => String(name).trim()),
		capacity: {
			perHour: cap('capacityPerHour'),
			perDay: cap('capacityPerDay'),
			perWeek: cap('capacityPerWeek'),
			perMonth: cap('capacityPerMonth'),
			rolling: gather(() => readRolling(entry, where), null),
		},
		openLeads: gather(() => readCount(entry.openLeads, 'openLeads', where, 0), null),
	};
}

function readEmail(value: unknown, where: string): string {
	const email = text(value);
	if (email !== '' && !email.includes('@')) {
		throw new LeadDataError(
			`${where} has the email "${email}", which is not an email address`,
			'correct the email address or leave it empty',
		);
	}
	return email;
}

// A roster kept as JSON text (a sheet cell, a response body read as text) is read as the list it
// holds, as a lead's activities are. Other text is left for readRoster to refuse.
function listFromText(given: unknown, source: string): unknown {
	if (typeof given !== 'string' || !given.trim().startsWith('[')) return given;
	const reading = readJson(given);
	if (reading.ok) return reading.value;
	throw new LeadDataError(
		`The roster in ${source} is text that is not valid JSON: ${reading.problem}`,
		`correct the JSON text of the list in ${source}, or put the list itself there, ` +
			'e.g. with the Aggregate node',
	);
}

// A whole number at or above `least`, or null when the column is empty.
function readCount(value: unknown, field: string, where: string, least: number): number | null {
	const reading = readNumber(value);
	if (reading.kind === 'missing') return null;
	if (reading.kind === 'number' && Number.isInteger(reading.value) && reading.value >= least) {
		return reading.value;
	}
	throw new LeadDataError(
		`${where} has ${field} = ${JSON.stringify(value)}, which is not a whole number of ${least} ` +
			'or more',
		`set ${field} to a whole number such as ${least + 1}, or leave it empty`,
	);
}

// Caps of 0 or empty mean "no cap", which is what an untouched number field in the node holds;
// to stop a rep taking leads, make them inactive.
function readCap(value: unknown, field: string, where: string): number | null {
	const cap = readCount(value, field, where, 0);
	return cap === 0 ? null : cap;
}

function readRolling(entry: Record<string, unknown>, where: string): CapacityCaps['rolling'] {
	const days = readCap(entry.rollingDays, 'rollingDays', where);
	const max = readCap(entry.capacityPerRollingDays, 'capacityPerRollingDays', where);
	if (days === null && max === null) return null;
	if (days === null || max === null) {
		throw new LeadDataError(
			`${where} has only one of rollingDays and capacityPerRollingDays`,
			'set both, e.g. rollingDays 30 and capacityPerRollingDays 30 for 30 leads per 30 days',
		);
	}
	return { days, max };
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

const REP_COLUMNS = [
	'id',
	'name',
	'email',
	'crmOwnerId',
	'active',
	'weight',
	'timeZone',
	'workingHours',
	'outOfOffice',
	'territories',
	'capacityPerHour',
	'capacityPerDay',
	'capacityPerWeek',
	'capacityPerMonth',
	'capacityPerRollingDays',
	'rollingDays',
	'openLeads',
];

// Rosters built from sheets carry the column headers people write ("ID", "CRM Owner ID",
// "Time Zone"); each rep setting is found under its own name or such a spelling of it.
function repColumns(given: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(REP_COLUMNS.map((column) => [column, readField(given, [column])]));
}
