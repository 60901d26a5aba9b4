// What the Lead Scoring State node shows of a kept state: enough to see that a rotation moves and
// how much is remembered, without the leads' entries (those are in Export).

import { readAssignmentState } from './assignmentState';
import { isRecord } from './fieldPath';
import type { ScopeState, StateScope } from './state';

export interface StateSummary {
	kind: string;
	nodeId: string;
	namespace: string;
	leadsRemembered: number;
	[detail: string]: unknown;
}

export function summarizeState(scope: StateScope, state: ScopeState, now: number): StateSummary {
	const summary: StateSummary = {
		kind: scope.kind,
		nodeId: scope.nodeId,
		namespace: scope.namespace,
		leadsRemembered: Object.keys(state.leads).length,
	};
	if (scope.kind === 'assignRep') return { ...summary, ...assignmentDetails(state, now) };
	if (scope.kind === 'thresholdRouter') return { ...summary, ...crossingDetails(state) };
	return { ...summary, activitiesKept: activityCount(state) };
}

// The rotation per pool (turns handed out, each rep's last turn) and each rep's leads taken in
// the last 24 hours and in all that is kept.
function assignmentDetails(state: ScopeState, now: number) {
	const assignment = readAssignmentState({ ...state.shared, leads: state.leads });
	const rotations = Object.fromEntries(
		Object.entries(assignment.rotations).map(([pool, rotation]) => [
			pool,
			{ turns: rotation.turns, lastTurn: rotation.lastTurn },
		]),
	);
	const loads = Object.fromEntries(
		Object.entries(assignment.taken).map(([rep, instants]) => [
			rep,
			{
				last24Hours: instants.filter((at) => at > now - 24 * 60 * 60 * 1000).length,
				kept: instants.length,
			},
		]),
	);
	return { rotations, loads };
}

function crossingDetails(state: ScopeState) {
	const byBand: Record<string, number> = {};
	let awaitingConfirmation = 0;
	for (const entry of Object.values(state.leads)) {
		if (!isRecord(entry) || typeof entry.band !== 'string') continue;
		byBand[entry.band] = (byBand[entry.band] ?? 0) + 1;
		if (isRecord(entry.awaiting)) awaitingConfirmation++;
	}
	return { leadsByBand: byBand, awaitingConfirmation };
}

function activityCount(state: ScopeState): number {
	return Object.values(state.leads).reduce<number>(
		(count, activities) => count + (Array.isArray(activities) ? activities.length : 0),
		0,
	);
}
