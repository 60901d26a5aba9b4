// Learning a points table from past leads: every column becomes a few yes/no rows (a number at
// least some round edge, a category, a group of rare categories, a missing answer), a penalised
// logistic regression weighs the rows, and the weights become whole points. The result is a
// model in the pack's own format, so it is read, edited and scored like a hand-written one.

import { readOutcomes } from './backtest';
import { LeadDataError } from './errors';
import { fitLogistic, type SparseRow } from './logistic';
import { isMissing, normalizeText, readNumber } from './values';

export interface LearnOptions {
	outcome: string;
	// Columns never to learn from: identifiers, and anything known only after the outcome.
	exclude?: string[];
	maxRows?: number;
	l2?: number;
	// Points that double the odds of converting: 20 makes a 60-point lead 8 times as likely to
	// convert, odds-wise, as a 0-point one.
	pointsToDoubleOdds?: number;
	// Shares of the leads the top bands hold on the leads learned from.
	sqlShare?: number;
	mqlShare?: number;
	// Instead of a share: SQL starts at the lowest score whose leads, from there up, converted at
	// least at this rate on the leads learned from.
	sqlRate?: number;
	name?: string;
}

export interface LearnedRule {
	id: string;
	group: 'fit';
	label: string;
	field: string;
	operator: 'atLeast' | 'equals' | 'isOneOf' | 'isEmpty';
	value?: number | string | string[];
	points: number;
}

export interface LearnedModel {
	formatVersion: 1;
	name: string;
	version: string;
	groups: Array<{ name: string }>;
	bands: Array<{ name: string; min?: number }>;
	rules: LearnedRule[];
}

interface Candidate {
	rule: Omit<LearnedRule, 'points'>;
	fires: (value: unknown) => boolean;
}

const MIN_LEADS = 10;
// Quantiles tried as edges for a number column; the fit keeps the ones that matter.
const QUANTILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

export function learnPoints(
	leads: Array<Record<string, unknown>>,
	options: LearnOptions,
): LearnedModel {
	if (leads.length < MIN_LEADS) {
		throw new LeadDataError(
			`Learning points needs at least ${MIN_LEADS} leads; got ${leads.length}`,
			'give the past leads with their outcome, the more the better (a few hundred at least)',
		);
	}
	const outcomes = readOutcomes(leads, options.outcome);
	const converted = outcomes.filter(Boolean).length;
	if (converted === 0 || converted === leads.length) {
		throw new LeadDataError(
			`All ${leads.length} leads have the same outcome in "${options.outcome}" ` +
				`(${converted === 0 ? 'none' : 'all'} converted)`,
			'learning needs both converted and not converted leads',
		);
	}

	// A row must hold at least this many leads, so that its points rest on more than a handful.
	const minCount = Math.max(5, Math.ceil(leads.length * 0.01));
	const excluded = new Set([options.outcome, ...(options.exclude ?? [])]);
	const allColumns = [...new Set(leads.flatMap((lead) => Object.keys(lead)))];
	// A misspelt exclusion would let an after-the-fact column (Tags, Lead Quality) into the
	// table unnoticed and flatter every figure, so it is an error, not a no-op.
	const unknown = (options.exclude ?? []).filter((column) => !allColumns.includes(column));
	if (unknown.length > 0) {
		throw new LeadDataError(
			`Exclude names ${unknown.map((column) => `"${column}"`).join(', ')}, which no lead has ` +
				`(columns: ${allColumns.join(', ')})`,
			'write each column to leave out exactly as the leads spell it, capitals included',
		);
	}
	const columns = allColumns.filter((column) => !excluded.has(column));
	const candidates = uniqueIds(
		columns.flatMap((column) => candidatesFor(leads, column, minCount)),
	);
	if (candidates.length === 0) {
		throw new LeadDataError(
			`No column splits the ${leads.length} leads into groups of at least ${minCount}`,
			'give more leads, or columns with answers shared by several leads',
		);
	}

	const l2 = options.l2 ?? 1;
	const maxRows = options.maxRows ?? 30;
	const matrix = indicatorRows(leads, candidates);
	const first = fitLogistic(matrix, outcomes, candidates.length, { l2 });

	// Keep the rows that move the score most across the leads: the weight times the spread of
	// the indicator, so a large weight on a row that almost never fires counts for little.
	const firedCounts = new Array<number>(candidates.length).fill(0);
	for (const row of matrix) for (const index of row.indices) firedCounts[index]++;
	const kept = candidates
		.map((_, index) => {
			const share = firedCounts[index] / leads.length;
			const importance = Math.abs(first.weights[index]) * Math.sqrt(share * (1 - share));
			return { index, importance };
		})
		.sort((a, b) => b.importance - a.importance || a.index - b.index)
		.slice(0, maxRows)
		.map(({ index }) => index)
		.sort((a, b) => a - b);
	const chosen = kept.map((index) => candidates[index]);
	const refit = fitLogistic(indicatorRows(leads, chosen), outcomes, chosen.length, { l2 });

	const factor = (options.pointsToDoubleOdds ?? 20) / Math.LN2;
	const weighted = chosen
		.map((candidate, index) => ({
			candidate,
			points: Math.round(refit.weights[index] * factor),
		}))
		.filter(({ points }) => points !== 0);
	const scores = leads.map((lead) =>
		weighted.reduce(
			(sum, { candidate, points }) =>
				sum + (candidate.fires(lead[candidate.rule.field]) ? points : 0),
			0,
		),
	);
	return {
		formatVersion: 1,
		name: options.name ?? `Learned from ${leads.length} leads (${options.outcome})`,
		version: '1',
		groups: [{ name: 'fit' }],
		bands: placeBands(
			scores,
			options.sqlRate === undefined
				? (options.sqlShare ?? 0.1)
				: shareAtRate(scores, outcomes, options.sqlRate),
			options.mqlShare ?? 0.3,
		),
		rules: weighted.map(({ candidate, points }) => ({ ...candidate.rule, points })),
	};
}

