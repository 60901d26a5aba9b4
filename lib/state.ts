// Where the nodes keep what must outlive one execution: activity history, crossing memory, the
// rotation and loads, lead-to-rep memory. Each node's state sits under its node id, so renaming a
// node keeps it, and under a namespace the user sets, so one node can keep several independent
// rotations.
//
// A scope's state has two parts: `shared`, what every lead's decision reads (the rotation, the
// loads), and `leads`, one entry per hashed lead key. A node states the leads its items need and
// gets them with the shared part; the store saves what the node changed as one update. Two stores
// keep it: the workflow store (n8n's static data, which n8n saves at the end of every production
// execution, failed or not) and the Redis store (lib/redisState.ts), which any number of n8n
// workers share.

import { hash } from 'node:crypto';

import { isRecord } from './fieldPath';

export interface StateScope {
	kind: StateKind;
	nodeId: string;
	namespace: string;
}

export type StateKind = 'scoreLeadHistory' | 'thresholdRouter' | 'assignRep';

export const STATE_KINDS: readonly StateKind[] = [
	'scoreLeadHistory',
	'thresholdRouter',
	'assignRep',
];

export interface ScopeState {
	shared: Record<string, unknown>;
	// hashed lead key -> the node's entry for that lead. A key missing here has no entry.
	leads: Record<string, unknown>;
	// Hashed lead keys whose hand-off waits for Confirm Hand-offs (see lib/crossing.ts).
	awaitingConfirmation: string[];
}

export interface UpdateOptions {
	// Editor test runs read the state and compute as if they changed it, but save nothing.
	save: boolean;
	// How long a lead's entry is kept after it was last written; the Redis store lets the server
	// expire it, the workflow store relies on the node's own pruning. 'keep' leaves an entry's
	// remaining time as it was (for changes that are not a new sighting of the lead).
	leadRetentionMs: number | 'keep';
}

export interface StateStore {
	readonly name: string;
	// Runs `work` on a fresh copy of the scope's state for `leadKeys` (hashed) and saves what it
	// changed, all or nothing. When another execution changed the same state in between, `work`
	// runs again on the new state, so it must not have effects beyond the state it is given.
	// `work` may be given other leads' entries too (the workflow store's hourly whole pass), and
	// should drop those past its retention.
	update<T>(
		scope: StateScope,
		leadKeys: string[],
		work: (state: ScopeState) => T,
		options: UpdateOptions,
	): Promise<T>;
	// Every scope this workflow keeps, for the state operations of the Lead Scoring State node.
	scopes(): Promise<StateScope[]>;
	// The whole state of a scope, all its leads included.
	exportScope(scope: StateScope): Promise<ScopeState>;
	// Replaces a scope's state with `state`; `state` of null removes the scope.
	replaceScope(scope: StateScope, state: ScopeState | null, leadRetentionMs: number): Promise<void>;
	// Hand-offs this execution made that wait for confirmation, as scope and hashed lead key.
	awaitingConfirmation(executionId: string): Promise<Array<{ scope: StateScope; leadKey: string }>>;
	// Drops the list of this execution's hand-offs once they are confirmed.
	clearAwaiting(executionId: string): Promise<void>;
	close(): Promise<void>;
}

// How long an execution's list of hand-offs awaiting confirmation is kept when nothing confirms
// them (the execution failed before Confirm Hand-Offs): the hand-offs themselves fire again after
// their window; the list only lets Confirm Hand-Offs find them.
export const AWAITING_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

export function scopeKey(scope: StateScope): string {
	return `leadScoring:${scope.kind}:${scope.nodeId}:${scope.namespace.trim() || 'default'}`;
}

// The inverse of scopeKey, for the keys a store lists; null for a key that is not a scope's.
export function scopeFromKey(key: string): StateScope | null {
	const match = /^leadScoring:([A-Za-z]+):([^:]+):(.*)$/.exec(key);
	if (!match || !STATE_KINDS.includes(match[1] as StateKind)) return null;
	return { kind: match[1] as StateKind, nodeId: match[2], namespace: match[3] };
}

