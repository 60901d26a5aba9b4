// How much of the breakdown goes on the item. A full breakdown explains everything, including
// what scored nothing and why; a workflow that only stores or emails the score wants less.

import type { BreakdownEntry, LeadScore } from './scoring';

// full: every entry, with skipped occurrences and warnings; scoring: only entries that moved the
// score (still summing to the total) or disqualified the lead; none: no breakdown at all.
export type Verbosity = 'full' | 'scoring' | 'none';

export type ShownScore = Omit<LeadScore, 'breakdown'> & { breakdown?: BreakdownEntry[] };

const DETAIL_KEYS = new Set(['skipped', 'skippedCount', 'warning', 'scored']);

export function withVerbosity(score: LeadScore, verbosity: Verbosity): ShownScore {
	if (verbosity === 'full') return score;
	const shown: ShownScore = { ...score };
	if (verbosity === 'none') {
		delete shown.breakdown;
		return shown;
	}
	shown.breakdown = score.breakdown
		.filter((entry) => entry.points !== 0 || disqualifiedBy(score, entry))
		.map(withoutDetail);
	return shown;
}

// A disqualifying rule gives no points but decides the outcome, so it stays.
function disqualifiedBy(score: LeadScore, entry: BreakdownEntry): boolean {
	return entry.disqualify === true && score.reasons.includes(entry.label ?? entry.rule);
}

// An entry without detail is shown as it is; one with detail is copied without it. The copy is
// built key by key: deleting keys from a copy turns each one into a slow dictionary object.
function withoutDetail(entry: BreakdownEntry): BreakdownEntry {
	const keys = Object.keys(entry);
	if (!keys.some((key) => DETAIL_KEYS.has(key))) return entry;
	const kept: Record<string, unknown> = {};
	for (const key of keys) {
		if (!DETAIL_KEYS.has(key)) kept[key] = entry[key as keyof BreakdownEntry];
	}
	return kept as unknown as BreakdownEntry;
}
