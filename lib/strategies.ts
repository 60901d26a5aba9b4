// The three ways of choosing among the reps who can take a lead, one rotation per pool. Every
// rotation remembers reps by id, never by position, so adding, removing or reordering reps
// changes nobody's place and gives nobody a double turn.
//
// - Round robin: the rep who has waited longest since their last lead (lib/rotation.ts).
// - Weighted: smooth weighted round robin (the scheme nginx uses for upstream weights). Each
//   lead, every eligible rep earns its weight in credit; the rep with the most credit takes the
//   lead and pays back the sum of the weights. Over any cycle of sum-of-weights leads with the
//   same reps, each rep gets exactly its weight, spread through the cycle: 2:1:1 gives
//   a b c a, not a a b c.
// - Least loaded: the rep with the fewest leads (open leads from the CRM when the roster carries
//   them, else leads taken in the current period).
// Ties always go to the rep who has waited longest, so the order of the roster never decides.

import { emptyRotation, nextInRotation, type RotationState } from './rotation';
import type { Rep } from './roster';

// Owed leads add up in fractions (a third per lead with three reps); this keeps 3 x 1/3 whole.
const WHOLE_LEAD = 1 - 1e-9;

export type Strategy = 'roundRobin' | 'weighted' | 'leastLoaded';

export interface PoolRotation extends RotationState {
	// Weighted: each rep's credit.
	credit: Record<string, number>;
	// Catching up after an absence: leads a rep missed while out of office, still owed.
	owed: Record<string, number>;
}

export function emptyPoolRotation(): PoolRotation {
	return { ...emptyRotation(), credit: {}, owed: {} };
}

export function chooseRep(
	strategy: Strategy,
	eligible: Rep[],
	rotation: PoolRotation,
	load: (rep: Rep) => number,
): Rep | undefined {
	const owing = eligible.filter((rep) => isCatchingUp(rotation, rep));
	if (owing.length > 0) return longestWaiting(owing, rotation, (rep) => -rotation.owed[rep.id]);

	if (strategy === 'weighted') {
		const credit = (rep: Rep) => (rotation.credit[rep.id] ?? 0) + rep.weight;
		return longestWaiting(eligible, rotation, (rep) => -credit(rep));
	}
	if (strategy === 'leastLoaded') return longestWaiting(eligible, rotation, load);
	return nextInRotation(eligible, rotation);
}

export function isCatchingUp(rotation: PoolRotation, rep: Rep): boolean {
	return (rotation.owed[rep.id] ?? 0) >= WHOLE_LEAD;
}

// The reps with the lowest `rank`, and among them the one who has waited longest.
function longestWaiting(
	reps: Rep[],
	rotation: PoolRotation,
	rank: (rep: Rep) => number,
): Rep | undefined {
	const lowest = Math.min(...reps.map(rank));
	return nextInRotation(
		reps.filter((rep) => rank(rep) === lowest),
		rotation,
	);
}

// Moves the rotation on after `chosen` took a lead among `eligible`. `absent` are the pool's
// reps out of office now: with catching up on, each is owed its share of this lead.
export function recordChoice(
	strategy: Strategy,
	rotation: PoolRotation,
	eligible: Rep[],
	chosen: Rep,
	absent: Rep[] = [],
): void {
	rotation.turns += 1;
	rotation.lastTurn[chosen.id] = rotation.turns;

	if (isCatchingUp(rotation, chosen)) {
		// A catch-up lead is on top of the normal rotation; the credits stay as they were.
		rotation.owed[chosen.id] -= 1;
		if (rotation.owed[chosen.id] < 1 - WHOLE_LEAD) delete rotation.owed[chosen.id];
		return;
	}

	if (absent.length > 0) {
		const everyone = [...eligible, ...absent];
		const share = (rep: Rep) => (strategy === 'weighted' ? rep.weight : 1);
		const total = everyone.reduce((sum, rep) => sum + share(rep), 0);
		for (const rep of absent) {
			rotation.owed[rep.id] = (rotation.owed[rep.id] ?? 0) + share(rep) / total;
		}
	}

	if (strategy !== 'weighted') return;
	const eligibleWeight = eligible.reduce((sum, rep) => sum + rep.weight, 0);
	for (const rep of eligible) rotation.credit[rep.id] = (rotation.credit[rep.id] ?? 0) + rep.weight;
	rotation.credit[chosen.id] -= eligibleWeight;
}
