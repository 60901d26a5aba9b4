// `npm run demo`: runs the pack's pipeline (Score Lead -> Threshold Router -> Assign Rep on the
// top band) through n8n's workflow engine in this process, on a leads CSV, and prints what
// happened: leads per band, leads per rep, unassigned, errors, and optionally the outcome rate
// per band, which shows whether the score means anything.

import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import type { INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { readTextFile } from '../cli/files';
import { stopText } from '../lib/errors';
import { readJson } from '../lib/json';
import { attachActivities, decimalCommaNote, emptyFileNote, readRecords } from '../lib/leadFiles';
import { parseModelJson } from '../lib/model';
import { readRoster } from '../lib/roster';
import { isMissing } from '../lib/values';
import { PACKAGE, runWorkflow, type WorkflowDefinition } from './inProcess';

// The script runs from dist/scripts when built and from scripts/ under the tests.
const ROOT = existsSync(join(__dirname, '..', 'package.json'))
	? join(__dirname, '..')
	: join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');

export interface DemoOptions {
	leads: string;
	activities?: string;
	model: string;
	roster: string;
	outcome?: string;
	key?: string;
	json: boolean;
}

const USAGE = `Usage: npm run demo -- [options]
  --leads FILE        leads, CSV or a JSON array (default: examples/leads.csv, made for the pack)
  --activities FILE   activities, CSV or JSON: lead key, type, at, other columns as properties
  --model FILE        scoring model JSON (default: examples/models/b2b-saas.json)
  --roster FILE       reps JSON: [{"id", "name", "email", "crmOwnerId", "active"}]
  --outcome COLUMN    column saying whether the lead converted (1/0, yes/no, true/false, won/lost)
  --key COLUMN        column identifying the lead (default: "email" if present, else the first
                      column with a different value on every row)
  --json              print the summary as one JSON object`;

export function parseArguments(argv: string[]): DemoOptions {
	const options: DemoOptions = {
		leads: join(EXAMPLES, 'leads.csv'),
		model: join(EXAMPLES, 'models', 'b2b-saas.json'),
		roster: join(EXAMPLES, 'roster.json'),
		json: false,
	};
	let activitiesGiven = false;
	for (let index = 0; index < argv.length; index++) {
		const flag = argv[index];
		if (flag === '--json') {
			options.json = true;
			continue;
		}
		if (flag === '--help' || flag === '-h') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		}
		const value = argv[index + 1];
		if (!['--leads', '--activities', '--model', '--roster', '--outcome', '--key'].includes(flag)) {
			fail(`Unknown option "${flag}".\n${USAGE}`);
		}
		if (value === undefined || value.startsWith('--')) fail(`${flag} needs a value.\n${USAGE}`);
		index++;
		const name = flag.slice(2) as keyof DemoOptions;
		(options as unknown as Record<string, string>)[name] = value;
		if (name === 'activities') activitiesGiven = true;
	}
	// The sample leads come with sample activities; a file of one's own comes without them.
	if (!activitiesGiven && resolve(options.leads) === join(EXAMPLES, 'leads.csv')) {
		options.activities = join(EXAMPLES, 'activities.csv');
	}
	return options;
}

// A problem with the command line or its files: printed without a stack trace.
class DemoError extends Error {}

function fail(message: string): never {
	throw new DemoError(message);
}

// Outcome columns say "1", "yes", "true", "won" or "converted"; anything blank is unknown.
const POSITIVE = new Set(['1', 'yes', 'y', 'true', 'won', 'converted', 'closed won']);
const NEGATIVE = new Set(['0', 'no', 'n', 'false', 'lost', 'not converted', 'closed lost']);

function readOutcome(value: unknown): boolean | null {
	if (isMissing(value)) return null;
	const word = String(value).trim().toLowerCase();
	if (POSITIVE.has(word)) return true;
	if (NEGATIVE.has(word)) return false;
	return null;
}

