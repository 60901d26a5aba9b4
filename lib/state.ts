// Where the nodes keep what must outlive one execution (the rotation, for now). The workflow
// store keeps it in n8n's workflow static data, which n8n saves after each successful production
// execution. Each node's state sits under its node id, so renaming a node keeps it, and under a
// namespace the user sets, so one node can keep several independent rotations.

import { createHash } from 'node:crypto';

export interface StateScope {
	kind: string;
	nodeId: string;
	namespace: string;
}

export function scopeKey(scope: StateScope): string {
	return `leadScoring:${scope.kind}:${scope.nodeId}:${scope.namespace.trim() || 'default'}`;
}

export class WorkflowStore {
	// `staticData` is the object n8n hands out as workflow static data. Values are replaced whole,
	// never mutated in place: n8n notices changes to its top-level keys only.
	constructor(private readonly staticData: Record<string, unknown>) {}

	read(scope: StateScope): unknown {
		return this.staticData[scopeKey(scope)];
	}

	write(scope: StateScope, value: unknown): void {
		this.staticData[scopeKey(scope)] = value;
	}
}

// Lead keys are personal data (usually an email address): state stores only their hash. The
// scope is part of the hash so that the same lead has unrelated entries in unrelated nodes.
export function hashLeadKey(scope: StateScope, leadKey: string): string {
	return createHash('sha256')
		.update(`${scopeKey(scope)}\u0000${leadKey}`)
		.digest('base64url')
		.slice(0, 22);
}
