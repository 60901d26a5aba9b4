// Bands are the funnel levels a score falls into (Nurture, MQL, SQL). A band holds every score
// from its minimum (inclusive) up to the next band's minimum. The lowest band has no minimum: it
// takes every score below the next band, negative scores included, so no score falls outside.

import type { ModelProblem } from './errors';
import { isRecord } from './fieldPath';
import { readNumber } from './values';

export interface Band {
	name: string;
	// null only for the lowest band.
	min: number | null;
}

export const DEFAULT_BANDS: Band[] = [
	{ name: 'Nurture', min: null },
	{ name: 'MQL', min: 50 },
	{ name: 'SQL', min: 100 },
];

export function bandFor(score: number, bands: Band[]): string {
	let chosen = bands[0].name;
	for (const band of bands) {
		if (band.min !== null && score >= band.min) chosen = band.name;
	}
	return chosen;
}

// Reads bands from a model, the router's settings or an item's `leadScore.bands`, sorted by
// minimum. Problems are reported with `path` so the user finds the entry.
export function readBands(input: unknown, path: string): { bands: Band[]; problems: ModelProblem[] } {
	const problems: ModelProblem[] = [];
	if (!Array.isArray(input) || input.length === 0) {
		problems.push({
			path,
			message: 'must be a list of at least one band',
			fix: 'give bands as [{"name": "Nurture"}, {"name": "MQL", "min": 50}, ...]',
		});
		return { bands: [], problems };
	}

	const read: Band[] = [];
	input.forEach((entry, index) => {
		const at = `${path}[${index}]`;
		if (!isRecord(entry) || typeof entry.name !== 'string' || entry.name.trim() === '') {
			problems.push({ path: `${at}.name`, message: 'is missing', fix: 'give each band a name' });
			return;
		}
		const min = entry.min === undefined || entry.min === null ? null : readNumber(entry.min);
		if (min !== null && min.kind !== 'number') {
			problems.push({
				path: `${at}.min`,
				message: `${JSON.stringify(entry.min)} is not a number`,
				fix: 'set the minimum score as a number, e.g. 100',
			});
			return;
		}
		read.push({ name: entry.name.trim(), min: min === null ? null : min.value });
	});
	if (problems.length > 0) return { bands: [], problems };

	const withoutMin = read.filter((band) => band.min === null);
	if (withoutMin.length > 1) {
		problems.push({
			path,
			message: `bands ${withoutMin.map((band) => `"${band.name}"`).join(', ')} have no minimum`,
			fix: 'only the lowest band may leave its minimum out; give the others a minimum score',
		});
	}
	const names = new Set<string>();
	const mins = new Map<number, string>();
	for (const band of read) {
		const folded = band.name.toLowerCase();
		if (names.has(folded)) {
			problems.push({
				path,
				message: `the band name "${band.name}" is used twice`,
				fix: 'give each band its own name',
			});
		}
		names.add(folded);
		if (band.min === null) continue;
		const twin = mins.get(band.min);
		if (twin !== undefined) {
			problems.push({
				path,
				message: `bands "${twin}" and "${band.name}" both start at ${band.min}`,
				fix: 'give each band its own minimum score',
			});
		}
		mins.set(band.min, band.name);
	}
	if (problems.length > 0) return { bands: [], problems };

	const sorted = [...read].sort(
		(a, b) => (a.min ?? Number.NEGATIVE_INFINITY) - (b.min ?? Number.NEGATIVE_INFINITY),
	);
	// The lowest band takes everything below the next one, whatever minimum it was given.
	sorted[0] = { ...sorted[0], min: null };
	return { bands: sorted, problems };
}
