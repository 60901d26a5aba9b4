import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runCli } from '../../cli/leadScoring';
import type { LeadScore } from '../../lib/scoring';

const folder = mkdtempSync(join(tmpdir(), 'lead-scoring-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = (name: string, content: string) => {
	const path = join(folder, name);
	writeFileSync(path, content);
	return path;
};

const model = file(
	'model.json',
	JSON.stringify({
		name: 'CLI model',
		rules: [
			{ id: 'vp', field: 'jobTitle', operator: 'contains', value: 'vp', points: 40 },
			{ id: 'demo', activity: 'demo_request', withinDays: 30, points: 60 },
		],
	}),
);
const badModel = file(
	'bad.json',
	JSON.stringify({ rules: [{ field: 'a', operator: 'gt', value: 1, points: 1 }] }),
);

function parsed(args: string[]): { exitCode: number; output: unknown } {
	const result = runCli(args, new Date('2026-06-01T00:00:00Z'));
	const output: unknown = result.stdout ? JSON.parse(result.stdout) : result.stderr;
	return { exitCode: result.exitCode, output };
}

describe('lead-scoring on the command line', () => {
	test('validate prints {"valid": true, "errors": []} for a good model', () => {
		expect(parsed(['validate', '--model', model])).toEqual({
			exitCode: 0,
			output: { valid: true, errors: [] },
		});
	});

	test('validate lists the problems with their paths and exits 1 for a bad model', () => {
		expect(parsed(['validate', '--model', badModel])).toEqual({
			exitCode: 1,
			output: {
				valid: false,
				errors: [
					{ path: 'rules[0].operator', message: '"gt" is not an operator', fix: 'use "greaterThan"' },
				],
			},
		});
	});

	test('score reads CSV leads and JSON activities and prints one result per lead', () => {
		const leads = file('leads.csv', 'email,jobTitle\nana@x.example,VP Sales\nben@x.example,Intern\n');
		const activities = file(
			'activities.json',
			JSON.stringify([
				{ key: 'ANA@x.example', type: 'demo_request', at: '2026-05-20' },
				{ key: 'ben@x.example', type: 'demo_request', at: '2026-01-01' },
			]),
		);
		const { exitCode, output } = parsed([
			'score', '--model', model, '--leads', leads, '--activities', activities, '--as-of', '2026-06-01',
		]);
		expect(exitCode).toBe(0);
		const results = output as Array<{ index: number; leadScore: LeadScore }>;
		const rows = results.map(({ index, leadScore }) => [
			index,
			leadScore.key,
			leadScore.total,
			leadScore.band,
		]);
		expect(rows).toEqual([
			[0, 'ana@x.example', 100, 'SQL'],
			[1, 'ben@x.example', 0, 'Nurture'],
		]);
	});

	test("a lead's own activities as JSON text are kept beside the file's, and a list email joins", () => {
		const leads = file(
			'own.json',
			JSON.stringify([
				{ email: 'cai@x.example', activities: '[{"type": "demo_request", "at": "2026-05-25"}]' },
				{ email: [{ value: 'Dee@X.example', primary: true }] },
			]),
		);
		const activities = file(
			'joined.json',
			JSON.stringify([{ key: 'dee@x.example', type: 'demo_request', at: '2026-05-20' }]),
		);
		const { output } = parsed([
			'score', '--model', model, '--leads', leads, '--activities', activities, '--as-of', '2026-06-01',
		]);
		expect(output).toMatchObject([
			{ index: 0, leadScore: { key: 'cai@x.example', total: 60 } },
			{ index: 1, leadScore: { key: 'dee@x.example', total: 60 } },
		]);
	});

	test('activities that name no lead are counted in a warning on standard error', () => {
		const leads = file('warned.json', JSON.stringify([{ email: 'eve@x.example' }]));
		const activities = file(
			'unmatched.json',
			JSON.stringify([
				{ key: 'eve@x.example', type: 'demo_request', at: '2026-05-20' },
				{ key: 'nobody@x.example', type: 'demo_request', at: '2026-05-20' },
			]),
		);
		const result = runCli(
			['score', '--model', model, '--leads', leads, '--activities', activities],
			new Date('2026-06-01T00:00:00Z'),
		);
		expect(result.exitCode).toBe(0);
		expect(result.stderr).toBe(
			`1 activities in ${activities} name no lead; check that their key matches the leads' ` +
				'"email" (--key)\n',
		);
	});

	test('a semicolon CSV read with a decimal-point model is pointed at decimalSeparator', () => {
		const leads = file('de.csv', 'email;companySize\nana@firma.example;1.200\n');
		const result = runCli(
			['score', '--model', model, '--leads', leads],
			new Date('2026-06-01T00:00:00Z'),
		);
		expect(result.exitCode).toBe(0);
		expect(result.stderr).toBe(
			`${leads} is separated by semicolons, as spreadsheets that write decimal commas save ` +
				'CSV; if its numbers are written like 1.250,50, set "decimalSeparator": "," in the model\n',
		);
		const commaModel = file(
			'comma-model.json',
			JSON.stringify({
				decimalSeparator: ',',
				rules: [{ field: 'companySize', operator: 'atLeast', value: 1000, points: 10 }],
			}),
		);
		const read = runCli(['score', '--model', commaModel, '--leads', leads]);
		expect(read.stderr).toBe('');
		expect(JSON.parse(read.stdout)[0].leadScore.total).toBe(10);
	});

	test('a leads or activities file with no rows is said on standard error, and a .json file that is not JSON is refused', () => {
		const empty = file('header-only.csv', 'email,jobTitle\n');
		const none = runCli(['score', '--model', model, '--leads', empty]);
		expect(none.exitCode).toBe(0);
		expect(none.stdout).toBe('[]\n');
		expect(none.stderr).toBe(`${empty} has no leads (only a header, or nothing)\n`);
		const noRows = file('no-activities.csv', 'key,type,at\n');
		const leads = file('one-lead.json', JSON.stringify([{ email: 'ana@x.example' }]));
		const quiet = runCli(['score', '--model', model, '--leads', leads, '--activities', noRows]);
		expect(quiet.exitCode).toBe(0);
		expect(quiet.stderr).toBe(`${noRows} has no activities (only a header, or nothing)\n`);

		const garbage = file('garbage.json', 'not json');
		const refused = runCli(['score', '--model', model, '--leads', garbage]);
		expect(refused.exitCode).toBe(2);
		expect(refused.stderr).toBe(
			`${garbage} is named .json but holds no JSON list\n` +
				'Fix: put the records in a JSON array, [{...}, {...}], or save them as a CSV file\n',
		);
	});

	test('an activity row with a blank key is refused rather than joined to leads without one', () => {
		const leads = file('keyless.json', JSON.stringify([{ jobTitle: 'VP' }, { email: '' }]));
		const activities = file('blank-key.csv', 'key,type,at\n,demo_request,2026-05-20\n');
		const { exitCode, output } = parsed([
			'score', '--model', model, '--leads', leads, '--activities', activities,
		]);
		expect(exitCode).toBe(2);
		expect(output).toBe(
			`Row 1 of ${activities} has no "key" or no "type"\n` +
				'Fix: give every activity the lead\'s key in the "key" column, and a "type"\n',
		);
	});

	test('a JSON file holding one object, not a list, is refused', () => {
		const leads = file('object.json', JSON.stringify({ email: 'ana@x.example' }));
		const { exitCode, output } = parsed(['score', '--model', model, '--leads', leads]);
		expect(exitCode).toBe(2);
		expect(output).toBe(
			`${leads} holds one JSON object, not a list\n` +
				'Fix: put the records in a JSON array, [{...}, {...}], or give a CSV file with a header row\n',
		);
	});

	test('CRM ids keep their case when activities are joined; email addresses do not', () => {
		const leads = file('ids.json', JSON.stringify([{ crmId: 'AB-1' }, { crmId: 'ab-1' }]));
		const activities = file(
			'by-id.json',
			JSON.stringify([{ key: 'AB-1', type: 'demo_request', at: '2026-05-20' }]),
		);
		const { output } = parsed([
			'score', '--model', model, '--leads', leads, '--activities', activities, '--key', 'crmId',
			'--as-of', '2026-06-01',
		]);
		expect(output).toMatchObject([
			{ index: 0, leadScore: { key: 'AB-1', total: 60 } },
			{ index: 1, leadScore: { key: 'ab-1', total: 0 } },
		]);
	});

	test('a lead the engine cannot read gets its error; the others are scored', () => {
		const leads = file(
			'leads.json',
			JSON.stringify([{ email: 'a@x.example', activities: 'lots' }, { jobTitle: 'VP' }]),
		);
		const { output } = parsed(['score', '--model', model, '--leads', leads, '--as-of', '2026-06-01']);
		expect(output).toMatchObject([
			{
				index: 0,
				error: 'The field "activities" holds text that is not a JSON list of activities ("lots")',
			},
			{ index: 1, leadScore: { total: 40 } },
		]);
	});

	test('score with an invalid model exits 1 and prints the problems', () => {
		const leads = file('one.json', '[{}]');
		expect(parsed(['score', '--model', badModel, '--leads', leads]).exitCode).toBe(1);
	});

	test('an unknown option or a missing file exits 2 with the usage', () => {
		expect(parsed(['score', '--modle', model])).toMatchObject({ exitCode: 2 });
		const missing = runCli(['validate', '--model', join(folder, 'nope.json')]);
		expect(missing.exitCode).toBe(2);
		expect(missing.stderr).toBe(
			`Cannot read "${join(folder, 'nope.json')}": there is no such file\n` +
				'Fix: check the file name and its folder (a relative path starts from the current folder)\n',
		);
		// The command was right, so its usage is not printed again.
		expect(missing.stderr).not.toContain('Usage');
	});

	test('a --key field that no lead has exits 2 instead of scoring every lead without a key', () => {
		const leads = file('keyed.json', JSON.stringify([{ email: 'a@x.example' }]));
		const result = runCli(['score', '--model', model, '--leads', leads, '--key', 'nope']);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toBe(
			`--key "nope": no lead in ${leads} has that field\n` +
				'Fix: name a field the leads have (the first lead has: email)\n',
		);
	});

	test('schema prints the shipped JSON Schema', () => {
		const { output } = parsed(['schema']);
		expect(output).toMatchObject({ title: 'Lead scoring model, format version 1' });
	});
});
