import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { PRESETS } from '../../lib/presets';
import { bandsProperty } from '../shared/bandsProperty';
import { stateStoreProperty } from '../shared/stateStore';

const operatorOptions: INodePropertyOptions[] = [
	{ name: 'At Least', value: 'atLeast', description: 'The number is at least the value' },
	{ name: 'At Most', value: 'atMost', description: 'The number is at most the value' },
	{ name: 'Between', value: 'between', description: 'The number is within "low, high", inclusive' },
	{ name: 'Contains', value: 'contains' },
	{
		name: 'Email Domain Is One Of',
		value: 'emailDomainIsOneOf',
		description: 'Value is a comma-separated list of domains; subdomains count',
	},
	{ name: 'Ends With', value: 'endsWith' },
	{ name: 'Equals', value: 'equals' },
	{
		name: 'Exists',
		value: 'exists',
		description: 'The field is on the lead, even blank',
	},
	{ name: 'Greater Than', value: 'greaterThan' },
	{ name: 'Is Empty', value: 'isEmpty', description: 'Blank, "Select", "N/A" or absent' },
	{
		name: 'Is Free-Mail Domain',
		value: 'isFreeMailDomain',
		description: 'The email is at gmail.com, outlook.com or another free service',
	},
	{ name: 'Is Not Empty', value: 'isNotEmpty' },
	{ name: 'Is Not One Of', value: 'isNotOneOf', description: 'Value is a comma-separated list' },
	{ name: 'Is One Of', value: 'isOneOf', description: 'Value is a comma-separated list' },
	{ name: 'Less Than', value: 'lessThan' },
	{
		name: 'Matches Pattern',
		value: 'matchesPattern',
		description: 'Value is a regular expression, tested on the first 500 characters of the field',
	},
	{ name: 'Not Contains', value: 'notContains' },
	{ name: 'Not Equals', value: 'notEquals' },
	{ name: 'Starts With', value: 'startsWith' },
];

function pointsProperty(): INodeProperties {
	return {
		displayName: 'Points',
		name: 'points',
		type: 'number',
		default: 10,
		description:
			'Points the rule adds (a negative number takes points away), or the score it sets its group to',
		displayOptions: { hide: { effect: ['disqualify'] } },
	};
}

// What a rule does when it fires, for fit and engagement rules alike: after what it tests, so that
// a rule reads as a sentence (jobTitle contains vp: add 20 points).
function ruleActionValues(): INodeProperties[] {
	return [
		{
			displayName: 'Effect',
			name: 'effect',
			type: 'options',
			options: [
				{ name: 'Add Points', value: 'add', description: 'Add Points to the group' },
				{
					name: 'Disqualify',
					value: 'disqualify',
					description: 'Mark the lead disqualified whatever its points',
				},
				{
					name: 'Set Group Score',
					value: 'set',
					description: "Put the rule's group at Points, e.g. engagement 0 on unsubscribe",
				},
			],
			default: 'add',
		},
		pointsProperty(),
		{
			displayName: 'Label',
			name: 'label',
			type: 'string',
			default: '',
			placeholder: 'e.g. Works for a competitor',
			description: 'Words for the breakdown, and the reason given when the rule disqualifies',
		},
	];
}

const fieldRuleValues: INodeProperties[] = [
	{
		displayName: 'Field',
		name: 'field',
		type: 'string',
		default: '',
		placeholder: 'e.g. jobTitle',
		description:
			'Lead field to test; "company.size" reaches a nested field, and "Job Title" also finds jobTitle',
	},
	{
		displayName: 'Operator',
		name: 'operator',
		type: 'options',
		options: operatorOptions,
		default: 'equals',
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		default: '',
		description: 'Compared trimmed and ignoring case; "1,000" reads as a number',
		displayOptions: {
			hide: { operator: ['isEmpty', 'isNotEmpty', 'isFreeMailDomain', 'exists'] },
		},
	},
	...ruleActionValues(),
];

