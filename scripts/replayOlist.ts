// Replays the closed deals of the Olist marketing funnel data set through Assign Rep's engine and
// compares how evenly each strategy spreads them with how the sales team actually split them.
// The data set is not shipped with the pack: it is read from ../shared/data beside the repository.
//
// Each of the 842 deals is a lead arriving at its won_date, in that order. The roster is the 22
// sales reps (sr_id) of the data, each available only between their own first and last won_date
// (out of office before and after), so every strategy works with the team the data had.
// Reps joined and left at different times, so leads per rep compare only among reps available
// for the same span: the replay picks the span [first won_date of one rep, last won_date of
// another] that maximises reps covering it times deals in it, and reports max - min of the
// leads each of those reps got within it.
//
// Usage: node dist/scripts/replayOlist.js [data folder]

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	assignLead,
	DEFAULT_ASSIGNMENT_SETTINGS,
	type AssignmentSettings,
} from '../lib/assignment';
import { emptyAssignmentState } from '../lib/assignmentState';
import { parseCsv } from '../lib/csv';
import { readRoster } from '../lib/roster';
import type { Strategy } from '../lib/strategies';

// The script runs from dist/scripts when built and from scripts/ under the tests.
const ROOT = existsSync(join(__dirname, '..', 'package.json'))
	? join(__dirname, '..')
	: join(__dirname, '..', '..');
export const OLIST_DIR = join(ROOT, '..', 'shared', 'data', 'olist-marketing-funnel');
const DEALS_FILE = 'olist_closed_deals_dataset.csv';

export interface Deal {
	rep: string;
	wonAt: number;
}

interface Span {
	from: number;
	to: number;
}

export interface Spread {
	// Leads each rep of the comparison group got within the span.
	perRep: Record<string, number>;
	spread: number;
	// The same for leads divided by the rep's weight: what the weighted strategy evens out.
	spreadPerWeight: number;
	unassigned: number;
}

export interface ReplayReport {
	deals: number;
	reps: number;
	span: Span;
	group: string[];
	weights: Record<string, number>;
	data: Spread;
	strategies: Record<Strategy, Spread>;
}

// Undefined when the data set is not there.
export function readOlistDeals(folder = OLIST_DIR): Deal[] | undefined {
	const file = join(folder, DEALS_FILE);
	if (!existsSync(file)) return undefined;
	return parseCsv(readFileSync(file, 'utf8'), DEALS_FILE)
		// won_date has no zone; it is read as UTC.
		.map((row) => ({ rep: row.sr_id, wonAt: Date.parse(`${row.won_date.replace(' ', 'T')}Z`) }))
		.sort((a, b) => a.wonAt - b.wonAt);
}

export function replayOlist(deals: Deal[]): ReplayReport {
	const spans = repSpans(deals);
	const weights = tenureWeights(spans, deals[0].wonAt);
	const roster = readRoster(
		[...spans].map(([rep, span]) => ({
			id: rep,
			weight: weights[rep],
			// Away before the first deal and after the last one.
			outOfOffice: [
				{ from: '1970-01-01T00:00:00Z', until: new Date(span.from).toISOString() },
				{ from: new Date(span.to + 1).toISOString(), until: '2100-01-01T00:00:00Z' },
			],
		})),
		'the Olist roster',
	);
	const { span, group } = comparisonSpan(deals, spans);

	const strategies = {} as Record<Strategy, Spread>;
	for (const strategy of ['roundRobin', 'weighted', 'leastLoaded'] as Strategy[]) {
		const settings: AssignmentSettings = {
			...DEFAULT_ASSIGNMENT_SETTINGS,
			strategy,
			loadPeriod: 'month',
		};
		const state = emptyAssignmentState();
		const assigned = deals.map(({ wonAt }) => {
			const { assignedRep } = assignLead({ fields: {}, key: null }, roster, state, settings, wonAt);
			return { rep: assignedRep.id, wonAt };
		});
		strategies[strategy] = spreadWithin(assigned, span, group, weights);
	}

	return {
		deals: deals.length,
		reps: spans.size,
		span,
		group,
		weights,
		data: spreadWithin(deals, span, group, weights),
		strategies,
	};
}

