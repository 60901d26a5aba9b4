import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { checkAccountOwners, type AccountOwner } from '../../lib/accountMatch';
import {
	assignLead,
	type AssignmentSettings,
	type ReturningReps,
	type RunTally,
} from '../../lib/assignment';
import { pruneAssignmentState, readAssignmentState } from '../../lib/assignmentState';
import { loadRetentionMs, type CalendarPeriod } from '../../lib/capacity';
import { readField } from '../../lib/fieldPath';
import { readRoster, type Rep } from '../../lib/roster';
import { hashLeadKey, type ScopeState, type StateScope } from '../../lib/state';
import type { Strategy } from '../../lib/strategies';
import { readTerritoryRules } from '../../lib/territory';
import { leadKeyText, normalLeadKey } from '../../lib/values';
import { checkSettings } from '../shared/settingsCheck';
import {
	asOfInstant,
	carriesItemError,
	failAllItems,
	failedItem,
	itemError,
	scoredLeadLabel,
} from '../shared/itemErrors';
import { leadScoringRedisTest, routeWithStateStore } from '../shared/stateStore';
import { assignRepProperties } from './AssignRep.description';

const DAY_MS = 24 * 60 * 60 * 1000;

export class AssignRep implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Assign Rep',
		name: 'assignRep',
		icon: { light: 'file:assignRep.svg', dark: 'file:assignRep.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["strategy"] === "weighted" ? "Weighted" : $parameter["strategy"] === "leastLoaded" ? "Least Loaded" : "Round Robin" }}',
		description: 'Pick the sales rep for each lead, fairly, and say why',
		defaults: { name: 'Assign Rep' },
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
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Assigned', 'Unassigned'],
		properties: assignRepProperties,
	};

	methods = { credentialTest: { leadScoringRedisTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		let setup: AssignSetup;
		try {
			setup = readAssignSetup(this);
		} catch (error) {
			return failAllItems(this, items, error, 1, 2);
		}
		const { options, outputField, dryRun, timeZone, asOf, settings, leadKeyField } = setup;
		const { fixedRoster, rosterField } = setup;

		const scope: StateScope = {
			kind: 'assignRep',
			nodeId: this.getNode().id,
			namespace: String(options.namespace ?? ''),
		};
		const hashedKeys = items.map((item) => {
			const key = leadKey(item.json, leadKeyField, settings.accountFields.emailField);
			return key === null ? null : hashLeadKey(scope, key);
		});

		// One update for all items: the rotation, the loads and the leads' memory are read, the
		// items assigned in order, and the result saved at once. With the Redis store, when another
		// execution assigned in between, the items are assigned again on the new state.
		const assignAll = (stored: ScopeState): INodeExecutionData[][] => {
			const state = readAssignmentState({ ...stored.shared, leads: stored.leads });
			const tally: RunTally = {};
			// Lead instants are kept as long as the longest cap on any roster this run needs them.
			let takenRetentionMs = loadRetentionMs((fixedRoster ?? []).map((rep) => rep.capacity));

			const assigned: INodeExecutionData[] = [];
			const unassigned: INodeExecutionData[] = [];
			for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
				const item = items[itemIndex];
				if (carriesItemError(item.json)) {
					// Passed on as it came, without taking anyone's turn.
					unassigned.push({ ...item, pairedItem: { item: itemIndex } });
					continue;
				}
				try {
					const roster =
						fixedRoster ??
						readRoster(readField(item.json, rosterField), `"${rosterField}"`, timeZone);
					if (fixedRoster === undefined) {
						const needed = loadRetentionMs(roster.map((rep) => rep.capacity));
						takenRetentionMs = Math.max(takenRetentionMs, needed);
					}
					const lead = { fields: item.json, key: hashedKeys[itemIndex] };
					const result = assignLead(lead, roster, state, settings, asOf, tally);
					// The assignment is this lead's own object; only a test run's flag needs a copy.
					const { assignedRep } = result;
					const json = {
						...item.json,
						[outputField]: dryRun ? { ...assignedRep, dryRun: true } : assignedRep,
					};
					(result.assigned ? assigned : unassigned).push({ json, pairedItem: { item: itemIndex } });
				} catch (error) {
					const nodeError = itemError(this, error, itemIndex, scoredLeadLabel(item.json));
					if (!this.continueOnFail()) throw nodeError;
					unassigned.push(failedItem(this, item, itemIndex, nodeError));
				}
			}

			pruneAssignmentState(state, asOf, {
				takenMs: takenRetentionMs,
				leadsMs: settings.sameLeadWindowMs,
			});
			stored.shared = { rotations: state.rotations, taken: state.taken };
			stored.leads = state.leads as unknown as Record<string, unknown>;
			return [assigned, unassigned];
		};

		const leadKeys = hashedKeys.filter((key): key is string => key !== null);
		return await routeWithStateStore(
			this,
			items,
			{ output: 1, outputCount: 2 },
			async (store) =>
				// Editor test runs show what would happen and leave the state where it was.
				await store.update(scope, leadKeys, assignAll, {
					save: !dryRun,
					leadRetentionMs: settings.sameLeadWindowMs,
				}),
		);
	}
}