export function emptyScopeState(): ScopeState {
	return { shared: {}, leads: {}, awaitingConfirmation: [] };
}

// Stored state is checked, not trusted: anything unreadable starts empty. State written before
// the shared part had its own key (Assign Rep's rotations and loads at the top) reads as shared.
export function readScopeState(stored: unknown): ScopeState {
	if (!isRecord(stored)) return emptyScopeState();
	const earlier = { ...stored };
	delete earlier.leads;
	delete earlier.prunedAt;
	return {
		shared: isRecord(stored.shared) ? { ...stored.shared } : earlier,
		leads: isRecord(stored.leads) ? { ...stored.leads } : {},
		awaitingConfirmation: [],
	};
}

// How often the workflow store hands a node every lead entry of its scope, so that the node
// drops the entries past its retention. In between, a run reads and writes only its own leads:
// n8n wraps every object in static data in a change-tracking proxy, and going through 100,000
// remembered leads on every run would cost a third of a second however few leads it has.
const WHOLE_STATE_EVERY_MS = 60 * 60 * 1000;

// n8n's workflow static data. n8n 2.41 saves it at the end of every production execution that
// changed it, whether the execution succeeded or failed (its lifecycle hook does not look at the
// outcome), so a hand-off the router made is kept even when the CRM step after it failed: as
// with the Redis store, only Confirm Hand-Offs lets such a hand-off fire again. Two overlapping
// executions each save their own copy and the last one wins; in queue mode n8n 2.41 does not
// carry static data between executions at all.
export class WorkflowStore implements StateStore {
	readonly name = 'workflow';

	// `staticData` is the object n8n hands out as workflow static data. A run's lead entries are
	// changed in place inside the stored scope, and the scope's top-level key is then always set
	// anew (see write), which is what tells n8n that the static data changed.
	constructor(
		private readonly staticData: Record<string, unknown>,
		private readonly executionId = '',
	) {}

	async update<T>(
		scope: StateScope,
		leadKeys: string[],
		work: (state: ScopeState) => T,
		options: UpdateOptions,
	): Promise<T> {
		const stored = this.staticData[scopeKey(scope)];
		const now = Date.now();
		// Only a node's own update drops entries past its retention; one that keeps them (Forget
		// Lead, Confirm Hand-Offs) must not count as the clean-up.
		const prunes = options.leadRetentionMs !== 'keep';
		const lastPass =
			isRecord(stored) && typeof stored.prunedAt === 'number' ? stored.prunedAt : undefined;
		const passDue = lastPass === undefined || !(now - lastPass < WHOLE_STATE_EVERY_MS);
		if (!isRecord(stored) || !isRecord(stored.leads) || (prunes && passDue)) {
			// The whole state, as saved by this or an earlier version: the node prunes it all.
			const state = readScopeState(stored);
			const result = work(state);
			if (options.save) {
				this.write(scope, state, prunes ? now : lastPass);
				this.recordAwaiting(scope, state.awaitingConfirmation, now);
			}
			return result;
		}

		// Only the run's own leads, as the Redis store gives them; the rest stay as they are.
		const storedLeads = stored.leads;
		const keys = [...new Set(leadKeys)];
		const leads: Record<string, unknown> = {};
		for (const key of keys) {
			if (Object.prototype.hasOwnProperty.call(storedLeads, key)) leads[key] = storedLeads[key];
		}
		const state: ScopeState = {
			shared: isRecord(stored.shared) ? { ...stored.shared } : {},
			leads,
			awaitingConfirmation: [],
		};
		const result = work(state);
		if (!options.save) return result;
		refuseUndeclaredLeads(keys, state);
		for (const key of keys) {
			if (state.leads[key] === undefined) delete storedLeads[key];
			else storedLeads[key] = state.leads[key];
		}
		this.write(scope, { ...state, leads: storedLeads }, lastPass);
		this.recordAwaiting(scope, state.awaitingConfirmation, now);
		return result;
	}

	async scopes(): Promise<StateScope[]> {
		return Object.keys(this.staticData)
			.map(scopeFromKey)
			.filter((scope): scope is StateScope => scope !== null);
	}

