import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { bandFor, readBands, type Band } from '../../lib/bands';
import {
	crossingFor,
	crossingWithoutMemory,
	readLeadKey,
	readMemory,
	rememberedBand,
	rememberLead,
	type Confirmation,
	type CrossingMemory,
	type CrossingSettings,
} from '../../lib/crossing';
import { ModelError, rowPath } from '../../lib/errors';
import { parseFieldPath, readField } from '../../lib/fieldPath';
import { describeValue } from '../../lib/json';
import {
	bandOrderProblems,
	bandsAtOrBelow,
	leadBandsReader,
	outputForBand,
} from '../../lib/routing';
import { LeadKeyHashes, type ScopeState, type StateScope } from '../../lib/state';
import { isMissing, readNumber } from '../../lib/values';
import { checkSettings } from '../shared/settingsCheck';
import {
	carriesItemError,
	failAllItems,
	failedItem,
	itemError,
	scoredLeadLabel,
} from '../shared/itemErrors';
import { leadScoringRedisTest, routeWithStateStore } from '../shared/stateStore';
import {
	configuredOutputs,
	DEFAULT_RETENTION_DAYS,
	thresholdRouterProperties,
} from './ThresholdRouter.description';

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

const NO_KEY_NOTE =
	'The lead has no key, so its band cannot be remembered: it is routed as a lead seen for the first time';

// Crossing mode's working state for one run: the memory is read once, changed lead by lead (so the
// same lead twice in a run sees its first item's crossing) and saved once at the end.
interface CrossingRun {
	keyPath: string[];
	settings: CrossingSettings;
	scope: StateScope;
	hashes: LeadKeyHashes;
	memory: CrossingMemory;
	retentionDays: number;
	now: number;
	dryRun: boolean;
	// Set when hand-offs wait for Confirm Hand-Offs (Confirm Hand-Offs Within above 0).
	confirmation: Confirmation | undefined;
	// Leads whose hand-off this run made waits for confirmation.
	awaiting: string[];
}

interface RouterSetup {
	// The bands' names, which are the outputs' names, in the listed order.
	outputNames: string[];
	// Set when Band Source is Defined Here; otherwise each lead brings its bands.
	fixedBands: Band[] | undefined;
	scorePath: string[];
	bandsOnLead: (lead: IDataObject) => Band[];
	disqualifiedPath: string[];
	allAtOrBelow: boolean;
	crossing: CrossingRun | undefined;
}

export class ThresholdRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Threshold Router',
		name: 'thresholdRouter',
		icon: { light: 'file:thresholdRouter.svg', dark: 'file:thresholdRouter.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ (($parameter["bands"] || {}).band || []).length + " bands" + ($parameter["mode"] === "crossing" ? ", crossing mode" : "") }}',
		description: 'Send each lead to the output of its score band, such as Nurture, MQL or SQL',
		defaults: { name: 'Threshold Router' },
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
		outputs: `={{(${configuredOutputs})($parameter)}}`,
		properties: thresholdRouterProperties,
	};

	methods = { credentialTest: { leadScoringRedisTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		let setup: RouterSetup;
		try {
			setup = readRouterSetup(this);
		} catch (error) {
			// The outputs n8n drew: the bands, Unscored, Disqualified (and No Change).
			const outputCount = this.getNodeOutputs().length;
			const crossingMode = this.getNodeParameter('mode', 0, 'band') === 'crossing';
			return failAllItems(this, items, error, outputCount - (crossingMode ? 3 : 2), outputCount);
		}
		const { crossing } = setup;
		if (!crossing) return routeItems(this, setup, items);

		// The memory is read for the leads of these items, updated and saved as one change; with
		// the Redis store, a change by another execution in between makes the items route again.
		const leadKeys = items.flatMap((item) => hashedKeyOrNone(crossing, item.json) ?? []);
		const fallback = { output: unscoredOutput(setup), outputCount: setup.outputNames.length + 3 };
		return await routeWithStateStore(this, items, fallback, async (store) => {
			return await store.update(
				crossing.scope,
				leadKeys,
				(state: ScopeState) => {
					crossing.memory = readMemory(state, crossing.now, crossing.retentionDays);
					crossing.awaiting = [];
					const outputs = routeItems(this, setup, items);
					state.leads = crossing.memory.leads as Record<string, unknown>;
					state.awaitingConfirmation = crossing.awaiting;
					return outputs;
				},
				// Editor test runs show what would happen and leave the memory where it was.
				{ save: !crossing.dryRun, leadRetentionMs: crossing.retentionDays * DAY_MS },
			);
		});
	}
}

