// Driving the queue-mode cluster that test/queue/run.sh starts: its servers (cluster.sh), the
// workflow and credential it runs with, and webhook requests to its main process.

import { execFile } from 'child_process';
import { appendFileSync, writeFileSync } from 'fs';
import path from 'path';
import { promisify } from 'util';
import type { INode, INodeProperties } from 'n8n-workflow';

import { AssignRep } from '../../nodes/AssignRep/AssignRep.node';
import { ScoreLead } from '../../nodes/ScoreLead/ScoreLead.node';
import { ThresholdRouter } from '../../nodes/ThresholdRouter/ThresholdRouter.node';
import { n8n, readWorkflow, type WorkflowFile } from '../e2e/n8n';

const runFile = promisify(execFile);

export type StateStore = 'workflow' | 'redis';

export const REPS = ['rep-1', 'rep-2', 'rep-3'];

const WORKFLOW_FILE = path.join(__dirname, 'queue.test-workflow.json');
const CLUSTER_SCRIPT = path.join(__dirname, 'cluster.sh');
const STATEFUL_NODES = ['Score Lead', 'Threshold Router', 'Assign Rep'];
const REDIS_CREDENTIAL = { id: 'LeadScoringQueueC1', name: 'Lead scoring state (queue test)' };
export const REDIS_STATE = { database: 1, keyPrefix: 'lead-scoring-queue-test' };
const REDIS_VARIANT = {
	id: 'LeadScoringQueueR1',
	name: 'Lead scoring in queue mode (test, Redis store)',
	path: 'lead-scoring-queue-redis-store',
	webhookId: '7d1c4a52-93e0-4b8e-9f55-2c61d0a8e3b4',
};

function requiredEnv(name: string): string {
	const value = process.env[name];
	if (!value) {
		throw new Error(`${name} is not set: run this suite with "bash test/queue/run.sh"`);
	}
	return value;
}

export async function cluster(command: string): Promise<void> {
	try {
		await runFile('bash', [CLUSTER_SCRIPT, command], { maxBuffer: 16 * 1024 * 1024 });
	} catch (error) {
		const failed = error as Error & { stderr?: string };
		throw new Error(`cluster.sh ${command} failed:\n${(failed.stderr ?? '').slice(-4000)}`);
	}
}

// The Redis store belongs to another change; until it lands, the nodes have no State Store
// parameter and a workflow asking for Redis would not load.
export function nodesOfferRedisStore(): boolean {
	const offersRedis = (property: INodeProperties) =>
		property.name === 'stateStore' &&
		(property.options ?? []).some((option) => 'value' in option && option.value === 'redis');
	return [new ScoreLead(), new ThresholdRouter(), new AssignRep()].every((node) =>
		node.description.properties.some(offersRedis),
	);
}

// LEAD_SCORING_QUEUE_REDIS=on|off decides; by default the Redis half runs when the nodes offer it.
export function storesToRun(): StateStore[] {
	const setting = (process.env.LEAD_SCORING_QUEUE_REDIS ?? 'auto').toLowerCase();
	if (setting === 'on') return ['workflow', 'redis'];
	if (setting === 'off') return ['workflow'];
	return nodesOfferRedisStore() ? ['workflow', 'redis'] : ['workflow'];
}

export function webhookPath(workflow: WorkflowFile): string {
	const webhook = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
	return String(webhook?.parameters.path);
}

// The same workflow with the three nodes on the Redis store: the parameters the Redis store adds,
// and its credential. Its own id and webhook path let both variants be published at once.
function redisVariant(workflow: WorkflowFile): WorkflowFile {
	const onRedis = (node: INode): INode => {
		if (node.type === 'n8n-nodes-base.webhook') {
			const parameters = { ...node.parameters, path: REDIS_VARIANT.path };
			return { ...node, parameters, webhookId: REDIS_VARIANT.webhookId };
		}
		if (!STATEFUL_NODES.includes(node.name)) return node;
		return {
			...node,
			parameters: { ...node.parameters, stateStore: 'redis' },
			credentials: { leadScoringRedisApi: REDIS_CREDENTIAL },
		};
	};
	const { id, name } = REDIS_VARIANT;
	return { ...workflow, id, name, nodes: workflow.nodes.map(onRedis) };
}

