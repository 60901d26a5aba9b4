import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

// The band list both Score Lead (its model's bands) and Threshold Router (its outputs) show, with
// the same defaults, so a new workflow's router matches its scorer without edits.
export function bandsProperty(options: {
	description: string;
	displayOptions?: IDisplayOptions;
	minDisplayOptions?: IDisplayOptions;
}): INodeProperties {
	return {
		displayName: 'Bands',
		name: 'bands',
		placeholder: 'Add Band',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		description: options.description,
		...(options.displayOptions ? { displayOptions: options.displayOptions } : {}),
		default: {
			band: [
				{ name: 'Nurture', min: 0 },
				{ name: 'MQL', min: 50 },
				{ name: 'SQL', min: 100 },
			],
		},
		options: [
			{
				displayName: 'Band',
				name: 'band',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{
						displayName: 'Minimum Score',
						name: 'min',
						type: 'number',
						default: 0,
						description:
							'Scores at or above this are in the band; the lowest band takes every score below the next',
						...(options.minDisplayOptions ? { displayOptions: options.minDisplayOptions } : {}),
					},
				],
			},
		],
	};
}
