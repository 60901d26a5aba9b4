import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { ActivityHistory, type HistoryWindow } from '../../lib/activityHistory';
import { readActivityList } from '../../lib/activities';
import { parseFieldPath, withField } from '../../lib/fieldPath';
import { mergeDuplicateLeads, type LeadGroup } from '../../lib/merging';
import { ModelCache, modelFromSettings, type ModelSettings } from '../../lib/modelSources';
import { compileModel, modelJson, parseModelJson, type CompiledModel } from '../../lib/model';
import { presetModel } from '../../lib/presets';
import { leadKey, scoreLead, type ScoringOptions } from '../../lib/scoring';
import { LeadKeyHashes, type StateScope } from '../../lib/state';
import { DAY_MS } from '../../lib/time';
import { withVerbosity, type Verbosity } from '../../lib/verbosity';
import { checkSettings } from '../shared/settingsCheck';
import { asOfInstant, failAllItems, failedItem, itemError, leadLabel } from '../shared/itemErrors';
import { leadScoringRedisTest, routeWithStateStore } from '../shared/stateStore';
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
		credentials: [
			{
				name: 'leadScoringRedisApi',
				required: true,
				displayOptions: { show: { stateStore: ['redis'] } },
				testedBy: 'leadScoringRedisTest',
			},
		],
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: scoreLeadProperties,
	};

	methods = { credentialTest: { leadScoringRedisTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		let setup: ScoreSetup;
		try {
			setup = readScoreSetup(this, items);
		} catch (error) {
			// A mistake in the settings or in a model set in the node: under "continue on fail"
			// every item leaves carrying the error (and the router sends it to Unscored).
			return failAllItems(this, items, error, 0, 1);
		}
		const { scoring, verbosity, exportModel, outputField, fixedModel, modelField } = setup;
		const { activitiesPath, groups, history } = setup;
		const perItemModels = new ModelCache();

		const scoreAll = (run?: HistoryRun): INodeExecutionData[][] => {
			const output: INodeExecutionData[] = [];
			for (const { indexes, lead } of groups) {
				const [itemIndex] = indexes;
				const pairedItem =
					indexes.length === 1 ? { item: itemIndex } : indexes.map((item) => ({ item }));
				try {
					const model = fixedModel ?? perItemModels.fromField(lead, modelField);
					const withHistory = run?.add(lead, activitiesPath);
					const scored = scoreLead(model, withHistory?.lead ?? lead, scoring);
					// The score is this item's own object: the extras go on it rather than on a copy,
					// and only when there are any (no throwaway object per lead).
					const leadScore: IDataObject = withVerbosity(scored, verbosity) as unknown as IDataObject;
					if (indexes.length > 1) leadScore.mergedItems = indexes;
					if (withHistory) leadScore.activityHistory = withHistory.summary;
					if (exportModel) leadScore.modelDefinition = modelJson(model.model) as IDataObject;
					output.push({
						json: { ...(lead as IDataObject), [outputField]: leadScore },
						pairedItem,
					});
				} catch (error) {
					// A merged lead's activities are the items' lists joined in item order, so the
					// message says which items were merged.
					const label = leadLabel(lead, scoring);
					const merged = indexes.length > 1 ? `merged from items ${indexes.join(', ')}` : '';
					const nodeError = itemError(
						this,
						error,
						itemIndex,
						[label, merged].filter((part) => part !== '').join(', '),
					);
					if (!this.continueOnFail()) throw nodeError;
					const failed = failedItem(
						this,
						{ json: lead as IDataObject, pairedItem },
						itemIndex,
						nodeError,
					);
					output.push({ ...failed, pairedItem });
				}
			}
			return [output];
		};
		if (!history) return scoreAll();

		// With activity history, the histories of these items' leads are read, extended and saved
		// as one update; with the Redis store, when another execution added to one in between, the
		// items are scored again on the new history.
		const leadKeys = groups.flatMap(({ lead }) => history.hashedKey(lead) ?? []);
		return await routeWithStateStore(
			this,
			items,
			{ output: 0, outputCount: 1 },
			async (store) =>
				await store.update(
					history.scope,
					leadKeys,
					(state) => {
						const run = new HistoryRun(history, new ActivityHistory(state.leads));
						const outputs = scoreAll(run);
						state.leads = run.saved();
						return outputs;
					},
					// Editor test runs read the history but never change it.
					{ save: !history.dryRun, leadRetentionMs: history.window.retentionDays * DAY_MS },
				),
		);
	}
}

