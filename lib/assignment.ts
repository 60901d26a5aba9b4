// Choosing the rep for one lead, with the reason in words. The order: the same lead seen before
// keeps its rep; an account owner keeps the account; territory rules pick the pool; reps who are
// inactive, out of office, off shift or at capacity are skipped; the strategy picks among the
// rest. A lead nobody can take is unassigned with the reason, and goes to a fallback rep only
// when the user named one.

import { DateTime } from 'luxon';

import { findAccountOwner, findRep, type AccountFields, type AccountOwner } from './accountMatch';
import type { AssignmentState } from './assignmentState';
import { absenceAt, isOnShift } from './availability';
import {
	capReached,
	countSince,
	insertInOrder,
	periodStart,
	type CalendarPeriod,
} from './capacity';
import { LeadDataError } from './errors';
import { readField } from './fieldPath';
import { describeValue } from './json';
import type { Rep } from './roster';
import {
	chooseRep,
	emptyPoolRotation,
	isCatchingUp,
	recordChoice,
	type Strategy,
} from './strategies';
import { DEFAULT_POOL, territoryFor, type TerritoryRule } from './territory';
import { instantText } from './time';
import { isMissing, readList } from './values';

export type UnassignedReason =
	| 'empty_roster'
	| 'all_excluded'
	| 'no_territory_match'
	| 'all_inactive'
	| 'all_out_of_office'
	| 'no_rep_on_shift'
	| 'all_at_capacity';

export type AssignmentReason =
	| 'round_robin'
	| 'weighted'
	| 'least_loaded'
	| 'account_match'
	| 'same_lead'
	| 'fallback'
	| UnassignedReason;

export interface SkippedRep {
	id: string;
	name: string;
	// "inactive", "out of office until 2026-07-10", "outside working hours", "at capacity: ...".
	why: string;
}

export interface AssignedRep {
	id: string | null;
	name: string | null;
	email: string | null;
	crmOwnerId: string | null;
	reason: AssignmentReason;
	explanation: string;
	strategy: Strategy;
	pool: string | null;
	skipped: SkippedRep[];
	asOf: string;
}

export interface Assignment {
	assigned: boolean;
	assignedRep: AssignedRep;
}

export type ReturningReps = 'keepPlace' | 'catchUp';

export interface AssignmentSettings {
	strategy: Strategy;
	respectWorkingHours: boolean;
	// Least loaded without open-lead counts compares leads taken in this period.
	loadPeriod: CalendarPeriod;
	territoryRules: TerritoryRule[];
	accountOwners: AccountOwner[];
	accountFields: AccountFields;
	// A lead field naming reps who must not get this lead (the owner who missed the SLA).
	excludeField: string;
	// How long a lead key keeps its rep; 0 turns lead memory off.
	sameLeadWindowMs: number;
	fallbackRep: string;
	returningReps: ReturningReps;
}

export const DEFAULT_ASSIGNMENT_SETTINGS: AssignmentSettings = {
	strategy: 'roundRobin',
	respectWorkingHours: false,
	loadPeriod: 'day',
	territoryRules: [],
	accountOwners: [],
	accountFields: { companyField: 'company', emailField: 'email', ownerField: '' },
	excludeField: '',
	sameLeadWindowMs: 0,
	fallbackRep: '',
	returningReps: 'keepPlace',
};

export interface LeadToAssign {
	fields: Record<string, unknown>;
	// The lead's identity as stored (hashed by the node); null when the lead has none.
	key: string | null;
}

// Leads handed out per rep in this execution. Open-lead counts on the roster were read before
// the execution, so least loaded adds these to them.
export type RunTally = Record<string, number>;

