import type { INodeProperties } from 'n8n-workflow';

import { stateStoreProperty } from '../shared/stateStore';

const capacityField = (displayName: string, name: string): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description: 'Most leads the rep takes in that period, in their time zone; 0 means no cap',
});

const repFields: INodeProperties[] = [
	{
		displayName: 'Active',
		name: 'active',
		type: 'boolean',
		default: true,
		description: 'Whether the rep takes leads now; inactive reps are skipped',
	},
	capacityField('Capacity Per Day', 'capacityPerDay'),
	capacityField('Capacity Per Hour', 'capacityPerHour'),
	capacityField('Capacity Per Month', 'capacityPerMonth'),
	{
		displayName: 'Capacity Per Rolling Window',
		name: 'capacityPerRollingDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'Most leads in the last Rolling Window (Days), e.g. 30 per 30 days; 0 means no cap',
	},
	capacityField('Capacity Per Week', 'capacityPerWeek'),
	{
		displayName: 'CRM Owner ID',
		name: 'crmOwnerId',
		type: 'string',
		default: '',
		description: "The rep's user ID in the CRM, used as the owner of the lead or contact",
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
		description: 'Stable identity of the rep; the rotation remembers reps by it',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Out of Office',
		name: 'outOfOffice',
		type: 'string',
		placeholder: '2026-07-01..2026-07-10, 2026-08-03',
		default: '',
		description: "Periods away, dates inclusive in the rep's time zone, separated by commas",
	},
	{
		displayName: 'Rolling Window (Days)',
		name: 'rollingDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Length of the window Capacity Per Rolling Window counts over',
	},
	{
		displayName: 'Territories',
		name: 'territories',
		type: 'string',
		placeholder: 'EMEA, DACH',
		default: '',
		description:
			'Pools the rep belongs to, named as in Territory Rules; empty puts the rep in the default pool',
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		placeholder: 'Europe/Berlin',
		default: '',
		description: "IANA time zone of the rep's hours and caps; empty means the workflow's",
	},
	{
		displayName: 'Weight',
		name: 'weight',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'With the Weighted strategy, a rep of weight 2 gets twice the leads of weight 1',
	},
	{
		displayName: 'Working Hours',
		name: 'workingHours',
		type: 'string',
		placeholder: 'Mon-Fri 09:00-12:00, 13:00-17:00; Sat 10:00-14:00',
		default: '',
		description: 'Used when Respect Working Hours is on; empty means any time',
	},
];