function repSpans(deals: Deal[]): Map<string, Span> {
	const spans = new Map<string, Span>();
	for (const { rep, wonAt } of deals) {
		const span = spans.get(rep);
		if (span === undefined) spans.set(rep, { from: wonAt, to: wonAt });
		else span.to = Math.max(span.to, wonAt);
	}
	return spans;
}

// The weighted strategy needs weights the data does not have. Here the reps who closed deals in
// the first month of the data (the team that was there from the start) get weight 2, the rest 1,
// as a team would weight its seniors.
function tenureWeights(spans: Map<string, Span>, start: number): Record<string, number> {
	const firstMonth = start + 31 * 24 * 60 * 60 * 1000;
	return Object.fromEntries(
		[...spans].map(([rep, span]) => [rep, span.from < firstMonth ? 2 : 1]),
	);
}

function comparisonSpan(
	deals: Deal[],
	spans: Map<string, Span>,
): { span: Span; group: string[] } {
	let best = { span: { from: 0, to: 0 }, group: [] as string[], score: -1 };
	for (const { from } of spans.values()) {
		for (const { to } of spans.values()) {
			if (to <= from) continue;
			const group = [...spans].filter(([, span]) => span.from <= from && span.to >= to);
			const inside = deals.filter((deal) => deal.wonAt >= from && deal.wonAt <= to).length;
			const score = group.length * inside;
			if (score <= best.score) continue;
			best = { span: { from, to }, group: group.map(([rep]) => rep), score };
		}
	}
	return { span: best.span, group: best.group };
}

function spreadWithin(
	leads: Array<{ rep: string | null; wonAt: number }>,
	span: Span,
	group: string[],
	weights: Record<string, number>,
): Spread {
	const perRep: Record<string, number> = Object.fromEntries(group.map((rep) => [rep, 0]));
	let unassigned = 0;
	for (const { rep, wonAt } of leads) {
		if (rep === null) unassigned += 1;
		if (rep === null || wonAt < span.from || wonAt > span.to || !(rep in perRep)) continue;
		perRep[rep] += 1;
	}
	const perWeight = group.map((rep) => perRep[rep] / weights[rep]);
	return {
		perRep,
		spread: range(Object.values(perRep)),
		spreadPerWeight: range(perWeight),
		unassigned,
	};
}

function range(values: number[]): number {
	return Math.max(...values) - Math.min(...values);
}

function formatReport(report: ReplayReport): string {
	const day = (instant: number) => new Date(instant).toISOString().slice(0, 10);
	const short = (rep: string) => rep.slice(0, 6);
	const rows: Array<[string, Spread]> = [
		['data', report.data],
		['round robin', report.strategies.roundRobin],
		['weighted', report.strategies.weighted],
		['least loaded', report.strategies.leastLoaded],
	];
	const seniors = report.group.filter((rep) => report.weights[rep] === 2).map(short);
	const cell = (value: string | number, width: number) => String(value).padStart(width);
	const lines = [
		`${report.deals} closed deals, ${report.reps} reps, each available between their own first ` +
			'and last won_date.',
		`Compared: the ${report.group.length} reps available for the whole span ` +
			`${day(report.span.from)} .. ${day(report.span.to)}; leads each got within it.`,
		`Weighted: weight 2 for ${seniors.join(', ')} (there from the first month), 1 for the others.`,
		'',
		'source        spread  per weight  unassigned   leads per rep: ' +
			report.group.map(short).join(' '),
		...rows.map(
			([name, spread]) =>
				name.padEnd(14) +
				cell(spread.spread, 6) +
				cell(Number(spread.spreadPerWeight.toFixed(1)), 12) +
				cell(spread.unassigned, 12) +
				'   ' +
				report.group.map((rep) => cell(spread.perRep[rep], 6)).join(' '),
		),
	];
	return lines.join('\n');
}

if (require.main === module) {
	const folder = process.argv[2] ?? OLIST_DIR;
	const deals = readOlistDeals(folder);
	if (deals === undefined) {
		process.stderr.write(`The Olist data set is not in ${folder}; nothing to replay.\n`);
		process.exitCode = 1;
	} else {
		process.stdout.write(`${formatReport(replayOlist(deals))}\n`);
	}
}