// Assigns one lead and updates `state` and `tally` in place: the rotation, the rep's load and
// the lead memory. The caller decides whether the state is saved (not in editor test runs).
export function assignLead(
	lead: LeadToAssign,
	roster: Rep[],
	state: AssignmentState,
	settings: AssignmentSettings,
	asOf: number,
	tally: RunTally = {},
): Assignment {
	const context: Context = { roster, state, settings, asOf, lead, tally, excluded: [] };
	if (roster.length === 0) {
		return unassigned(context, 'empty_roster', null, [], 'the roster is empty');
	}

	const excluded = excludedReps(lead.fields, roster, settings.excludeField);
	context.excluded = excluded;
	const skipped: SkippedRep[] = excluded.map((rep) => skip(rep, 'excluded for this lead'));
	const candidates =
		excluded.length === 0 ? roster : roster.filter((rep) => !excluded.includes(rep));

	const remembered = rememberedRep(context, candidates);
	if (remembered) return remembered;

	const { accountOwners, accountFields } = settings;
	const owner = findAccountOwner(lead.fields, candidates, accountOwners, accountFields);
	if (owner !== undefined) {
		const away = unavailableOwner(owner.rep, asOf);
		if (away === undefined) {
			const explanation = `${owner.rep.name} owns the account (${owner.via})`;
			return assigned(context, owner.rep, 'account_match', null, skipped, explanation);
		}
		skipped.push(skip(owner.rep, `account owner, but ${away}`));
	}

	const territory = territoryFor(lead.fields, candidates, settings.territoryRules);
	if (territory.reps.length === 0) {
		if (candidates.length === 0) {
			const why = 'every rep is excluded for this lead';
			return unassigned(context, 'all_excluded', territory.pool, skipped, why);
		}
		// The territory has reps, but the lead's exclusions took them all out.
		if (poolSize(context, territory.reps) > 0) {
			const where =
				territory.pool === DEFAULT_POOL
					? 'the default pool'
					: `the territory ${territory.pool} (${territory.matched})`;
			const why = `every rep in ${where} is excluded for this lead`;
			return unassigned(context, 'all_excluded', territory.pool, skipped, why);
		}
		const where = territory.matched
			? `no rep is in the territory ${territory.pool} (${territory.matched})`
			: 'no territory rule matches the lead and no rep is in the default pool';
		return unassigned(context, 'no_territory_match', territory.pool, skipped, where);
	}

	return chooseInPool(context, territory.pool, territory.reps, skipped);
}

interface Context {
	roster: Rep[];
	state: AssignmentState;
	settings: AssignmentSettings;
	asOf: number;
	lead: LeadToAssign;
	tally: RunTally;
	// Reps named in the lead's exclude field: never this lead's rep, not even as the fallback.
	excluded: Rep[];
}

// Each filter takes out the reps who cannot take the lead now, in this order; the one that
// takes out the last rep gives the reason. The filters are made once, not once per lead.
const AVAILABILITY_FILTERS: Array<{
	reason: UnassignedReason;
	words: string;
	why: (rep: Rep, context: Context) => string | undefined;
}> = [
	{
		reason: 'all_inactive',
		words: 'inactive',
		why: (rep) => (rep.active ? undefined : 'inactive'),
	},
	{
		reason: 'all_out_of_office',
		words: 'out of office',
		why: (rep, { asOf }) => {
			const absence = absenceAt(rep.outOfOffice, asOf);
			return absence && `out of office until ${absence.untilText}`;
		},
	},
	{
		reason: 'no_rep_on_shift',
		words: 'outside their working hours',
		why: (rep, { asOf, settings }) => {
			if (!settings.respectWorkingHours) return undefined;
			if (isOnShift(rep.workingHours, rep.timeZone, asOf)) return undefined;
			const local = DateTime.fromMillis(asOf, { zone: rep.timeZone }).toFormat('ccc HH:mm');
			return `outside working hours: ${local} in ${rep.timeZone}`;
		},
	},
	{
		reason: 'all_at_capacity',
		words: 'at capacity',
		why: (rep, { asOf, state }) => {
			const reached = capReached(rep.capacity, state.taken[rep.id] ?? [], rep.timeZone, asOf);
			return reached && `at capacity: ${reached.description}`;
		},
	},
];

function chooseInPool(
	context: Context,
	pool: string,
	reps: Rep[],
	skipped: SkippedRep[],
): Assignment {
	const { settings, state } = context;
	let eligible = reps;
	let absent: Rep[] = [];
	for (const filter of AVAILABILITY_FILTERS) {
		// Usually every rep passes every filter: the list of those left is only made once one
		// does not.
		let left: Rep[] | undefined;
		for (let index = 0; index < eligible.length; index++) {
			const rep = eligible[index];
			const why = filter.why(rep, context);
			if (why === undefined) {
				left?.push(rep);
				continue;
			}
			left ??= eligible.slice(0, index);
			// An absent account owner is already named once.
			if (!skipped.some((entry) => entry.id === rep.id)) skipped.push(skip(rep, why));
			if (filter.reason === 'all_out_of_office') absent.push(rep);
		}
		if (left === undefined) continue;
		if (left.length === 0) {
			const why = everyoneIs(eligible.length, poolSize(context, reps), pool, filter.words);
			return unassigned(context, filter.reason, pool, skipped, why);
		}
		eligible = left;
	}
	if (settings.returningReps !== 'catchUp') absent = [];

	const rotation = (state.rotations[pool] ??= emptyPoolRotation());
	const load = (rep: Rep) => currentLoad(context, rep);
	// Never undefined: the filters above returned early when nobody was left.
	const rep = chooseRep(settings.strategy, eligible, rotation, load) as Rep;
	const catchingUp = isCatchingUp(rotation, rep);
	// Only the least-loaded explanation quotes the rep's load.
	const loadBefore = settings.strategy === 'leastLoaded' ? load(rep) : 0;
	recordChoice(settings.strategy, rotation, eligible, rep, absent);
	const words = catchingUp
		? 'takes a lead missed while out of office (catching up)'
		: strategyWords(settings, rotation.turns, eligible, rep, loadBefore, pool);
	const reason = REASON_OF[settings.strategy];
	return assigned(context, rep, reason, pool, skipped, `${rep.name} ${words}`);
}

