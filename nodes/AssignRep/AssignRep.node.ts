import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { assignRoundRobin } from '../../lib/assignment';
import { readField } from '../../lib/fieldPath';
import { readRoster, type Rep } from '../../lib/roster';
import { readRotation } from '../../lib/rotation';
import { WorkflowStore, type StateScope } from '../../lib/state';
import { failedItem, itemError } from '../shared/itemErrors';

export class AssignRep implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Assign Rep',
		name: 'assignRep',
		icon: { light: 'file:assignRep.svg', dark: 'file:assignRep.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["rosterSource"] === "field" ? "Roster from field" : "Round robin" }}',
		description: 'Pick the sales rep for each lead by round robin and say why',
		defaults: { name: 'Assign Rep' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Assigned', 'Unassigned'],
		properties: [
			{
				displayName:
					'The rotation is kept in the workflow and saved after each successful production run. Editor test runs do not move it. In queue mode, or with runs that overlap, turns can repeat.',
				name: 'stateNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Roster Source',
				name: 'rosterSource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Set in Node', value: 'ui', description: 'The reps listed below' },
					{
						name: 'From Input Field',
						value: 'field',
						description: 'A list of reps on each item, e.g. built with the Aggregate node from a sheet',
					},
				],
				default: 'ui',
			},
			{
				displayName: 'Reps',
				name: 'reps',
				placeholder: 'Add Rep',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true, sortable: true },
				displayOptions: { show: { rosterSource: ['ui'] } },
				description: 'Reordering, adding or removing reps keeps the rotation fair',
				default: {},
				options: [
					{
						displayName: 'Rep',
						name: 'rep',
						values: [
							{
						displayName: 'Active',
						name: 'active',
						type: 'boolean',
						default: true,
						description: 'Whether the rep takes leads now;	inactive reps are skipped',
							},
							{
						displayName: 'CRM Owner ID',
						name: 'crmOwnerId',
						type: 'string',
						default: '',
						description: 'The rep\'s user ID in the CRM, used as the owner of the lead or contact',
							},
							{
						displayName: 'Email',
						name: 'email',
						type: 'string',
						placeholder: 'name@email.com',
						default: '',
							},
							{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: '',
						description: 'Stable identity of the rep;	the rotation remembers reps by it',
							},
							{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
							},
						],
					},
				],
			},
			{
				displayName: 'Roster Field',
				name: 'rosterField',
				type: 'string',
				default: 'reps',
				displayOptions: { show: { rosterSource: ['field'] } },
				description: 'Field holding the list of reps: ID, name, email, crmOwnerId, active',
			},
			{
				displayName: 'Strategy',
				name: 'strategy',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Round Robin',
						value: 'roundRobin',
						description: 'Each lead goes to the active rep who has waited longest',
					},
				],
				default: 'roundRobin',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Put Output In Field',
						name: 'outputField',
						type: 'string',
						default: 'assignedRep',
						description: 'Field the chosen rep and the reason are written to',
					},
					{
						displayName: 'Rotation Namespace',
						name: 'namespace',
						type: 'string',
						default: '',
						description:
							'Separate rotations in one node, e.g. one per client; leave empty for one rotation',
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const rosterSource = this.getNodeParameter('rosterSource', 0) as string;
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const outputField = String(options.outputField || 'assignedRep');
		const dryRun = this.getMode() === 'manual';

		const fixedRoster = rosterSource === 'ui' ? readNodeRoster(this) : undefined;
		const rosterField = rosterSource === 'field' ? (this.getNodeParameter('rosterField', 0) as string) : '';

		const store = new WorkflowStore(this.getWorkflowStaticData('global'));
		const scope: StateScope = {
			kind: 'assignRep',
			nodeId: this.getNode().id,
			namespace: String(options.namespace ?? ''),
		};
		let rotation = readRotation(store.read(scope));

		const assigned: INodeExecutionData[] = [];
		const unassigned: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const item = items[itemIndex];
			try {
				const roster = fixedRoster ?? readRoster(readField(item.json, rosterField), `"${rosterField}"`);
				const result = assignRoundRobin(roster, rotation);
				rotation = result.rotation;
				const json = {
					...item.json,
					[outputField]: { ...result.assignedRep, ...(dryRun ? { dryRun: true } : {}) },
				};
				(result.assigned ? assigned : unassigned).push({ json, pairedItem: { item: itemIndex } });
			} catch (error) {
				const nodeError = itemError(this, error, itemIndex);
				if (!this.continueOnFail()) throw nodeError;
				unassigned.push(failedItem(this, item, itemIndex, nodeError));
			}
		}

		// Editor test runs show what would happen and leave the rotation where it was.
		if (!dryRun) store.write(scope, rotation);
		return [assigned, unassigned];
	}
}

function readNodeRoster(context: IExecuteFunctions): Rep[] {
	const reps = (context.getNodeParameter('reps', 0, {}) as IDataObject).rep ?? [];
	try {
		return readRoster(reps, 'Reps');
	} catch (error) {
		throw itemError(context, error);
	}
}
