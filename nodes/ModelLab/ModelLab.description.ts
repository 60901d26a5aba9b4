import type { INodeProperties } from 'n8n-workflow';

export const modelLabProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Backtest',
				value: 'backtest',
				description: 'Score past leads with a model and see how each band and rule converted',
				action: 'Backtest a model on past leads',
			},
			{
				name: 'Learn Points',
				value: 'learn',
				description: 'Learn a points table in the model format from past leads',
				action: 'Learn a points table from past leads',
			},
		],
		default: 'backtest',
	},
	{
		displayName: 'All input items are read together as past leads; the output is one summary item.',
		name: 'allItemsNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Outcome Field',
		name: 'outcomeField',
		type: 'string',
		default: 'converted',
		required: true,
		description:
			'Field saying whether the lead converted: 1, yes, true, won or converted; or 0, no, false or lost',
	},
	{
		displayName: 'Model JSON',
		name: 'modelJson',
		type: 'json',
		default: '{\n  "rules": []\n}',
		required: true,
		displayOptions: { show: { operation: ['backtest'] } },
		description: 'The scoring model to test, as Score Lead reads it',
	},
	{
		displayName: 'Options',
		name: 'backtestOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { operation: ['backtest'] } },
		options: [
			{
				displayName: 'As Of',
				name: 'asOf',
				type: 'dateTime',
				default: '',
				description: 'Instant the leads are scored at, for activity rules; empty means now',
			},
			{
				displayName: 'Chart',
				name: 'chart',
				type: 'boolean',
				default: false,
				description:
					'Whether to add a picture of the score distribution and the outcome rate per band, as an SVG file in the binary property "chart" (download it from the output; n8n does not preview SVG)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'learnOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { operation: ['learn'] } },
		options: [
			{
				displayName: 'Exclude Fields',
				name: 'exclude',
				type: 'string',
				default: '',
				description:
					'Comma-separated fields not to learn from: identifiers, and anything filled in after the outcome',
			},
			{
				displayName: 'Max Rows',
				name: 'maxRows',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
				description: 'Most rules the learned table may have',
			},
			{
				displayName: 'SQL Outcome Rate (%)',
				name: 'sqlRate',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 70,
				description:
					'Instead of SQL Share: SQL starts at the lowest score where the past leads at or above it converted at least at this rate',
			},
			{
				displayName: 'SQL Share (%)',
				name: 'sqlShare',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 10,
				description: 'Share of the past leads the SQL band holds',
			},
		],
	},
];
