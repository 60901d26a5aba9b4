// Loads the node-test workflow fixture and lets a test change one node's settings.
import type { IDataObject, INode } from 'n8n-workflow';

import { runWorkflow, type RunResult, type WorkflowDefinition } from '../../scripts/inProcess';
import fixture from './fixtures/pipeline.json';

export function pipeline(changes: Record<string, Partial<INode>> = {}): WorkflowDefinition {
	const workflow = structuredClone(fixture) as unknown as WorkflowDefinition;
	for (const node of workflow.nodes) {
		const change = changes[node.name];
		if (change) Object.assign(node, change, { parameters: { ...node.parameters, ...change.parameters } });
	}
	return workflow;
}

export async function run(
	items: IDataObject[],
	options: {
		workflow?: WorkflowDefinition;
		startNode?: string;
		staticData?: IDataObject;
		mode?: 'manual' | 'cli' | 'trigger';
	} = {},
): Promise<RunResult> {
	return runWorkflow({
		workflow: options.workflow ?? pipeline(),
		startNode: options.startNode ?? 'Score Lead',
		items,
		mode: options.mode,
		staticData: options.staticData,
	});
}

// Which output of a node each item left on, by a field of the item.
export function routes(result: RunResult, node: string, names: string[], field = 'email') {
	const outputs = result.outputs[node] ?? [];
	return Object.fromEntries(
		names.map((name, index) => [name, (outputs[index] ?? []).map((item) => item.json[field])]),
	);
}
