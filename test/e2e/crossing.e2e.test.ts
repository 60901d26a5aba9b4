// Crossing mode in a real n8n 2.41.1: the memory lives in workflow static data, which `n8n execute`
// saves after each run (confirm.e2e.test.ts covers a run that fails after the router). The workflow feeds one fixed lead (key ana.lima@example.com,
// 120 points) to a Threshold Router in crossing mode with SQL at 100, three times.

import path from 'path';
import type { IRun } from 'n8n-workflow';

import { execute, n8n, N8N_HOOK_TIMEOUT_MS, outputs, readWorkflow } from './n8n';

const WORKFLOW_FILE = path.join(__dirname, 'crossing.test-workflow.json');
const ROUTER_OUTPUTS = ['Nurture', 'MQL', 'SQL', 'Unscored', 'Disqualified', 'No Change'];

// The router's outputs that received the lead in one run.
function firedOutputs(run: IRun): string[] {
	return outputs(run, 'Threshold Router').flatMap((items, index) =>
		items.length > 0 ? [ROUTER_OUTPUTS[index]] : [],
	);
}

describe('the Threshold Router in crossing mode, executed three times in n8n', () => {
	const runs: IRun[] = [];

	beforeAll(async () => {
		const { id } = readWorkflow(WORKFLOW_FILE);
		await n8n('import:workflow', `--input=${WORKFLOW_FILE}`);
		for (let count = 0; count < 3; count++) runs.push(await execute(id));
	}, N8N_HOOK_TIMEOUT_MS);

	it('finishes every execution without an error', () => {
		expect(runs.map((run) => run.status)).toEqual(['success', 'success', 'success']);
	});

	it('fires SQL on the first run only; the same lead goes to No Change on runs 2 and 3', () => {
		expect(runs.map(firedOutputs)).toEqual([['SQL'], ['No Change'], ['No Change']]);
	});

	it('hands the lead to the SQL step once, with the crossing on the item', () => {
		const [handOff] = outputs(runs[0], 'Hand Off to Sales (stand-in)')[0];
		expect(handOff.json).toEqual({
			email: 'ana.lima@example.com',
			lifeCycleStage: 'salesqualifiedlead',
		});
		expect(outputs(runs[0], 'Threshold Router')[2][0].json.crossing).toEqual({
			from: null,
			to: 'SQL',
			direction: 'up',
		});
		const [unchanged] = outputs(runs[2], 'No Change: Nothing to Do')[0];
		expect(unchanged.json.crossing).toEqual({ from: 'SQL', to: 'SQL', direction: 'none' });
		for (const run of runs.slice(1)) {
			expect(run.data.resultData.runData['Hand Off to Sales (stand-in)']).toBeUndefined();
		}
	});
});