export const assignRepProperties: INodeProperties[] = [
	stateStoreProperty(),
	{
		displayName:
			'Rotation, loads and lead memory are kept in the workflow and saved after each production run, even one that fails later, so a retried lead gets the same rep; editor test runs change nothing. Runs that overlap can repeat a turn, and in queue mode nothing carries over between runs: use Redis there.',
		name: 'stateNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { stateStore: ['workflow'] } },
	},
	{
		displayName:
			'Rotation, loads and lead memory are kept in Redis, shared by every run and worker, and saved as each run assigns; editor test runs change nothing.',
		name: 'redisNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { stateStore: ['redis'] } },
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
		options: [{ displayName: 'Rep', name: 'rep', values: repFields }],
	},
	{
		displayName: 'Roster Field',
		name: 'rosterField',
		type: 'string',
		default: 'reps',
		displayOptions: { show: { rosterSource: ['field'] } },
		description:
			'Field holding the list of reps, one object per rep with the keys of the node form (ID, name, email, crmOwnerId, active, weight, timeZone, workingHours, outOfOffice, territories, capacityPerDay, …) and optionally openLeads',
	},
	{
		displayName: 'Strategy',
		name: 'strategy',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Least Loaded',
				value: 'leastLoaded',
				description:
					"The rep with the fewest leads this period, or the fewest open leads when the roster has 'openLeads'",
			},
			{
				name: 'Round Robin',
				value: 'roundRobin',
				description: 'Each lead goes to the available rep who has waited longest',
			},
			{
				name: 'Weighted',
				value: 'weighted',
				description: "Leads in proportion to the reps' weights, spread evenly through each cycle",
			},
		],
		default: 'roundRobin',
	},
	{
		displayName: 'Load Period',
		name: 'loadPeriod',
		type: 'options',
		displayOptions: { show: { strategy: ['leastLoaded'] } },
		options: [
			{ name: 'Day', value: 'day' },
			{ name: 'Month', value: 'month' },
			{ name: 'Week', value: 'week' },
		],
		default: 'day',
		description: "Period whose leads count as a rep's load, in the rep's time zone",
	},
	{
		displayName:
			"Least Loaded counts only the leads this node assigned in the Load Period. To balance the CRM's open leads instead, give each rep an 'openLeads' count in a roster from an input field.",
		name: 'leastLoadedNotice',
		type: 'notice',
		displayOptions: { show: { strategy: ['leastLoaded'] } },
		default: '',
	},
	{
		displayName: 'Territory Rules',
		name: 'territoryRules',
		placeholder: 'Add Rule',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		description:
			'The first rule whose field holds one of its values sends the lead to that pool; leads no rule matches go to reps without territories',
		default: {},
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				values: [
					{
						displayName: 'Field',
						name: 'field',
						type: 'string',
						default: 'country',
						description: 'Lead field to test, e.g. country, state, industry or a size band',
					},
					{
						displayName: 'Pool',
						name: 'pool',
						type: 'string',
						default: '',
						placeholder: 'EMEA',
						description: "Territory name, as in the reps' Territories",
					},
					{
						displayName: 'Values',
						name: 'values',
						type: 'string',
						default: '',
						placeholder: 'DE, AT, CH',
						description:
							'Values that send the lead to the pool, separated by commas; case is ignored',
					},
				],
			},
		],
	},
	{
		displayName: 'Account Owners',
		name: 'accountOwners',
		placeholder: 'Add Account',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		description:
			'A lead from an account listed here goes to its owner, matched by email domain or company name',
		default: {},
		options: [
			{
				displayName: 'Account',
				name: 'account',
				values: [
					{
						displayName: 'Domain or Company',
						name: 'account',
						type: 'string',
						default: '',
						placeholder: 'acme.com',
					},
					{
						displayName: 'Owner',
						name: 'owner',
						type: 'string',
						default: '',
						description: 'Rep ID, CRM owner ID or email of the owner',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Account Owner Field',
				name: 'accountOwnerField',
				type: 'string',
				default: '',
				placeholder: 'crmOwnerId',
				description:
					"Field filled upstream (e.g. from a CRM lookup) with the rep ID or CRM owner ID who owns the lead's account",
			},
			{
				displayName: 'As Of',
				name: 'asOf',
				type: 'dateTime',
				default: '',
				description:
					'Instant availability, working hours and caps are judged at; empty means now, so a past day can be replayed',
			},
			{
				displayName: 'Company Field',
				name: 'companyField',
				type: 'string',
				default: 'company',
				description: 'Lead field with the company name, for Account Owners',
			},
			{
				displayName: 'Email Field',
				name: 'emailField',
				type: 'string',
				default: 'email',
				description:
					'Lead field with the email, for Account Owners and as the lead key when there is none',
			},
			{
				displayName: 'Exclude Reps Field',
				name: 'excludeField',
				type: 'string',
				default: '',
				placeholder: 'previousOwner',
				description:
					'Field naming reps (ID, CRM owner ID or email; one or a list) who must not get this lead, e.g. the owner who missed the follow-up SLA',
			},
			{
				displayName: 'Fallback Rep',
				name: 'fallbackRep',
				type: 'string',
				default: '',
				description:
					'Rep ID, CRM owner ID or email who gets leads nobody else can take; empty sends them to Unassigned',
			},
			{
				displayName: 'Lead Key Field',
				name: 'leadKeyField',
				type: 'string',
				default: 'leadScore.key',
				description:
					"Field with the lead's identity for Remember Leads (Days); without it, the email is used",
			},
			{
				displayName: 'Put Output In Field',
				name: 'outputField',
				type: 'string',
				default: 'assignedRep',
				description: 'Field the chosen rep and the reason are written to',
			},
			{
				displayName: 'Remember Leads (Days)',
				name: 'rememberLeadsDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 30,
				description:
					'A lead seen again within this many days gets the same rep and is not counted twice; 0 turns this off',
			},
			{
				displayName: 'Respect Working Hours',
				name: 'respectWorkingHours',
				type: 'boolean',
				default: false,
				description:
					'Whether reps outside their working hours, in their own time zone, are skipped',
			},
			{
				displayName: 'Returning Reps',
				name: 'returningReps',
				type: 'options',
				options: [
					{
						name: 'Catch Up',
						value: 'catchUp',
						description: 'A rep back from out of office first gets the leads they missed',
					},
					{
						name: 'Keep Place',
						value: 'keepPlace',
						description: 'A rep back from out of office rejoins the rotation where they left it',
					},
				],
				default: 'keepPlace',
				description: 'Round robin and weighted only; least loaded evens loads by itself',
			},
			{
				displayName: 'Rotation Namespace',
				name: 'namespace',
				type: 'string',
				default: '',
				description:
					"Separate rotations in one node, e.g. one per client. Read once per run, from the first item: send each client's leads through their own branch. Empty means one rotation.",
			},
		],
	},
];
