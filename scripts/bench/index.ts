// `npm run bench`: the pack's speed and memory beside a plain-JavaScript baseline and the
// do-it-yourself Code + Switch workflow, all measured in one run so that the ratios compare like
// with like on whatever machine runs it.
//
//   npm run bench [-- --quick] [-- --json]
//
// --quick skips the 100,000-lead size and real n8n. Real n8n runs 1,000 and 20,000 leads with the
// 30-rule model (the Switch node alone takes tens of seconds at 20,000).

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { compileModel } from '../../lib/model';
import { scoreLead } from '../../lib/scoring';
import { baselineScore } from './baseline';
import { totalMs, type NodeTimes } from './pipeline';
import { BENCH_AS_OF, makeLeads, makeModel } from './workload';

interface Case {
	leads: number;
	rules: number;
	baselineMs: number;
	engineMs: number;
	inProcessMs: number;
	// Real n8n, cold: `n8n execute`, a new n8n process for each execution.
	n8nMs: number | null;
	diyMs: number | null;
	// Real n8n, warm: later executions in one n8n process, as a running n8n has them.
	n8nWarmMs: number | null;
	diyWarmMs: number | null;
	peakRssMb: number;
	// Real n8n: each measured node's own time, for the pack and the do-it-yourself workflow.
	n8nNodeMs?: RealN8nTimes['pack'];
	diyNodeMs?: RealN8nTimes['diy'];
}

type Timings = { cold: NodeTimes; warm: NodeTimes };
interface RealN8nTimes {
	pack: Timings;
	diy: Timings;
}

const ROOT = join(__dirname, '..', '..', '..');
// A mistyped flag would otherwise start the full bench, real n8n and all, for twenty minutes.
const unknown = process.argv.slice(2).filter((flag) => flag !== '--quick' && flag !== '--json');
if (unknown.length > 0) {
	process.stderr.write(`Unknown option ${unknown.join(' ')}; use --quick, --json or neither\n`);
	process.exit(2);
}
const quick = process.argv.includes('--quick');
const asJson = process.argv.includes('--json');
const SIZES = quick ? [1000, 20000] : [1000, 20000, 100000];
const RULES = [10, 30, 100];
const REAL_N8N_CASES = quick ? [] : ['1000x30', '20000x30'];

function progress(message: string): void {
	if (!asJson) process.stderr.write(`${message}\n`);
}

// The fastest of a few runs: the figure least disturbed by whatever else the machine does.
function fastestMs(runs: number, work: () => void): number {
	let best = Number.POSITIVE_INFINITY;
	for (let run = 0; run < runs; run++) {
		const started = process.hrtime.bigint();
		work();
		best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
	}
	return best;
}

function measureInMemory(leadCount: number, ruleCount: number) {
	const leads = makeLeads(leadCount, 7) as unknown as Array<Record<string, unknown>>;
	const modelJson = makeModel(ruleCount);
	const model = modelJson as Parameters<typeof baselineScore>[1];
	const asOf = new Date(BENCH_AS_OF);
	const runs = leadCount >= 100000 ? 2 : 5;

	let reference: number[] = [];
	const baselineMs = fastestMs(runs, () => {
		reference = baselineScore(leads, model, BENCH_AS_OF).map((result) => result.total);
	});
	let totals: number[] = [];
	const engineMs = fastestMs(runs, () => {
		const compiled = compileModel(modelJson);
		totals = leads.map((lead) => scoreLead(compiled, lead, { asOf }).total);
	});

	// Both must compute the same scores, or the comparison means nothing.
	const differing = totals.filter((total, index) => total !== reference[index]).length;
	if (differing > 0) throw new Error(`The engine and the baseline disagree on ${differing} leads`);
	return { baselineMs, engineMs };
}

