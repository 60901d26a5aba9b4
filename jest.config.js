// Four suites: engine unit tests, node tests through n8n's engine in-process, the end-to-end suite
// in a real n8n (run by test/e2e/run.sh, which installs and starts what it needs), the same in
// queue mode with Redis and PostgreSQL (run by test/queue/run.sh, which starts the servers), and
// the editor in a real browser (run by test/browser/run.sh).
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };

module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: tsJest,
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
		},
		{
			displayName: 'nodes',
			testEnvironment: 'node',
			transform: tsJest,
			testMatch: ['<rootDir>/test/nodes/**/*.test.ts'],
			setupFiles: ['<rootDir>/test/setupEnv.js'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: tsJest,
			testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
		},
		{
			displayName: 'queue',
			testEnvironment: 'node',
			transform: tsJest,
			testMatch: ['<rootDir>/test/queue/**/*.queue.test.ts'],
		},
		{
			displayName: 'browser',
			testEnvironment: 'node',
			transform: tsJest,
			testMatch: ['<rootDir>/test/browser/**/*.browser.test.ts'],
		},
	],
};
