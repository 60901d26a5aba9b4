// The scoring model: groups of rules that give or take points, and the bands the total falls
// into. A model is plain JSON so that it can live in a file, be versioned and diffed, and be
// reused across workflows; this module checks one before any lead is scored.

import { readCaps, readLimit, type Caps } from './adjustments';
import { DEFAULT_BANDS, readBands, type Band } from './bands';
import { ModelError, reportUnknownKeys, type ModelProblem } from './errors';
import { readInactivityDecay, type InactivityDecay } from './decay';
import { readScale, type Scale } from './grades';
import { isRecord } from './fieldPath';
import { readJson } from './json';
import { bandOrderProblems } from './routing';
import {
	optionalText,
	readRules,
	type CompiledRule,
	type GroupDefinition,
	type Rule,
} from './rules';
import type { DecimalSeparator } from './values';

export const MODEL_FORMAT_VERSION = 1;

export interface ScoringModel {
	formatVersion: number;
	name: string;
	version: string;
	groups: GroupDefinition[];
	bands: Band[];
	rules: Rule[];
	// How the leads write decimals: "." (1,250.50) by default, or "," (1.250,50).
	decimalSeparator: DecimalSeparator;
	inactivityDecay?: InactivityDecay;
	caps?: Caps;
	// The lowest the total may be, e.g. 0 so that negative points never show a negative score.
	floor?: number;
	grade?: Scale;
	engagementLevels?: Scale;
}

// A model ready to run: every rule's paths split and values read once, not per lead.
export interface CompiledModel {
	model: ScoringModel;
	rules: CompiledRule[];
}

// The model as model JSON to save and use again. Reading a set rule fills in its points as 0,
// which model JSON must not give beside "set", so they are left out.
export function modelJson(model: ScoringModel): Record<string, unknown> {
	const copy = structuredClone(model);
	for (const rule of copy.rules as Array<Partial<Rule>>) {
		if (rule.set !== undefined) delete rule.points;
	}
	return { ...copy };
}

export const DEFAULT_GROUPS: GroupDefinition[] = [{ name: 'fit' }, { name: 'engagement' }];

const MODEL_KEYS = new Set([
	'formatVersion',
	'name',
	'version',
	'decimalSeparator',
	'inactivityDecay',
	'caps',
	'floor',
	'grade',
	'engagementLevels',
	'groups',
	'bands',
	'rules',
]);

export function parseModelJson(text: string, source = 'model JSON'): CompiledModel {
	const reading = readJson(text);
	if (!reading.ok) {
		throw new ModelError([
			{
				path: source,
				message: `is not valid JSON (${reading.problem})`,
				fix: 'paste the model exactly as saved, or check it with a JSON validator',
			},
		]);
	}
	return compileModel(reading.value);
}

// Checks a model and prepares it for scoring. Throws one ModelError listing every problem, so a
// user fixing a model file sees them all at once rather than one per attempt.
export function compileModel(input: unknown): CompiledModel {
	const { compiled, problems } = checkModel(input);
	if (compiled === undefined) throw new ModelError(problems);
	return compiled;
}

export type ModelCheck =
	| { compiled: CompiledModel; problems: [] }
	| { compiled?: undefined; problems: ModelProblem[] };

