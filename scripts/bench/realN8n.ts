// The real-n8n cases: the three nodes, and the do-it-yourself Code + Switch workflow, each run
// in an n8n 2.41.1 that has the pack installed, two ways:
// - cold: `n8n execute`, which starts a new n8n process for each execution, so the nodes run
//   before the JIT compiler has warmed up and while the heap is still growing;
// - warm: `n8n execute-batch`, which runs several copies of the workflow one after another in one
//   process, as a running n8n runs executions; the first of them is cold and is left out.
// Run through scripts/n8n-with-pack.sh, which sets up n8n and the environment read here. Prints
// one JSON line: per case and way, each measured node's execution time from n8n's run data, for
// the fastest of a few executions.
//
//   bash scripts/n8n-with-pack.sh node dist/scripts/bench/realN8n.js 20000x30 [...]

import { spawn } from 'node:child_process';
import {
	closeSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { INode, IRun } from 'n8n-workflow';

import { baselineScore } from './baseline';
import { PACK_CONNECTIONS, PACK_NODE_NAMES, packNodes, totalMs, type NodeTimes } from './pipeline';
import { BENCH_AS_OF, makeLeads, makeModel } from './workload';

function environment(name: string): string {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is not set: run this through scripts/n8n-with-pack.sh`);
	return value;
}

// n8n's output goes to a file, not a pipe: n8n exits right after printing, and a run of 20,000
// leads prints tens of megabytes, which a pipe would cut short.
async function n8n(folder: string, ...args: string[]): Promise<string> {
	const outputFile = join(folder, 'n8n-output.txt');
	const output = openSync(outputFile, 'w');
	try {
		const child = spawn(
			environment('LEAD_SCORING_NODE24'),
			[environment('LEAD_SCORING_N8N_BIN'), ...args],
			{
				env: { ...process.env, NODE_ENV: 'production' },
				stdio: ['ignore', output, 'inherit'],
			},
		);
		const code = await new Promise<number | null>((resolve, reject) => {
			child.on('error', reject);
			child.on('close', resolve);
		});
		if (code !== 0) throw new Error(`n8n ${args.join(' ')} exited with ${code}`);
	} finally {
		closeSync(output);
	}
	return readFileSync(outputFile, 'utf8');
}

const trigger: INode = {
	id: 'bench-trigger',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [-500, 0],
	parameters: {},
};

// n8n generates the leads itself from the same seeded generator, so nothing large is passed in.
function generator(leads: number): INode {
	return {
		id: 'bench-generate',
		name: 'Generate Leads',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [-250, 0],
		parameters: {
			jsCode: `${makeLeads.toString()}\nreturn makeLeads(${leads}, 7).map((json) => ({ json }));`,
		},
	};
}

function packWorkflow(id: string, leads: number, rules: number) {
	return {
		id,
		name: `Benchmark: the pack, ${leads} leads x ${rules} rules`,
		nodes: [trigger, generator(leads), ...packNodes(makeModel(rules), BENCH_AS_OF)],
		connections: {
			Start: { main: [[{ node: 'Generate Leads', type: 'main', index: 0 }]] },
			'Generate Leads': { main: [[{ node: 'Score Lead', type: 'main', index: 0 }]] },
			...PACK_CONNECTIONS,
		},
		settings: { executionOrder: 'v1' },
	};
}

function switchRule(output: string, operation: string, minimum: number) {
	return {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [
				{
					id: `score-${output}`,
					leftValue: '={{ $json.score }}',
					rightValue: minimum,
					operator: { type: 'number', operation },
				},
			],
			combinator: 'and',
		},
		renameOutput: true,
		outputKey: output,
	};
}

const DIY_NODE_NAMES = ['Score and Assign', 'Route by Score'];

// What n8n users build today: the rules and a round robin in a Code node, then a Switch that
// routes on the score.
function diyWorkflow(id: string, leads: number, rules: number) {
	const jsCode = [
		baselineScore.toString(),
		`const model = ${JSON.stringify(makeModel(rules))};`,
		'const leads = $input.all().map((item) => item.json);',
		`const results = baselineScore(leads, model, '${BENCH_AS_OF}');`,
		"const reps = ['rep-1', 'rep-2', 'rep-3'];",
		'let turn = 0;',
		'return leads.map((lead, index) => {',
		'  const { total, band } = results[index];',
		"  const rep = band === 'SQL' ? reps[turn++ % reps.length] : null;",
		'  return { json: { ...lead, score: total, band, rep } };',
		'});',
	].join('\n');
	return {
		id,
		name: `Benchmark: do it yourself, ${leads} leads x ${rules} rules`,
		nodes: [
			trigger,
			generator(leads),
			{
				id: 'bench-diy-code',
				name: 'Score and Assign',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [0, 0],
				parameters: { jsCode },
			},
			{
				id: 'bench-diy-switch',
				name: 'Route by Score',
				type: 'n8n-nodes-base.switch',
				typeVersion: 3.4,
				position: [250, 0],
				// Rules mode, the Switch node's default, one rule per band as users set it up: each
				// rule's condition is an expression n8n evaluates for every item.
				parameters: {
					mode: 'rules',
					rules: {
						values: [
							switchRule('SQL', 'gte', 100),
							switchRule('MQL', 'gte', 50),
							switchRule('Nurture', 'lt', 50),
						],
					},
					options: {},
				},
			},
		],
		connections: {
			Start: { main: [[{ node: 'Generate Leads', type: 'main', index: 0 }]] },
			'Generate Leads': { main: [[{ node: 'Score and Assign', type: 'main', index: 0 }]] },
			'Score and Assign': { main: [[{ node: 'Route by Score', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

// The fastest of a few executions, for the pack and the do-it-yourself workflow alike, as the
// in-memory cases take the fastest of a few runs: one execution on a busy machine can take
// half as long again. Each execution runs its own copy of the workflow, so each starts from empty
// static data: otherwise Assign Rep would find every lead of the later executions already
// assigned and measure the cheaper "same lead" path.
const EXECUTIONS = 3;

interface Timings {
	cold: NodeTimes;
	warm: NodeTimes;
}

async function fastestExecutions(
	folder: string,
	workflowWithId: (id: string) => object,
	idPrefix: string,
	nodes: string[],
): Promise<Timings> {
	// n8n's workflow ids are 16 characters. The warm batch runs one more copy: its first is cold.
	const workflowIds = (way: string, count: number) =>
		Array.from({ length: count }, (_, run) => `${idPrefix}${way}${run}`.padEnd(16, '0'));
	const coldIds = workflowIds('c', EXECUTIONS);
	const warmIds = workflowIds('w', EXECUTIONS + 1);
	const file = join(folder, `${idPrefix}.json`);
	writeFileSync(file, JSON.stringify([...coldIds, ...warmIds].map(workflowWithId)));
	await n8n(folder, 'import:workflow', `--input=${file}`);

	const cold: NodeTimes[] = [];
	for (const id of coldIds) cold.push(await coldExecutionTimes(folder, id, nodes));
	return { cold: fastest(cold), warm: fastest(await warmExecutionTimes(folder, warmIds, nodes)) };
}

function fastest(runs: NodeTimes[]): NodeTimes {
	return runs.reduce((best, times) => (totalMs(times) < totalMs(best) ? times : best));
}

async function coldExecutionTimes(folder: string, id: string, nodes: string[]): Promise<NodeTimes> {
	const stdout = await n8n(folder, 'execute', `--id=${id}`, '--rawOutput');
	// The execution is the block from a line "{" to the last line "}"; n8n may print a line after.
	const start = stdout.search(/^\{$/m);
	const end = stdout.lastIndexOf('\n}');
	if (start === -1 || end < start) {
		throw new Error(`n8n execute printed no execution:\n${stdout.slice(-2000)}`);
	}
	return nodeTimes(JSON.parse(stdout.slice(start, end + 2)) as IRun, id, nodes);
}

// execute-batch writes each execution's run data to <id>-snapshot.json; --shallow cuts the items
// down to their top-level keys first, which leaves the execution times as they are.
async function warmExecutionTimes(
	folder: string,
	ids: string[],
	nodes: string[],
): Promise<NodeTimes[]> {
	const snapshots = join(folder, `snapshots-${ids[0]}`);
	mkdirSync(snapshots);
	await n8n(
		folder,
		'execute-batch',
		`--ids=${ids.join(',')}`,
		'--concurrency=1',
		'--shallow',
		`--snapshot=${snapshots}`,
	);
	const runs = ids.map((id) => {
		const file = join(snapshots, `${id}-snapshot.json`);
		return { id, run: JSON.parse(readFileSync(file, 'utf8')) as IRun };
	});
	runs.sort((a, b) => Date.parse(String(a.run.startedAt)) - Date.parse(String(b.run.startedAt)));
	return runs.slice(1).map(({ id, run }) => nodeTimes(run, id, nodes));
}

function nodeTimes(run: IRun, id: string, nodes: string[]): NodeTimes {
	const runData = run.data.resultData;
	if (runData.error) throw new Error(`The workflow ${id} failed: ${runData.error.message}`);
	const times: NodeTimes = {};
	for (const node of nodes) {
		const task = runData.runData[node]?.[0];
		if (task === undefined) throw new Error(`The node "${node}" did not run in ${id}`);
		times[node] = task.executionTime;
	}
	return times;
}

async function main(): Promise<void> {
	const folder = mkdtempSync(join(tmpdir(), 'lead-scoring-bench-'));
	try {
		const results: Record<string, { pack: Timings; diy: Timings }> = {};
		for (const [index, spec] of process.argv.slice(2).entries()) {
			const [leads, rules] = spec.split('x').map(Number);
			const pack = await fastestExecutions(
				folder,
				(id) => packWorkflow(id, leads, rules),
				`BenchPack${index}x`,
				PACK_NODE_NAMES,
			);
			const diy = await fastestExecutions(
				folder,
				(id) => diyWorkflow(id, leads, rules),
				`BenchDiy${index}x`,
				DIY_NODE_NAMES,
			);
			results[spec] = { pack, diy };
		}
		process.stdout.write(`${JSON.stringify(results)}\n`);
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