export function workflowFor(store: StateStore): WorkflowFile {
	const workflow = readWorkflow(WORKFLOW_FILE);
	return store === 'workflow' ? workflow : redisVariant(workflow);
}

// The pack's state goes to database 1 of the suite's Redis; n8n's job queue uses database 0.
function redisCredentialFile(): object[] {
	const data = {
		host: '127.0.0.1',
		port: Number(requiredEnv('LEAD_SCORING_QUEUE_REDIS_PORT')),
		user: '',
		password: '',
		database: REDIS_STATE.database,
		ssl: false,
		prefix: REDIS_STATE.keyPrefix,
	};
	// n8n 2.41's import:credentials encrypts `data` itself when it is an object, not a string.
	return [{ ...REDIS_CREDENTIAL, type: 'leadScoringRedisApi', data }];
}

// Before n8n starts: n8n reads published workflows when it starts, not while it runs.
export async function importAndPublish(stores: StateStore[]): Promise<void> {
	const folder = requiredEnv('LEAD_SCORING_QUEUE_DIR');
	if (stores.includes('redis')) {
		const credentialFile = path.join(folder, 'redis-credential.json');
		writeFileSync(credentialFile, JSON.stringify(redisCredentialFile()));
		await n8n('import:credentials', `--input=${credentialFile}`);
	}
	for (const store of stores) {
		const workflow = workflowFor(store);
		const workflowFile = path.join(folder, `workflow-${store}-store.json`);
		writeFileSync(workflowFile, JSON.stringify(workflow));
		await n8n('import:workflow', `--input=${workflowFile}`);
		await n8n('publish:workflow', `--id=${workflow.id}`);
	}
}

// The keys of one database of the suite's Redis that start with `prefix`.
export async function redisKeys(database: number, prefix: string): Promise<string[]> {
	const port = requiredEnv('LEAD_SCORING_QUEUE_REDIS_PORT');
	const { stdout } = await runFile('redis-cli', [
		...['-h', '127.0.0.1', '-p', port, '-n', String(database)],
		...['--scan', '--pattern', `${prefix}*`],
	]);
	return stdout.split('\n').filter((key) => key !== '');
}

// What the workflow's last node answers for one lead.
export interface LeadReply {
	lead: string;
	routerOutput: string;
	crossing?: { from: string | null; to: string; direction: string };
	rep: string | null;
}

export async function postLead(store: StateStore, email: string): Promise<LeadReply> {
	const main = requiredEnv('LEAD_SCORING_QUEUE_MAIN_URL');
	const url = `${main}/webhook/${webhookPath(workflowFor(store))}`;
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, intent: 'demo' }),
		signal: AbortSignal.timeout(120_000),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`POST ${email}: HTTP ${response.status} ${text.slice(0, 500)}`);
	return JSON.parse(text) as LeadReply;
}

// Posts every lead, `inFlight` requests at a time; the replies come back in the leads' order.
export async function postConcurrently(
	store: StateStore,
	emails: string[],
	inFlight: number,
): Promise<LeadReply[]> {
	const replies: LeadReply[] = new Array(emails.length);
	let next = 0;
	const sender = async () => {
		while (next < emails.length) {
			const index = next++;
			replies[index] = await postLead(store, emails[index]);
		}
	};
	await Promise.all(Array.from({ length: inFlight }, sender));
	return replies;
}

export async function postOneByOne(store: StateStore, emails: string[]): Promise<LeadReply[]> {
	const replies: LeadReply[] = [];
	for (const email of emails) replies.push(await postLead(store, email));
	return replies;
}

export function leadsPerRep(replies: LeadReply[]): Record<string, number> {
	const counts: Record<string, number> = Object.fromEntries(REPS.map((rep) => [rep, 0]));
	for (const { rep } of replies) {
		if (rep !== null) counts[rep] = (counts[rep] ?? 0) + 1;
	}
	return counts;
}

export function countBy(
	replies: LeadReply[],
	key: (reply: LeadReply) => string,
): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const reply of replies) counts[key(reply)] = (counts[key(reply)] ?? 0) + 1;
	return counts;
}

// For quoting: printed by jest, and by run.sh at the end of the run.
export function report(line: string): void {
	console.log(line);
	appendFileSync(path.join(requiredEnv('LEAD_SCORING_QUEUE_DIR'), 'spreads.txt'), `${line}\n`);
}