// Two rows can slug alike ("1.5" and "1-5"); the later one gets a number.
function uniqueIds(candidates: Candidate[]): Candidate[] {
	const seen = new Map<string, number>();
	return candidates.map((candidate) => {
		const count = (seen.get(candidate.rule.id) ?? 0) + 1;
		seen.set(candidate.rule.id, count);
		if (count === 1) return candidate;
		return { ...candidate, rule: { ...candidate.rule, id: `${candidate.rule.id}-${count}` } };
	});
}

function indicatorRows(
	leads: Array<Record<string, unknown>>,
	candidates: Candidate[],
): SparseRow[] {
	return leads.map((lead) => {
		const indices: number[] = [];
		candidates.forEach((candidate, index) => {
			if (candidate.fires(lead[candidate.rule.field])) indices.push(index);
		});
		return { indices, values: indices.map(() => 1) };
	});
}

// The largest share from the top whose leads converted at `rate` or more. Walking down the
// scores, the rate among the leads taken so far is checked at each new score, so leads tied at
// a score are taken or left together. Without any such score, the top lead alone is the share.
export function shareAtRate(scores: number[], outcomes: boolean[], rate: number): number {
	const order = scores.map((score, index) => ({ score, won: outcomes[index] }));
	order.sort((a, b) => b.score - a.score);
	let taken = 0;
	let won = 0;
	let best = 1 / Math.max(1, order.length);
	for (let index = 0; index < order.length; index++) {
		taken++;
		if (order[index].won) won++;
		const lastOfScore = index === order.length - 1 || order[index + 1].score !== order[index].score;
		if (lastOfScore && won / taken >= rate) best = taken / order.length;
	}
	return best;
}

// The SQL band starts at the score of the lead at the chosen share from the top; leads tied at
// that score all join it, so the share can come out a little higher.
export function placeBands(
	scores: number[],
	sqlShare: number,
	mqlShare: number,
): Array<{ name: string; min?: number }> {
	const sorted = [...scores].sort((a, b) => b - a);
	const at = (share: number) =>
		sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))];
	const lowest = sorted[sorted.length - 1];
	const sql = at(sqlShare);
	const mql = at(mqlShare);
	const bands: Array<{ name: string; min?: number }> = [{ name: 'Nurture' }];
	if (mql > lowest && mql < sql) bands.push({ name: 'MQL', min: mql });
	if (sql > lowest) bands.push({ name: 'SQL', min: sql });
	return bands;
}

