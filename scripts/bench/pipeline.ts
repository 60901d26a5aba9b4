// The three nodes as the benchmark runs them: Score Lead -> Threshold Router -> Assign Rep on
// the SQL output, with the workload's model and three reps. Shared by the in-process and the
// real-n8n cases so both measure the same workflow.

import type { IConnections, INode } from 'n8n-workflow';

export const BENCH_REPS = [
	{ id: 'rep-1', name: 'Rep One', email: 'rep1@example.com', crmOwnerId: '1', active: true },
	{ id: 'rep-2', name: 'Rep Two', email: 'rep2@example.com', crmOwnerId: '2', active: true },
	{ id: 'rep-3', name: 'Rep Three', email: 'rep3@example.com', crmOwnerId: '3', active: true },
];

export function packNodes(model: object, asOf: string, x = 0): INode[] {
	return [
		{
			id: 'bench-score-lead',
			name: 'Score Lead',
			type: 'n8n-nodes-lead-scoring.scoreLead',
			typeVersion: 1,
			position: [x, 0],
			parameters: { modelSource: 'json', modelJson: JSON.stringify(model), options: { asOf } },
		},
		{
			id: 'bench-threshold-router',
			name: 'Threshold Router',
			type: 'n8n-nodes-lead-scoring.thresholdRouter',
			typeVersion: 1,
			position: [x + 250, 0],
			parameters: {},
		},
		{
			id: 'bench-assign-rep',
			name: 'Assign Rep',
			type: 'n8n-nodes-lead-scoring.assignRep',
			typeVersion: 1,
			position: [x + 500, 0],
			parameters: { reps: { rep: BENCH_REPS } },
		},
	];
}

export const PACK_CONNECTIONS: IConnections = {
	'Score Lead': { main: [[{ node: 'Threshold Router', type: 'main', index: 0 }]] },
	'Threshold Router': { main: [[], [], [{ node: 'Assign Rep', type: 'main', index: 0 }], [], []] },
};

export const PACK_NODE_NAMES = ['Score Lead', 'Threshold Router', 'Assign Rep'];

// Real n8n's execution time of each measured node, by node name, and their sum.
export type NodeTimes = Record<string, number>;

export function totalMs(times: NodeTimes): number {
	return Object.values(times).reduce((sum, ms) => sum + ms, 0);
}
