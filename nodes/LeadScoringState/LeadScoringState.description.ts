import type { INodeProperties } from 'n8n-workflow';

import { stateStoreProperty } from '../shared/stateStore';

const forOperations = (...operation: string[]) => ({ show: { operation } });

export const leadScoringStateProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Confirm Hand-Offs',
				value: 'confirm',
				action: 'Confirm this run s hand offs',
				description:
					"Mark the crossings this run's Threshold Router fired as delivered; put it after the CRM and email steps",
			},
			{
				name: 'Export',
				value: 'export',
				action: 'Export kept state',
				description: 'One item per kept state, with its leads by hashed key, to back up or move',
			},
			{
				name: 'Forget Lead',
				value: 'forget',
				action: 'Forget a lead',
				description: "Delete what every node keeps about a lead, e.g. on the person's request",
			},
			{
				name: 'Import',
				value: 'import',
				action: 'Import exported state',
				description: 'Write the states that Export gave (the input items) into this store',
			},
			{
				name: 'Inspect',
				value: 'inspect',
				action: 'Inspect kept state',
				description: 'One item per kept state: rotation, loads, how many leads are remembered',
			},
			{
				name: 'Reset',
				value: 'reset',
				action: 'Reset kept state',
				description: 'Delete kept state: rotations start over and every lead counts as new',
			},
		],
		default: 'inspect',
	},
	stateStoreProperty(undefined, 'The store the other nodes of this workflow use'),
	{
		displayName:
			'With the workflow store, n8n saves changes only after production runs, never after editor test runs: run Reset, Forget Lead and Import from an active trigger.',
		name: 'workflowStoreNotice',
		type: 'notice',
		default: '',
		displayOptions: {
			show: { stateStore: ['workflow'], operation: ['forget', 'import', 'reset'] },
		},
	},
	{
		displayName: 'Lead Key',
		name: 'leadKey',
		type: 'string',
		default: '={{ $json.email }}',
		required: true,
		displayOptions: forOperations('forget'),
		description:
			"The lead's key as the other nodes read it: Score Lead's Lead Key Field or, by default, the email (lower-case)",
	},
	{
		displayName: 'Node Kind',
		name: 'kind',
		type: 'options',
		options: [
			{ name: 'All', value: 'all' },
			{ name: 'Assign Rep', value: 'assignRep' },
			{ name: 'Score Lead (Activity History)', value: 'scoreLeadHistory' },
			{ name: 'Threshold Router', value: 'thresholdRouter' },
		],
		default: 'all',
		displayOptions: forOperations('export', 'forget', 'inspect', 'reset'),
		description: "Which nodes' state to work on",
	},
	{
		displayName: 'Namespace',
		name: 'namespace',
		type: 'string',
		default: '',
		displayOptions: forOperations('export', 'forget', 'inspect', 'reset'),
		description: 'Only the state kept under this Rotation or Memory Namespace; empty means all',
	},
	{
		displayName: 'Keep Imported Leads For (Days)',
		name: 'importRetentionDays',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 365,
		displayOptions: { show: { operation: ['import'], stateStore: ['redis'] } },
		description: "How long Redis keeps each imported lead's entry before it expires",
	},
];
