// How much of the breakdown goes on the item. A full breakdown explains everything, including
// what scored nothing and why; a workflow that only stores or emails the score wants less.

import type { BreakdownEntry, LeadScore } from './scoring';

// full: every entry, with skipped occurrences and warnings; scoring: only entries that moved the
// score (still summing to the total) or disqualified the lead; none: no breakdown at all.
export type Verbosity = 'full' | 'scoring' | 'none';

export type ShownScore = Omit<LeadScore, 'breakdown'> & { breakdown?: BreakdownEntry[] };

const DETAIL_KEYS = ['skipped', 'skippedCount', 'warning', 'scored'] as const;

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

function withoutDetail(entry: BreakdownEntry): BreakdownEntry {
	const kept = { ...entry };
	for (const key of DETAIL_KEYS) delete kept[key];
	return kept;
}