function measureInProcess(leadCount: number, ruleCount: number) {
	const output = execFileSync(
		process.execPath,
		[join(__dirname, 'inProcessCase.js'), String(leadCount), String(ruleCount)],
		{ encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
	);
	return JSON.parse(output.trim().split('\n').pop() ?? '{}') as {
		inProcessMs: number;
		peakRssMb: number;
	};
}

function measureRealN8n(): Record<string, RealN8nTimes> {
	if (REAL_N8N_CASES.length === 0) return {};
	progress(`real n8n: ${REAL_N8N_CASES.join(', ')} (installs n8n on first use)`);
	const output = execFileSync(
		'bash',
		[
			join(ROOT, 'scripts', 'n8n-with-pack.sh'),
			process.execPath,
			join(__dirname, 'realN8n.js'),
			...REAL_N8N_CASES,
		],
		{ encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
	);
	return JSON.parse(output.trim().split('\n').pop() ?? '{}');
}

function ratio(value: number | null, baseline: number): string {
	return value === null ? '-' : `${(value / baseline).toFixed(1)}x`;
}

function timesFaster(slower: number | null, faster: number | null): string {
	return slower && faster ? `${(slower / faster).toFixed(0)}x` : '-';
}

function render(cases: Case[]): string {
	const header = [
		'leads',
		'rules',
		'baseline ms',
		'engine ms',
		'in-process ms',
		'n8n cold ms',
		'DIY cold ms',
		'n8n warm ms',
		'DIY warm ms',
		'engine/base',
		'in-proc/base',
		'n8n cold/base',
		'DIY/n8n cold',
		'n8n warm/base',
		'DIY/n8n warm',
		'leads/s n8n warm',
		'peak RSS MB',
	];
	const rows = cases.map((row) => [
		row.leads,
		row.rules,
		row.baselineMs.toFixed(1),
		row.engineMs.toFixed(1),
		row.inProcessMs.toFixed(0),
		row.n8nMs?.toFixed(0) ?? '-',
		row.diyMs?.toFixed(0) ?? '-',
		row.n8nWarmMs?.toFixed(0) ?? '-',
		row.diyWarmMs?.toFixed(0) ?? '-',
		ratio(row.engineMs, row.baselineMs),
		ratio(row.inProcessMs, row.baselineMs),
		ratio(row.n8nMs, row.baselineMs),
		timesFaster(row.diyMs, row.n8nMs),
		ratio(row.n8nWarmMs, row.baselineMs),
		timesFaster(row.diyWarmMs, row.n8nWarmMs),
		row.n8nWarmMs ? Math.round(row.leads / (row.n8nWarmMs / 1000)) : '-',
		row.peakRssMb.toFixed(0),
	]);
	const table = [header, ...rows.map((row) => row.map(String))];
	const widths = header.map((_, column) => Math.max(...table.map((row) => row[column].length)));
	const line = (row: string[]) =>
		`| ${row.map((cell, column) => cell.padStart(widths[column])).join(' | ')} |`;
	return [
		line(header),
		`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
		...rows.map((row) => line(row.map(String))),
	].join('\n');
}

// Where the real-n8n time goes, node by node.
function renderNodeTimes(cases: Case[]): string {
	const lines = cases.flatMap(({ leads, rules, n8nNodeMs, diyNodeMs }) => {
		if (!n8nNodeMs || !diyNodeMs) return [];
		const list = (times: NodeTimes) =>
			Object.entries(times)
				.map(([node, ms]) => `${node} ${ms.toLocaleString('en-US')} ms`)
				.join(', ');
		return (['cold', 'warm'] as const).map(
			(way) =>
				`real n8n ${way}, ${leads} leads x ${rules} rules: ` +
				`pack: ${list(n8nNodeMs[way])}; DIY: ${list(diyNodeMs[way])}`,
		);
	});
	return lines.length > 0 ? `\n${lines.join('\n')}\n` : '';
}

function main(): void {
	const realN8n = measureRealN8n();
	const cases: Case[] = [];
	for (const leads of SIZES) {
		for (const rules of RULES) {
			progress(`in-process: ${leads} leads x ${rules} rules`);
			const inMemory = measureInMemory(leads, rules);
			const inProcess = measureInProcess(leads, rules);
			const real = realN8n[`${leads}x${rules}`];
			cases.push({
				leads,
				rules,
				...inMemory,
				inProcessMs: inProcess.inProcessMs,
				n8nMs: real ? totalMs(real.pack.cold) : null,
				diyMs: real ? totalMs(real.diy.cold) : null,
				n8nWarmMs: real ? totalMs(real.pack.warm) : null,
				diyWarmMs: real ? totalMs(real.diy.warm) : null,
				peakRssMb: inProcess.peakRssMb,
				...(real ? { n8nNodeMs: real.pack, diyNodeMs: real.diy } : {}),
			});
		}
	}
	process.stdout.write(
		asJson ? `${JSON.stringify({ cases })}\n` : `${render(cases)}\n${renderNodeTimes(cases)}`,
	);
}

main();
