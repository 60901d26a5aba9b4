// Runs a workflow of the pack's nodes through n8n's own workflow engine (n8n-core), in this
// process, with no n8n server: expressions, parameter defaults, `continueOnFail`, paired items and
// workflow static data behave as in n8n. Used by the demo, the node tests and the benchmark.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core reads its settings folder when first loaded; give it a throwaway one unless the
// caller chose. This must run before n8n-core is loaded below.
if (process.env.N8N_USER_FOLDER === undefined) {
	const folder = mkdtempSync(join(tmpdir(), 'lead-scoring-n8n-'));
	process.env.N8N_USER_FOLDER = folder;
	process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
}
// Without a key n8n-core makes one and announces it on standard output, which would spoil
// machine-readable output such as `npm run demo -- --json`. Nothing here is encrypted.
process.env.N8N_ENCRYPTION_KEY ??= 'lead-scoring-in-process';
// n8n logs every node error to the console; here the caller reports errors itself.
process.env.N8N_LOG_LEVEL ??= 'silent';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	Workflow,
	type IConnections,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { AssignRep } from '../nodes/AssignRep/AssignRep.node';
import { LeadScoringState } from '../nodes/LeadScoringState/LeadScoringState.node';
import { ModelLab } from '../nodes/ModelLab/ModelLab.node';
import { ScoreLead } from '../nodes/ScoreLead/ScoreLead.node';
import { ThresholdRouter } from '../nodes/ThresholdRouter/ThresholdRouter.node';

export const PACKAGE = 'n8n-nodes-lead-scoring';

// Stand-in for the CRM and email steps: passes items on, so a test sees what would be sent.
class PassThrough implements INodeType {
	description = {
		displayName: 'Pass Through',
		name: 'passThrough',
		group: ['transform'],
		version: 1,
		description: 'Passes items on unchanged',
		defaults: { name: 'Pass Through' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: import('n8n-workflow').IExecuteFunctions) {
		return [this.getInputData()];
	}
}

// Stand-in for a step that fails, such as a CRM that is down: tests use it to check that a
// failure after the pack's nodes loses no hand-off.
class StopAndError extends PassThrough {
	async execute(this: import('n8n-workflow').IExecuteFunctions): Promise<never> {
		throw new Error('The CRM step failed (stand-in)');
	}
}

const NODE_TYPES: Record<string, INodeType> = {
	[`${PACKAGE}.scoreLead`]: new ScoreLead(),
	[`${PACKAGE}.thresholdRouter`]: new ThresholdRouter(),
	[`${PACKAGE}.assignRep`]: new AssignRep(),
	[`${PACKAGE}.modelLab`]: new ModelLab(),
	[`${PACKAGE}.leadScoringState`]: new LeadScoringState(),
	'n8n-nodes-base.noOp': new PassThrough(),
	'n8n-nodes-base.stopAndError': new StopAndError(),
};

const nodeTypes: INodeTypes = {
	getByName: (type) => lookup(type),
	getByNameAndVersion: (type) => lookup(type),
	getKnownTypes: () => ({}),
};

function lookup(type: string): INodeType {
	const nodeType = NODE_TYPES[type];
	if (nodeType === undefined) {
		throw new Error(
			`The in-process runner has no node type "${type}"; use the pack's nodes or noOp`,
		);
	}
	return nodeType;
}

export interface WorkflowDefinition {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	staticData?: IDataObject;
	// Workflow settings such as `timezone`, as in an exported workflow.
	settings?: IDataObject;
}

export interface RunOptions {
	workflow: WorkflowDefinition;
	// The node that receives the input items; the run starts there.
	startNode: string;
	items: IDataObject[];
	// 'manual' is an editor test run; other modes behave as production runs.
	mode?: WorkflowExecuteMode;
	// Workflow static data carried over from an earlier run; updated in place after every run
	// that is not a manual one and changed it, failed or not, as n8n 2.41 saves it.
	staticData?: IDataObject;
	// Decrypted credential data by credential type, for nodes that name a credential.
	credentials?: Record<string, IDataObject>;
	// Each n8n execution has its own id, and so has each run here unless one is given.
	executionId?: string;
}

export interface RunResult {
	run: IRun;
	// Output items of each node, by node name and output index (last run of the node).
	outputs: Record<string, INodeExecutionData[][]>;
	staticData: IDataObject;
	error?: Error;
}

let executionCount = 0;

export async function runWorkflow(options: RunOptions): Promise<RunResult> {
	const mode = options.mode ?? 'cli';
	const staticData = options.staticData ?? {};
	const workflow = new Workflow({
		id: options.workflow.id ?? 'in-process',
		name: options.workflow.name ?? 'In-process workflow',
		nodes: options.workflow.nodes,
		connections: options.workflow.connections,
		active: false,
		nodeTypes,
		// n8n hands the engine a copy and saves it back only when the run succeeds.
		staticData: structuredClone(staticData),
		settings: { executionOrder: 'v1', ...options.workflow.settings },
	});

	const start = workflow.getNode(options.startNode);
	if (start === null) throw new Error(`The workflow has no node named "${options.startNode}"`);

	const workflowData: IWorkflowBase = {
		id: workflow.id,
		name: workflow.name ?? '',
		active: false,
		isArchived: false,
		nodes: options.workflow.nodes,
		connections: options.workflow.connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	};
	// Every n8n execution has its own id; hand-offs awaiting confirmation are told apart by it.
	const executionId = options.executionId ?? `in-process-${++executionCount}`;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const additionalData = {
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		credentialsHelper: {
			getParentTypes: () => [],
			isCredentialUsableByNode: () => true,
			getDecrypted: async (_data: unknown, _nodeCredentials: unknown, type: string) => {
				const credential = options.credentials?.[type];
				if (credential === undefined) throw new Error(`The test gives no "${type}" credential`);
				return credential;
			},
		},
		// Never contacted: n8n builds resume and form URLs from these, so they must parse.
		...Object.fromEntries(
			[
				'restApiUrl',
				'instanceBaseUrl',
				'formBaseUrl',
				'formWaitingBaseUrl',
				'formTestBaseUrl',
				'webhookBaseUrl',
				'webhookWaitingBaseUrl',
				'webhookTestBaseUrl',
				'mcpBaseUrl',
				'mcpTestBaseUrl',
			].map((key) => [key, 'http://127.0.0.1:5678']),
		),
		variables: {},
		userId: 'in-process',
		logAiEvent: async () => {},
	} as unknown as IWorkflowExecuteAdditionalData;

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: start,
					data: { main: [options.items.map((json) => ({ json }))] },
					source: null,
				},
			],
		},
	});
	const run = await new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);

	// As n8n 2.41's lifecycle hook does: a failed execution's changes are saved too.
	const error = run.data.resultData.error;
	if (mode !== 'manual' && workflow.staticData.__dataChanged === true) {
		for (const key of Object.keys(staticData)) delete staticData[key];
		Object.assign(staticData, structuredClone(plain(workflow.staticData)));
	}

	const outputs: RunResult['outputs'] = {};
	for (const [name, tasks] of Object.entries(run.data.resultData.runData)) {
		const last = tasks[tasks.length - 1];
		outputs[name] = (last?.data?.main ?? []).map((items) => items ?? []);
	}
	return { run, outputs, staticData, ...(error ? { error: error as Error } : {}) };
}

// Static data is a proxy that tracks changes; copy it out as plain data.
function plain(data: IDataObject): IDataObject {
	return JSON.parse(JSON.stringify(data)) as IDataObject;
}
