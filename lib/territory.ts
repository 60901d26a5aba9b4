// Territory rules narrow the reps who may take a lead: the first rule whose field holds one of
// its values names the pool; reps belong to pools by name. A lead no rule matches goes to the
// default pool: reps with no territory, or with the territory "default".

import { LeadDataError } from './errors';
import { readField } from './fieldPath';
import type { Rep } from './roster';
import { isMissing, normalizeText, readList } from './values';

export const DEFAULT_POOL = 'default';

export interface TerritoryRule {
	pool: string;
	// A lead field path: country, state, industry, a size band.
	field: string;
	values: string[];
}

export interface Territory {
	pool: string;
	reps: Rep[];
	// The rule that matched, in words, or undefined for the default pool.
	matched?: string;
}

export function territoryFor(
	lead: Record<string, unknown>,
	roster: Rep[],
	rules: TerritoryRule[],
): Territory {
	const rule = rules.find((candidate) => ruleMatches(lead, candidate));
	if (rule === undefined) return { pool: DEFAULT_POOL, reps: defaultPool(roster) };
	return {
		pool: rule.pool,
		reps: roster.filter((rep) => hasTerritory(rep, rule.pool)),
		matched: `${rule.field} is ${String(readField(lead, rule.field)).trim()}`,
	};
}

// A run asks for the default pool of the same roster for every lead, and tests the same rules'
// values for every lead: both are worked out once per roster and rule. The rep lists and rules
// are never changed after they are read.
const defaultPools = new WeakMap<Rep[], Rep[]>();
const wantedValues = new WeakMap<TerritoryRule, Set<string>>();

function defaultPool(roster: Rep[]): Rep[] {
	let reps = defaultPools.get(roster);
	if (reps === undefined) {
		reps = roster.filter((rep) => rep.territories.length === 0 || hasTerritory(rep, DEFAULT_POOL));
		defaultPools.set(roster, reps);
	}
	return reps;
}

function ruleMatches(lead: Record<string, unknown>, rule: TerritoryRule): boolean {
	let wanted = wantedValues.get(rule);
	if (wanted === undefined) {
		wanted = new Set(rule.values.map((value) => normalizeText(value)));
		wantedValues.set(rule, wanted);
	}
	// A multi-select answer matches when any of its entries does.
	const value = readField(lead, rule.field);
	const entries = Array.isArray(value) ? value : [value];
	return entries.some((entry) => !isMissing(entry) && wanted.has(normalizeText(entry)));
}

function hasTerritory(rep: Rep, pool: string): boolean {
	const wanted = normalizeText(pool);
	return rep.territories.some((name) => normalizeText(name) === wanted);
}

// Rules from the node's form: values as "DE, AT, CH". A rule left half filled in would never
// match, silently; it is an error instead.
export function readTerritoryRules(
	rows: Array<{ pool?: unknown; field?: unknown; values?: unknown }>,
): TerritoryRule[] {
	return rows.map((row, index) => {
		const rule = {
			pool: String(row.pool ?? '').trim(),
			field: String(row.field ?? '').trim(),
			values: readList(row.values).map((value) => String(value).trim()),
		};
		const missing = rule.pool === '' ? 'pool' : rule.field === '' ? 'field' : undefined;
		if (missing !== undefined || rule.values.length === 0) {
			throw new LeadDataError(
				`Territory rule ${index + 1} (${JSON.stringify(rule.pool || rule.field)}) has no ` +
					`${missing ?? 'values'}`,
				'give every territory rule a pool name, a lead field and the values that send a lead ' +
					'there, or remove the rule',
			);
		}
		return rule;
	});
}