function pipeline(modelJson: string, bandNames: string[], reps: INodeParameters[], key: string) {
	const node = (name: string, type: string, x: number, parameters: INodeParameters): INode => ({
		id: name.toLowerCase().replace(/\s+/g, '-'),
		name,
		type: `${PACKAGE}.${type}`,
		typeVersion: 1,
		position: [x, 0] as [number, number],
		parameters,
		// Bad items are counted, not fatal: they leave on Unscored / Unassigned with the error.
		onError: 'continueRegularOutput' as const,
	});
	const top = bandNames.length - 1;
	const workflow: WorkflowDefinition = {
		name: 'Lead scoring demo',
		nodes: [
			node('Score Lead', 'scoreLead', 0, {
				modelSource: 'json',
				modelJson,
				options: { keyField: key },
			}),
			node('Threshold Router', 'thresholdRouter', 250, {
				bandSource: 'score',
				bands: { band: bandNames.map((name) => ({ name })) },
			}),
			node('Assign Rep', 'assignRep', 500, { rosterSource: 'ui', reps: { rep: reps } }),
		],
		connections: {
			'Score Lead': { main: [[{ node: 'Threshold Router', type: 'main', index: 0 }]] },
			'Threshold Router': {
				main: bandNames.map((_, index) =>
					index === top ? [{ node: 'Assign Rep', type: 'main', index: 0 }] : [],
				),
			},
		},
	};
	return workflow;
}

export interface Summary {
	leads: number;
	bands: Record<string, { count: number; outcomeRate: number | null }>;
	reps: Record<string, number>;
	unassigned: number;
	errors: number;
}

// The column that tells leads apart when --key is not given: "email" if there is one, else the
// first column filled in with a different value on every row (an id such as "Prospect ID"). A
// column such as "age" is no key: leads sharing a value would be taken for one lead.
function identifyingColumn(
	leads: Array<Record<string, unknown>>,
	columns: string[],
): string | undefined {
	if (columns.includes('email')) return 'email';
	return columns.find((column) => {
		const seen = new Set<string>();
		for (const lead of leads) {
			const value = String(lead[column] ?? '').trim();
			if (value === '' || seen.has(value)) return false;
			seen.add(value);
		}
		return true;
	});
}

// Runs the demo pipeline and returns its summary; the command line and the tests share it.
export async function runDemo(
	options: DemoOptions,
): Promise<{ summary: Summary; modelName: string; notes: string[] }> {
	const leadsText = readTextFile(options.leads, 'the leads file');
	const leads = readRecords(leadsText, options.leads);
	if (leads.length === 0) fail(`${options.leads} has no leads (only a header, or nothing).`);
	const columns = Object.keys(leads[0]);
	const key = options.key ?? identifyingColumn(leads, columns) ?? '';
	if (options.key !== undefined && !columns.includes(key)) {
		fail(`--key "${key}" is not a column of ${options.leads}. Columns: ${columns.join(', ')}`);
	}
	if (key === '' && options.activities) {
		fail(
			`No column of ${options.leads} tells its leads apart (no "email", and none with a ` +
				'different value on every row), so activities cannot be joined to them: give --key COLUMN',
		);
	}
	if (options.outcome !== undefined && !columns.includes(options.outcome)) {
		fail(`--outcome "${options.outcome}" is not a column of ${options.leads}. Columns: ${columns.join(', ')}`);
	}
	const activitiesFile = options.activities;
	const activities =
		activitiesFile === undefined
			? []
			: readRecords(readTextFile(activitiesFile, 'the activities file'), activitiesFile);
	const unmatched =
		activitiesFile === undefined ? 0 : attachActivities(leads, activities, key, activitiesFile);

	const modelJson = readTextFile(options.model, 'the model file');
	const model = parseModelJson(modelJson, options.model).model;
	const roster = readJson(readTextFile(options.roster, 'the roster file'));
	if (!roster.ok) fail(`The roster file ${options.roster} is not JSON (${roster.problem})`);
	const reps = roster.value as INodeParameters[];
	readRoster(reps, options.roster);

	const bandNames = model.bands.map((band) => band.name);
	const { outputs, error } = await runWorkflow({
		workflow: pipeline(modelJson, bandNames, reps, key),
		startNode: 'Score Lead',
		items: leads as never,
	});
	if (error) fail(`The pipeline stopped: ${error.message}`);

	const router = outputs['Threshold Router'] ?? [];
	const outputNames = [...bandNames, 'Unscored', 'Disqualified'];
	const summary: Summary = { leads: leads.length, bands: {}, reps: {}, unassigned: 0, errors: 0 };
	const errors: INodeExecutionData[] = [];
	outputNames.forEach((name, index) => {
		const items = router[index] ?? [];
		const outcomes = items
			.map((item) => (options.outcome ? readOutcome(item.json[options.outcome]) : null))
			.filter((outcome): outcome is boolean => outcome !== null);
		summary.bands[name] = {
			count: items.length,
			outcomeRate: outcomes.length ? outcomes.filter(Boolean).length / outcomes.length : null,
		};
		errors.push(...items.filter((item) => item.json.error !== undefined));
	});
	const [assigned = [], unassigned = []] = outputs['Assign Rep'] ?? [];
	for (const item of assigned) {
		const rep = (item.json.assignedRep as { id: string }).id;
		summary.reps[rep] = (summary.reps[rep] ?? 0) + 1;
	}
	summary.unassigned = unassigned.length;
	errors.push(...unassigned.filter((item) => item.json.error !== undefined));
	summary.errors = errors.length;

	const notes = errors.slice(0, 5).map((item) => `${item.json.error}\n    Fix: ${item.json.errorFix}`);
	if (errors.length > 5) notes.push(`... and ${errors.length - 5} more errors`);
	if (unmatched > 0) {
		notes.push(`${unmatched} activities name no lead of ${options.leads} by "${key}"; check --key`);
	}
	const decimalNote = decimalCommaNote(leadsText, options.leads, model.decimalSeparator);
	if (decimalNote !== undefined) notes.push(decimalNote);
	const noActivities =
		activitiesFile === undefined
			? undefined
			: emptyFileNote(activities, activitiesFile, 'activities');
	if (noActivities !== undefined) notes.push(noActivities);
	if (key === '') {
		notes.push(
			`No column of ${options.leads} tells its leads apart (no "email", and none with a ` +
				'different value on every row): the leads have no key, so Assign Rep cannot tell a ' +
				'lead it saw before; give --key COLUMN if one identifies them',
		);
	}
	return { summary, modelName: model.name, notes };
}

