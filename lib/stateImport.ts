// What Import accepts: a state as Export wrote it, checked down to each entry before anything is
// written. Import replaces a node's whole state, so an entry the node could not read (a band that
// is a number, a time that is text) would quietly lose that lead's memory, or fail later runs.

import { isRecord } from './fieldPath';
import { STATE_KINDS, type StateKind } from './state';

const show = (value: unknown) => JSON.stringify(value) ?? 'missing';

// The first problem found, as "<where> is <value>, <what it should be>"; undefined when none.
export function exportedStateProblem(json: Record<string, unknown>): string | undefined {
	if (!STATE_KINDS.includes(json.kind as StateKind)) return `kind is ${show(json.kind)}`;
	if (typeof json.nodeId !== 'string' || json.nodeId === '') {
		return `nodeId is ${show(json.nodeId)}`;
	}
	if (typeof json.namespace !== 'string') return `namespace is ${show(json.namespace)}`;
	if (!isRecord(json.shared)) return `shared is ${show(json.shared)}, not an object`;
	if (!isRecord(json.leads)) return `leads is ${show(json.leads)}, not an object`;

	const kind = json.kind as StateKind;
	if (kind === 'assignRep') {
		const problem = rotationProblem(json.shared);
		if (problem !== undefined) return problem;
	}
	for (const [key, entry] of Object.entries(json.leads)) {
		const problem = ENTRY_CHECKS[kind](entry);
		if (problem !== undefined) return `the entry of lead ${key}: ${problem}`;
	}
	return undefined;
}

const ENTRY_CHECKS: Record<StateKind, (entry: unknown) => string | undefined> = {
	// The router: the band the lead is in and when it was last routed.
	thresholdRouter: (entry) => {
		if (!isRecord(entry)) return `${show(entry)} is not an object`;
		if (typeof entry.band !== 'string') return `band is ${show(entry.band)}, not a band name`;
		if (!isInstant(entry.seenAt)) return `seenAt is ${show(entry.seenAt)}, not a time in ms`;
		return undefined;
	},
	// Assign Rep: who took the lead and when.
	assignRep: (entry) => {
		if (!isRecord(entry)) return `${show(entry)} is not an object`;
		if (typeof entry.rep !== 'string') return `rep is ${show(entry.rep)}, not a rep id`;
		if (!isInstant(entry.at)) return `at is ${show(entry.at)}, not a time in ms`;
		return undefined;
	},
	// Score Lead: the lead's kept activities, each with a type.
	scoreLeadHistory: (entry) => {
		if (!Array.isArray(entry)) return `${show(entry)} is not a list of activities`;
		const bad = entry.findIndex(
			(activity) => !isRecord(activity) || typeof activity.type !== 'string',
		);
		return bad === -1 ? undefined : `activity ${bad} is ${show(entry[bad])}, without a type`;
	},
};

function rotationProblem(shared: Record<string, unknown>): string | undefined {
	const { rotations, taken } = shared;
	if (rotations !== undefined && !isRecord(rotations)) {
		return `shared.rotations is ${show(rotations)}, not an object`;
	}
	for (const [pool, rotation] of Object.entries(rotations ?? {})) {
		const at = `shared.rotations.${pool}`;
		if (!isRecord(rotation)) return `${at} is ${show(rotation)}, not an object`;
		if (!isCount(rotation.turns)) return `${at}.turns is ${show(rotation.turns)}, not a count`;
		for (const field of ['lastTurn', 'credit', 'owed']) {
			const numbers = rotation[field];
			if (numbers === undefined) continue;
			if (!isRecord(numbers) || !Object.values(numbers).every(isFiniteNumber)) {
				return `${at}.${field} is ${show(numbers)}, not numbers by rep id`;
			}
		}
	}
	if (taken !== undefined && !isRecord(taken)) {
		return `shared.taken is ${show(taken)}, not an object`;
	}
	for (const [rep, instants] of Object.entries(taken ?? {})) {
		if (!Array.isArray(instants) || !instants.every(isInstant)) {
			return `shared.taken.${rep} is ${show(instants)}, not a list of times in ms`;
		}
	}
	return undefined;
}

function isFiniteNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

function isCount(value: unknown): boolean {
	return isFiniteNumber(value) && Number.isInteger(value) && value >= 0;
}

function isInstant(value: unknown): boolean {
	return isFiniteNumber(value) && value >= 0;
}