const REASON_OF: Record<Strategy, AssignmentReason> = {
	roundRobin: 'round_robin',
	weighted: 'weighted',
	leastLoaded: 'least_loaded',
};

const PERIOD_WORDS: Record<CalendarPeriod, string> = {
	hour: 'this hour',
	day: 'today',
	week: 'this week',
	month: 'this month',
};

function strategyWords(
	settings: AssignmentSettings,
	turn: number,
	eligible: Rep[],
	rep: Rep,
	load: number,
	pool: string,
): string {
	const among = `among ${eligible.length} available rep${eligible.length === 1 ? '' : 's'}`;
	const inPool = pool === DEFAULT_POOL ? '' : ` in pool ${pool}`;
	if (settings.strategy === 'weighted') {
		const total = eligible.reduce((sum, candidate) => sum + candidate.weight, 0);
		return `is next by weight${inPool} (weight ${rep.weight} of ${total} ${among})`;
	}
	if (settings.strategy === 'leastLoaded') {
		const leads = load === 1 ? 'lead' : 'leads';
		const counted =
			rep.openLeads !== null ? `open ${leads}` : `${leads} ${PERIOD_WORDS[settings.loadPeriod]}`;
		return `has the fewest leads${inPool} (${load} ${counted} ${among})`;
	}
	// `turn` counts the rotation's leads since it began, so it is named as that, not as a place
	// among the reps.
	const available = `${eligible.length} available rep${eligible.length === 1 ? '' : 's'}`;
	return `is next in the round robin${inPool} (lead ${turn} of the rotation, ${available})`;
}

// Open leads from the CRM when the roster carries them, plus what this execution handed out
// since the roster was read; otherwise the leads taken in the current period.
function currentLoad(context: Context, rep: Rep): number {
	if (rep.openLeads !== null) return rep.openLeads + (context.tally[rep.id] ?? 0);
	const since = periodStart(context.settings.loadPeriod, rep.timeZone, context.asOf);
	return countSince(context.state.taken[rep.id] ?? [], since, context.asOf);
}

function rememberedRep(context: Context, candidates: Rep[]): Assignment | undefined {
	const { lead, state, settings, asOf } = context;
	if (lead.key === null || settings.sameLeadWindowMs <= 0) return undefined;
	const memory = state.leads[lead.key];
	if (memory === undefined || memory.at <= asOf - settings.sameLeadWindowMs) return undefined;

	const rep = candidates.find((candidate) => candidate.id === memory.rep);
	if (rep === undefined || !rep.active) return undefined;
	const when = new Date(memory.at).toISOString();
	const explanation = `${rep.name} already took this lead at ${when}; it is not counted again`;
	const outcome: Outcome = { reason: 'same_lead', pool: null, skipped: [], explanation };
	const assignedRep = repFields(context, rep, outcome);
	return { assigned: true, assignedRep };
}

function unavailableOwner(rep: Rep, asOf: number): string | undefined {
	if (!rep.active) return 'inactive';
	const absence = absenceAt(rep.outOfOffice, asOf);
	return absence && `out of office until ${absence.untilText}`;
}

function excludedReps(fields: Record<string, unknown>, roster: Rep[], path: string): Rep[] {
	if (path === '') return [];
	const value = readField(fields, path);
	if (isMissing(value)) return [];
	// CRMs write multi-value fields with commas or semicolons ("11;12" in HubSpot).
	const entries = typeof value === 'object' && !Array.isArray(value) ? [value] : readList(value);
	return entries
		.flatMap((entry) => repNames(entry, path))
		.flatMap((name) => String(name).split(';'))
		.map((name) => findRep(roster, name))
		.filter((rep): rep is Rep => rep !== undefined);
}

// A CRM may name the owner as an object ({id, email, name} in Pipedrive and HubSpot): its id, CRM
// owner id and email each name the rep. An object without any of them cannot be matched, and
// passing over it would hand the lead to the very rep it names, so it is an error.
const REP_NAME_KEYS = ['id', 'crmOwnerId', 'ownerId', 'email', 'value'];