// The settings of an activity rule, shown when Source is Activity.
const activityRuleValues: INodeProperties[] = [
	{
		displayName: 'Activity Type',
		name: 'activity',
		type: 'string',
		default: '',
		placeholder: 'e.g. demo_request',
		displayOptions: { show: { source: ['activity'] } },
	},
	{
		displayName: 'Frequency',
		name: 'frequency',
		type: 'options',
		options: [
			{
				name: 'At Most',
				value: 'atMost',
				description: 'Points for the most recent ones, up to Max Times',
			},
			{ name: 'Each Time', value: 'each', description: 'Points for every matching activity' },
			{ name: 'Once', value: 'once', description: 'Points once, however often it happened' },
		],
		default: 'once',
		displayOptions: { show: { source: ['activity'] } },
	},
	{
		displayName: 'Half-Life (Days)',
		name: 'halfLifeDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Points halve every this many days of age; 0 keeps them whole',
		displayOptions: { show: { source: ['activity'] } },
	},
	{
		displayName: 'Max Times',
		name: 'maxTimes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 3,
		displayOptions: { show: { source: ['activity'], frequency: ['atMost'] } },
	},
	{
		displayName: 'Min Days Between',
		name: 'minIntervalDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Occurrences closer than this to a scored one give nothing; 0 scores them all',
		displayOptions: { show: { source: ['activity'], frequency: ['each', 'atMost'] } },
	},
	{
		displayName: 'Only Where Property',
		name: 'whereProperty',
		type: 'string',
		default: '',
		placeholder: 'e.g. url',
		description: 'Activity property to test, such as the URL of a page view; empty tests none',
		displayOptions: { show: { source: ['activity'] } },
	},
	{
		displayName: 'Property Contains',
		name: 'whereContains',
		type: 'string',
		default: '',
		placeholder: 'e.g. /pricing',
		description: 'Text the property must contain, ignoring case',
		displayOptions: { show: { source: ['activity'] } },
	},
	{
		displayName: 'Within Days',
		name: 'withinDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Only activities this many days before As Of count; 0 counts any age',
		displayOptions: { show: { source: ['activity'] } },
	},
];

