import {
	NodeConnectionTypes,
	type IBinaryKeyData,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { backtest, type Backtest } from '../../lib/backtest';
import { backtestChartSvg } from '../../lib/backtestChart';
import { learnPoints } from '../../lib/learnPoints';
import { parseModelJson } from '../../lib/model';
import { asOfInstant, itemError } from '../shared/itemErrors';
import { modelLabProperties } from './ModelLab.description';

// Both operations read all the input items together (the past leads) and return one summary
// item, paired with every input, since the summary comes from all of them.
export class ModelLab implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Model Lab',
		name: 'modelLab',
		icon: { light: 'file:modelLab.svg', dark: 'file:modelLab.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "learn" ? "Learn Points" : "Backtest" }}',
		description: 'Backtest a scoring model on past leads, or learn a points table from them',
		defaults: { name: 'Model Lab' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: modelLabProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const pairedItem = items.map((_, item) => ({ item }));
		try {
			const summary = summarize(this, items.map((item) => item.json));
			return [[{ json: summary.json, ...(await chartBinary(this, summary)), pairedItem }]];
		} catch (error) {
			const nodeError = itemError(this, error);
			if (!this.continueOnFail()) throw nodeError;
			const json = { error: nodeError.message, errorFix: nodeError.description ?? '' };
			return [[{ json, pairedItem }]];
		}
	}
}

interface Summary {
	json: IDataObject;
	chart?: Backtest;
}

// The backtest's picture, when asked for, in the binary property "chart", where n8n shows it.
async function chartBinary(
	context: IExecuteFunctions,
	summary: Summary,
): Promise<{ binary?: IBinaryKeyData }> {
	if (summary.chart === undefined) return {};
	const svg = backtestChartSvg(summary.chart, context.getNode().name);
	const chart = await context.helpers.prepareBinaryData(
		Buffer.from(svg, 'utf8'),
		'backtest.svg',
		'image/svg+xml',
	);
	return { binary: { chart } };
}

function summarize(context: IExecuteFunctions, leads: IDataObject[]): Summary {
	const operation = context.getNodeParameter('operation', 0) as string;
	const outcome = (context.getNodeParameter('outcomeField', 0) as string).trim();
	if (operation === 'learn') {
		const options = context.getNodeParameter('learnOptions', 0, {}) as IDataObject;
		const exclude = String(options.exclude ?? '')
			.split(',')
			.map((column) => column.trim())
			.filter(Boolean);
		const model = learnPoints(leads, {
			outcome,
			exclude,
			...(options.maxRows === undefined ? {} : { maxRows: Number(options.maxRows) }),
			...(options.sqlShare === undefined ? {} : { sqlShare: Number(options.sqlShare) / 100 }),
			...(options.sqlRate === undefined ? {} : { sqlRate: Number(options.sqlRate) / 100 }),
		});
		return { json: { model, rules: model.rules.length, leads: leads.length } as unknown as IDataObject };
	}
	const modelJson = context.getNodeParameter('modelJson', 0) as string;
	const options = context.getNodeParameter('backtestOptions', 0, {}) as IDataObject;
	const compiled = parseModelJson(modelJson, 'Model JSON');
	const asOf = asOfInstant(context, options.asOf);
	const result = backtest(compiled, leads, { outcome, asOf });
	return {
		json: result as unknown as IDataObject,
		...(options.chart === true ? { chart: result } : {}),
	};
}
