// The scoring model: groups of rules that give or take points, and the bands the total falls
// into. A model is plain JSON so that it can live in a file, be versioned and diffed, and be
// reused across workflows; this module checks one before any lead is scored.

import { DEFAULT_BANDS, readBands, type Band } from './bands';
import { ModelError, type ModelProblem } from './errors';
import { FieldPathError, isRecord, parseFieldPath } from './fieldPath';
import { readJson } from './json';
import {
	OPERATORS,
	isOperatorName,
	readOperand,
	suggestOperator,
	type Comparison,
	type Operand,
	type OperatorName,
} from './operators';
import { readNumber, type DecimalSeparator } from './values';

export const MODEL_FORMAT_VERSION = 1;

export interface GroupDefinition {
	name: string;
}

interface RuleBase {
	id: string;
	group: string;
	points: number;
	label?: string;
	// A disqualifying rule marks the lead disqualified (competitor, student, spam) whatever its
	// points; `label` is the reason shown.
	disqualify?: boolean;
}

export interface FieldRule extends RuleBase {
	field: string;
	operator: OperatorName;
	value?: unknown;
	caseSensitive?: boolean;
}

export type Frequency = 'once' | 'each';

export interface ActivityRule extends RuleBase {
	// The activity type to match, e.g. "demo_request"; compared trimmed and case-insensitively.
	activity: string;
	frequency: Frequency;
}

export type Rule = FieldRule | ActivityRule;

export interface ScoringModel {
	formatVersion: number;
	name: string;
	version: string;
	groups: GroupDefinition[];
	bands: Band[];
	rules: Rule[];
	// How the leads write decimals: "." (1,250.50) by default, or "," (1.250,50).
	decimalSeparator: DecimalSeparator;
}

// A rule ready to run: its path split and its value read once, not per lead.
export type CompiledRule =
	| (FieldRule & { kind: 'field'; path: string[]; operand: Operand; comparison: Comparison })
	| (ActivityRule & { kind: 'activity'; activityType: string });

export interface CompiledModel {
	model: ScoringModel;
	rules: CompiledRule[];
}

export function isActivityRule(rule: Rule): rule is ActivityRule {
	return 'activity' in rule;
}

export const DEFAULT_GROUPS: GroupDefinition[] = [{ name: 'fit' }, { name: 'engagement' }];

