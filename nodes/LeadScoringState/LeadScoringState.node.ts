import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { confirmHandOff, readMemory } from '../../lib/crossing';
import { LeadDataError } from '../../lib/errors';
import { describeValue } from '../../lib/json';
import {
	hashLeadKey,
	STATE_KINDS,
	type ScopeState,
	type StateKind,
	type StateScope,
	type StateStore,
} from '../../lib/state';
import { exportedStateProblem } from '../../lib/stateImport';
import { summarizeState } from '../../lib/stateSummary';
import { leadKeyText } from '../../lib/values';
import { checkSettings } from '../shared/settingsCheck';
import { failAllItems, failedItem, itemError } from '../shared/itemErrors';
import { leadScoringRedisTest, routeWithStateStore } from '../shared/stateStore';
import { leadScoringStateProperties } from './LeadScoringState.description';

const DAY_MS = 24 * 60 * 60 * 1000;

export class LeadScoringState implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lead Scoring State',
		name: 'leadScoringState',
		icon: { light: 'file:leadScoringState.svg', dark: 'file:leadScoringState.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { confirm: "Confirm Hand-Offs", export: "Export", forget: "Forget Lead", import: "Import", inspect: "Inspect", reset: "Reset" }[$parameter["operation"]] + ($parameter["stateStore"] === "redis" ? ", Redis" : "") }}',
		description:
			'Confirm hand-offs, inspect, export, import, reset or forget what the lead scoring nodes keep',
		defaults: { name: 'Lead Scoring State' },
		// Not offered to AI agents (n8n's type has no false: left unset, named so that the lint rule
		// sees the choice was made): an agent given this tool could reset every rotation or forget
		// leads, and nothing here is a question an agent needs answered.
		usableAsTool: undefined,
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
		properties: leadScoringStateProperties,
	};

	methods = { credentialTest: { leadScoringRedisTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		try {
			// A misspelt operation must not fall through to Inspect, or a Forget Lead that did not
			// happen would pass as done: under "continue on fail" every item carries the error.
			checkSettings(this, leadScoringStateProperties);
		} catch (error) {
			return failAllItems(this, items, error, 0, 1);
		}
		// A store that cannot be used fails every item; under "continue on fail" each carries the
		// error, so that a Forget Lead that did not happen never passes as done.
		return await routeWithStateStore(this, items, { output: 0, outputCount: 1 }, async (store) => {
			if (operation === 'confirm') return [await confirm(this, store, items)];
			if (operation === 'forget') return [await forget(this, store, items)];
			if (operation === 'import') return [await importStates(this, store, items)];
			const scopes = await chosenScopes(this, store);
			if (operation === 'reset') {
				for (const scope of scopes) await store.replaceScope(scope, null, 0);
				return [[{ json: { reset: scopes.map(describeScope) }, pairedItem: { item: 0 } }]];
			}
			const output: INodeExecutionData[] = [];
			for (const scope of scopes) {
				const state = await store.exportScope(scope);
				const json =
					operation === 'export'
						? {
								...describeScope(scope),
								store: store.name,
								shared: state.shared,
								leads: state.leads,
							}
						: { ...summarizeState(scope, state, Date.now()), store: store.name };
				output.push({ json: json as IDataObject, pairedItem: { item: 0 } });
			}
			return [output];
		});
	}
}

// The scopes this workflow keeps, narrowed by Node Kind and Namespace.
async function chosenScopes(context: IExecuteFunctions, store: StateStore): Promise<StateScope[]> {
	const kind = context.getNodeParameter('kind', 0, 'all') as string;
	const namespace = String(context.getNodeParameter('namespace', 0, '')).trim();
	return (await store.scopes()).filter(
		(scope) =>
			(kind === 'all' || scope.kind === kind) &&
			(namespace === '' || scope.namespace === namespace),
	);
}

function describeScope(scope: StateScope): IDataObject {
	return { kind: scope.kind, nodeId: scope.nodeId, namespace: scope.namespace };
}

