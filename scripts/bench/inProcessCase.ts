// One in-process case, run in a child process of its own so that its peak memory is its own:
// generates the leads, runs the three nodes through n8n-core, and prints one JSON line.
//
//   node dist/scripts/bench/inProcessCase.js LEADS RULES

import { runWorkflow } from '../inProcess';
import { PACK_CONNECTIONS, packNodes } from './pipeline';
import { BENCH_AS_OF, makeLeads, makeModel } from './workload';

async function main(): Promise<void> {
	const [leadCount, ruleCount] = process.argv.slice(2).map(Number);
	const leads = makeLeads(leadCount, 7);
	const workflow = { nodes: packNodes(makeModel(ruleCount), BENCH_AS_OF), connections: PACK_CONNECTIONS };

	const started = process.hrtime.bigint();
	const result = await runWorkflow({
		workflow,
		startNode: 'Score Lead',
		items: leads as never,
	});
	const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
	if (result.error) throw result.error;

	const routed = result.outputs['Threshold Router'].reduce((sum, items) => sum + items.length, 0);
	if (routed !== leadCount) throw new Error(`${routed} of ${leadCount} leads left the router`);
	process.stdout.write(
		`${JSON.stringify({ inProcessMs: elapsedMs, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
	);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
