import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { PACKAGE, runWorkflow } from '../../scripts/inProcess';

function runLab(
	parameters: INodeParameters,
	items: IDataObject[],
	onError?: 'continueRegularOutput',
) {
	return runWorkflow({
		workflow: {
			nodes: [
				{
					id: 'model-lab',
					name: 'Model Lab',
					type: `${PACKAGE}.modelLab`,
					typeVersion: 1,
					position: [0, 0],
					parameters,
					...(onError ? { onError } : {}),
				},
			],
			connections: {},
		},
		startNode: 'Model Lab',
		items,
	});
}

// 20 leads: every "pro" lead converted, no "free" one did.
const LEADS = Array.from({ length: 20 }, (_, index) => ({
	plan: index % 2 === 0 ? 'pro' : 'free',
	converted: index % 2 === 0 ? 'yes' : 'no',
}));

const MODEL = JSON.stringify({
	bands: [{ name: 'Nurture' }, { name: 'SQL', min: 50 }],
	rules: [{ id: 'pro', field: 'plan', operator: 'equals', value: 'pro', points: 50 }],
});

describe('Model Lab', () => {
	test('Backtest returns one summary item paired with every input', async () => {
		const result = await runLab(
			{ operation: 'backtest', outcomeField: 'converted', modelJson: MODEL },
			LEADS,
		);
		const [summary] = result.outputs['Model Lab'][0];
		expect(result.outputs['Model Lab'][0]).toHaveLength(1);
		expect(summary.pairedItem).toHaveLength(20);
		expect(summary.json).toMatchObject({
			leads: 20,
			converted: 10,
			auc: 1,
			bands: [
				{ name: 'Nurture', count: 10, outcomeRate: 0 },
				{ name: 'SQL', count: 10, outcomeRate: 1 },
			],
			rules: [{ id: 'pro', fired: 10, outcomeRate: 1 }],
		});
	});

	test('Backtest with Chart adds an SVG picture of the distribution and the band rates', async () => {
		const result = await runLab(
			{
				operation: 'backtest',
				outcomeField: 'converted',
				modelJson: MODEL,
				backtestOptions: { chart: true },
			},
			LEADS,
		);
		const [summary] = result.outputs['Model Lab'][0];
		expect(summary.binary?.chart).toMatchObject({
			mimeType: 'image/svg+xml',
			fileName: 'backtest.svg',
		});
		const svg = Buffer.from(summary.binary?.chart.data ?? '', 'base64').toString('utf8');
		expect(svg).toContain('20 leads, 50.0% converted, AUC 1.000');
		expect(svg).toContain('>100.0%</text>');
		expect(svg).toContain('>SQL</text>');
	});

	test('Learn Points returns a model whose top rule is the separating answer', async () => {
		const result = await runLab({ operation: 'learn', outcomeField: 'converted' }, LEADS);
		const { json } = result.outputs['Model Lab'][0][0];
		const rules = (json.model as { rules: Array<{ value: string; points: number }> }).rules;
		const top = [...rules].sort((a, b) => b.points - a.points)[0];
		expect(top.value).toBe('pro');
		// Learned again on 14 of the 20 leads, the table ranks the other 6 perfectly.
		expect(json.heldOut).toEqual({ trainedOn: 14, heldOut: 6, auc: 1 });
		// Half the leads score the top score, so SQL (top 10%) already takes all of them.
		expect(json.notes).toEqual([
			'No MQL band: the SQL band already reaches down to where MQL would start',
		]);
	});

	test('Learn Points says when its bands leave SQL out, and which placement option applies', async () => {
		const result = await runLab(
			{
				operation: 'learn',
				outcomeField: 'converted',
				learnOptions: { sqlShare: 100, sqlRate: 30 },
			},
			LEADS,
		);
		const notes = result.outputs['Model Lab'][0][0].json.notes as string[];
		expect(notes).toContain('SQL Outcome Rate is used; SQL Share is ignored when both are set');
	});

	test('Max Rows of 0 and an SQL Outcome Rate over 100% are refused with their bounds', async () => {
		const rows = await runLab(
			{ operation: 'learn', outcomeField: 'converted', learnOptions: { maxRows: 0 } },
			LEADS,
			'continueRegularOutput',
		);
		expect(rows.outputs['Model Lab'][0][0].json).toEqual({
			error: 'Max Rows is 0, less than 1',
			errorFix: 'Set Max Rows to 1 or more, e.g. 30',
		});
		const rate = await runLab(
			{ operation: 'learn', outcomeField: 'converted', learnOptions: { sqlRate: 150 } },
			LEADS,
			'continueRegularOutput',
		);
		expect(rate.outputs['Model Lab'][0][0].json).toEqual({
			error: 'SQL Outcome Rate (%) is 150, more than 100',
			errorFix: 'Set SQL Outcome Rate (%) to a number from 1 to 100, e.g. 70',
		});
	});

	test('on fail, a missing outcome field gives one item with the error and fix', async () => {
		const result = await runLab(
			{ operation: 'learn', outcomeField: 'won' },
			LEADS,
			'continueRegularOutput',
		);
		expect(result.outputs['Model Lab'][0][0].json).toEqual({
			error: 'No lead has the outcome column "won" (columns: plan, converted)',
			errorFix: 'name the column that says whether the lead converted',
		});
	});
});