interface AssignSetup {
	options: IDataObject;
	outputField: string;
	dryRun: boolean;
	timeZone: string;
	asOf: number;
	settings: AssignmentSettings;
	leadKeyField: string;
	fixedRoster: Rep[] | undefined;
	rosterField: string;
}

// Everything the node's settings say, checked before any lead is assigned.
function readAssignSetup(context: IExecuteFunctions): AssignSetup {
	checkSettings(context, assignRepProperties);
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const outputField = String(options.outputField || 'assignedRep');
	const dryRun = context.getMode() === 'manual';
	const timeZone = context.getTimezone();
	const asOf = asOfInstant(context, options.asOf).getTime();
	const settings = readSettings(context, options);
	const leadKeyField = String(options.leadKeyField ?? 'leadScore.key');

	const rosterSource = context.getNodeParameter('rosterSource', 0) as string;
	const fixedRoster = rosterSource === 'ui' ? readNodeRoster(context, timeZone) : undefined;
	if (fixedRoster !== undefined) {
		settingOrError(context, () => checkAccountOwners(settings.accountOwners, fixedRoster));
	}
	const rosterField =
		rosterSource === 'field' ? (context.getNodeParameter('rosterField', 0) as string) : '';
	return {
		options,
		outputField,
		dryRun,
		timeZone,
		asOf,
		settings,
		leadKeyField,
		fixedRoster,
		rosterField,
	};
}

function readSettings(context: IExecuteFunctions, options: IDataObject): AssignmentSettings {
	const strategy = context.getNodeParameter('strategy', 0) as Strategy;
	const rules = context.getNodeParameter('territoryRules', 0, {}) as IDataObject;
	const owners = context.getNodeParameter('accountOwners', 0, {}) as IDataObject;
	return {
		strategy,
		respectWorkingHours: options.respectWorkingHours === true,
		loadPeriod:
			strategy === 'leastLoaded'
				? (context.getNodeParameter('loadPeriod', 0, 'day') as CalendarPeriod)
				: 'day',
		territoryRules: settingOrError(context, () =>
			readTerritoryRules((rules.rule as IDataObject[] | undefined) ?? []),
		),
		accountOwners: ((owners.account as IDataObject[] | undefined) ?? []).map((row) => ({
			account: String(row.account ?? ''),
			owner: String(row.owner ?? ''),
		})) satisfies AccountOwner[],
		accountFields: {
			companyField: String(options.companyField || 'company'),
			emailField: String(options.emailField || 'email'),
			ownerField: String(options.accountOwnerField ?? '').trim(),
		},
		excludeField: String(options.excludeField ?? '').trim(),
		sameLeadWindowMs: Number(options.rememberLeadsDays ?? 30) * DAY_MS,
		fallbackRep: String(options.fallbackRep ?? '').trim(),
		returningReps: (options.returningReps as ReturningReps | undefined) ?? 'keepPlace',
	};
}

// The lead's identity: Score Lead's key by default, else the email trimmed and lower-cased.
function leadKey(lead: IDataObject, keyField: string, emailField: string): string | null {
	const key = keyField.trim() === '' ? undefined : leadKeyText(readField(lead, keyField));
	if (key !== undefined) return normalLeadKey(key);
	const email = leadKeyText(readField(lead, emailField));
	return email === undefined ? null : email.trim().toLowerCase();
}

function readNodeRoster(context: IExecuteFunctions, timeZone: string): Rep[] {
	const reps = (context.getNodeParameter('reps', 0, {}) as IDataObject).rep ?? [];
	// Counted from 1, as the editor's rows and the other nodes' rule rows are.
	const row = (index: number) => `Reps, rep ${index + 1}`;
	return settingOrError(context, () => readRoster(reps, 'Reps', timeZone, row));
}

// A mistake in the node's settings stops the run before any item, as an n8n error with the fix.
function settingOrError<T>(context: IExecuteFunctions, read: () => T): T {
	try {
		return read();
	} catch (error) {
		throw itemError(context, error);
	}
}
