// Running n8n's command line from the end-to-end tests. test/e2e/run.sh prepares n8n, the user
// folder and the environment; n8n needs Node 24 while jest runs on the machine's Node.

import { execFile } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { promisify } from 'util';
import type { IConnections, IDataObject, INode, INodeExecutionData, IRun } from 'n8n-workflow';

const runFile = promisify(execFile);

export interface WorkflowFile {
	id: string;
	name: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IDataObject;
}

// Each n8n command starts a whole n8n: 3 to 9 s here, more on a busy CI machine.
export const N8N_HOOK_TIMEOUT_MS = 180_000;

function requiredEnv(name: string): string {
	const value = process.env[name];
	if (!value) {
		throw new Error(`${name} is not set: run this suite with "bash test/e2e/run.sh"`);
	}
	return value;
}

export async function n8n(...args: string[]): Promise<string> {
	return await n8nWith({}, false, ...args);
}

// `extraEnv` adds to n8n's environment for this one command. With `failing`, the command must
// exit with 1 after printing a failed execution, and what it printed is returned.
async function n8nWith(
	extraEnv: NodeJS.ProcessEnv,
	failing: boolean,
	...args: string[]
): Promise<string> {
	const node24 = requiredEnv('LEAD_SCORING_NODE24');
	const n8nBin = requiredEnv('LEAD_SCORING_N8N_BIN');
	requiredEnv('N8N_USER_FOLDER');
	// Jest sets NODE_ENV=test, under which n8n refuses to load nodes; users run it in production.
	const env = { ...process.env, ...extraEnv, NODE_ENV: 'production' };
	let stdout: string;
	try {
		({ stdout } = await runFile(node24, [n8nBin, ...args], {
			env,
			maxBuffer: 256 * 1024 * 1024,
		}));
	} catch (error) {
		const failed = error as Error & {
			stdout?: string;
			stderr?: string;
			code?: number | string;
			signal?: string | null;
		};
		// Limitation: n8n 2.41.1 on Node 24 here sometimes dies of a segmentation fault while
		// shutting down, after it has finished and printed its work (seen in about 1 run of 10).
		// Such a run counts when what it printed shows the work complete; any other failure fails.
		const crashedOnExit = failed.signal === 'SIGSEGV' || failed.code === 139;
		if (crashedOnExit && completed(args, failed.stdout ?? '')) return failed.stdout ?? '';
		const printed = failed.stdout ?? '';
		if (failing && failed.code === 1 && printed.includes('Execution was NOT successful')) {
			return printed;
		}

		const ended = `exit code ${String(failed.code)}, signal ${String(failed.signal)}`;
		const stderr = (failed.stderr ?? '').trim().slice(-4000);
		const stdout = (failed.stdout ?? '').trim().slice(-2000);
		throw new Error(
			`n8n ${args.join(' ')} failed (${ended})\nstderr:\n${stderr}\nstdout:\n${stdout}`,
		);
	}
	if (failing) throw new Error(`n8n ${args.join(' ')} succeeded; the test expected it to fail`);
	return stdout;
}

function completed(args: string[], stdout: string): boolean {
	if (args[0] === 'execute') return executionText(stdout) !== undefined;
	if (args[0] === 'import:workflow') return /Successfully imported/i.test(stdout);
	const output = args.find((arg) => arg.startsWith('--output='))?.slice('--output='.length);
	if (args[0].startsWith('export:') && output !== undefined && existsSync(output)) {
		try {
			JSON.parse(readFileSync(output, 'utf8'));
			return true;
		} catch {
			return false;
		}
	}
	return false;
}

// `n8n execute --rawOutput` prints a few log lines, then the execution as pretty-printed JSON
// from a line "{" to a line "}"; anything after that is not part of it.
function executionText(stdout: string): string | undefined {
	const start = stdout.search(/^\{$/m);
	const end = stdout.lastIndexOf('\n}');
	if (start === -1 || end < start) return undefined;
	const text = stdout.slice(start, end + 2);
	try {
		JSON.parse(text);
		return text;
	} catch {
		return undefined;
	}
}

export async function execute(workflowId: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<IRun> {
	return await executed(workflowId, extraEnv, false);
}

// An execution a step stopped: n8n prints the run after "Execution was NOT successful", then the
// error, and exits with 1.
export async function executeFailing(
	workflowId: string,
	extraEnv: NodeJS.ProcessEnv = {},
): Promise<IRun> {
	return await executed(workflowId, extraEnv, true);
}

async function executed(
	workflowId: string,
	extraEnv: NodeJS.ProcessEnv,
	failing: boolean,
): Promise<IRun> {
	const stdout = await n8nWith(extraEnv, failing, 'execute', `--id=${workflowId}`, '--rawOutput');
	const text = executionText(stdout);
	if (text === undefined) {
		throw new Error(`n8n execute printed no execution:\n${stdout.slice(-4000)}`);
	}
	return JSON.parse(text) as IRun;
}

export function readWorkflow(file: string): WorkflowFile {
	return JSON.parse(readFileSync(file, 'utf8')) as WorkflowFile;
}

export function outputs(run: IRun, nodeName: string): INodeExecutionData[][] {
	const taskData = run.data.resultData.runData[nodeName]?.[0];
	if (taskData === undefined) throw new Error(`The node "${nodeName}" did not run`);
	return (taskData.data?.main ?? []).map((items) => items ?? []);
}
