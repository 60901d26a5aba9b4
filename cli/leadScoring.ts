#!/usr/bin/env node
// The lead-scoring command line: the same engine as the Score Lead node, without n8n, for CI
// checks of model files and for scoring an export. It imports only the engine (lib/), which has
// no n8n imports, so it runs on Node 20 where n8n cannot be installed.
//
//   lead-scoring validate --model FILE
//   lead-scoring score --model FILE --leads FILE [--activities FILE] [--as-of ISO-8601]
//                      [--time-zone ZONE] [--key FIELD]
//   lead-scoring schema

import { LeadDataError, LeadScoringError, type ModelProblem } from '../lib/errors';
import { readField } from '../lib/fieldPath';
import { attachActivities, decimalCommaNote, emptyFileNote, readRecords } from '../lib/leadFiles';
import { checkModel, type CompiledModel } from '../lib/model';
import { MODEL_SCHEMA } from '../lib/modelSchema';
import { readJson } from '../lib/json';
import { scoreLead } from '../lib/scoring';
import { isValidTimeZone, parseInstant } from '../lib/time';
import { readTextFile } from './files';

const USAGE = `Usage:
  lead-scoring validate --model FILE
  lead-scoring score --model FILE --leads FILE [--activities FILE] [--as-of ISO-8601]
                     [--time-zone ZONE] [--key FIELD]
  lead-scoring schema

Leads and activities are a JSON array or a CSV file. Activities name their lead in a "key"
column (or the leads' key column) and carry "type" and "at". Output is JSON on standard output.
Exit codes: 0 done, 1 the model is invalid, 2 a usage or file error.
`;

const FLAGS = new Set(['--model', '--leads', '--activities', '--as-of', '--time-zone', '--key']);

export interface CliResult {
	exitCode: number;
	stdout: string;
	stderr: string;
}

class UsageError extends Error {}

export function runCli(args: string[], now: Date = new Date()): CliResult {
	try {
		return run(args, now);
	} catch (error) {
		if (error instanceof UsageError) {
			return { exitCode: 2, stdout: '', stderr: `${error.message}\n\n${USAGE}` };
		}
		if (error instanceof LeadScoringError) {
			return { exitCode: 2, stdout: '', stderr: `${error.toText()}\n` };
		}
		throw error;
	}
}

function run(args: string[], now: Date): CliResult {
	const [command, ...rest] = args;
	const flags = readFlags(rest);
	switch (command) {
		case 'validate': {
			const { problems } = readModel(required(flags, '--model'));
			return json({ valid: problems.length === 0, errors: problems }, problems.length === 0 ? 0 : 1);
		}
		case 'score':
			return score(flags, now);
		case 'schema':
			return json(MODEL_SCHEMA, 0);
		case undefined:
		case '--help':
		case 'help':
			return { exitCode: command === undefined ? 2 : 0, stdout: USAGE, stderr: '' };
		default:
			throw new UsageError(`"${command}" is not a command`);
	}
}

function score(flags: Map<string, string>, now: Date): CliResult {
	const modelFile = required(flags, '--model');
	const { compiled, problems } = readModel(modelFile);
	if (compiled === undefined) return json({ valid: false, errors: problems }, 1);

	const timeZone = flags.get('--time-zone') ?? 'UTC';
	if (!isValidTimeZone(timeZone)) {
		throw new UsageError(`--time-zone "${timeZone}" is not a time zone, e.g. Europe/Berlin`);
	}
	const asOfText = flags.get('--as-of');
	const asOf = asOfText === undefined ? now.getTime() : parseInstant(asOfText, timeZone);
	if (asOf === null) {
		throw new UsageError(`--as-of "${asOfText}" is not a date, e.g. 2026-03-31T00:00:00Z`);
	}

	const leadsFile = required(flags, '--leads');
	const leadsText = readTextFile(leadsFile);
	const leads = readRecords(leadsText, leadsFile);
	const key = flags.get('--key') ?? 'email';
	if (flags.has('--key') && !leads.some((lead) => readField(lead, key) !== undefined)) {
		// The command was right and the data did not fit it: the message and fix, without the usage.
		const fields = leads.length > 0 ? Object.keys(leads[0]).join(', ') : 'none';
		throw new LeadDataError(
			`--key "${key}": no lead in ${leadsFile} has that field`,
			`name a field the leads have (the first lead has: ${fields})`,
		);
	}
	const activitiesFile = flags.get('--activities');
	let unmatched = 0;
	let noActivities: string | undefined;
	if (activitiesFile !== undefined) {
		const rows = readRecords(readTextFile(activitiesFile), activitiesFile);
		unmatched = attachActivities(leads, rows, key, activitiesFile);
		noActivities = emptyFileNote(rows, activitiesFile, 'activities');
	}

	const keyField = flags.has('--key') ? { keyField: key } : {};
	const options = { asOf: new Date(asOf), timeZone, ...keyField };
	const results = leads.map((lead, index) => scoreOne(compiled, lead, index, options));
	// Rows that name no lead are the usual sign of the wrong key column, not leads without activity.
	const warnings = [
		unmatched === 0
			? undefined
			: `${unmatched} activities in ${activitiesFile} name no lead; check that their key ` +
				`matches the leads' "${key}" (--key)`,
		decimalCommaNote(leadsText, leadsFile, compiled.model.decimalSeparator),
		emptyFileNote(leads, leadsFile, 'leads'),
		noActivities,
	].filter((warning) => warning !== undefined);
	return { ...json(results, 0), stderr: warnings.map((warning) => `${warning}\n`).join('') };
}

// One result per lead, in input order; a lead the engine cannot read gets its error instead of
// stopping the others.
function scoreOne(
	compiled: CompiledModel,
	lead: Record<string, unknown>,
	index: number,
	options: Parameters<typeof scoreLead>[2],
): Record<string, unknown> {
	try {
		return { index, leadScore: scoreLead(compiled, lead, options) };
	} catch (error) {
		if (!(error instanceof LeadScoringError)) throw error;
		return { index, error: error.message, fix: error.fix };
	}
}

function readModel(file: string): { compiled?: CompiledModel; problems: ModelProblem[] } {
	const reading = readJson(readTextFile(file));
	if (!reading.ok) {
		return {
			problems: [
				{
					path: file,
					message: `is not valid JSON (${reading.problem})`,
					fix: 'save the model as JSON, or check it with a JSON validator',
				},
			],
		};
	}
	return checkModel(reading.value);
}

function readFlags(args: string[]): Map<string, string> {
	const flags = new Map<string, string>();
	for (let index = 0; index < args.length; index += 2) {
		const flag = args[index];
		const value = args[index + 1];
		if (!FLAGS.has(flag)) throw new UsageError(`"${flag}" is not an option`);
		if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
		flags.set(flag, value);
	}
	return flags;
}

function required(flags: Map<string, string>, flag: string): string {
	const value = flags.get(flag);
	if (value === undefined) throw new UsageError(`${flag} is required`);
	return value;
}

function json(value: unknown, exitCode: number): CliResult {
	return { exitCode, stdout: `${JSON.stringify(value, null, 2)}\n`, stderr: '' };
}

if (require.main === module) {
	// Output piped into a program that stops reading early (`| head`) is not an error of ours.
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE') throw error;
		process.exit(process.exitCode ?? 0);
	});
	const result = runCli(process.argv.slice(2));
	process.stdout.write(result.stdout);
	process.stderr.write(result.stderr);
	process.exitCode = result.exitCode;
}
