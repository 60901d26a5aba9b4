// `npm run eval`: learns a points table from 70% of past leads (a stratified split drawn from the
// seed) and reports, on the other 30%, how well it ranks them (AUC) next to a hand-written model
// and a plain logistic regression on every column, the yardstick a readable table should reach.

import { readTextFile } from '../cli/files';
import { readOutcomes, rocAuc } from '../lib/backtest';
import { stopText } from '../lib/errors';
import { learnPoints, type LearnedModel } from '../lib/learnPoints';
import { fitLogistic, linearScore, type SparseRow } from '../lib/logistic';
import { readRecords } from '../lib/leadFiles';
import { compileModel, parseModelJson, type CompiledModel } from '../lib/model';
import { scoreLead } from '../lib/scoring';
import { stratifiedSplit } from '../lib/split';
import { isMissing, normalizeText, readNumber } from '../lib/values';

export interface EvalOptions {
	leads: string;
	outcome: string;
	wonIds?: string;
	key?: string;
	exclude: string[];
	hand?: string;
	seed: number;
	json: boolean;
}

export interface EvalResult {
	seed: number;
	learned: { auc: number | null; rules: number; model: LearnedModel };
	hand: { auc: number | null } | null;
	logistic: { auc: number | null; features: number };
	training: number;
	heldOut: number;
}

const USAGE = `Usage: npm run eval -- --leads FILE --outcome COLUMN [options]
  --leads FILE        past leads, CSV or a JSON array
  --outcome COLUMN    column saying whether the lead converted (1/0, yes/no, true/false, won/lost);
                      with --won-ids, the name given to the outcome made from that file
  --won-ids FILE      a CSV or JSON of won leads: a lead converted when its key appears there
  --key COLUMN        with --won-ids: the column holding the lead's key in both files
  --exclude COLUMNS   comma-separated columns not to learn from (identifiers, after-the-fact data)
  --hand FILE         a hand-written model JSON to score on the same held-out leads
  --seed N            seed of the 70/30 split (default 1)
  --json              print {"seed", "learned": {"auc", "rules", "model"}, "hand": {"auc"} | null}`;

class EvalError extends Error {}

function fail(message: string): never {
	throw new EvalError(message);
}

const VALUED = ['--leads', '--outcome', '--won-ids', '--key', '--exclude', '--hand', '--seed'];

export function parseArguments(argv: string[]): EvalOptions {
	const given: Record<string, string> = {};
	let json = false;
	for (let index = 0; index < argv.length; index++) {
		const flag = argv[index];
		if (flag === '--json') {
			json = true;
			continue;
		}
		if (!VALUED.includes(flag)) fail(`Unknown option "${flag}".\n${USAGE}`);
		const value = argv[index + 1];
		if (value === undefined || value.startsWith('--')) fail(`${flag} needs a value.\n${USAGE}`);
		given[flag.slice(2)] = value;
		index++;
	}
	if (!given.leads || !given.outcome) fail(`--leads and --outcome are required.\n${USAGE}`);
	if (given['won-ids'] && !given.key) fail(`--won-ids needs --key COLUMN.\n${USAGE}`);
	const seed = Number(given.seed ?? '1');
	if (!Number.isInteger(seed)) fail(`--seed "${given.seed}" is not a whole number.`);
	return {
		leads: given.leads,
		outcome: given.outcome,
		wonIds: given['won-ids'],
		key: given.key,
		exclude: (given.exclude ?? '').split(',').map((column) => column.trim()).filter(Boolean),
		hand: given.hand,
		seed,
		json,
	};
}

// Field rules do not look at the date; a fixed as-of keeps the run reproducible.
const AS_OF = new Date('2020-01-01T00:00:00Z');

export function runEval(options: EvalOptions): EvalResult {
	const leads = readRecords(readTextFile(options.leads, 'the leads file'), options.leads);
	const exclude = [...options.exclude];
	if (options.wonIds && options.key) {
		const key = options.key;
		const won = readRecords(readTextFile(options.wonIds, 'the won ids file'), options.wonIds);
		const wonKeys = new Set(won.map((row) => String(row[key] ?? '').trim().toLowerCase()));
		if (leads.length > 0 && !(key in leads[0])) {
			const columns = Object.keys(leads[0]).join(', ');
			fail(`--key "${key}" is not a column of ${options.leads}. Columns: ${columns}`);
		}
		for (const lead of leads) {
			const leadKey = String(lead[key] ?? '').trim().toLowerCase();
			lead[options.outcome] = wonKeys.has(leadKey) ? '1' : '0';
		}
		exclude.push(key);
	}
	// A misspelt column would otherwise be learned from, unnoticed.
	const unknown = options.exclude.filter((column) => leads.length > 0 && !(column in leads[0]));
	if (unknown.length > 0) {
		const named = unknown.map((column) => `"${column}"`).join(', ');
		const columns = Object.keys(leads[0]).join(', ');
		fail(`--exclude names ${named}, not columns of ${options.leads}. Columns: ${columns}`);
	}
	const outcomes = readOutcomes(leads, options.outcome);
	const { training, heldOut } = stratifiedSplit(outcomes, options.seed);
	const pick = (indices: number[]) => indices.map((index) => leads[index]);
	const heldOutOutcomes = heldOut.map((index) => outcomes[index]);

	const learned = learnPoints(pick(training), { outcome: options.outcome, exclude });
	const learnedAuc = modelAuc(compileModel(learned), pick(heldOut), heldOutOutcomes);
	const hand = options.hand
		? {
				auc: modelAuc(
					parseModelJson(readTextFile(options.hand, 'the model file'), options.hand),
					pick(heldOut),
					heldOutOutcomes,
				),
			}
		: null;
	const logistic = logisticBaseline(
		pick(training),
		training.map((index) => outcomes[index]),
		pick(heldOut),
		heldOutOutcomes,
		[options.outcome, ...exclude],
	);
	return {
		seed: options.seed,
		learned: { auc: learnedAuc, rules: learned.rules.length, model: learned },
		hand,
		logistic,
		training: training.length,
		heldOut: heldOut.length,
	};
}