async function main(): Promise<void> {
	const options = parseArguments(process.argv.slice(2));
	const { summary, modelName, notes } = await runDemo(options);
	if (options.json) {
		// The notes (errors, activities that name no lead) go beside the JSON, not into it.
		process.stdout.write(`${JSON.stringify(summary)}\n`);
		for (const note of notes) process.stderr.write(`${note}\n`);
		return;
	}
	process.stdout.write(render(summary, options, modelName));
	for (const note of notes) process.stdout.write(`  ${note}\n`);
}

function render(summary: Summary, options: DemoOptions, modelName: string): string {
	const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
	const lines = [
		`Model: ${modelName}`,
		`Leads: ${summary.leads} from ${relative(process.cwd(), options.leads)}`,
		'',
		`${'Band'.padEnd(14)}${'Leads'.padStart(8)}${'Share'.padStart(9)}` +
			(options.outcome ? `${`${options.outcome} rate`.padStart(20)}` : ''),
	];
	for (const [name, band] of Object.entries(summary.bands).reverse()) {
		lines.push(
			`${name.padEnd(14)}${String(band.count).padStart(8)}${percent(band.count / summary.leads).padStart(9)}` +
				(options.outcome
					? (band.outcomeRate === null ? '-' : percent(band.outcomeRate)).padStart(20)
					: ''),
		);
	}
	if (options.outcome) {
		const rates = Object.values(summary.bands).filter((band) => band.outcomeRate !== null);
		const converted = rates.reduce((sum, band) => sum + band.count * (band.outcomeRate ?? 0), 0);
		const counted = rates.reduce((sum, band) => sum + band.count, 0);
		if (counted > 0) lines.push(`${'All'.padEnd(31)}${percent(converted / counted).padStart(20)}`);
	}
	lines.push('', 'Top band handed to reps:');
	for (const [rep, count] of Object.entries(summary.reps)) lines.push(`  ${rep.padEnd(20)}${count}`);
	lines.push(`  ${'Unassigned'.padEnd(20)}${summary.unassigned}`, '', `Errors: ${summary.errors}`, '');
	return lines.join('\n');
}

if (require.main === module) {
	main().catch((error: unknown) => {
		const own = (thrown: unknown): thrown is DemoError => thrown instanceof DemoError;
		process.stderr.write(`${stopText(error, own)}\n`);
		process.exit(2);
	});
}