export function checkModel(input: unknown): ModelCheck {
	const problems: ModelProblem[] = [];
	if (!isRecord(input)) {
		problems.push({
			path: '(model)',
			message: 'is not an object',
			fix: 'a model is a JSON object with "name", "bands" and "rules"',
		});
		return { problems };
	}

	reportUnknownKeys(input, MODEL_KEYS, '', 'the model format', problems);

	const formatVersion = input.formatVersion ?? MODEL_FORMAT_VERSION;
	if (formatVersion !== MODEL_FORMAT_VERSION) {
		problems.push({
			path: 'formatVersion',
			message: `${JSON.stringify(formatVersion)} is not a format this version of the pack reads`,
			fix: `set "formatVersion": ${MODEL_FORMAT_VERSION}, or update the pack`,
		});
	}

	const groups = readGroups(input.groups, problems);
	const { bands, problems: bandProblems } =
		input.bands === undefined ? { bands: DEFAULT_BANDS, problems: [] } : readBands(input.bands, 'bands');
	problems.push(...bandProblems);
	// Bands out of order are usually a typo in a minimum (MQL 50, SQL 20): said, not re-sorted.
	if (bandProblems.length === 0 && Array.isArray(input.bands)) {
		const listed = input.bands.map((band: unknown) =>
			isRecord(band) ? String(band.name ?? '').trim() : '',
		);
		problems.push(...bandOrderProblems(listed, bands, 'bands'));
	}

	const decimalSeparator = readDecimalSeparator(input.decimalSeparator, problems);
	const rules = readRules(input.rules, { groups, decimalSeparator }, problems);
	const inactivityDecay = readInactivityDecay(input.inactivityDecay, groups, problems);
	const caps = readCaps(input.caps, groups, problems);
	const floor = input.floor === undefined ? undefined : readLimit(input.floor, 'floor', problems);
	const grade = readScale(input.grade, 'grade', 'fit', groups, problems);
	const engagementLevels = readScale(
		input.engagementLevels,
		'engagementLevels',
		'engagement',
		groups,
		problems,
	);
	checkReservedBand(bands, problems);
	if (problems.length > 0) return { problems };

	const model: ScoringModel = {
		formatVersion: MODEL_FORMAT_VERSION,
		name: optionalText(input.name) ?? 'Unnamed model',
		version: optionalText(input.version) ?? '1',
		groups,
		bands,
		rules: rules.map(({ rule }) => rule),
		decimalSeparator,
		...(inactivityDecay ? { inactivityDecay } : {}),
		...(caps ? { caps } : {}),
		...(floor !== undefined ? { floor } : {}),
		...(grade ? { grade } : {}),
		...(engagementLevels ? { engagementLevels } : {}),
	};
	return { compiled: { model, rules: rules.map(({ compiled }) => compiled) }, problems: [] };
}

// A disqualified lead's band is "Disqualified", so no band of the model may carry that name.
export const DISQUALIFIED_BAND = 'Disqualified';

// The Threshold Router's own outputs, beside one per band: a band may not take their names.
const ROUTER_OUTPUTS = ['Unscored', 'No Change'];

function checkReservedBand(bands: Band[], problems: ModelProblem[]): void {
	const named = (name: string) =>
		bands.find((band) => band.name.toLowerCase() === name.toLowerCase());
	if (named(DISQUALIFIED_BAND)) {
		problems.push({
			path: 'bands',
			message: `"${DISQUALIFIED_BAND}" is the band of disqualified leads, not a score band`,
			fix: 'rename the band, and mark disqualifying rules with "disqualify": true',
		});
	}
	for (const output of ROUTER_OUTPUTS) {
		const band = named(output);
		if (band === undefined) continue;
		problems.push({
			path: 'bands',
			message: `"${band.name}" is the name of a Threshold Router output, not a score band`,
			fix: `rename the band, e.g. "${band.name} Band"`,
		});
	}
}

function readDecimalSeparator(input: unknown, problems: ModelProblem[]): DecimalSeparator {
	if (input === undefined || input === '.' || input === ',') return input ?? '.';
	problems.push({
		path: 'decimalSeparator',
		message: `${JSON.stringify(input)} is not a decimal separator`,
		fix: 'use "." (leads write 1,250.50) or "," (leads write 1.250,50)',
	});
	return '.';
}

function readGroups(input: unknown, problems: ModelProblem[]): GroupDefinition[] {
	if (input === undefined) return DEFAULT_GROUPS;
	if (!Array.isArray(input) || input.length === 0) {
		problems.push({
			path: 'groups',
			message: 'must be a list of at least one group',
			fix: 'give groups as [{"name": "fit"}, {"name": "engagement"}], or leave "groups" out',
		});
		return DEFAULT_GROUPS;
	}

	const groups: GroupDefinition[] = [];
	input.forEach((entry, index) => {
		const name = isRecord(entry) ? optionalText(entry.name) : undefined;
		if (name === undefined) {
			problems.push({
				path: `groups[${index}].name`,
				message: 'is missing',
				fix: 'give each group a name, e.g. "fit"',
			});
		} else if (groups.some((group) => group.name === name)) {
			problems.push({
				path: `groups[${index}].name`,
				message: `"${name}" is used twice`,
				fix: 'give each group its own name',
			});
		} else {
			groups.push({ name });
		}
	});
	return groups;
}
