import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { bandFor, readBands, type Band } from '../../lib/bands';
import { ModelError } from '../../lib/errors';
import { parseFieldPath, readField } from '../../lib/fieldPath';
import { bandsOnLead, outputForBand } from '../../lib/routing';
import { readNumber } from '../../lib/values';
import { bandsProperty } from '../shared/bandsProperty';
import { failedItem, itemError } from '../shared/itemErrors';

// n8n evaluates this in the editor to draw one output per band, the way the Switch node builds
// its outputs from its rules; it must stay self-contained plain JavaScript.
const configuredOutputs = (parameters: INodeParameters) => {
	const bands = ((parameters.bands as IDataObject | undefined)?.band as IDataObject[]) ?? [];
	return [
		...bands.map((band, index) => ({
			type: 'main',
			displayName: String(band.name ?? '').trim() || `Band ${index + 1}`,
		})),
		{ type: 'main', displayName: 'Unscored' },
		{ type: 'main', displayName: 'Disqualified' },
	];
};

export class ThresholdRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Threshold Router',
		name: 'thresholdRouter',
		icon: { light: 'file:thresholdRouter.svg', dark: 'file:thresholdRouter.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ (($parameter["bands"] || {}).band || []).length + " bands" }}',
		description: 'Send each lead to the output of its score band, such as Nurture, MQL or SQL',
		defaults: { name: 'Threshold Router' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${configuredOutputs})($parameter)}}`,
		properties: [
			{
				displayName: 'Score Field',
				name: 'scoreField',
				type: 'string',
				default: 'leadScore.total',
				description:
					'Path of the score on each item, read directly rather than as an expression, which keeps large runs fast',
			},
			{
				displayName: 'Band Source',
				name: 'bandSource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'From Score Lead',
						value: 'score',
						description: "Minimums from the item's leadScore.bands, so they follow the model",
					},
					{
						name: 'Defined Here',
						value: 'node',
						description: 'Minimums set below, for scores from another tool',
					},
				],
				default: 'score',
			},
			bandsProperty({
				description:
					"One output per band, in this order. With From Score Lead the names must match the model's bands.",
				minDisplayOptions: { show: { '/bandSource': ['node'] } },
			}),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Bands Field',
						name: 'bandsField',
						type: 'string',
						default: 'leadScore.bands',
						description: 'Where Score Lead put the model\'s bands, when Band Source is From Score Lead',
					},
					{
						displayName: 'Disqualified Field',
						name: 'disqualifiedField',
						type: 'string',
						default: 'leadScore.disqualified',
						description: 'A lead whose field here is true goes to Disqualified, whatever its score',
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const bandSource = this.getNodeParameter('bandSource', 0) as string;
		const bandSettings = (this.getNodeParameter('bands', 0, {}) as IDataObject).band as
			| IDataObject[]
			| undefined;
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const [scorePath, bandsPath, disqualifiedPath] = settingPaths(this, [
			this.getNodeParameter('scoreField', 0) as string,
			String(options.bandsField || 'leadScore.bands'),
			String(options.disqualifiedField || 'leadScore.disqualified'),
		]);

		const outputNames = (bandSettings ?? []).map((band) => String(band.name ?? '').trim());
		if (outputNames.length === 0) {
			throw new NodeOperationError(this.getNode(), 'No bands are set, so there is no output to use', {
				description: 'Add at least one band under Bands, e.g. Nurture, MQL at 50, SQL at 100',
			});
		}
		const fixedBands = bandSource === 'node' ? checkedBands(this, bandSettings, 'Bands') : undefined;

		const unscored = outputNames.length;
		const disqualified = outputNames.length + 1;
		const outputs: INodeExecutionData[][] = Array.from({ length: outputNames.length + 2 }, () => []);

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const item = items[itemIndex];
			const routed = { ...item, pairedItem: { item: itemIndex } };
			try {
				if (readField(item.json, disqualifiedPath) === true) {
					outputs[disqualified].push(routed);
					continue;
				}
				// A missing or unreadable score never lands in the lowest band.
				const score = readNumber(readField(item.json, scorePath));
				if (score.kind !== 'number') {
					outputs[unscored].push(routed);
					continue;
				}
				const bands = fixedBands ?? bandsOnLead(item.json, bandsPath);
				outputs[outputForBand(bandFor(score.value, bands), outputNames)].push(routed);
			} catch (error) {
				const nodeError = itemError(this, error, itemIndex);
				if (!this.continueOnFail()) throw nodeError;
				outputs[unscored].push(failedItem(this, item, itemIndex, nodeError));
			}
		}
		return outputs;
	}
}

// Paths are checked once, before any item: a wrong path is a setting to fix, not bad data.
function settingPaths(context: IExecuteFunctions, paths: string[]): string[][] {
	try {
		return paths.map((path) => parseFieldPath(path));
	} catch (error) {
		throw itemError(context, error);
	}
}

function checkedBands(context: IExecuteFunctions, input: unknown, place: string): Band[] {
	const { bands, problems } = readBands(input, place);
	if (problems.length > 0) throw itemError(context, new ModelError(problems));
	return bands;
}
