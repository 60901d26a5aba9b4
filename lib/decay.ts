// Decay: engagement fades with time. Per rule, each activity's points halve every `halfLifeDays`
// days of age; per model, after `afterDays` days with no activity at all, a group's score loses
// `percentPerDay` percent for every further day, compounding (Sugar Market's nightly decay).

import { reportUnknownKeys, type ModelProblem } from './errors';
import { isRecord } from './fieldPath';
import { checkGroup, type GroupDefinition } from './rules';
import { readNumber } from './values';

export interface InactivityDecay {
	group: string;
	afterDays: number;
	percentPerDay: number;
}

// Exponential half-life: points × 0.5^(age / halfLife). An activity one half-life old is worth
// half, two half-lives a quarter. Age is counted in fractional days; a negative age (an activity
// after the as-of instant never gets here) would be treated as zero.
export function halfLifeFactor(ageDays: number, halfLifeDays: number): number {
	return Math.pow(0.5, Math.max(0, ageDays) / halfLifeDays);
}

// Whole days without activity count, as a nightly job would see them: 40.9 idle days are 40.
export function inactivityFactor(idleDays: number, decay: InactivityDecay): number {
	const decayingDays = Math.floor(idleDays) - decay.afterDays;
	if (decayingDays <= 0) return 1;
	return Math.pow(1 - decay.percentPerDay / 100, decayingDays);
}

const KEYS = new Set(['group', 'afterDays', 'percentPerDay']);

export function readInactivityDecay(
	input: unknown,
	groups: GroupDefinition[],
	problems: ModelProblem[],
): InactivityDecay | undefined {
	if (input === undefined) return undefined;
	const path = 'inactivityDecay';
	if (!isRecord(input)) {
		problems.push({
			path,
			message: 'is not an object',
			fix: 'write "inactivityDecay": {"afterDays": 30, "percentPerDay": 2}',
		});
		return undefined;
	}
	reportUnknownKeys(input, KEYS, path, 'inactivityDecay', problems);

	const group = typeof input.group === 'string' ? input.group.trim() : 'engagement';
	checkGroup(group, groups, `${path}.group`, problems);
	const afterDays = readNumber(input.afterDays);
	if (afterDays.kind !== 'number' || afterDays.value < 0 || !Number.isInteger(afterDays.value)) {
		problems.push({
			path: `${path}.afterDays`,
			message: `${JSON.stringify(input.afterDays ?? null)} is not a whole number of days`,
			fix: 'set "afterDays" to the idle days before decay starts, e.g. 30',
		});
	}
	const percent = readNumber(input.percentPerDay);
	if (percent.kind !== 'number' || percent.value <= 0 || percent.value > 100) {
		problems.push({
			path: `${path}.percentPerDay`,
			message: `${JSON.stringify(input.percentPerDay ?? null)} is not a percentage above 0`,
			fix: 'set "percentPerDay" to the share lost per idle day, e.g. 2 for 2%',
		});
	}
	if (afterDays.kind !== 'number' || percent.kind !== 'number') return undefined;
	return { group, afterDays: afterDays.value, percentPerDay: percent.value };
}
