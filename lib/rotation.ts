// Round robin that stays fair when the team changes. Instead of a pointer into the roster (which
// skips or repeats people when reps are added, removed or reordered), it remembers the turn
// number each rep last got and gives the lead to the eligible rep who waited longest. A rep who
// never had a turn (just added) goes first; ties among them follow roster order.

import { isRecord } from './fieldPath';
import type { Rep } from './roster';

export interface RotationState {
	// How many leads this rotation has handed out in all.
	turns: number;
	// rep id -> the turn number of that rep's last lead.
	lastTurn: Record<string, number>;
}

export function emptyRotation(): RotationState {
	return { turns: 0, lastTurn: {} };
}

// State from storage is checked, not trusted: anything unreadable starts a fresh rotation
// rather than failing every lead.
export function readRotation(stored: unknown): RotationState {
	if (!isRecord(stored) || typeof stored.turns !== 'number' || !isRecord(stored.lastTurn)) {
		return emptyRotation();
	}
	const lastTurn: Record<string, number> = {};
	for (const [id, turn] of Object.entries(stored.lastTurn)) {
		if (typeof turn === 'number' && Number.isFinite(turn)) lastTurn[id] = turn;
	}
	return { turns: stored.turns, lastTurn };
}

export function nextInRotation(eligible: Rep[], state: RotationState): Rep | undefined {
	let chosen: Rep | undefined;
	let chosenTurn = Number.POSITIVE_INFINITY;
	for (const rep of eligible) {
		const turn = Object.prototype.hasOwnProperty.call(state.lastTurn, rep.id)
			? state.lastTurn[rep.id]
			: Number.NEGATIVE_INFINITY;
		if (turn < chosenTurn) {
			chosen = rep;
			chosenTurn = turn;
		}
	}
	return chosen;
}