const MODEL_KEYS = new Set([
	'formatVersion',
	'name',
	'version',
	'decimalSeparator',
	'groups',
	'bands',
	'rules',
]);
const RULE_KEYS = new Set([
	'id',
	'group',
	'points',
	'label',
	'disqualify',
	'field',
	'operator',
	'value',
	'caseSensitive',
	'activity',
	'frequency',
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

	for (const key of Object.keys(input)) {
		if (!MODEL_KEYS.has(key)) {
			problems.push({
				path: key,
				message: 'is not part of the model format',
				fix: `remove it, or use one of: ${[...MODEL_KEYS].join(', ')}`,
			});
		}
	}

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

	const decimalSeparator = readDecimalSeparator(input.decimalSeparator, problems);
	const rules = readRules(input.rules, { groups, decimalSeparator }, problems);
	if (problems.length > 0) return { problems };

	const model: ScoringModel = {
		formatVersion: MODEL_FORMAT_VERSION,
		name: optionalText(input.name) ?? 'Unnamed model',
		version: optionalText(input.version) ?? '1',
		groups,
		bands,
		rules: rules.map(({ rule }) => rule),
		decimalSeparator,
	};
	return { compiled: { model, rules: rules.map(({ compiled }) => compiled) }, problems: [] };
}

function optionalText(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
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

// What reading a rule needs from the rest of the model.
interface RuleContext {
	groups: GroupDefinition[];
	decimalSeparator: DecimalSeparator;
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

function readRules(
	input: unknown,
	context: RuleContext,
	problems: ModelProblem[],
): Array<{ rule: Rule; compiled: CompiledRule }> {
	if (!Array.isArray(input)) {
		problems.push({
			path: 'rules',
			message: input === undefined ? 'is missing' : 'must be a list',
			fix: 'give rules as a list, e.g. [{"field": "jobTitle", "operator": "contains", ...}]',
		});
		return [];
	}

	const read: Array<{ rule: Rule; compiled: CompiledRule }> = [];
	const ids = new Set<string>();
	input.forEach((entry, index) => {
		const path = `rules[${index}]`;
		const before = problems.length;
		const result = readRule(entry, path, index, context, problems);
		if (result === undefined || problems.length > before) return;
		if (ids.has(result.rule.id)) {
			problems.push({
				path: `${path}.id`,
				message: `"${result.rule.id}" is used by an earlier rule`,
				fix: 'give each rule its own id; the breakdown names rules by id',
			});
			return;
		}
		ids.add(result.rule.id);
		read.push(result);
	});
	return read;
}

function readRule(
	entry: unknown,
	path: string,
	index: number,
	context: RuleContext,
	problems: ModelProblem[],
): { rule: Rule; compiled: CompiledRule } | undefined {
	if (!isRecord(entry)) {
		problems.push({ path, message: 'is not an object', fix: 'write each rule as a JSON object' });
		return undefined;
	}
	for (const key of Object.keys(entry)) {
		if (!RULE_KEYS.has(key)) {
			problems.push({
				path: `${path}.${key}`,
				message: 'is not part of a rule',
				fix: `remove it, or use one of: ${[...RULE_KEYS].join(', ')}`,
			});
		}
	}

	const isActivity = entry.activity !== undefined;
	if (isActivity && entry.field !== undefined) {
		problems.push({
			path,
			message: 'has both "field" and "activity"',
			fix: 'a rule tests either a lead field or an activity type; split it into two rules',
		});
		return undefined;
	}
	if (!isActivity && entry.field === undefined) {
		problems.push({
			path,
			message: 'has neither "field" nor "activity"',
			fix: 'add "field" (a lead field to test) or "activity" (an activity type to count)',
		});
		return undefined;
	}

	const base = readRuleBase(entry, path, index, isActivity, context.groups, problems);
	return isActivity
		? readActivityRule(entry, path, base, problems)
		: readFieldRule(entry, path, base, context, problems);
}

function readRuleBase(
	entry: Record<string, unknown>,
	path: string,
	index: number,
	isActivity: boolean,
	groups: GroupDefinition[],
	problems: ModelProblem[],
): RuleBase {
	const group = optionalText(entry.group) ?? (isActivity ? 'engagement' : 'fit');
	if (!groups.some((known) => known.name === group)) {
		problems.push({
			path: `${path}.group`,
			message: `"${group}" is not one of the model's groups`,
			fix: `use one of: ${groups.map((known) => known.name).join(', ')}, or add it to "groups"`,
		});
	}

	const disqualify = entry.disqualify === true;
	if (entry.disqualify !== undefined && typeof entry.disqualify !== 'boolean') {
		problems.push({
			path: `${path}.disqualify`,
			message: `${JSON.stringify(entry.disqualify)} is not true or false`,
			fix: 'set "disqualify": true, or leave it out',
		});
	}

	const points = entry.points === undefined && disqualify ? { kind: 'number' as const, value: 0 } : readNumber(entry.points);
	if (points.kind !== 'number') {
		problems.push({
			path: `${path}.points`,
			message:
				entry.points === undefined ? 'is missing' : `${JSON.stringify(entry.points)} is not a number`,
			fix: 'give the points the rule adds as a number; a negative number takes points away',
		});
	}

	return {
		id: optionalText(entry.id) ?? `rule-${index + 1}`,
		group,
		points: points.kind === 'number' ? points.value : 0,
		...(optionalText(entry.label) !== undefined ? { label: optionalText(entry.label) } : {}),
		...(disqualify ? { disqualify } : {}),
	};
}

function readFieldRule(
	entry: Record<string, unknown>,
	path: string,
	base: RuleBase,
	context: RuleContext,
	problems: ModelProblem[],
): { rule: Rule; compiled: CompiledRule } | undefined {
	let fieldPath: string[] = [];
	const field = typeof entry.field === 'string' ? entry.field : '';
	try {
		fieldPath = parseFieldPath(field);
	} catch (error) {
		const message = error instanceof FieldPathError ? error.message : String(error);
		problems.push({ path: `${path}.field`, message, fix: 'name the lead field, e.g. "jobTitle"' });
	}

	const operatorName = entry.operator;
	if (!isOperatorName(operatorName)) {
		const suggestion = typeof operatorName === 'string' ? suggestOperator(operatorName) : undefined;
		problems.push({
			path: `${path}.operator`,
			message:
				operatorName === undefined
					? 'is missing'
					: `${JSON.stringify(operatorName)} is not an operator`,
			fix: suggestion
				? `use "${suggestion}"`
				: `use one of: ${Object.keys(OPERATORS).join(', ')}`,
		});
		return undefined;
	}

	const operator = OPERATORS[operatorName];
	const operand = readOperand(operator.operand, entry.value, context.decimalSeparator);
	if (typeof operand === 'string') {
		problems.push({
			path: `${path}.value`,
			message: `"${operatorName}" ${operand}`,
			fix: operandFix(operator.operand),
		});
		return undefined;
	}
	if (entry.caseSensitive !== undefined && typeof entry.caseSensitive !== 'boolean') {
		problems.push({
			path: `${path}.caseSensitive`,
			message: `${JSON.stringify(entry.caseSensitive)} is not true or false`,
			fix: 'set "caseSensitive": true, or leave it out',
		});
	}

	const rule: FieldRule = {
		...base,
		field: field.trim(),
		operator: operatorName,
		...(operator.operand === 'none' ? {} : { value: entry.value }),
		...(entry.caseSensitive === true ? { caseSensitive: true } : {}),
	};
	const comparison = {
		caseSensitive: rule.caseSensitive === true,
		decimalSeparator: context.decimalSeparator,
	};
	return { rule, compiled: { ...rule, kind: 'field', path: fieldPath, operand, comparison } };
}

function operandFix(kind: string): string {
	switch (kind) {
		case 'number':
			return 'set "value" to a number, e.g. 50';
		case 'list':
			return 'set "value" to a list, e.g. ["Germany", "France"]';
		case 'range':
			return 'set "value" to [low, high], e.g. [10, 200]';
		case 'pattern':
			return 'set "value" to a simpler pattern, e.g. "^(vp|vice president)\\b"; for long text use "contains"';
		case 'domains':
			return 'set "value" to a list of domains, e.g. ["acme.com", "acme.de"]';
		default:
			return 'set "value" to the text to compare with';
	}
}

function readActivityRule(
	entry: Record<string, unknown>,
	path: string,
	base: RuleBase,
	problems: ModelProblem[],
): { rule: Rule; compiled: CompiledRule } | undefined {
	const activity = optionalText(entry.activity);
	if (activity === undefined || typeof entry.activity !== 'string') {
		problems.push({
			path: `${path}.activity`,
			message: `${JSON.stringify(entry.activity)} is not an activity type`,
			fix: 'name the activity type to count, e.g. "demo_request"',
		});
		return undefined;
	}
	const frequency = entry.frequency ?? 'once';
	if (frequency !== 'once' && frequency !== 'each') {
		problems.push({
			path: `${path}.frequency`,
			message: `${JSON.stringify(frequency)} is not a frequency`,
			fix: 'use "once" (points the first time) or "each" (points every time)',
		});
		return undefined;
	}

	const rule: ActivityRule = { ...base, activity, frequency };
	return {
		rule,
		compiled: { ...rule, kind: 'activity', activityType: activity.toLowerCase() },
	};
}
