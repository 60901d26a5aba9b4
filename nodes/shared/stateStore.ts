import {
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeCredentialTestResult,
	type INodeProperties,
} from 'n8n-workflow';

import { RedisStore, type RedisSettings } from '../../lib/redisState';
import { WorkflowStore, type StateStore } from '../../lib/state';
import { failAllItems } from './itemErrors';

export const REDIS_CREDENTIAL = 'leadScoringRedisApi';

// The State Store parameter of the three nodes, shown where the node keeps state (`show`).
export function stateStoreProperty(
	show?: IDisplayOptions['show'],
	description = 'Where the node keeps what it remembers between runs',
): INodeProperties {
	return {
		displayName: 'State Store',
		name: 'stateStore',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Redis',
				value: 'redis',
				description:
					'A Redis server that all n8n processes share; needed in queue mode and when runs overlap',
			},
			{
				name: 'Workflow',
				value: 'workflow',
				description:
					'The static data n8n keeps with the workflow: nothing to set up, one n8n process at a time',
			},
		],
		default: 'workflow',
		description,
		...(show ? { displayOptions: { show } } : {}),
	};
}

// The store the node's settings choose. Editor test runs use it too, to read what production
// runs left, and save nothing (the nodes pass save: false).
export async function openStateStore(context: IExecuteFunctions): Promise<StateStore> {
	const choice = context.getNodeParameter('stateStore', 0, 'workflow') as string;
	if (choice !== 'redis') {
		return new WorkflowStore(context.getWorkflowStaticData('global'), context.getExecutionId());
	}

	const credentials = await context.getCredentials(REDIS_CREDENTIAL);
	const workflowId = context.getWorkflow().id ?? 'unsaved';
	return await RedisStore.connect(redisSettings(credentials), workflowId, context.getExecutionId());
}

// Runs `work` with the node's store and closes it whatever happens. A store that cannot be used
// fails every item the same way: the run stops with the error and its fix, or, under "continue
// on fail", every item goes to the node's fallback output (Unscored, Unassigned) carrying the
// error, as a mistake in the settings does, and is never passed on as if handled.
export async function routeWithStateStore(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	fallback: { output: number; outputCount: number },
	work: (store: StateStore) => Promise<INodeExecutionData[][]>,
): Promise<INodeExecutionData[][]> {
	try {
		const store = await openStateStore(context);
		try {
			return await work(store);
		} finally {
			await store.close();
		}
	} catch (error) {
		return failAllItems(context, items, error, fallback.output, fallback.outputCount);
	}
}

export function redisSettings(credentials: ICredentialDataDecryptedObject): RedisSettings {
	return {
		host: String(credentials.host || 'localhost').trim(),
		port: Number(credentials.port || 6379),
		user: String(credentials.user ?? ''),
		password: String(credentials.password ?? ''),
		database: Number(credentials.database || 0),
		tls: credentials.ssl === true,
		keyPrefix: String(credentials.prefix || 'leadScoring'),
	};
}

// The credential's Test button: connects with the values entered and pings.
export async function leadScoringRedisTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	try {
		await RedisStore.check(redisSettings(credential.data ?? {}));
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
	}
}
