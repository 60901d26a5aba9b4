// Backtesting a scoring model on past leads whose outcome is known: does a higher score mean a
// higher chance of converting, and by how much? Pure: the same leads and model give the same
// report.

import { LeadDataError } from './errors';
import { readField } from './fieldPath';
import { describeValue } from './json';
import type { CompiledModel } from './model';
import { scoreLead } from './scoring';
import { isMissing, leadKeyText } from './values';

const POSITIVE = new Set(['1', 'yes', 'true', 'won', 'converted']);
const NEGATIVE = new Set(['0', 'no', 'false', 'lost']);

// A lead without a clear outcome is an error rather than a guess: counting "pending" as lost
// would quietly lower every rate in the report.
export function readOutcome(value: unknown, column: string, row: number, lead = ''): boolean {
	const word = isMissing(value) ? '' : String(value).trim().toLowerCase();
	if (POSITIVE.has(word)) return true;
	if (NEGATIVE.has(word)) return false;
	throw new LeadDataError(
		`Item ${row}${lead ? ` (${lead})` : ''} has ${describeValue(value ?? null)} in the outcome ` +
			`column "${column}"`,
		'write the outcome as 1, yes, true, won or converted; or 0, no, false or lost',
	);
}

export function readOutcomes(leads: Array<Record<string, unknown>>, column: string): boolean[] {
	if (leads.length > 0 && !leads.some((lead) => column in lead)) {
		throw new LeadDataError(
			`No lead has the outcome column "${column}" ` +
				`(columns: ${Object.keys(leads[0]).join(', ')})`,
			'name the column that says whether the lead converted',
		);
	}
	// The lead is named by its email, as the nodes name a lead in an item error.
	return leads.map((lead, row) =>
		readOutcome(lead[column], column, row, leadKeyText(readField(lead, 'email')) ?? ''),
	);
}

// Area under the ROC curve: the chance that a random converted lead scores above a random lost
// one, ties counting half. Computed from average ranks (Mann-Whitney U). null without both kinds.
export function rocAuc(scores: number[], outcomes: boolean[]): number | null {
	const positives = outcomes.filter(Boolean).length;
	const negatives = outcomes.length - positives;
	if (positives === 0 || negatives === 0) return null;

	const order = scores
		.map((score, index) => ({ score, index }))
		.sort((a, b) => a.score - b.score);
	let positiveRankSum = 0;
	for (let start = 0; start < order.length; ) {
		let end = start;
		while (end + 1 < order.length && order[end + 1].score === order[start].score) end++;
		// Ranks start at 1; tied scores share the average of their ranks.
		const averageRank = (start + end) / 2 + 1;
		for (let at = start; at <= end; at++) {
			if (outcomes[order[at].index]) positiveRankSum += averageRank;
		}
		start = end + 1;
	}
	return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

// Outcome rate of the top 10% by score over the overall rate. Leads tied at the cut are taken
// in the order given, so the figure does not depend on a sort's whims.
export function topDecileLift(scores: number[], outcomes: boolean[]): number | null {
	const overall = outcomes.filter(Boolean).length / outcomes.length;
	if (outcomes.length === 0 || overall === 0) return null;
	const take = Math.max(1, Math.ceil(outcomes.length / 10));
	const order = scores
		.map((score, index) => ({ score, index }))
		.sort((a, b) => b.score - a.score || a.index - b.index);
	const top = order.slice(0, take).filter(({ index }) => outcomes[index]).length;
	return top / take / overall;
}

export interface BandResult {
	name: string;
	count: number;
	outcomeRate: number | null;
}

export interface ScoreBin {
	// Scores from `from` (inclusive) to `to` (exclusive; the last bin includes it).
	from: number;
	to: number;
	converted: number;
	notConverted: number;
}

export interface RuleResult {
	id: string;
	label?: string;
	fired: number;
	outcomeRate: number | null;
}

export interface Backtest {
	leads: number;
	converted: number;
	outcomeRate: number;
	auc: number | null;
	topDecileLift: number | null;
	bands: BandResult[];
	distribution: ScoreBin[];
	rules: RuleResult[];
}

export interface BacktestOptions {
	outcome: string;
	asOf: Date;
	bins?: number;
}

export function backtest(
	compiled: CompiledModel,
	leads: Array<Record<string, unknown>>,
	options: BacktestOptions,
): Backtest {
	const outcomes = readOutcomes(leads, options.outcome);
	const scores = leads.map((lead) => scoreLead(compiled, lead, { asOf: options.asOf }));
	const totals = scores.map((score) => score.total);

	const bandNames = [...compiled.model.bands.map((band) => band.name), 'Disqualified'];
	const bands = bandNames.map((name) => {
		const members = scores.flatMap((score, index) =>
			score.band === name ? [outcomes[index]] : [],
		);
		return { name, count: members.length, outcomeRate: rate(members) };
	});

	const rules = compiled.model.rules.map((rule, ruleIndex) => {
		const id = rule.id ?? `rule-${ruleIndex + 1}`;
		const fired = scores.flatMap((score, index) =>
			score.breakdown.some((entry) => entry.rule === id && entry.warning === undefined)
				? [outcomes[index]]
				: [],
		);
		const label = rule.label ? { label: rule.label } : {};
		return { id, ...label, fired: fired.length, outcomeRate: rate(fired) };
	});

	const converted = outcomes.filter(Boolean).length;
	return {
		leads: leads.length,
		converted,
		outcomeRate: leads.length === 0 ? 0 : converted / leads.length,
		auc: rocAuc(totals, outcomes),
		topDecileLift: topDecileLift(totals, outcomes),
		bands: bands.filter((band) => band.name !== 'Disqualified' || band.count > 0),
		distribution: scoreBins(totals, outcomes, options.bins ?? 10),
		rules,
	};
}

function rate(outcomes: boolean[]): number | null {
	return outcomes.length === 0 ? null : outcomes.filter(Boolean).length / outcomes.length;
}

// Equal-width bins from the lowest to the highest score.
export function scoreBins(scores: number[], outcomes: boolean[], count: number): ScoreBin[] {
	if (scores.length === 0) return [];
	const low = Math.min(...scores);
	const high = Math.max(...scores);
	const width = high === low ? 1 : (high - low) / count;
	const bins = Array.from({ length: high === low ? 1 : count }, (_, index) => ({
		from: round2(low + index * width),
		to: round2(index === count - 1 ? high : low + (index + 1) * width),
		converted: 0,
		notConverted: 0,
	}));
	scores.forEach((score, index) => {
		const bin = bins[Math.min(bins.length - 1, Math.floor((score - low) / width))];
		if (outcomes[index]) bin.converted++;
		else bin.notConverted++;
	});
	return bins;
}

function round2(value: number): number {
	return Math.round(value * 100) / 100;
}
