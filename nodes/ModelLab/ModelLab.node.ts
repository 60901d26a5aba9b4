import {
	NodeConnectionTypes,
	type IBinaryKeyData,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { backtest, readOutcomes, rocAuc, type Backtest } from '../../lib/backtest';
import { backtestChartSvg } from '../../lib/backtestChart';
import { learnPoints, type LearnedModel, type LearnOptions } from '../../lib/learnPoints';
import { compileModel, parseModelJson } from '../../lib/model';
import { scoreLead } from '../../lib/scoring';
import { stratifiedSplit } from '../../lib/split';
import { checkSettings } from '../shared/settingsCheck';
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
			checkSettings(this, modelLabProperties);
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

// The backtest's picture, when asked for, in the binary property "chart". n8n 2.41 does not
// preview SVG in the editor; it is downloaded from there, or passed on (email, file, page).
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

// What to know before using the learned bands: a band the options left out sends its leads
// elsewhere in the router without a word, and of two placement options only one can apply.
function bandNotes(model: LearnedModel, options: IDataObject): string[] {
	const names = model.bands.map((band) => band.name);
	const notes: string[] = [];
	if (!names.includes('SQL')) {
		notes.push(
			'No SQL band: no score separates the leads at this SQL share or outcome rate, so every ' +
				'lead would stay below SQL; choose a smaller share or a rate above the overall rate',
		);
	}
	if (names.includes('SQL') && !names.includes('MQL')) {
		notes.push('No MQL band: the SQL band already reaches down to where MQL would start');
	}
	if (options.sqlRate !== undefined && options.sqlShare !== undefined) {
		notes.push('SQL Outcome Rate is used; SQL Share is ignored when both are set');
	}
	return notes;
}

// How well such a table ranks leads it has not seen: learned again on a stratified 70% of the
// leads and measured (AUC) on the other 30%. The model returned is learned from all of them.
function heldOutCheck(leads: IDataObject[], options: LearnOptions): IDataObject | null {
	const outcomes = readOutcomes(leads, options.outcome);
	const { training, heldOut } = stratifiedSplit(outcomes, 1);
	const trainingLeads = training.map((index) => leads[index]);
	if (!training.some((index) => outcomes[index]) || training.every((index) => outcomes[index])) {
		return null;
	}
	let compiled;
	try {
		compiled = compileModel(learnPoints(trainingLeads, options));
	} catch (error) {
		// Too few leads to learn from 70% of them: the table itself is still returned.
		return { auc: null, note: error instanceof Error ? error.message : String(error) };
	}
	const asOf = new Date();
	const totals = heldOut.map((index) => scoreLead(compiled, leads[index], { asOf }).total);
	return {
		trainedOn: training.length,
		heldOut: heldOut.length,
		auc: rocAuc(
			totals,
			heldOut.map((index) => outcomes[index]),
		),
	};
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
		const learnOptions = {
			outcome,
			exclude,
			...(options.maxRows === undefined ? {} : { maxRows: Number(options.maxRows) }),
			...(options.sqlShare === undefined ? {} : { sqlShare: Number(options.sqlShare) / 100 }),
			...(options.sqlRate === undefined ? {} : { sqlRate: Number(options.sqlRate) / 100 }),
		};
		const model = learnPoints(leads, learnOptions);
		const json = {
			model,
			rules: model.rules.length,
			leads: leads.length,
			heldOut: heldOutCheck(leads, learnOptions),
			notes: bandNotes(model, options),
		};
		return { json: json as unknown as IDataObject };
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
