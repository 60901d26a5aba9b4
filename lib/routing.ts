// Routing a scored lead to an output by its band: the router's outputs are named after bands,
// and a lead's band must be one of them.

import { readBands, type Band } from './bands';
import { LeadDataError, type ModelProblem } from './errors';
import { readField } from './fieldPath';

// The bands Score Lead wrote on each lead, so routing follows the model that scored it. Score Lead
// hands every lead of a model the same list, so a reader made for one run checks each list it
// meets once, not once per lead; nothing changes the items while a node runs. Every band of the
// list must have an output, not only the lead's: a model whose "MQL" the router calls "Marketing
// Qualified" is told on its first lead, not on the first MQL, which may come weeks later.
export function leadBandsReader(
	path: string[],
	outputNames: string[],
): (lead: Record<string, unknown>) => Band[] {
	const read = new WeakMap<object, Band[]>();
	return (lead) => {
		const input = readField(lead, path);
		const known = typeof input === 'object' && input !== null ? read.get(input) : undefined;
		if (known !== undefined) return known;
		const { bands, problems } = readBands(input, path.join('.'));
		if (problems.length > 0) {
			const [{ path: where, message }] = problems;
			throw new LeadDataError(
				`${where} ${message}, so the score cannot be placed in a band`,
				'Score the lead with Score Lead first, or set Band Source to Defined Here',
			);
		}
		// All of them at once, so that two lists named differently are matched up in one go.
		const missing = bands
			.filter((band) => outputIndex(band.name, outputNames) === -1)
			.map((band) => `"${band.name}"`);
		if (missing.length > 0) {
			const outputs = outputNames.join(', ');
			throw new LeadDataError(
				missing.length === 1
					? `The model's band ${missing[0]} has no output here (outputs: ${outputs})`
					: `The model's bands ${missing.join(', ')} have no output here (outputs: ${outputs})`,
				missing.length === 1
					? `Add a band named ${missing[0]} under Bands, or rename the model's band to match`
					: `Add bands named ${missing.join(', ')} under Bands, or rename the model's bands to match`,
			);
		}
		if (typeof input === 'object' && input !== null) read.set(input, bands);
		return bands;
	};
}

// Output names match band names ignoring case, as people type them in two places.
export function outputForBand(band: string, outputNames: string[]): number {
	const index = outputIndex(band, outputNames);
	if (index === -1) {
		throw new LeadDataError(
			`The lead's band "${band}" has no output here (outputs: ${outputNames.join(', ')})`,
			`Add a band named "${band}" under Bands, or rename the model's band to match`,
		);
	}
	return index;
}

function outputIndex(band: string, outputNames: string[]): number {
	return outputNames.findIndex((name) => name.toLowerCase() === band.toLowerCase());
}

// The bands at or below a lead's band, lowest first: for "MQL and up" steps fed by the router's
// option to send a lead to every band it has reached.
export function bandsAtOrBelow(band: string, bands: Band[]): string[] {
	const folded = band.toLowerCase();
	const index = bands.findIndex((candidate) => candidate.name.toLowerCase() === folded);
	return bands.slice(0, index + 1).map((candidate) => candidate.name);
}

// The router's outputs follow the order its bands are listed in. A list out of order would show
// SQL's output above MQL's and make "at or below" mean something other than what the canvas
// shows, so it is refused, naming the first band out of place. `sorted` is the list as readBands
// returned it.
export function bandOrderProblems(listed: string[], sorted: Band[], path: string): ModelProblem[] {
	const index = listed.findIndex((name, at) => name !== sorted[at].name);
	if (index === -1) return [];
	return [
		{
			path: `${path}[${index}]`,
			message: `"${listed[index]}" is listed before "${sorted[index].name}", which has a lower minimum`,
			fix: 'list the bands from the lowest minimum to the highest, e.g. Nurture 0, MQL 50, SQL 100',
		},
	];
}
