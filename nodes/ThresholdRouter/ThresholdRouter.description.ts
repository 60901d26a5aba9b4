import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';

import { bandsProperty } from '../shared/bandsProperty';
import { stateStoreProperty } from '../shared/stateStore';

export const DEFAULT_RETENTION_DAYS = 365;

// n8n evaluates this in the editor to draw the outputs, the way the Switch node builds its outputs
// from its rules: one per band in the listed order, then Unscored and Disqualified, then No Change
// in crossing mode. Output Names relabels any of them. It must stay self-contained plain
// JavaScript.
export const configuredOutputs = (parameters: INodeParameters) => {
	const bands = ((parameters.bands as IDataObject | undefined)?.band as IDataObject[]) ?? [];
	const options = (parameters.options as IDataObject | undefined) ?? {};
	const renames = ((options.outputNames as IDataObject | undefined)?.output as IDataObject[]) ?? [];
	const names = [
		...bands.map((band, index) => String(band.name ?? '').trim() || `Band ${index + 1}`),
		'Unscored',
		'Disqualified',
		...(parameters.mode === 'crossing' ? ['No Change'] : []),
	];
	return names.map((name) => {
		const rename = renames.find(
			(entry) =>
				String(entry.output ?? '')
					.trim()
					.toLowerCase() === name.toLowerCase(),
		);
		return { type: 'main', displayName: String(rename?.name ?? '').trim() || name };
	});
};

const inCrossingMode = { show: { '/mode': ['crossing'] } };

export const thresholdRouterProperties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Band',
				value: 'band',
				description: 'Every item goes to the output of its band, each time it is scored',
			},
			{
				name: 'Crossing',
				value: 'crossing',
				description:
					"An item goes to a band's output only when its lead enters that band; otherwise to No Change",
			},
		],
		default: 'band',
	},
	stateStoreProperty({ mode: ['crossing'] }),
	{
		displayName:
			"Crossing mode remembers each lead's band in the workflow. n8n saves it after every production run, even one that fails after the router: to fire a hand-off again when a later step fails, set Confirm Hand-Offs Within and end the workflow with Lead Scoring State → Confirm Hand-Offs. Editor test runs change nothing. Runs that overlap can lose one's update, and in queue mode nothing is remembered between runs: use Redis there.",
		name: 'crossingNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['crossing'], stateStore: ['workflow'] } },
	},
	{
		displayName:
			"Each lead's band is kept in Redis and saved as soon as it is routed, so any number of runs and workers share it. Editor test runs change nothing. To fire a hand-off again when a later step fails, set Confirm Hand-Offs Within and end the workflow with Lead Scoring State → Confirm Hand-Offs.",
		name: 'redisNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['crossing'], stateStore: ['redis'] } },
	},
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
			"One output per band, in this order, lowest minimum first. With From Score Lead the names must match the model's bands.",
		minDisplayOptions: { show: { '/bandSource': ['node'] } },
	}),
	{
		displayName: 'Lead Key Field',
		name: 'leadKeyField',
		type: 'string',
		default: 'leadScore.key',
		displayOptions: { show: { mode: ['crossing'] } },
		description:
			"Path of the lead's identity; the band is remembered by its hash. A lead without one is routed as new every time, so it is never held back.",
	},
	{
		displayName: 'First Seen Above a Line',
		name: 'firstSeen',
		type: 'options',
		displayOptions: { show: { mode: ['crossing'] } },
		options: [
			{
				name: 'Counts as a Crossing',
				value: 'crossing',
				description:
					'A lead new to the router goes to the output of its band, unless that is the lowest',
			},
			{
				name: 'Only Sets Its Memory',
				value: 'remember',
				description:
					'A lead new to the router goes to No Change and fires when it next enters a band',
			},
		],
		default: 'crossing',
	},
	{
		displayName: 'Hysteresis Margin',
		name: 'margin',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		displayOptions: { show: { mode: ['crossing'] } },
		description:
			"Points below a band's minimum a score must fall before the lead leaves the band; with SQL at 100 and 20 here, SQL is left below 80",
	},
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
				default: '',
				placeholder: 'leadScore.bands',
				description:
					"Where Score Lead put the model's bands, when Band Source is From Score Lead. Empty means beside the score field.",
			},
			{
				displayName: 'Confirm Hand-Offs Within (Minutes)',
				name: 'confirmWithinMinutes',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				displayOptions: inCrossingMode,
				description:
					"A crossing not confirmed by Lead Scoring State → Confirm Hand-Offs within this time fires again on the lead's next run, so a hand-off a later step failed to deliver is not lost; 0 keeps every crossing at once",
			},
			{
				displayName: 'Disqualified Field',
				name: 'disqualifiedField',
				type: 'string',
				default: '',
				placeholder: 'leadScore.disqualified',
				description:
					'A lead whose field here is true goes to Disqualified, whatever its score. Empty means beside the score field.',
			},
			{
				displayName: 'Fire on Drops Too',
				name: 'fireOnDrop',
				type: 'boolean',
				default: false,
				displayOptions: inCrossingMode,
				description:
					"Whether a lead that falls into a lower band goes to that band's output; otherwise it goes to No Change",
			},
			{
				displayName: 'Forget Leads After (Days)',
				name: 'retentionDays',
				type: 'number',
				default: DEFAULT_RETENTION_DAYS,
				typeOptions: { minValue: 1 },
				displayOptions: inCrossingMode,
				description: 'A lead not seen for this long is forgotten and counts as new when it returns',
			},
			{
				displayName: 'Memory Namespace',
				name: 'namespace',
				type: 'string',
				default: '',
				displayOptions: inCrossingMode,
				description: 'Separate lead memories in one node, e.g. one per client; leave empty for one',
			},
			{
				displayName: 'Output Names',
				name: 'outputNames',
				placeholder: 'Add Output Name',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				description: 'Labels for outputs on the canvas; the bands keep their names',
				options: [
					{
						displayName: 'Output',
						name: 'output',
						values: [
							{
								displayName: 'Output',
								name: 'output',
								type: 'string',
								default: '',
								placeholder: 'e.g. SQL',
								description: "A band's name, Unscored, Disqualified or No Change",
							},
							{
								displayName: 'New Name',
								name: 'name',
								type: 'string',
								default: '',
								placeholder: 'e.g. New SQL',
							},
						],
					},
				],
			},
			{
				displayName: 'Send to All Bands at or Below',
				name: 'allBandsAtOrBelow',
				type: 'boolean',
				default: false,
				displayOptions: { show: { '/mode': ['band'] } },
				description:
					'Whether an SQL lead also goes to the MQL and Nurture outputs, for steps meant for "MQL and up"; each output gets its own copy',
			},
		],
	},
];
