// The command line as a user gets it: from the packed and installed package (test/e2e/run.sh
// installs it with its production dependencies only, so n8n-workflow is absent), run with this
// machine's Node, which may be older than the Node 24 n8n needs.

import { execFile } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { promisify } from 'util';

const runFile = promisify(execFile);

function packageDir(): string {
	const dir = process.env.LEAD_SCORING_PACKAGE_DIR;
	if (!dir) {
		throw new Error('LEAD_SCORING_PACKAGE_DIR is not set: run this suite with test/e2e/run.sh');
	}
	return dir;
}

async function leadScoring(...args: string[]): Promise<{ code: number; stdout: string }> {
	const cli = path.join(packageDir(), 'dist', 'cli', 'leadScoring.js');
	try {
		const { stdout } = await runFile(process.execPath, [cli, ...args]);
		return { code: 0, stdout };
	} catch (error) {
		const failed = error as { code?: number; stdout?: string };
		return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
	}
}

// Each test's files, removed when the suite ends.
const folders: string[] = [];
function temporaryFolder(): string {
	const folder = mkdtempSync(path.join(tmpdir(), 'lead-scoring-cli-e2e-'));
	folders.push(folder);
	return folder;
}
afterAll(() => {
	for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('the lead-scoring command line from the installed package', () => {
	test(`runs on this machine's Node (${process.version}) with no n8n installed`, () => {
		expect(() => require.resolve('n8n-workflow', { paths: [packageDir()] })).toThrow();
	});

	test('validates a shipped preset', async () => {
		const preset = path.join(packageDir(), 'dist', 'presets', 'b2b-saas-inbound.json');
		const { code, stdout } = await leadScoring('validate', '--model', preset);
		expect(code).toBe(0);
		expect(JSON.parse(stdout)).toEqual({ valid: true, errors: [] });
	});

	test('scores CSV leads with the preset as of a past day', async () => {
		const folder = temporaryFolder();
		const leads = path.join(folder, 'leads.csv');
		writeFileSync(
			leads,
			'email,jobTitle,companySize,country,phone\n' +
				'ana@northwind.example,VP Marketing,"1,200",Germany,1\n',
		);
		const activities = path.join(folder, 'activities.csv');
		writeFileSync(activities, 'key,type,at\nana@northwind.example,demo_request,2026-05-20\n');
		const preset = path.join(packageDir(), 'dist', 'presets', 'b2b-saas-inbound.json');
		const { code, stdout } = await leadScoring(
			'score',
			...['--model', preset, '--leads', leads, '--activities', activities],
			...['--as-of', '2026-06-01T00:00:00Z'],
		);
		expect(code).toBe(0);
		// fit 25 + 10 + 10 + 10 + 5 = 60; engagement: demo 60
		expect(JSON.parse(stdout)).toMatchObject([
			{ index: 0, leadScore: { total: 120, band: 'SQL', matrix: 'A1' } },
		]);
	});

	test('exits 1 on an invalid model', async () => {
		const folder = temporaryFolder();
		const model = path.join(folder, 'bad.json');
		writeFileSync(model, '{"rules": [{"field": "a", "operator": "gt", "value": 1, "points": 1}]}');
		const { code, stdout } = await leadScoring('validate', '--model', model);
		expect(code).toBe(1);
		expect(JSON.parse(stdout)).toMatchObject({
			valid: false,
			errors: [{ path: 'rules[0].operator' }],
		});
	});
});