// Items pass through unchanged: the step only tells the store that this run's hand-offs are done.
async function confirm(
	context: IExecuteFunctions,
	store: StateStore,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const execution = context.getExecutionId();
	const byScope = new Map<string, { scope: StateScope; keys: string[] }>();
	for (const { scope, leadKey } of await store.awaitingConfirmation(execution)) {
		const id = JSON.stringify(scope);
		const group = byScope.get(id) ?? { scope, keys: [] };
		group.keys.push(leadKey);
		byScope.set(id, group);
	}
	if (context.getMode() !== 'manual') {
		for (const { scope, keys } of byScope.values()) {
			await store.update(
				scope,
				keys,
				(state) => {
					const memory = readMemory(state, Date.now(), Number.POSITIVE_INFINITY);
					for (const key of keys) confirmHandOff(memory, key, execution);
					state.leads = memory.leads as Record<string, unknown>;
				},
				{ save: true, leadRetentionMs: 'keep' },
			);
		}
		await store.clearAwaiting(execution);
	}
	return items.map((item, index) => ({ ...item, pairedItem: { item: index } }));
}

async function forget(
	context: IExecuteFunctions,
	store: StateStore,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const scopes = await chosenScopes(context, store);
	return await eachItem(context, items, async (itemIndex) => {
		// A list (Pipedrive's emails) gives its primary entry, as the other nodes read it.
		const given = context.getNodeParameter('leadKey', itemIndex);
		const key = (leadKeyText(given) ?? '').trim();
		if (key === '') {
			const problem =
				typeof given === 'object' && given !== null
					? `Lead Key is ${describeValue(given)}, not an email or ID`
					: 'Lead Key is empty, so no lead can be forgotten';
			const fix = "Set Lead Key to the lead's email or ID, e.g. {{ $json.email }}";
			// itemError names the item, as it does for every node's item errors.
			throw itemError(context, new LeadDataError(problem, fix), itemIndex);
		}
		// A key is tried as given and lower-cased, the two ways the nodes read an email.
		const variants = [...new Set([key, key.toLowerCase()])];
		let entries = 0;
		for (const scope of scopes) {
			const hashed = variants.map((variant) => hashLeadKey(scope, variant));
			entries += await store.update(
				scope,
				hashed,
				(state) => {
					const found = hashed.filter((hash) => state.leads[hash] !== undefined);
					for (const hash of found) delete state.leads[hash];
					return found.length;
				},
				{ save: true, leadRetentionMs: 'keep' },
			);
		}
		return { ...items[itemIndex].json, forgotten: { entries, statesSearched: scopes.length } };
	});
}

async function importStates(
	context: IExecuteFunctions,
	store: StateStore,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const retentionMs = Number(context.getNodeParameter('importRetentionDays', 0, 365)) * DAY_MS;
	// Without "continue on fail" one bad item stops the run: every item is checked before any is
	// written, so the run leaves the store as it was.
	if (!context.continueOnFail()) {
		items.forEach((item, itemIndex) => exportedState(context, item.json, itemIndex));
	}
	return await eachItem(context, items, async (itemIndex) => {
		const { scope, state } = exportedState(context, items[itemIndex].json, itemIndex);
		await store.replaceScope(scope, state, retentionMs);
		return { imported: { ...describeScope(scope), leads: Object.keys(state.leads).length } };
	});
}

// Runs `work` for each item in turn; under "continue on fail" an item that fails carries its
// error and the rest go on.
async function eachItem(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	work: (itemIndex: number) => Promise<IDataObject>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			output.push({ json: await work(itemIndex), pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError = itemError(context, error, itemIndex);
			if (!context.continueOnFail()) throw nodeError;
			output.push(failedItem(context, items[itemIndex], itemIndex, nodeError));
		}
	}
	return output;
}

// An item as Export wrote it, checked whole before anything is written: a scope's state is
// replaced, so a malformed item must not wipe a good one.
function exportedState(
	context: IExecuteFunctions,
	json: IDataObject,
	itemIndex: number,
): { scope: StateScope; state: ScopeState } {
	const problem = exportedStateProblem(json);
	if (problem !== undefined) {
		throw new NodeOperationError(
			context.getNode(),
			`Item ${itemIndex} is not an exported state: ${problem}`,
			{
				itemIndex,
				description: `Feed Import with the items of Lead Scoring State → Export, unchanged: each has kind (${STATE_KINDS.join(', ')}), nodeId, namespace, shared and leads`,
			},
		);
	}
	return {
		scope: {
			kind: json.kind as StateKind,
			nodeId: json.nodeId as string,
			namespace: json.namespace as string,
		},
		state: {
			shared: json.shared as IDataObject,
			leads: json.leads as IDataObject,
			awaitingConfirmation: [],
		},
	};
}
