import { exportedStateProblem } from '../../lib/stateImport';

const exported = (kind: string, shared: unknown, leads: unknown) => ({
	kind,
	nodeId: 'node-1',
	namespace: 'default',
	shared,
	leads,
});

describe('what Import accepts', () => {
	test('states as Export writes them', () => {
		const router = { abc: { band: 'SQL', seenAt: 1767225600000 } };
		expect(exportedStateProblem(exported('thresholdRouter', {}, router))).toBeUndefined();
		const rotation = {
			rotations: { default: { turns: 3, lastTurn: { ana: 1, ben: 2, cai: 3 } } },
			taken: { ana: [1767225600000] },
		};
		const memory = { abc: { rep: 'ana', at: 1767225600000 } };
		expect(exportedStateProblem(exported('assignRep', rotation, memory))).toBeUndefined();
		const history = { abc: [{ type: 'webinar', at: '2026-03-01T10:00:00Z' }] };
		expect(exportedStateProblem(exported('scoreLeadHistory', {}, history))).toBeUndefined();
	});

	test('an entry the node could not read is named, with its value', () => {
		expect(
			exportedStateProblem(exported('thresholdRouter', {}, { abc: { band: 5, seenAt: 1 } })),
		).toBe('the entry of lead abc: band is 5, not a band name');
		expect(
			exportedStateProblem(exported('assignRep', {}, { abc: { rep: 'ana', at: 'yesterday' } })),
		).toBe('the entry of lead abc: at is "yesterday", not a time in ms');
		expect(exportedStateProblem(exported('scoreLeadHistory', {}, { abc: ['notanobject'] }))).toBe(
			'the entry of lead abc: activity 0 is "notanobject", without a type',
		);
	});

	test("Assign Rep's rotation and loads are checked too", () => {
		expect(exportedStateProblem(exported('assignRep', { rotations: 'nope' }, {}))).toBe(
			'shared.rotations is "nope", not an object',
		);
		const badTurns = { rotations: { default: { turns: 'x', lastTurn: {} } } };
		expect(exportedStateProblem(exported('assignRep', badTurns, {}))).toBe(
			'shared.rotations.default.turns is "x", not a count',
		);
		expect(exportedStateProblem(exported('assignRep', { taken: { ana: ['x'] } }, {}))).toBe(
			'shared.taken.ana is ["x"], not a list of times in ms',
		);
	});

	test('what is missing is said', () => {
		expect(exportedStateProblem({ kind: 'assignRep', nodeId: 'n', namespace: 'default' })).toBe(
			'shared is missing, not an object',
		);
		expect(exportedStateProblem({ foo: 1 })).toBe('kind is missing');
	});
});