function routeItems(
	context: IExecuteFunctions,
	setup: RouterSetup,
	items: INodeExecutionData[],
): INodeExecutionData[][] {
	const outputs: INodeExecutionData[][] = Array.from(
		{ length: setup.outputNames.length + (setup.crossing ? 3 : 2) },
		() => [],
	);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex];
		try {
			for (const { output, json } of routeLead(setup, item.json)) {
				outputs[output].push({ ...item, json, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			const nodeError = itemError(context, error, itemIndex, scoredLeadLabel(item.json));
			if (!context.continueOnFail()) throw nodeError;
			outputs[unscoredOutput(setup)].push(failedItem(context, item, itemIndex, nodeError));
		}
	}
	return outputs;
}

// The hashed key of an item's lead, to read its memory; an unreadable key fails the item later.
function hashedKeyOrNone(run: CrossingRun, lead: IDataObject): string | undefined {
	try {
		const key = readLeadKey(readField(lead, run.keyPath), run.keyPath.join('.'));
		return key === undefined ? undefined : run.hashes.of(key);
	} catch {
		return undefined;
	}
}

// Everything the node's settings say, checked before any item is routed.
function readRouterSetup(context: IExecuteFunctions): RouterSetup {
	checkSettings(context, thresholdRouterProperties);
	const bandSource = context.getNodeParameter('bandSource', 0) as string;
	const bandSettings = (context.getNodeParameter('bands', 0, {}) as IDataObject).band as
		| IDataObject[]
		| undefined;
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	// Score Lead writes total, bands and disqualified side by side, under whatever output field
	// it was given; so unless told otherwise, they are read beside the score.
	const scoreField = context.getNodeParameter('scoreField', 0) as string;
	const beside = scoreField.trim().endsWith('.total')
		? scoreField.trim().slice(0, -6)
		: 'leadScore';
	const [scorePath, bandsPath, disqualifiedPath] = settingPaths(context, [
		scoreField,
		String(options.bandsField || `${beside}.bands`),
		String(options.disqualifiedField || `${beside}.disqualified`),
	]);

	const outputNames = (bandSettings ?? []).map((band) => String(band.name ?? '').trim());
	if (outputNames.length === 0) {
		throw new NodeOperationError(
			context.getNode(),
			'No bands are set, so there is no output to use',
			{ description: 'Add at least one band under Bands, e.g. Nurture, MQL at 50, SQL at 100' },
		);
	}
	const crossing =
		context.getNodeParameter('mode', 0, 'band') === 'crossing'
			? startCrossingRun(context, options)
			: undefined;
	checkOutputNames(context, options, outputNames, crossing !== undefined);
	return {
		outputNames,
		fixedBands:
			bandSource === 'node' ? checkedBands(context, bandSettings, outputNames) : undefined,
		scorePath,
		bandsOnLead: leadBandsReader(bandsPath, outputNames),
		disqualifiedPath,
		allAtOrBelow: crossing === undefined && options.allBandsAtOrBelow === true,
		crossing,
	};
}

// true, or "true" / "yes" from a sheet or a form, marks a disqualified lead.
function isDisqualified(value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	return typeof value === 'string' && ['true', 'yes'].includes(value.trim().toLowerCase());
}

// Outputs by index: the bands in the listed order, then these.
const unscoredOutput = (setup: RouterSetup) => setup.outputNames.length;
const disqualifiedOutput = (setup: RouterSetup) => setup.outputNames.length + 1;
const noChangeOutput = (setup: RouterSetup) => setup.outputNames.length + 2;

// Where one lead goes, and its fields there. Only Send to All Bands at or Below gives more than
// one destination: it fans the item out on purpose, one copy per band reached.
type Destination = { output: number; json: IDataObject };

function routeLead(setup: RouterSetup, lead: IDataObject): Destination[] {
	if (carriesItemError(lead)) {
		return [{ output: unscoredOutput(setup), json: lead }];
	}
	if (isDisqualified(readField(lead, setup.disqualifiedPath))) {
		return [{ output: disqualifiedOutput(setup), json: lead }];
	}
	// A missing or unreadable score never lands in the lowest band. The item says why it is
	// unscored: a Score Field with a typo would otherwise send every lead there without a word.
	const value = readField(lead, setup.scorePath);
	const score = readNumber(value);
	if (score.kind !== 'number') {
		const field = setup.scorePath.join('.');
		const unscoredReason = isMissing(value)
			? `No score in "${field}" (Score Field)`
			: `The score in "${field}" is ${describeValue(value)}, not a number`;
		return [{ output: unscoredOutput(setup), json: { ...lead, unscoredReason } }];
	}

	const bands = setup.fixedBands ?? setup.bandsOnLead(lead);
	if (setup.crossing) return [routeCrossing(setup, setup.crossing, lead, score.value, bands)];

	const band = bandFor(score.value, bands);
	const targets = setup.allAtOrBelow ? bandsAtOrBelow(band, bands) : [band];
	return targets.map((target) => ({
		output: outputForBand(target, setup.outputNames),
		json: lead,
	}));
}

function startCrossingRun(context: IExecuteFunctions, options: IDataObject): CrossingRun {
	// These are within their bounds: checkSettings has seen them.
	const margin = Number(context.getNodeParameter('margin', 0, 0));
	const retentionDays = Number(options.retentionDays ?? DEFAULT_RETENTION_DAYS);

	const [keyPath] = settingPaths(context, [
		context.getNodeParameter('leadKeyField', 0, 'leadScore.key') as string,
	]);
	const scope: StateScope = {
		kind: 'thresholdRouter',
		nodeId: context.getNode().id,
		namespace: String(options.namespace ?? ''),
	};
	const confirmMinutes = Number(options.confirmWithinMinutes ?? 0);
	return {
		keyPath,
		settings: {
			margin,
			firstSeen:
				context.getNodeParameter('firstSeen', 0, 'crossing') === 'remember'
					? 'remember'
					: 'crossing',
			fireOnDrop: options.fireOnDrop === true,
		},
		scope,
		hashes: new LeadKeyHashes(scope),
		memory: { leads: {} },
		retentionDays,
		now: Date.now(),
		dryRun: context.getMode() === 'manual',
		confirmation:
			confirmMinutes > 0
				? { execution: context.getExecutionId(), windowMs: confirmMinutes * MINUTE_MS }
				: undefined,
		awaiting: [],
	};
}

// The lead is remembered only once its output is known, so an item that fails (its band has no
// output here) leaves the memory as it was.
function routeCrossing(
	setup: RouterSetup,
	run: CrossingRun,
	lead: IDataObject,
	score: number,
	bands: Band[],
): Destination {
	const key = readLeadKey(readField(lead, run.keyPath), run.keyPath.join('.'));
	const hashedKey = key === undefined ? undefined : run.hashes.of(key);
	const crossing =
		hashedKey === undefined
			? crossingWithoutMemory(score, bands)
			: crossingFor(
					score,
					bands,
					rememberedBand(run.memory, hashedKey, run.confirmation, run.now),
					run.settings,
				);

	const output = crossing.fires
		? outputForBand(crossing.to, setup.outputNames)
		: noChangeOutput(setup);
	if (hashedKey !== undefined) {
		const awaits = rememberLead(run.memory, hashedKey, crossing, run.now, run.confirmation);
		if (awaits) run.awaiting.push(hashedKey);
	}

	const json = {
		...lead,
		crossing: {
			from: crossing.from,
			to: crossing.to,
			direction: crossing.direction,
			...(run.dryRun ? { dryRun: true } : {}),
			...(crossing.fires && run.confirmation ? { awaitingConfirmation: true } : {}),
			...(hashedKey === undefined ? { note: NO_KEY_NOTE } : {}),
		},
	};
	return { output, json };
}

// Paths are checked once, before any item: a wrong path is a setting to fix, not bad data.
function settingPaths(context: IExecuteFunctions, paths: string[]): string[][] {
	try {
		return paths.map((path) => parseFieldPath(path));
	} catch (error) {
		throw itemError(context, error);
	}
}

function checkedBands(context: IExecuteFunctions, input: unknown, listed: string[]): Band[] {
	const { bands, problems } = readBands(input, 'Bands');
	const allProblems = problems.length > 0 ? problems : bandOrderProblems(listed, bands, 'Bands');
	if (allProblems.length > 0) {
		const inNode = allProblems.map((problem) => ({
			...problem,
			path: rowPath(problem.path, 'Bands', 'Bands', 'band'),
		}));
		throw itemError(context, new ModelError(inNode, "router's band list"));
	}
	return bands;
}

// A name under Output Names that matches no output would silently relabel nothing.
function checkOutputNames(
	context: IExecuteFunctions,
	options: IDataObject,
	bandNames: string[],
	crossing: boolean,
): void {
	const renames = ((options.outputNames as IDataObject | undefined)?.output as IDataObject[]) ?? [];
	const ownOutputs = ['Unscored', 'Disqualified', ...(crossing ? ['No Change'] : [])];
	// A band named like one of the router's own outputs would give two outputs one name.
	for (const band of bandNames) {
		const own = ownOutputs.find((name) => name.toLowerCase() === band.toLowerCase());
		if (own === undefined) continue;
		throw new NodeOperationError(
			context.getNode(),
			`The band "${band}" has the name of the router's own output "${own}"`,
			{ description: `Rename the band, e.g. "${band} Band"; ${ownOutputs.join(', ')} are taken` },
		);
	}
	const outputs = [...bandNames, ...ownOutputs];
	for (const rename of renames) {
		const output = String(rename.output ?? '').trim();
		if (outputs.some((name) => name.toLowerCase() === output.toLowerCase())) continue;
		throw new NodeOperationError(
			context.getNode(),
			`Output Names renames "${output}", which is not an output here`,
			{ description: `Use one of: ${outputs.join(', ')}` },
		);
	}
}
