// Choosing the rep for one lead, with the reason in words. A lead nobody can take is reported
// as unassigned with the reason; it never goes silently to a default person.

import type { Rep } from './roster';
import { nextInRotation, recordTurn, type RotationState } from './rotation';

export type AssignmentReason = 'round_robin' | 'empty_roster' | 'all_inactive';

export interface AssignedRep {
	id: string | null;
	name: string | null;
	email: string | null;
	crmOwnerId: string | null;
	reason: AssignmentReason;
	explanation: string;
}

export interface AssignmentResult {
	assignedRep: AssignedRep;
	assigned: boolean;
	rotation: RotationState;
}

export function assignRoundRobin(roster: Rep[], rotation: RotationState): AssignmentResult {
	if (roster.length === 0) {
		return unassigned(rotation, 'empty_roster', 'Nobody could take the lead: the roster is empty');
	}

	const active = roster.filter((rep) => rep.active);
	const rep = nextInRotation(active, rotation);
	if (rep === undefined) {
		const count = roster.length === 1 ? 'the only rep is' : `all ${roster.length} reps are`;
		return unassigned(rotation, 'all_inactive', `Nobody could take the lead: ${count} inactive`);
	}

	const next = recordTurn(rotation, rep.id);
	const skipped = roster.length - active.length;
	return {
		assigned: true,
		rotation: next,
		assignedRep: {
			id: rep.id,
			name: rep.name,
			email: rep.email || null,
			crmOwnerId: rep.crmOwnerId || null,
			reason: 'round_robin',
			explanation:
				`${rep.name} is next in the round robin (turn ${next.turns} among ${active.length} ` +
				`active rep${active.length === 1 ? '' : 's'}` +
				(skipped > 0 ? `; ${skipped} inactive skipped)` : ')'),
		},
	};
}

function unassigned(
	rotation: RotationState,
	reason: AssignmentReason,
	explanation: string,
): AssignmentResult {
	return {
		assigned: false,
		rotation,
		assignedRep: { id: null, name: null, email: null, crmOwnerId: null, reason, explanation },
	};
}
