// Hand-off confirmation in a real n8n 2.41.1, with the workflow store. n8n saves workflow static
// data at the end of a production execution whether it succeeded or not, so a crossing whose CRM
// step failed would count as made; with Confirm Hand-Offs Within set and Lead Scoring State →
// Confirm Hand-Offs at the end, it fires again instead. The workflow feeds one fixed lead (key
// bo.silva@example.com, 120 points) to a router in crossing mode whose SQL output goes to a
// stand-in CRM step: an If node that stops the execution while LEAD_SCORING_E2E_CRM is "down",
// and otherwise passes the lead on to Confirm Hand-Offs. The window is 0.3 s; each `n8n execute`
// takes seconds, so it has passed by the next execution.

import path from 'path';
import type { IRun } from 'n8n-workflow';

import { execute, executeFailing, n8n, N8N_HOOK_TIMEOUT_MS, outputs, readWorkflow } from './n8n';

const WORKFLOW_FILE = path.join(__dirname, 'confirm.test-workflow.json');
const ROUTER_OUTPUTS = ['Nurture', 'MQL', 'SQL', 'Unscored', 'Disqualified', 'No Change'];
// The If node reads the variable: n8n 2.x blocks expressions from the environment by default.
const CRM_UP = { N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false', LEAD_SCORING_E2E_CRM: 'up' };
const CRM_DOWN = { ...CRM_UP, LEAD_SCORING_E2E_CRM: 'down' };

function firedOutputs(run: IRun): string[] {
	return outputs(run, 'Threshold Router').flatMap((items, index) =>
		items.length > 0 ? [ROUTER_OUTPUTS[index]] : [],
	);
}

describe('a hand-off whose CRM step failed, in n8n with the workflow store', () => {
	let failed: IRun;
	let retried: IRun;
	let after: IRun;

	beforeAll(async () => {
		const { id } = readWorkflow(WORKFLOW_FILE);
		await n8n('import:workflow', `--input=${WORKFLOW_FILE}`);
		failed = await executeFailing(id, CRM_DOWN);
		retried = await execute(id, CRM_UP);
		after = await execute(id, CRM_UP);
	}, N8N_HOOK_TIMEOUT_MS);

	it('fails the first execution at the CRM step, after the router fired SQL awaiting confirmation', () => {
		expect(failed.status).toBe('error');
		expect(failed.data.resultData.error?.message).toBe('The CRM is down (stand-in)');
		expect(firedOutputs(failed)).toEqual(['SQL']);
		expect(outputs(failed, 'Threshold Router')[2][0].json.crossing).toEqual({
			from: null,
			to: 'SQL',
			direction: 'up',
			awaitingConfirmation: true,
		});
	});

	it('fires SQL again on the next execution, which reaches the CRM and confirms it', () => {
		expect(retried.status).toBe('success');
		expect(firedOutputs(retried)).toEqual(['SQL']);
		expect(outputs(retried, 'Confirm Hand-Offs')[0].map((item) => item.json.email)).toEqual([
			'bo.silva@example.com',
		]);
	});

	it('sends the confirmed lead to No Change from then on', () => {
		expect(after.status).toBe('success');
		expect(firedOutputs(after)).toEqual(['No Change']);
	});
});