// The node's side of activity history: which lead is which (the hashed lead key), the window of
// activities kept, and that editor test runs read the history but never write it.
class HistorySettings {
	readonly scope: StateScope;
	readonly hashes: LeadKeyHashes;
	readonly window: HistoryWindow;
	readonly dryRun: boolean;

	constructor(
		context: IExecuteFunctions,
		options: IDataObject,
		readonly scoring: ScoringOptions,
	) {
		this.scope = { kind: 'scoreLeadHistory', nodeId: context.getNode().id, namespace: '' };
		this.hashes = new LeadKeyHashes(this.scope);
		this.window = {
			asOf: scoring.asOf.getTime(),
			retentionDays: Number(options.retentionDays || 365),
			timeZone: scoring.timeZone ?? 'UTC',
		};
		this.dryRun = context.getMode() === 'manual';
	}

	hashedKey(lead: Record<string, unknown>): string | undefined {
		const key = leadLabel(lead, this.scoring);
		return key === '' ? undefined : this.hashes.of(key);
	}
}

// One attempt at scoring with history: the histories as read, extended lead by lead.
class HistoryRun {
	constructor(
		private readonly settings: HistorySettings,
		private readonly history: ActivityHistory,
	) {}

	add(
		lead: Record<string, unknown>,
		activitiesPath: string[],
	): { lead: Record<string, unknown>; summary: IDataObject } | undefined {
		const key = leadKey(lead, this.settings.scoring);
		const arrived = readActivityList(lead, activitiesPath);
		if (key === null || arrived === undefined) return undefined;
		const all = this.history.add(this.settings.hashes.of(key), arrived, this.settings.window);
		return {
			lead: withField(lead, activitiesPath, all),
			summary: { activities: all.length, ...(this.settings.dryRun ? { dryRun: true } : {}) },
		};
	}

	saved(): Record<string, unknown> {
		this.history.prune(this.settings.window);
		return this.history.toJSON();
	}
}

// Everything the node's settings say, and a model set in the node, checked before any item is
// scored: a mistake there stops the run rather than failing every item the same way.
function readScoreSetup(context: IExecuteFunctions, items: INodeExecutionData[]) {
	checkSettings(context, scoreLeadProperties);
	const source = context.getNodeParameter('modelSource', 0) as string;
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const outputField = String(options.outputField || 'leadScore');
	const verbosity = (options.verbosity || 'full') as Verbosity;
	const exportModel = options.exportModel === true;
	const timeZone = context.getTimezone();
	const scoring: ScoringOptions = {
		asOf: asOfInstant(context, options.asOf, timeZone),
		timeZone,
		activitiesField: String(options.activitiesField || 'activities'),
		keyField: String(options.keyField ?? ''),
		emailField: String(options.emailField || 'email'),
	};

	const fixedModel = source === 'field' ? undefined : readFixedModel(context, source);
	const modelField =
		source === 'field' ? (context.getNodeParameter('modelField', 0) as string) : '';

	const activitiesPath = parseFieldPath(scoring.activitiesField ?? 'activities');
	const leads = items.map((item) => item.json);
	const groups: LeadGroup[] =
		options.mergeDuplicates === true
			? mergeDuplicateLeads(leads, (lead) => leadLabel(lead, scoring) || null, activitiesPath)
			: leads.map((lead, index) => ({ indexes: [index], lead }));
	const history =
		options.keepHistory === true ? new HistorySettings(context, options, scoring) : undefined;
	return {
		scoring,
		verbosity,
		exportModel,
		outputField,
		fixedModel,
		modelField,
		activitiesPath,
		groups,
		history,
	};
}

type ScoreSetup = ReturnType<typeof readScoreSetup>;

// Errors here reach the user through readScoreSetup's caller, which names them for n8n.
function readFixedModel(context: IExecuteFunctions, source: string): CompiledModel {
	if (source === 'preset') return presetModel(context.getNodeParameter('preset', 0) as string);
	if (source === 'json') {
		const json = context.getNodeParameter('modelJson', 0) as unknown;
		return typeof json === 'string' ? parseModelJson(json) : compileModel(json);
	}
	const settings = {
		fitRules: context.getNodeParameter('fitRules', 0, {}),
		engagementRules: context.getNodeParameter('engagementRules', 0, {}),
		bands: context.getNodeParameter('bands', 0, {}),
		modelSettings: context.getNodeParameter('modelSettings', 0, {}),
	} as ModelSettings;
	return modelFromSettings(settings, context.getNode().name);
}
