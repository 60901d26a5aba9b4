import type { ICredentialType, INodeProperties } from 'n8n-workflow';

// The Redis server where Score Lead, Threshold Router and Assign Rep keep their state when their
// State Store is Redis. The nodes' Test button connects and pings (see nodes/shared/stateStore.ts).
export class LeadScoringRedisApi implements ICredentialType {
	name = 'leadScoringRedisApi';

	displayName = 'Lead Scoring Redis API';

	documentationUrl =
		'https://github.com/n8n-nodes-lead-scoring/n8n-nodes-lead-scoring#redis-for-queue-mode';

	icon = { light: 'file:leadScoringRedis.svg', dark: 'file:leadScoringRedis.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: 'localhost',
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 6379,
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			description: 'Leave empty unless the server uses access control lists (ACL)',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Database Number',
			name: 'database',
			type: 'number',
			default: 0,
		},
		{
			displayName: 'SSL/TLS',
			name: 'ssl',
			type: 'boolean',
			default: false,
		},
		{
			displayName: 'Key Prefix',
			name: 'prefix',
			type: 'string',
			default: 'leadScoring',
			description:
				'Start of every key the nodes write; give each client its own prefix to share one Redis server between clients',
		},
	];
}