function repNames(entry: unknown, path: string): unknown[] {
	if (typeof entry !== 'object' || entry === null) return [entry];
	const names = REP_NAME_KEYS.map((key) => (entry as Record<string, unknown>)[key]).filter(
		(name) => (typeof name === 'string' && name.trim() !== '') || typeof name === 'number',
	);
	if (names.length > 0) return names;
	throw new LeadDataError(
		`The Exclude Reps Field "${path}" holds ${describeValue(entry)}, which names no rep`,
		`point Exclude Reps Field at the rep's ID, CRM owner ID or email (e.g. ${path}.id), or a list of them`,
	);
}

interface Outcome {
	reason: AssignmentReason;
	pool: string | null;
	skipped: SkippedRep[];
	explanation: string;
}

function assigned(
	context: Context,
	rep: Rep,
	reason: AssignmentReason,
	pool: string | null,
	skipped: SkippedRep[],
	explanation: string,
): Assignment {
	const { state, lead, asOf, tally } = context;
	insertInOrder((state.taken[rep.id] ??= []), asOf);
	tally[rep.id] = (tally[rep.id] ?? 0) + 1;
	if (lead.key !== null && context.settings.sameLeadWindowMs > 0) {
		state.leads[lead.key] = { rep: rep.id, at: asOf };
	}
	const words = explanation + skippedWords(skipped);
	const assignedRep = repFields(context, rep, { reason, pool, skipped, explanation: words });
	return { assigned: true, assignedRep };
}

function unassigned(
	context: Context,
	reason: UnassignedReason,
	pool: string | null,
	skipped: SkippedRep[],
	why: string,
): Assignment {
	const fallback = fallbackRep(context);
	if (fallback !== undefined) {
		const words = `${fallback.name} takes the lead as the fallback rep: ${why}`;
		return assigned(context, fallback, 'fallback', pool, skipped, words);
	}
	// "all 2 reps are inactive" says it all; other skips carry details worth naming.
	const details = skipped.every((entry) => entry.why === 'inactive') ? '' : skippedWords(skipped);
	const explanation = `Nobody could take the lead: ${why}${details}`;
	return {
		assigned: false,
		assignedRep: repFields(context, null, { reason, pool, skipped, explanation }),
	};
}

function fallbackRep(context: Context): Rep | undefined {
	const name = context.settings.fallbackRep;
	if (name === '') return undefined;
	const rep = findRep(context.roster, name);
	if (rep === undefined) {
		throw new LeadDataError(
			`Nobody could take the lead, and the Fallback Rep "${name}" is not on the roster`,
			'set Fallback Rep to the id, CRM owner id or email of a rep on the roster, or leave it ' +
				'empty to send such leads to Unassigned',
		);
	}
	// The rep who missed the follow-up does not get the lead back through the fallback.
	return context.excluded.includes(rep) ? undefined : rep;
}

function repFields(context: Context, rep: Rep | null, outcome: Outcome): AssignedRep {
	return {
		id: rep?.id ?? null,
		name: rep?.name ?? null,
		email: rep?.email || null,
		crmOwnerId: rep?.crmOwnerId || null,
		reason: outcome.reason,
		explanation: outcome.explanation,
		strategy: context.settings.strategy,
		pool: outcome.pool,
		skipped: outcome.skipped,
		asOf: instantText(context.asOf),
	};
}

function skip(rep: Rep, why: string): SkippedRep {
	return { id: rep.id, name: rep.name, why };
}

// Up to five skipped reps are named; a big team's explanation stays readable.
function skippedWords(skipped: SkippedRep[]): string {
	if (skipped.length === 0) return '';
	const named = skipped.slice(0, 5).map((entry) => `${entry.name} (${entry.why})`);
	const more = skipped.length > 5 ? ` and ${skipped.length - 5} more` : '';
	return `; skipped ${named.join(', ')}${more}`;
}

// How many reps the lead's pool has before the lead's exclusions, so that "the only rep" is not
// said of the one an exclusion left.
function poolSize(context: Context, reps: Rep[]): number {
	if (context.excluded.length === 0) return reps.length;
	const { lead, roster, settings } = context;
	return territoryFor(lead.fields, roster, settings.territoryRules).reps.length;
}

function everyoneIs(left: number, inPool: number, pool: string, words: string): string {
	const where = pool === DEFAULT_POOL ? '' : ` in the territory ${pool}`;
	if (left === inPool && inPool === 1) return `the only rep${where} is ${words}`;
	if (left === inPool) return `all ${inPool} reps${where} are ${words}`;
	if (left === 1) return `the one rep left${where} is ${words}`;
	return `the ${left} reps left${where} are ${words}`;
}