export const scoreLeadProperties: INodeProperties[] = [
	{
		displayName: 'Model Source',
		name: 'modelSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Build in Node',
				value: 'ui',
				description: 'Rules and bands set below',
			},
			{
				name: 'From Input Field',
				value: 'field',
				description: 'Each item carries its model, e.g. one per client',
			},
			{
				name: 'Model JSON',
				value: 'json',
				description: 'A model saved as a file, pasted or built with an expression',
			},
			{
				name: 'Preset',
				value: 'preset',
				description: 'A model that ships with the pack, to start from',
			},
		],
		default: 'ui',
	},
	{
		displayName: 'Preset',
		name: 'preset',
		type: 'options',
		noDataExpression: true,
		options: Object.entries(PRESETS)
			.map(([value, { name }]) => ({ name, value }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: 'b2b-saas-inbound',
		displayOptions: { show: { modelSource: ['preset'] } },
		description:
			'The preset files are in the presets folder of n8n-nodes-lead-scoring; turn on Export Model to copy one and edit it',
	},
	{
		displayName: 'Fit Rules',
		name: 'fitRules',
		placeholder: 'Add Fit Rule',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		displayOptions: { show: { modelSource: ['ui'] } },
		description: 'Points for who the lead is: title, company size, country, email domain',
		default: {
			rules: [
				{ field: 'jobTitle', operator: 'contains', value: 'director', points: 15 },
				{ field: 'jobTitle', operator: 'contains', value: 'vp', points: 20 },
				{ field: 'companySize', operator: 'atLeast', value: '50', points: 15 },
				{ field: 'companySize', operator: 'atLeast', value: '500', points: 10 },
				{
					field: 'country',
					operator: 'isOneOf',
					value: 'United States, Canada, United Kingdom, Germany',
					points: 10,
				},
				{ field: 'phone', operator: 'isNotEmpty', value: '', points: 5 },
			],
		},
		options: [{ displayName: 'Rule', name: 'rules', values: fieldRuleValues }],
	},
	{
		displayName: 'Engagement Rules',
		name: 'engagementRules',
		placeholder: 'Add Engagement Rule',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		displayOptions: { show: { modelSource: ['ui'] } },
		description:
			'Points for what the lead does: activities in its activity list, or totals such as visits',
		default: {
			rules: [
				{ source: 'activity', activity: 'demo_request', frequency: 'once', points: 50 },
				{ source: 'activity', activity: 'pricing_page_view', frequency: 'once', points: 20 },
				{ source: 'activity', activity: 'webinar_attended', frequency: 'each', points: 10 },
				{ source: 'activity', activity: 'unsubscribe', frequency: 'once', points: -30 },
				{ source: 'field', field: 'visits', operator: 'atLeast', value: '5', points: 10 },
			],
		},
		options: [
			{
				displayName: 'Rule',
				name: 'rules',
				values: [
					{
						displayName: 'Source',
						name: 'source',
						type: 'options',
						options: [
							{
								name: 'Activity',
								value: 'activity',
								description: 'Count activities of one type in the activity list',
							},
							{
								name: 'Field',
								value: 'field',
								description: 'Test a total on the lead, such as visits or time on site',
							},
						],
						default: 'activity',
					},
					...activityRuleValues,
					...fieldRuleValues
						.filter((property) => !['effect', 'points', 'label'].includes(property.name))
						.map((property) => ({
							...property,
							displayOptions: {
								show: { ...property.displayOptions?.show, source: ['field'] },
								...(property.displayOptions?.hide ? { hide: property.displayOptions.hide } : {}),
							},
						})),
					...ruleActionValues(),
				],
			},
		],
	},
	bandsProperty({
		description: 'Funnel levels by total score, lowest first',
		displayOptions: { show: { modelSource: ['ui'] } },
	}),
	{
		displayName: 'Model Settings',
		name: 'modelSettings',
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		displayOptions: { show: { modelSource: ['ui'] } },
		options: [
			{
				displayName: 'Decimal Separator',
				name: 'decimalSeparator',
				type: 'options',
				options: [
					{ name: 'Comma (1.250,50)', value: ',' },
					{ name: 'Point (1,250.50)', value: '.' },
				],
				default: '.',
				description: 'How the leads write decimals',
			},
			{
				displayName: 'Engagement Cap',
				name: 'engagementCap',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Highest engagement score, after negative points; 0 means no cap',
			},
			{
				displayName: 'Engagement Level Minimums',
				name: 'engagementLevels',
				type: 'string',
				default: '',
				placeholder: 'e.g. 60, 30',
				description:
					'Minimum engagement for levels 1 and 2 (below is 3), for the matrix label such as A1; empty means none',
			},
			{
				displayName: 'Fit Cap',
				name: 'fitCap',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Highest fit score, after negative points; 0 means no cap',
			},
			{
				displayName: 'Floor',
				name: 'floor',
				type: 'number',
				default: 0,
				description: 'Lowest total score, applied after the caps',
			},
			{
				displayName: 'Grade Minimums',
				name: 'grades',
				type: 'string',
				default: '',
				placeholder: 'e.g. 60, 40, 20',
				description: 'Minimum fit score for grades A, B and C (below is D); empty means no grade',
			},
			{
				displayName: 'Inactivity Decay (% per Day)',
				name: 'inactivityPercentPerDay',
				type: 'number',
				default: 0,
				description:
					'Share of the engagement score lost per idle day after Inactivity Decay After; 0 means no decay',
			},
			{
				displayName: 'Inactivity Decay After (Days)',
				name: 'inactivityAfterDays',
				type: 'number',
				default: 0,
				description: 'Days without any activity before engagement starts to fade',
				typeOptions: { minValue: 0 },
			},
			{
				displayName: 'Total Cap',
				name: 'totalCap',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Highest total score; 0 means no cap',
			},
		],
	},
	{
		displayName: 'Model JSON',
		name: 'modelJson',
		type: 'json',
		typeOptions: { rows: 12 },
		displayOptions: { show: { modelSource: ['json'] } },
		default:
			'{\n  "formatVersion": 1,\n  "name": "My model",\n  "version": "1",\n  "bands": [\n    { "name": "Nurture" },\n    { "name": "MQL", "min": 50 },\n    { "name": "SQL", "min": 100 }\n  ],\n  "rules": [\n    { "id": "vp", "group": "fit", "field": "jobTitle", "operator": "contains", "value": "vp", "points": 20 },\n    { "id": "demo", "group": "engagement", "activity": "demo_request", "frequency": "once", "points": 50 }\n  ]\n}',
		description: 'The model format is documented in the README of n8n-nodes-lead-scoring',
	},
	{
		displayName: 'Model Field',
		name: 'modelField',
		type: 'string',
		default: 'model',
		displayOptions: { show: { modelSource: ['field'] } },
		description: 'Field on each item that holds its model, as an object or as JSON text',
	},
	stateStoreProperty(
		undefined,
		"Where Keep Activity History (under Options) keeps each lead's activities between runs",
	),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Activities Field',
				name: 'activitiesField',
				type: 'string',
				default: 'activities',
				description: 'Field holding the list of {type, at} activities that engagement rules count',
			},
			{
				displayName: 'As Of',
				name: 'asOf',
				type: 'dateTime',
				default: '',
				description:
					'Instant the score is computed for; activities after it are ignored. Empty means now, so any past day can be replayed by setting it.',
			},
			{
				displayName: 'Breakdown',
				name: 'verbosity',
				type: 'options',
				options: [
					{
						name: 'Full',
						value: 'full',
						description: 'Every entry, with skipped activities and warnings',
					},
					{ name: 'None', value: 'none', description: 'No breakdown on the item' },
					{
						name: 'Scoring Entries Only',
						value: 'scoring',
						description: 'Only entries that changed the score; they still add up to the total',
					},
				],
				default: 'full',
			},
			{
				displayName: 'Email Field',
				name: 'emailField',
				type: 'string',
				default: 'email',
				description:
					'Used as the lead key (trimmed, lower-cased) when Lead Key Field is empty. From a list of addresses, the one marked primary, else the first.',
			},
			{
				displayName: 'Export Model',
				name: 'exportModel',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the model in use, as model JSON, under modelDefinition in the output field, to save it as a file and reuse it',
			},
			{
				displayName: 'History Retention (Days)',
				name: 'retentionDays',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 365,
				description: 'Activities older than this are dropped from the kept history',
				displayOptions: { show: { keepHistory: [true] } },
			},
			{
				displayName: 'Keep Activity History',
				name: 'keepHistory',
				type: 'boolean',
				default: false,
				description:
					"Whether to keep each lead's activities in the State Store, add what arrives and score the whole history. The workflow store saves after production runs only and keeps nothing in queue mode: use Redis there.",
			},
			{
				displayName: 'Lead Key Field',
				name: 'keyField',
				type: 'string',
				default: '',
				placeholder: 'e.g. contactId',
				description:
					'Field holding the lead ID that identifies a lead across runs; empty uses the email',
			},
			{
				displayName: 'Merge Duplicate Leads',
				name: 'mergeDuplicates',
				type: 'boolean',
				default: false,
				description:
					'Whether to score items with the same lead key as one lead on all their activities; the one item out lists and is paired with all of them',
			},
			{
				displayName: 'Put Output In Field',
				name: 'outputField',
				type: 'string',
				default: 'leadScore',
				description: 'Field the score, band and breakdown are written to',
			},
		],
	},
];
