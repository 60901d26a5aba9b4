// How much of the breakdown goes on the item. A full breakdown explains everything, including
// what scored nothing and why; a workflow that only stores or emails the score wants less.

import type { BreakdownEntry, LeadScore } from './scoring';

// full: every entry, with skipped occurrences and warnings; scoring: only entries that moved the
// score (still summing to the total); none: no breakdown at all.
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
	shown.breakdown = score.breakdown.filter((entry) => entry.points !== 0).map(withoutDetail);
	return shown;
}

function withoutDetail(entry: BreakdownEntry): BreakdownEntry {
	const kept = { ...entry };
	for (const key of DETAIL_KEYS) delete kept[key];
	return kept;
}
