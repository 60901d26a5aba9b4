// Caps and the floor: limits on a group's score and on the total, applied after every rule
// (negative points included), set rule and decay. Each limit that bites is its own breakdown
// entry, so the breakdown still sums to the total.

import { reportUnknownKeys, type ModelProblem } from './errors';
import { isRecord } from './fieldPath';
import { checkGroup, type GroupDefinition } from './rules';
import { readNumber } from './values';

export interface Caps {
	// Highest score per group name.
	groups: Record<string, number>;
	total?: number;
}

const CAP_KEYS = new Set(['groups', 'total']);

export function readCaps(
	input: unknown,
	groups: GroupDefinition[],
	problems: ModelProblem[],
): Caps | undefined {
	if (input === undefined) return undefined;
	if (!isRecord(input)) {
		problems.push({
			path: 'caps',
			message: 'is not an object',
			fix: 'write "caps": {"groups": {"engagement": 80}, "total": 150}',
		});
		return undefined;
	}
	reportUnknownKeys(input, CAP_KEYS, 'caps', 'caps', problems);

	const caps: Caps = { groups: {} };
	const perGroup = input.groups ?? {};
	if (!isRecord(perGroup)) {
		problems.push({
			path: 'caps.groups',
			message: 'is not an object',
			fix: 'name each capped group with its highest score: {"engagement": 80}',
		});
	} else {
		for (const [name, max] of Object.entries(perGroup)) {
			checkGroup(name, groups, `caps.groups.${name}`, problems);
			const value = readCap(max, `caps.groups.${name}`, problems);
			if (value !== undefined) caps.groups[name] = value;
		}
	}
	const total = input.total === undefined ? undefined : readCap(input.total, 'caps.total', problems);
	return total === undefined ? caps : { ...caps, total };
}

// A cap of 0 or less would put every lead at or below zero points, whatever it did: a slip (a
// minus typed by mistake, or "0 means no cap" as in the node's settings), not a limit.
function readCap(input: unknown, path: string, problems: ModelProblem[]): number | undefined {
	const cap = readLimit(input, path, problems);
	if (cap === undefined || cap > 0) return cap;
	problems.push({
		path,
		message: `${cap} is not a positive score`,
		fix: `set ${path} to the highest score allowed, e.g. 100, or leave the cap out`,
	});
	return undefined;
}

export function readLimit(
	input: unknown,
	path: string,
	problems: ModelProblem[],
): number | undefined {
	const reading = typeof input === 'number' ? readNumber(input) : { kind: 'unreadable' as const };
	if (reading.kind === 'number') return reading.value;
	problems.push({
		path,
		message: `${JSON.stringify(input ?? null)} is not a number`,
		fix: `set ${path} to a score, e.g. 100`,
	});
	return undefined;
}

// The change a cap makes to a score, in hundredths: negative when the score is above the cap.
export function capChange(scoreHundredths: number, cap: number | undefined): number {
	if (cap === undefined) return 0;
	return Math.min(0, Math.round(cap * 100) - scoreHundredths);
}

export function floorChange(scoreHundredths: number, floor: number | undefined): number {
	if (floor === undefined) return 0;
	return Math.max(0, Math.round(floor * 100) - scoreHundredths);
}
