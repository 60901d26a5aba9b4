// Rules: what gives or takes points. A field rule tests a lead field; an activity rule counts the
// lead's activities of one type, with conditions on their properties, a frequency, a recency
// window and decay. This module checks rules as the model is read and prepares them for scoring.

import { reportUnknownKeys, type ModelProblem } from './errors';
import { FieldPathError, isRecord, parseFieldPath } from './fieldPath';
import { describeValue } from './json';
import {
	OPERATORS,
	isOperatorName,
	readOperand,
	suggestOperator,
	type Comparison,
	type Operand,
	type OperatorName,
	type Outcome,
} from './operators';
import { isMissing, readNumber, type DecimalSeparator } from './values';

export interface GroupDefinition {
	name: string;
}

export interface RuleBase {
	id: string;
	group: string;
	points: number;
	label?: string;
	// A disqualifying rule marks the lead disqualified (competitor, student, spam) whatever its
	// points; `label` is the reason shown.
	disqualify?: boolean;
	// Instead of adding points, the rule puts its group at this score; see readSet.
	set?: number;
}

export interface FieldRule extends RuleBase {
	field: string;
	operator: OperatorName;
	value?: unknown;
	caseSensitive?: boolean;
}

// once: the most recent occurrence; each: every one; atMost: the `maxTimes` most recent.
export type Frequency = 'once' | 'each' | 'atMost';

// A test on an activity's own properties: {"property": "url", "operator": "contains", ...}.
export interface ActivityCondition {
	property: string;
	operator: OperatorName;
	value?: unknown;
	caseSensitive?: boolean;
}

export interface ActivityRule extends RuleBase {
	// The activity type to match, e.g. "demo_request"; compared trimmed and case-insensitively.
	activity: string;
	frequency: Frequency;
	maxTimes?: number;
	// Occurrences closer than this to an already scored one score nothing ("once a week").
	minIntervalDays?: number;
	// Only occurrences at most this many days before the as-of instant count.
	withinDays?: number;
	// Each occurrence's points halve every this many days of age.
	halfLifeDays?: number;
	where?: ActivityCondition[];
}

// A field test ready to run: its path split and its value read once, not per lead.
export interface CompiledTest {
	path: string[];
	operator: OperatorName;
	operand: Operand;
	comparison: Comparison;
}

export type Rule = FieldRule | ActivityRule;

export type CompiledFieldRule = FieldRule & CompiledTest & { kind: 'field' };
export type CompiledActivityRule = ActivityRule & {
	kind: 'activity';
	activityType: string;
	conditions: CompiledTest[];
};
export type CompiledRule = CompiledFieldRule | CompiledActivityRule;

export function isActivityRule(rule: Rule): rule is ActivityRule {
	return 'activity' in rule;
}

// Each kind of rule has its own keys: a window or a half-life on a field rule, or an operator on
// an activity rule, would otherwise be accepted and do nothing.
const COMMON_RULE_KEYS = ['id', 'group', 'points', 'label', 'disqualify', 'set'];
const FIELD_RULE_KEYS = new Set([
	...COMMON_RULE_KEYS,
	'field',
	'operator',
	'value',
	'caseSensitive',
]);
const ACTIVITY_RULE_KEYS = new Set([
	...COMMON_RULE_KEYS,
	'activity',
	'frequency',
	'maxTimes',
	'minIntervalDays',
	'withinDays',
	'halfLifeDays',
	'where',
]);
const RULE_KEYS = new Set([...FIELD_RULE_KEYS, ...ACTIVITY_RULE_KEYS]);
const CONDITION_KEYS = new Set(['property', 'operator', 'value', 'caseSensitive']);

