import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { defineConfig, globalIgnores } from 'eslint/config';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

// Code that n8n loads and runs: n8n's rules apply here in full, except where noted below.
const RUNS_IN_N8N = ['nodes/**/*.ts', 'credentials/**/*.ts', 'lib/**/*.ts'];

// The only packages code that runs in n8n may import. n8n provides n8n-workflow and luxon;
// crypto is built into Node (lead keys are stored hashed). The Redis client joins this list by
// name when it is added to `dependencies`.
const RUNTIME_IMPORTS = ['n8n-workflow', 'luxon', 'crypto', 'node:crypto', 'ioredis'];

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const allowedNames = RUNTIME_IMPORTS.map(escapeRegex).join('|');
const NOT_RELATIVE_OR_ALLOWED = `^(?!\\.\\.?/|(${allowedNames})(/|$))`;

// This is a self-hosted community package, not one that n8n Cloud can verify: the Threshold
// Router is flow control with several outputs, and the Redis store brings a runtime dependency.
// So the `recommendedWithoutN8nCloudSupport` preset would seem to fit, but it drops the bans on
// process, timers, globalThis and __dirname and the import allow-list, which this pack keeps in
// the code n8n runs. `recommended` is therefore taken whole, and only the rules the self-hosted
// deviations contradict are switched off by name.
const communityNodes = n8nCommunityNodesPlugin.configs.recommended;

export default defineConfig([
	globalIgnores(['dist/', 'node_modules/', 'coverage/', 'templates/', 'examples/']),

	{
		name: 'lead-scoring/typescript',
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
	},

	{
		name: 'lead-scoring/n8n-community-nodes',
		files: [...RUNS_IN_N8N, 'package.json'],
		plugins: communityNodes.plugins,
		rules: {
			...communityNodes.rules,

			// Off: the Redis client (and, for the command line outside n8n, luxon) are declared
			// runtime dependencies; that is why this is a self-hosted package.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',

			// Off: its allow-list is fixed and has no room for the Redis client. The pack's own
			// list (RUNTIME_IMPORTS) takes its place through the core rule below.
			'@n8n/community-nodes/no-restricted-imports': 'off',
		},
	},

	{
		name: 'lead-scoring/runs-in-n8n',
		files: RUNS_IN_N8N,
		rules: {
			// Nothing is printed to the console in n8n; neither n8n plugin carries this ban.
			'no-console': 'error',
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: NOT_RELATIVE_OR_ALLOWED,
							message:
								'Code that runs in n8n imports only relative paths and ' +
								`${RUNTIME_IMPORTS.join(', ')}.`,
						},
					],
				},
			],
		},
	},

	{
		name: 'lead-scoring/package-json',
		files: ['package.json'],
		// The TypeScript parser reads a .json file as one object expression, which is what the
		// package.json rules of both n8n plugins look for.
		languageOptions: { parser: tseslint.parser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8nNodesBase.configs.community.rules,
	},

	{
		name: 'lead-scoring/n8n-nodes',
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,

			// Off: both count only string literals such as 'main', while
			// @n8n/community-nodes/node-connection-type-literal requires NodeConnectionTypes.Main,
			// so no node can satisfy both. The outputs rule also allows a single output only,
			// and the Threshold Router has one output per band.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},

	{
		name: 'lead-scoring/n8n-credentials',
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,

			// Off: it wants a camelCase docs slug (meant for n8n's own repository), while
			// cred-class-field-documentation-url-not-http-url and
			// @n8n/community-nodes/credential-documentation-url both require a URL, so no
			// credential can satisfy all three.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
]);