	async exportScope(scope: StateScope): Promise<ScopeState> {
		return readScopeState(this.staticData[scopeKey(scope)]);
	}

	async replaceScope(scope: StateScope, state: ScopeState | null): Promise<void> {
		if (state === null) delete this.staticData[scopeKey(scope)];
		// The next run goes through the whole of it.
		else this.write(scope, state, undefined);
	}

	async awaitingConfirmation(
		executionId: string,
	): Promise<Array<{ scope: StateScope; leadKey: string }>> {
		const list = this.staticData[awaitingKey(executionId)];
		if (!isRecord(list) || !Array.isArray(list.handOffs)) return [];
		const awaiting: Array<{ scope: StateScope; leadKey: string }> = [];
		for (const handOff of list.handOffs) {
			if (!Array.isArray(handOff) || typeof handOff[1] !== 'string') continue;
			const scope = scopeFromKey(String(handOff[0]));
			if (scope) awaiting.push({ scope, leadKey: handOff[1] });
		}
		return awaiting;
	}

	async clearAwaiting(executionId: string): Promise<void> {
		delete this.staticData[awaitingKey(executionId)];
	}

	async close(): Promise<void> {}

	// This execution's hand-offs awaiting confirmation, as [scope key, hashed lead key] pairs under
	// one key per execution, beside the scopes. Lists no Confirm Hand-Offs cleared (the execution
	// failed first) are dropped once they are a week old.
	private recordAwaiting(scope: StateScope, leadKeys: string[], now: number): void {
		if (leadKeys.length === 0) return;
		const key = awaitingKey(this.executionId);
		const listed = isRecord(this.staticData[key]) ? this.staticData[key] : {};
		const handOffs = Array.isArray(listed.handOffs) ? listed.handOffs : [];
		const added = [...new Set(leadKeys)].map((leadKey) => [scopeKey(scope), leadKey]);
		this.staticData[key] = { at: now, handOffs: [...handOffs, ...added] };
		for (const other of Object.keys(this.staticData)) {
			const list = this.staticData[other];
			const stale =
				other.startsWith(AWAITING_PREFIX) &&
				(!isRecord(list) || typeof list.at !== 'number' || now - list.at >= AWAITING_KEPT_MS);
			if (stale) delete this.staticData[other];
		}
	}

	// The scope's key is always set anew, so n8n sees the change even when only lead entries
	// inside it changed.
	private write(scope: StateScope, state: ScopeState, prunedAt: number | undefined): void {
		const shared = Object.keys(state.shared).length > 0 ? { shared: state.shared } : {};
		const pruned = prunedAt === undefined ? {} : { prunedAt };
		this.staticData[scopeKey(scope)] = { ...shared, leads: state.leads, ...pruned };
	}
}

const AWAITING_PREFIX = 'leadScoring:awaiting:';

function awaitingKey(executionId: string): string {
	return `${AWAITING_PREFIX}${executionId}`;
}

// A node's update may change only the leads it declared: it read no others, so writing one is a
// bug that must not reach the store.
export function refuseUndeclaredLeads(leadKeys: string[], state: ScopeState): void {
	const declared = new Set(leadKeys);
	const undeclared = Object.keys(state.leads).filter((key) => !declared.has(key));
	if (undeclared.length > 0) {
		throw new Error(`State update wrote leads it did not read: ${undeclared.join(', ')}`);
	}
}

// A run hashes each item's key to read that lead's state and again as it decides; this hashes
// each key once per run.
export class LeadKeyHashes {
	private readonly known = new Map<string, string>();

	constructor(readonly scope: StateScope) {}

	of(leadKey: string): string {
		let hash = this.known.get(leadKey);
		if (hash === undefined) {
			hash = hashLeadKey(this.scope, leadKey);
			this.known.set(leadKey, hash);
		}
		return hash;
	}
}

// Lead keys are personal data (usually an email address): state stores only their hash. The
// scope is part of the hash so that the same lead has unrelated entries in unrelated nodes.
export function hashLeadKey(scope: StateScope, leadKey: string): string {
	return hash('sha256', `${scopeKey(scope)}\u0000${leadKey}`, 'base64url').slice(0, 22);
}
