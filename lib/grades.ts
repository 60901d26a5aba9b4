// Grades: a letter for how well the lead fits (A-D from the fit score), kept apart from how
// engaged it is, and the fit × engagement matrix label ("A1") that HubSpot users know. Both are
// scales shaped like bands: a name and an inclusive minimum, the lowest without one.

import { bandFor, readBands, type Band } from './bands';
import { reportUnknownKeys, type ModelProblem } from './errors';
import { isRecord } from './fieldPath';
import { checkGroup, type GroupDefinition } from './rules';

export interface Scale {
	group: string;
	scale: Band[];
}

const SCALE_KEYS = new Set(['group', 'scale']);

export function readScale(
	input: unknown,
	path: 'grade' | 'engagementLevels',
	defaultGroup: string,
	groups: GroupDefinition[],
	problems: ModelProblem[],
): Scale | undefined {
	if (input === undefined) return undefined;
	if (!isRecord(input)) {
		problems.push({
			path,
			message: 'is not an object',
			fix: `write "${path}": {"group": "${defaultGroup}", "scale": [{"name": "...", "min": 60}, ...]}`,
		});
		return undefined;
	}
	reportUnknownKeys(input, SCALE_KEYS, path, path, problems);

	const group = typeof input.group === 'string' ? input.group.trim() : defaultGroup;
	checkGroup(group, groups, `${path}.group`, problems);
	const { bands, problems: scaleProblems } = readBands(input.scale, `${path}.scale`);
	problems.push(...scaleProblems);
	return scaleProblems.length > 0 ? undefined : { group, scale: bands };
}

export function gradeFor(scale: Scale | undefined, groups: Record<string, number>): string | null {
	if (scale === undefined) return null;
	return bandFor(groups[scale.group] ?? 0, scale.scale);
}
