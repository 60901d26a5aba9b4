import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { ModelCache, modelFromSettings, type ModelSettings } from '../../lib/modelSources';
import { compileModel, parseModelJson, type CompiledModel } from '../../lib/model';
import { presetModel } from '../../lib/presets';
import { scoreLead, type ScoringOptions } from '../../lib/scoring';
import { withVerbosity, type Verbosity } from '../../lib/verbosity';
import { asOfInstant, failedItem, itemError, leadLabel } from '../shared/itemErrors';
import { scoreLeadProperties } from './ScoreLead.description';

export class ScoreLead implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Score Lead',
		name: 'scoreLead',
		icon: { light: 'file:scoreLead.svg', dark: 'file:scoreLead.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { ui: "Model built in node", json: "Model JSON", field: "Model per item", preset: "Preset" }[$parameter["modelSource"]] }}',
		description: 'Score leads for fit and engagement and place them in a band such as MQL or SQL',
		defaults: { name: 'Score Lead' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: scoreLeadProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const source = this.getNodeParameter('modelSource', 0) as string;
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const outputField = String(options.outputField || 'leadScore');
		const verbosity = (options.verbosity || 'full') as Verbosity;
		const exportModel = options.exportModel === true;
		const timeZone = this.getTimezone();
		const scoring: ScoringOptions = {
			asOf: asOfInstant(this, options.asOf, timeZone),
			timeZone,
			activitiesField: String(options.activitiesField || 'activities'),
			keyField: String(options.keyField ?? ''),
			emailField: String(options.emailField || 'email'),
		};

		// A model set in the node is checked once, before any item is scored, so a mistake in it
		// stops the run instead of failing every item the same way.
		const fixedModel = source === 'field' ? undefined : readFixedModel(this, source);
		const perItemModels = new ModelCache();
		const modelField = source === 'field' ? (this.getNodeParameter('modelField', 0) as string) : '';

		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const item = items[itemIndex];
			try {
				const model = fixedModel ?? perItemModels.fromField(item.json, modelField);
				const leadScore = {
					...withVerbosity(scoreLead(model, item.json, scoring), verbosity),
					...(exportModel ? { modelDefinition: structuredClone(model.model) } : {}),
				};
				output.push({
					json: { ...item.json, [outputField]: leadScore as unknown as IDataObject },
					pairedItem: { item: itemIndex },
				});
			} catch (error) {
				const nodeError = itemError(this, error, itemIndex, leadLabel(item.json, scoring));
				if (!this.continueOnFail()) throw nodeError;
				output.push(failedItem(item, itemIndex, nodeError));
			}
		}
		return [output];
	}
}

function readFixedModel(context: IExecuteFunctions, source: string): CompiledModel {
	try {
		if (source === 'preset') return presetModel(context.getNodeParameter('preset', 0) as string);
		if (source === 'json') {
			const json = context.getNodeParameter('modelJson', 0) as unknown;
			return typeof json === 'string' ? parseModelJson(json) : compileModel(json);
		}
		const settings = {
			fitRules: context.getNodeParameter('fitRules', 0, {}),
			engagementRules: context.getNodeParameter('engagementRules', 0, {}),
			bands: context.getNodeParameter('bands', 0, {}),
		} as ModelSettings;
		return modelFromSettings(settings, context.getNode().name);
	} catch (error) {
		throw itemError(context, error);
	}
}
