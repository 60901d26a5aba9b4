import { hashLeadKey, scopeKey, WorkflowStore, type StateScope } from '../../lib/state';

const scope: StateScope = { kind: 'thresholdRouter', nodeId: 'node-1', namespace: '' };

describe('workflow store', () => {
	test('state sits under the node id and namespace, so renaming the node keeps it', () => {
		expect(scopeKey(scope)).toBe('leadScoring:thresholdRouter:node-1:default');
		expect(scopeKey({ ...scope, namespace: ' client-a ' })).toBe(
			'leadScoring:thresholdRouter:node-1:client-a',
		);
	});

	test('values are replaced whole under one top-level key', () => {
		const staticData: Record<string, unknown> = {};
		const store = new WorkflowStore(staticData);
		store.write(scope, { a: 1 });
		expect(staticData).toEqual({ 'leadScoring:thresholdRouter:node-1:default': { a: 1 } });
		expect(store.read(scope)).toEqual({ a: 1 });
	});

	test('lead keys are stored hashed, differently per node', () => {
		const hash = hashLeadKey(scope, 'ana@example.com');
		expect(hash).toHaveLength(22);
		expect(hash).not.toContain('ana');
		expect(hashLeadKey(scope, 'ana@example.com')).toBe(hash);
		expect(hashLeadKey({ ...scope, nodeId: 'node-2' }, 'ana@example.com')).not.toBe(hash);
	});
});
