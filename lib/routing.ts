// Routing a scored lead to an output by its band: the router's outputs are named after bands,
// and a lead's band must be one of them.

import { readBands, type Band } from './bands';
import { LeadDataError } from './errors';
import { readField } from './fieldPath';

// The bands Score Lead wrote on the lead, so routing follows the model that scored it.
export function bandsOnLead(lead: Record<string, unknown>, path: string[]): Band[] {
	const { bands, problems } = readBands(readField(lead, path), path.join('.'));
	if (problems.length > 0) {
		throw new LeadDataError(
			`${problems[0].path} ${problems[0].message}, so the score cannot be placed in a band`,
			'Score the lead with Score Lead first, or set Band Source to Defined Here',
		);
	}
	return bands;
}

// Output names match band names ignoring case, as people type them in two places.
export function outputForBand(band: string, outputNames: string[]): number {
	const index = outputNames.findIndex((name) => name.toLowerCase() === band.toLowerCase());
	if (index === -1) {
		throw new LeadDataError(
			`The lead's band "${band}" has no output here (outputs: ${outputNames.join(', ')})`,
			`Add a band named "${band}" under Bands, or rename the model's band to match`,
		);
	}
	return index;
}