function candidatesFor(
	leads: Array<Record<string, unknown>>,
	column: string,
	minCount: number,
): Candidate[] {
	const values = leads.map((lead) => lead[column]);
	const answered = values.filter((value) => !isMissing(value) && typeof value !== 'object');
	if (answered.length === 0) return [];

	const missingCount = leads.length - answered.length;
	const missing: Candidate[] =
		missingCount >= minCount && answered.length >= minCount
			? [
					{
						rule: {
							id: `${slug(column)}-missing`,
							group: 'fit',
							label: `${column} is missing`,
							field: column,
							operator: 'isEmpty',
						},
						fires: (value) => isMissing(value),
					},
				]
			: [];

	const numbers = answered.map((value) => readNumber(value));
	const distinct = new Set(answered.map((value) => normalizeText(value)));
	const numeric = numbers.every((reading) => reading.kind === 'number') && distinct.size > 5;
	if (numeric) {
		const sorted = numbers.map((reading) => (reading.kind === 'number' ? reading.value : 0));
		return [...numberCandidates(column, sorted, minCount), ...missing];
	}
	// A column where nearly every lead has its own value is an identifier, not a trait.
	if (distinct.size > answered.length / 2) return [];
	return [...categoryCandidates(column, answered, minCount), ...missing];
}

function numberCandidates(column: string, values: number[], minCount: number): Candidate[] {
	const sorted = [...values].sort((a, b) => a - b);
	const edges = [
		...new Set(QUANTILES.map((q) => roundEdge(sorted[Math.floor(q * (sorted.length - 1))]))),
	];
	return edges
		.filter((edge) => {
			const above = sorted.filter((value) => value >= edge).length;
			return above >= minCount && sorted.length - above >= minCount;
		})
		.map((edge) => ({
			rule: {
				id: `${slug(column)}-at-least-${slug(String(edge))}`,
				group: 'fit',
				label: `${column} at least ${edge}`,
				field: column,
				operator: 'atLeast',
				value: edge,
			},
			fires: (value) => {
				const reading = readNumber(value);
				return reading.kind === 'number' && reading.value >= edge;
			},
		}));
}

// Edges are rounded to two significant digits, so that a rule reads "at least 1,200", not
// "at least 1,187.4".
export function roundEdge(value: number): number {
	if (value === 0) return 0;
	const magnitude = 10 ** (Math.floor(Math.log10(Math.abs(value))) - 1);
	return Number((Math.round(value / magnitude) * magnitude).toPrecision(2));
}

function categoryCandidates(column: string, answered: unknown[], minCount: number): Candidate[] {
	const groups = new Map<string, { spellings: Map<string, number>; count: number }>();
	for (const value of answered) {
		const key = normalizeText(value);
		const group = groups.get(key) ?? { spellings: new Map(), count: 0 };
		const spelling = String(value).trim();
		group.spellings.set(spelling, (group.spellings.get(spelling) ?? 0) + 1);
		group.count++;
		groups.set(key, group);
	}
	if (groups.size < 2) return [];

	// The most common spelling names the category; ties go to the first in sort order.
	const named = [...groups.entries()]
		.map(([key, group]) => ({
			key,
			count: group.count,
			spelling: [...group.spellings.entries()].sort(
				(a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
			)[0][0],
		}))
		.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	const common = named.filter((category) => category.count >= minCount);
	const rare = named.filter((category) => category.count < minCount);

	const candidates: Candidate[] = common.map((category) => ({
		rule: {
			id: `${slug(column)}-${slug(category.spelling)}`,
			group: 'fit',
			label: `${column} is ${category.spelling}`,
			field: column,
			operator: 'equals',
			value: category.spelling,
		},
		fires: (value) => !isMissing(value) && normalizeText(value) === category.key,
	}));
	const rareCount = rare.reduce((sum, category) => sum + category.count, 0);
	if (rare.length >= 2 && rareCount >= minCount) {
		const keys = new Set(rare.map((category) => category.key));
		candidates.push({
			rule: {
				id: `${slug(column)}-rare`,
				group: 'fit',
				label: `${column} is one of ${rare.length} rare answers`,
				field: column,
				operator: 'isOneOf',
				value: rare.map((category) => category.spelling),
			},
			fires: (value) => !isMissing(value) && keys.has(normalizeText(value)),
		});
	}
	return candidates;
}

function slug(text: string): string {
	return (
		text
			.toLowerCase()
			.replace(/[^a-z0-9.]+/g, '-')
			.replace(/\./g, '-')
			.replace(/^-+|-+$/g, '') || 'blank'
	);
}