function modelAuc(
	compiled: CompiledModel,
	leads: Array<Record<string, unknown>>,
	outcomes: boolean[],
): number | null {
	const totals = leads.map((lead) => scoreLead(compiled, lead, { asOf: AS_OF }).total);
	return rocAuc(totals, outcomes);
}

// The yardstick: every category one-hot, every number as itself (standardised, missing as the
// mean plus a missing indicator), one lightly penalised logistic regression over all of them.
function logisticBaseline(
	training: Array<Record<string, unknown>>,
	trainingOutcomes: boolean[],
	heldOut: Array<Record<string, unknown>>,
	heldOutOutcomes: boolean[],
	excluded: string[],
) {
	const columns = Object.keys(training[0] ?? {}).filter((column) => !excluded.includes(column));
	const encoders: Array<(lead: Record<string, unknown>, row: SparseRow) => void> = [];
	let features = 0;
	for (const column of columns) {
		const answered = training.map((lead) => lead[column]).filter((value) => !isMissing(value));
		const readings = answered.map((value) => readNumber(value));
		const distinct = new Set(answered.map((value) => normalizeText(value)));
		if (readings.every((reading) => reading.kind === 'number') && distinct.size > 5) {
			const numbers = readings.map((reading) => (reading.kind === 'number' ? reading.value : 0));
			const average = (values: number[]) =>
				values.reduce((sum, value) => sum + value, 0) / values.length;
			const mean = average(numbers);
			const spread = Math.sqrt(average(numbers.map((value) => (value - mean) ** 2))) || 1;
			const valueAt = features++;
			const missingAt = features++;
			encoders.push((lead, row) => {
				const reading = readNumber(lead[column]);
				if (reading.kind === 'number') {
					row.indices.push(valueAt);
					row.values.push((reading.value - mean) / spread);
				} else {
					row.indices.push(missingAt);
					row.values.push(1);
				}
			});
			continue;
		}
		if (distinct.size > answered.length / 2) continue;
		const positions = new Map([...distinct].sort().map((key) => [key, features++]));
		const missingAt = features++;
		encoders.push((lead, row) => {
			const value = lead[column];
			const at = isMissing(value) ? missingAt : positions.get(normalizeText(value));
			if (at === undefined) return;
			row.indices.push(at);
			row.values.push(1);
		});
	}
	const encode = (lead: Record<string, unknown>) => {
		const row: SparseRow = { indices: [], values: [] };
		for (const encoder of encoders) encoder(lead, row);
		return row;
	};
	const fit = fitLogistic(training.map(encode), trainingOutcomes, features, { l2: 1 });
	const scores = heldOut.map((lead) => linearScore(fit, encode(lead)));
	return { auc: rocAuc(scores, heldOutOutcomes), features };
}

function render(result: EvalResult): string {
	const line = (name: string, auc: number | null) =>
		`${name.padEnd(36)}${(auc === null ? '-' : auc.toFixed(4)).padStart(14)}`;
	return [
		`Seed ${result.seed}: learned on ${result.training} leads, measured on ${result.heldOut}`,
		'',
		`${'Model'.padEnd(36)}${'Held-out AUC'.padStart(14)}`,
		line(`Learned points table (${result.learned.rules} rows)`, result.learned.auc),
		line(`Logistic regression (${result.logistic.features} features)`, result.logistic.auc),
		...(result.hand ? [line('Hand-written model', result.hand.auc)] : []),
		'',
		'Learned model:',
		JSON.stringify(result.learned.model, null, '\t'),
		'',
	].join('\n');
}

if (require.main === module) {
	try {
		const options = parseArguments(process.argv.slice(2));
		const result = runEval(options);
		const json = { seed: result.seed, learned: result.learned, hand: result.hand };
		process.stdout.write(options.json ? `${JSON.stringify(json, null, '\t')}\n` : render(result));
	} catch (error) {
		const own = (thrown: unknown): thrown is EvalError => thrown instanceof EvalError;
		process.stderr.write(`${stopText(error, own)}\n`);
		process.exit(2);
	}
}
