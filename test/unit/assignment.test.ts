import { assignRoundRobin } from '../../lib/assignment';
import { readRoster, type Rep } from '../../lib/roster';
import { emptyRotation, readRotation, type RotationState } from '../../lib/rotation';

const rep = (id: string, active = true): Rep => ({
	id,
	name: id.toUpperCase(),
	email: `${id}@example.com`,
	crmOwnerId: `owner-${id}`,
	active,
});

// Hands out `count` leads and returns who got them, carrying the rotation along.
function handOut(roster: Rep[], count: number, rotation: RotationState = emptyRotation()) {
	const chosen: Array<string | null> = [];
	for (let lead = 0; lead < count; lead++) {
		const result = assignRoundRobin(roster, rotation);
		rotation = result.rotation;
		chosen.push(result.assignedRep.id);
	}
	return { chosen, rotation };
}

describe('round robin', () => {
	test('three reps take turns in roster order', () => {
		expect(handOut([rep('a'), rep('b'), rep('c')], 7).chosen).toEqual([
			'a',
			'b',
			'c',
			'a',
			'b',
			'c',
			'a',
		]);
	});

	test('the chosen rep comes with the reason in words', () => {
		const result = assignRoundRobin([rep('a'), rep('b', false)], emptyRotation());
		expect(result.assigned).toBe(true);
		expect(result.assignedRep).toEqual({
			id: 'a',
			name: 'A',
			email: 'a@example.com',
			crmOwnerId: 'owner-a',
			reason: 'round_robin',
			explanation: 'A is next in the round robin (turn 1 among 1 active rep; 1 inactive skipped)',
		});
	});

	test('it continues where it stopped, across executions', () => {
		const roster = [rep('a'), rep('b'), rep('c')];
		const first = handOut(roster, 2);
		const stored = JSON.parse(JSON.stringify(first.rotation));
		expect(handOut(roster, 2, readRotation(stored)).chosen).toEqual(['c', 'a']);
	});

	test('reordering the roster does not reshuffle the rotation', () => {
		const { rotation } = handOut([rep('a'), rep('b'), rep('c')], 4);
		// a, b, c, a have had turns: b has waited longest, then c, then a.
		expect(handOut([rep('c'), rep('a'), rep('b')], 3, rotation).chosen).toEqual(['b', 'c', 'a']);
	});

	test('a rep added mid-rotation gets one turn next, and nobody gets a double turn', () => {
		const { rotation } = handOut([rep('a'), rep('b'), rep('c')], 4);
		expect(handOut([rep('a'), rep('b'), rep('c'), rep('d')], 5, rotation).chosen).toEqual([
			'd',
			'b',
			'c',
			'a',
			'd',
		]);
	});

	test('removing a rep leaves the others in their order', () => {
		const { rotation } = handOut([rep('a'), rep('b'), rep('c')], 4);
		expect(handOut([rep('a'), rep('c')], 3, rotation).chosen).toEqual(['c', 'a', 'c']);
	});

	test('inactive reps are skipped and keep their place for when they return', () => {
		const { chosen, rotation } = handOut([rep('a'), rep('b', false), rep('c')], 4);
		expect(chosen).toEqual(['a', 'c', 'a', 'c']);
		expect(handOut([rep('a'), rep('b'), rep('c')], 3, rotation).chosen).toEqual(['b', 'a', 'c']);
	});

	test('when every rep is inactive the lead is unassigned with the reason', () => {
		const result = assignRoundRobin([rep('a', false), rep('b', false)], emptyRotation());
		expect(result.assigned).toBe(false);
		expect(result.assignedRep).toMatchObject({
			id: null,
			reason: 'all_inactive',
			explanation: 'Nobody could take the lead: all 2 reps are inactive',
		});
		expect(result.rotation).toEqual(emptyRotation());
	});

	test('an empty roster leaves the lead unassigned, never with a default person', () => {
		expect(assignRoundRobin([], emptyRotation()).assignedRep).toMatchObject({
			id: null,
			reason: 'empty_roster',
		});
	});

	test('stored state that is not a rotation starts a fresh one', () => {
		expect(readRotation('garbage')).toEqual(emptyRotation());
		expect(readRotation({ turns: 3, lastTurn: { a: 'x', b: 2 } })).toEqual({
			turns: 3,
			lastTurn: { b: 2 },
		});
	});
});

describe('reading a roster', () => {
	test('ids and texts are trimmed, active defaults to yes and accepts words', () => {
		expect(
			readRoster(
				[
					{ id: ' r1 ', name: 'Ann', email: 'ann@example.com', crmOwnerId: 77 },
					{ id: 'r2', active: 'no' },
				],
				'Reps',
			),
		).toEqual([
			{ id: 'r1', name: 'Ann', email: 'ann@example.com', crmOwnerId: '77', active: true },
			{ id: 'r2', name: 'r2', email: '', crmOwnerId: '', active: false },
		]);
	});

	test('duplicate ids are rejected, naming the entry', () => {
		expect(() => readRoster([{ id: 'r1' }, { id: 'r1' }], '"reps"')).toThrow(
			'The roster has two reps with the id "r1" (the second is "reps"[1])',
		);
	});

	test('a rep without an id is rejected', () => {
		expect(() => readRoster([{ name: 'Ann' }], 'Reps')).toThrow(
			'The roster entry Reps[0] has no id ({"name":"Ann"})',
		);
	});

	test('an active value that is not yes or no is rejected', () => {
		expect(() => readRoster([{ id: 'r1', active: 'sometimes' }], 'Reps')).toThrow(
			'The rep "r1" (Reps[0]) has active = "sometimes", which is not yes or no',
		);
	});

	test('a roster that is not a list says where to put one', () => {
		expect(() => readRoster('ann, bob', '"reps"')).toThrow('The roster in "reps" is not a list');
	});
});