export function optionalText(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

// What reading a rule needs from the rest of the model.
export interface RuleContext {
	groups: GroupDefinition[];
	decimalSeparator: DecimalSeparator;
}

export function readRules(
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
	// id -> the rule that has it, and whether that rule was given it or got it for having none
	const ids = new Map<string, { path: string; given: boolean }>();
	input.forEach((entry, index) => {
		const path = `rules[${index}]`;
		const before = problems.length;
		const result = readRule(entry, path, index, context, problems);
		// A rule with problems still claims the id it was given, so that a later rule with the
		// same id is caught in the same check, not only once the first is mended.
		const id = result?.rule.id ?? (isRecord(entry) ? optionalText(entry.id) : undefined);
		// A rule without an id is named by its place, which another rule's id may already take.
		const given = isRecord(entry) && optionalText(entry.id) !== undefined;
		const earlier = id === undefined ? undefined : ids.get(id);
		if (id !== undefined && earlier !== undefined) {
			const owner = earlier.given
				? `the id of ${earlier.path}`
				: `the id ${earlier.path} gets for having none`;
			problems.push({
				path: `${path}.id`,
				message: given
					? `"${id}" is ${owner} too`
					: `is missing, and "${id}", the id it would get, is ${owner}`,
				fix: 'give each rule its own id; the breakdown names rules by id',
			});
			return;
		}
		if (id !== undefined) ids.set(id, { path, given });
		if (result === undefined || problems.length > before) return;
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
	const isActivity = entry.activity !== undefined;
	// A rule that names both or neither is told so below; its keys are checked against either kind.
	if (isActivity === (entry.field !== undefined)) {
		reportUnknownKeys(entry, RULE_KEYS, path, 'a rule', problems);
	} else if (isActivity) {
		reportUnknownKeys(entry, ACTIVITY_RULE_KEYS, path, 'an activity rule', problems);
	} else {
		reportUnknownKeys(entry, FIELD_RULE_KEYS, path, 'a field rule', problems);
	}

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
		? readActivityRule(entry, path, base, context, problems)
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
	checkGroup(group, groups, `${path}.group`, problems);

	const disqualify = entry.disqualify === true;
	if (entry.disqualify !== undefined && typeof entry.disqualify !== 'boolean') {
		problems.push({
			path: `${path}.disqualify`,
			message: `${JSON.stringify(entry.disqualify)} is not true or false`,
			fix: 'set "disqualify": true, or leave it out',
		});
	}

	const set = readSet(entry, path, problems);
	// A "set" given at all, even one refused above, stands in for the points: a second problem
	// about missing points would only mislead.
	const pointsOptional = disqualify || entry.set !== undefined;
	const points =
		entry.points === undefined && pointsOptional
			? { kind: 'number' as const, value: 0 }
			: readNumber(entry.points);
	if (points.kind !== 'number') {
		problems.push({
			path: `${path}.points`,
			message:
				entry.points === undefined
					? 'is missing'
					: `${describeValue(entry.points)} is not a number`,
			fix: 'give the points the rule adds as a number; a negative number takes points away',
		});
	}

	return {
		id: optionalText(entry.id) ?? `rule-${index + 1}`,
		group,
		points: points.kind === 'number' ? points.value : 0,
		...(optionalText(entry.label) !== undefined ? { label: optionalText(entry.label) } : {}),
		...(disqualify ? { disqualify } : {}),
		...(set !== undefined ? { set } : {}),
	};
}

// A set rule puts its group at a value instead of adding: an unsubscribed lead's engagement
// becomes 0 whatever it did before.
function readSet(
	entry: Record<string, unknown>,
	path: string,
	problems: ModelProblem[],
): number | undefined {
	if (entry.set === undefined) return undefined;
	// Both problems are told at once, whichever the set value is, so one check finds them both.
	if (entry.points !== undefined) {
		problems.push({
			path: `${path}.points`,
			message: 'is given with "set"',
			fix: 'a rule either adds points or sets its group; remove "points" or "set"',
		});
	}
	// Read as points are: "0" from a sheet or a form is the number 0.
	const set = readNumber(entry.set);
	if (set.kind !== 'number') {
		problems.push({
			path: `${path}.set`,
			message: `${describeValue(entry.set)} is not a number`,
			fix: 'set "set" to the score the group takes when the rule fires, e.g. 0',
		});
		return undefined;
	}
	return set.value;
}

export function checkGroup(
	group: string,
	groups: GroupDefinition[],
	path: string,
	problems: ModelProblem[],
): void {
	if (groups.some((known) => known.name === group)) return;
	problems.push({
		path,
		message: `"${group}" is not one of the model's groups`,
		fix: `use one of: ${groups.map((known) => known.name).join(', ')}, or add it to "groups"`,
	});
}

function readFieldRule(
	entry: Record<string, unknown>,
	path: string,
	base: RuleBase,
	context: RuleContext,
	problems: ModelProblem[],
): { rule: Rule; compiled: CompiledRule } | undefined {
	const test = readTest(entry, path, 'field', context, problems);
	if (test === undefined) return undefined;
	const { compiled, field, ...written } = test;
	const rule: FieldRule = { ...base, field, ...written };
	return { rule, compiled: { ...rule, ...compiled, kind: 'field' } };
}

// The part a field rule and an activity condition share: where to look, how to compare, and
// what with. `key` is "field" for rules and "property" for conditions.
function readTest(
	entry: Record<string, unknown>,
	path: string,
	key: 'field' | 'property',
	context: RuleContext,
	problems: ModelProblem[],
):
	| {
			field: string;
			operator: OperatorName;
			value?: unknown;
			caseSensitive?: boolean;
			compiled: CompiledTest;
	  }
	| undefined {
	let fieldPath: string[] = [];
	const field = typeof entry[key] === 'string' ? (entry[key] as string) : '';
	try {
		fieldPath = parseFieldPath(field);
	} catch (error) {
		const message = error instanceof FieldPathError ? error.message : String(error);
		const fix = `name the ${key}, e.g. "jobTitle" or "url"`;
		problems.push({ path: `${path}.${key}`, message, fix });
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
			fix: suggestion ? `use "${suggestion}"` : `use one of: ${Object.keys(OPERATORS).join(', ')}`,
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

	const caseSensitive = entry.caseSensitive === true;
	return {
		field: field.trim(),
		operator: operatorName,
		...(operator.operand === 'none' ? {} : { value: entry.value }),
		...(caseSensitive ? { caseSensitive } : {}),
		compiled: {
			path: fieldPath,
			operator: operatorName,
			operand,
			comparison: { caseSensitive, decimalSeparator: context.decimalSeparator },
		},
	};
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
			return (
				'set "value" to a simpler pattern, e.g. "^(vp|vice president)\\b"; ' +
				'for long text use "contains"'
			);
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
	context: RuleContext,
	problems: ModelProblem[],
): { rule: Rule; compiled: CompiledRule } | undefined {
	// A rule's other settings are checked even when its type or frequency is wrong, so that one
	// check tells every problem the rule has.
	const activity = typeof entry.activity === 'string' ? optionalText(entry.activity) : undefined;
	if (activity === undefined) {
		problems.push({
			path: `${path}.activity`,
			message: `${JSON.stringify(entry.activity)} is not an activity type`,
			fix: 'name the activity type to count, e.g. "demo_request"',
		});
	}
	const frequency = entry.frequency ?? 'once';
	const knownFrequency = frequency === 'once' || frequency === 'each' || frequency === 'atMost';
	if (!knownFrequency) {
		problems.push({
			path: `${path}.frequency`,
			message: `${JSON.stringify(frequency)} is not a frequency`,
			fix:
				'use "once" (points for the most recent), "each" (points every time) ' +
				'or "atMost" with "maxTimes"',
		});
	}

	const positive = (key: string) => readPositive(entry, path, key, problems);
	const maxTimes = positive('maxTimes');
	if (frequency === 'atMost' && (maxTimes === undefined || !Number.isInteger(maxTimes))) {
		problems.push({
			path: `${path}.maxTimes`,
			message:
				entry.maxTimes === undefined
					? 'is missing'
					: `${JSON.stringify(entry.maxTimes)} is not a whole number`,
			fix: 'with "frequency": "atMost", set "maxTimes" to how many occurrences score, e.g. 3',
		});
	}
	if (knownFrequency && frequency !== 'atMost' && entry.maxTimes !== undefined) {
		problems.push({
			path: `${path}.maxTimes`,
			message: `applies only with "frequency": "atMost", not "${frequency}"`,
			fix: 'set "frequency": "atMost", or remove "maxTimes"',
		});
	}
	const minIntervalDays = positive('minIntervalDays');
	if (frequency === 'once' && minIntervalDays !== undefined) {
		problems.push({
			path: `${path}.minIntervalDays`,
			message: 'has no effect on a rule that scores once',
			fix: 'set "frequency": "each" or "atMost", or remove "minIntervalDays"',
		});
	}

	const conditions = readConditions(entry.where, `${path}.where`, context, problems);
	const withinDays = positive('withinDays');
	const halfLifeDays = positive('halfLifeDays');
	if (activity === undefined || !knownFrequency) return undefined;
	const rule: ActivityRule = {
		...base,
		activity,
		frequency,
		...optional('maxTimes', maxTimes),
		...optional('minIntervalDays', minIntervalDays),
		...optional('withinDays', withinDays),
		...optional('halfLifeDays', halfLifeDays),
		...(conditions.length > 0 ? { where: conditions.map(({ condition }) => condition) } : {}),
	};
	return {
		rule,
		compiled: {
			...rule,
			kind: 'activity',
			activityType: activity.toLowerCase(),
			conditions: conditions.map(({ compiled }) => compiled),
		},
	};
}

function optional<K extends string>(key: K, value: number | undefined) {
	return (value === undefined ? {} : { [key]: value }) as Partial<Record<K, number>>;
}

function readPositive(
	entry: Record<string, unknown>,
	path: string,
	key: string,
	problems: ModelProblem[],
): number | undefined {
	if (entry[key] === undefined) return undefined;
	const reading = readNumber(entry[key]);
	if (reading.kind === 'number' && reading.value > 0) return reading.value;
	problems.push({
		path: `${path}.${key}`,
		message: `${describeValue(entry[key])} is not a number above 0`,
		fix: `set "${key}" to a positive number, e.g. 30, or leave it out`,
	});
	return undefined;
}

function readConditions(
	input: unknown,
	path: string,
	context: RuleContext,
	problems: ModelProblem[],
): Array<{ condition: ActivityCondition; compiled: CompiledTest }> {
	if (input === undefined) return [];
	if (!Array.isArray(input)) {
		problems.push({
			path,
			message: 'must be a list of conditions',
			fix: 'write "where": [{"property": "url", "operator": "contains", "value": "/pricing"}]',
		});
		return [];
	}

	const read: Array<{ condition: ActivityCondition; compiled: CompiledTest }> = [];
	input.forEach((entry, index) => {
		const at = `${path}[${index}]`;
		if (!isRecord(entry)) {
			const fix = 'write each condition as a JSON object';
			problems.push({ path: at, message: 'is not an object', fix });
			return;
		}
		reportUnknownKeys(entry, CONDITION_KEYS, at, 'a condition', problems);
		const test = readTest(entry, at, 'property', context, problems);
		if (test === undefined) return;
		const { compiled, field, ...written } = test;
		read.push({ condition: { property: field, ...written }, compiled });
	});
	return read;
}

// Runs a field test on a value read from a lead or an activity. A missing value is left alone (no
// outcome) by every operator except the emptiness checks, so "less than 50" does not fire on a
// blank. Most tests do not fire, and outcomes are shared objects, so answering makes no new object
// unless a warning has to be worded.
export function testValue(test: CompiledTest, value: unknown): Outcome | undefined {
	const operator = OPERATORS[test.operator];
	if (!operator.testsMissing && isMissing(value)) return undefined;
	const outcome = operator.test(value, test.operand, test.comparison);
	if (!outcome.fired && outcome.warning === undefined) return undefined;
	return outcome;
}
