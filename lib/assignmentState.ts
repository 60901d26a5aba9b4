// What Assign Rep keeps between executions, as one plain object per node scope: a rotation per
// pool, the instants each rep took leads (for caps and least loaded), and which rep took which
// lead (by hashed lead key) so that a repeated lead gets the same rep. Pruned on every run so it
// stays bounded: lead memory past its window and lead instants past the longest period go.

import { isRecord } from './fieldPath';
import { readRotation } from './rotation';
import { emptyPoolRotation, type PoolRotation } from './strategies';

export interface LeadMemory {
	rep: string;
	// Epoch ms of the first assignment.
	at: number;
}

export interface AssignmentState {
	rotations: Record<string, PoolRotation>;
	// rep id -> epoch ms of each lead taken, oldest first.
	taken: Record<string, number[]>;
	// hashed lead key -> who took it.
	leads: Record<string, LeadMemory>;
}

export function emptyAssignmentState(): AssignmentState {
	return { rotations: {}, taken: {}, leads: {} };
}

// Stored state is checked, not trusted. A rotation saved by earlier versions of the node (just
// `turns` and `lastTurn`) becomes the default pool's rotation, so upgrading keeps everyone's place.
export function readAssignmentState(stored: unknown): AssignmentState {
	if (!isRecord(stored)) return emptyAssignmentState();
	if (typeof stored.turns === 'number') {
		return { ...emptyAssignmentState(), rotations: { default: readPoolRotation(stored) } };
	}

	const state = emptyAssignmentState();
	for (const [pool, rotation] of entries(stored.rotations)) {
		state.rotations[pool] = readPoolRotation(rotation);
	}
	for (const [rep, instants] of entries(stored.taken)) {
		// Sorted here, since counting by period relies on oldest-first order.
		if (Array.isArray(instants)) {
			state.taken[rep] = instants.filter(isFiniteNumber).sort((a, b) => a - b);
		}
	}
	for (const [key, memory] of entries(stored.leads)) {
		if (isRecord(memory) && typeof memory.rep === 'string' && isFiniteNumber(memory.at)) {
			state.leads[key] = { rep: memory.rep, at: memory.at };
		}
	}
	return state;
}

function readPoolRotation(stored: unknown): PoolRotation {
	const rotation = { ...emptyPoolRotation(), ...readRotation(stored) };
	if (!isRecord(stored)) return rotation;
	rotation.credit = numbers(stored.credit);
	rotation.owed = numbers(stored.owed);
	return rotation;
}

function entries(stored: unknown): Array<[string, unknown]> {
	return isRecord(stored) ? Object.entries(stored) : [];
}

function numbers(stored: unknown): Record<string, number> {
	const result: Record<string, number> = {};
	for (const [id, value] of entries(stored)) {
		if (isFiniteNumber(value)) result[id] = value;
	}
	return result;
}

function isFiniteNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

export function pruneAssignmentState(
	state: AssignmentState,
	now: number,
	retention: { takenMs: number; leadsMs: number },
): void {
	for (const [rep, instants] of Object.entries(state.taken)) {
		const kept = instants.filter((at) => at > now - retention.takenMs);
		if (kept.length > 0) state.taken[rep] = kept;
		else delete state.taken[rep];
	}
	for (const [key, memory] of Object.entries(state.leads)) {
		if (memory.at <= now - retention.leadsMs) delete state.leads[key];
	}
}
