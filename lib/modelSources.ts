// Where a model comes from besides a JSON document: the Score Lead node's own settings, and a
// field on each item (one model per client). Both end in the same checked, compiled model.

import { ModelError, rowPath } from './errors';
import { isRecord, readField } from './fieldPath';
import { checkModel, parseModelJson, type CompiledModel } from './model';
import { readList } from './values';

interface RuleEffectSettings {
	effect?: 'add' | 'set' | 'disqualify';
	label?: string;
	points?: number;
}

interface FieldRuleSettings extends RuleEffectSettings {
	field?: string;
	operator?: string;
	value?: string;
}

interface EngagementRuleSettings extends FieldRuleSettings {
	source?: 'activity' | 'field';
	activity?: string;
	frequency?: string;
	maxTimes?: number;
	minIntervalDays?: number;
	whereProperty?: string;
	whereContains?: string;
	withinDays?: number;
	halfLifeDays?: number;
}

// The shape n8n gives the node's fixed collections.
export interface ModelSettings {
	fitRules?: { rules?: FieldRuleSettings[] };
	engagementRules?: { rules?: EngagementRuleSettings[] };
	bands?: { band?: Array<{ name?: string; min?: number }> };
	modelSettings?: {
		decimalSeparator?: string;
		engagementCap?: number;
		engagementLevels?: string;
		fitCap?: number;
		floor?: number;
		grades?: string;
		inactivityAfterDays?: number;
		inactivityPercentPerDay?: number;
		totalCap?: number;
	};
}

const MODEL_SETTINGS_PATHS =
	/^(caps|floor|grade|engagementLevels|inactivityDecay|decimalSeparator)/;

const LIST_OPERATORS = new Set(['isOneOf', 'isNotOneOf', 'between', 'emailDomainIsOneOf']);

export function modelFromSettings(settings: ModelSettings, name: string): CompiledModel {
	const fit = settings.fitRules?.rules ?? [];
	const engagement = settings.engagementRules?.rules ?? [];
	const places = [
		...fit.map((_, index) => `Fit Rules, rule ${index + 1}`),
		...engagement.map((_, index) => `Engagement Rules, rule ${index + 1}`),
	];
	const model = {
		formatVersion: 1,
		name,
		version: '1',
		...modelWideSettings(settings.modelSettings ?? {}),
		bands: settings.bands?.band ?? [],
		rules: [
			...fit.map((rule, index) => fieldRule(rule, 'fit', index)),
			...engagement.map((rule, index) =>
				rule.source === 'field' ? fieldRule(rule, 'engagement', index) : activityRule(rule, index),
			),
		],
	};

	// Problems point at the rule as the user sees it in the node, not at the generated list.
	const { compiled, problems } = checkModel(model);
	if (compiled) return compiled;
	throw new ModelError(
		problems.map((problem) => ({
			...problem,
			path: rowPath(problem.path, 'bands', 'Bands', 'band')
				.replace(/^rules\[(\d+)\]/, (_, index: string) => places[Number(index)])
				.replace(/^bands/, 'Bands')
				.replace(MODEL_SETTINGS_PATHS, 'Model Settings: $1'),
		})),
	);
}

function fieldRule(rule: FieldRuleSettings, group: string, index: number) {
	const operator = rule.operator ?? 'equals';
	return {
		id: `${group}-${index + 1}`,
		group,
		field: rule.field ?? '',
		operator,
		value: LIST_OPERATORS.has(operator) ? readList(rule.value) : rule.value,
		...effectOf(rule),
	};
}

// Add points (the default), put the group at a score, or disqualify.
function effectOf(rule: RuleEffectSettings) {
	const label = rule.label?.trim() ? { label: rule.label.trim() } : {};
	if (rule.effect === 'disqualify') return { disqualify: true, ...label };
	if (rule.effect === 'set') return { set: rule.points, ...label };
	return { points: rule.points, ...label };
}

// The node's number fields show 0 for "not set"; a list of minimums is typed "60, 40, 20".
function modelWideSettings(settings: NonNullable<ModelSettings['modelSettings']>) {
	const caps = {
		groups: {
			...(settings.fitCap ? { fit: settings.fitCap } : {}),
			...(settings.engagementCap ? { engagement: settings.engagementCap } : {}),
		},
		...(settings.totalCap ? { total: settings.totalCap } : {}),
	};
	const scale = (minimums: string | undefined, names: string[]) => {
		const values = readList(minimums).map(Number);
		if (values.length === 0) return undefined;
		const lowest = { name: names[Math.min(values.length, names.length - 1)] };
		return [lowest, ...values.map((min, index) => ({ name: names[index], min }))];
	};
	const grade = scale(settings.grades, ['A', 'B', 'C', 'D']);
	const levels = scale(settings.engagementLevels, ['1', '2', '3']);
	return {
		...(settings.decimalSeparator === ',' ? { decimalSeparator: ',' } : {}),
		...(Object.keys(caps.groups).length > 0 || caps.total ? { caps } : {}),
		...(settings.floor !== undefined ? { floor: settings.floor } : {}),
		...(grade ? { grade: { group: 'fit', scale: grade } } : {}),
		...(levels ? { engagementLevels: { group: 'engagement', scale: levels } } : {}),
		...(settings.inactivityPercentPerDay
			? {
					inactivityDecay: {
						afterDays: settings.inactivityAfterDays ?? 0,
						percentPerDay: settings.inactivityPercentPerDay,
					},
				}
			: {}),
	};
}

// The node's form shows 0 for "not set" in its number fields; the model format leaves them out.
function activityRule(rule: EngagementRuleSettings, index: number) {
	const frequency = rule.frequency ?? 'once';
	const set = (value: number | undefined) => (value ? value : undefined);
	const property = rule.whereProperty?.trim();
	return {
		id: `engagement-${index + 1}`,
		group: 'engagement',
		activity: rule.activity ?? '',
		frequency,
		...effectOf(rule),
		maxTimes: frequency === 'atMost' ? rule.maxTimes : undefined,
		minIntervalDays: frequency === 'once' ? undefined : set(rule.minIntervalDays),
		withinDays: set(rule.withinDays),
		halfLifeDays: set(rule.halfLifeDays),
		where: property
			? [{ property, operator: 'contains', value: rule.whereContains ?? '' }]
			: undefined,
	};
}

// Items that each carry a model usually share a few (one per client): each distinct model is
// checked and compiled once per run, not once per item.
export class ModelCache {
	private readonly compiled = new Map<string, CompiledModel>();

	fromField(lead: Record<string, unknown>, field: string): CompiledModel {
		const value = readField(lead, field);
		if (typeof value !== 'string' && !isRecord(value)) {
			throw new ModelError([
				{
					path: field,
					message: `holds ${value === undefined ? 'nothing' : JSON.stringify(value)}, not a model`,
					fix: `put the model (an object or JSON text) in "${field}", or set Model Field`,
				},
			]);
		}

		const text = typeof value === 'string' ? value : JSON.stringify(value);
		let model = this.compiled.get(text);
		if (model === undefined) {
			model = parseModelJson(text, field);
			this.compiled.set(text, model);
		}
		return model;
	}
}
