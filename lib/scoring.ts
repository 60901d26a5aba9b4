// Scoring one lead with a compiled model: which rules fire, how many points each gives, the
// group totals, the band, and a breakdown that explains every point.

import { readActivities, type Activity } from './activities';
import { bandFor, type Band } from './bands';
import { parseFieldPath, readField } from './fieldPath';
import type { CompiledModel, CompiledRule } from './model';
import { OPERATORS } from './operators';
import { isMissing } from './values';

export interface BreakdownEntry {
	rule: string;
	group: string;
	points: number;
	label?: string;
	field?: string;
	value?: unknown;
	activity?: { type: string; at: string | null };
	count?: number;
	disqualify?: boolean;
	warning?: string;
}

export interface LeadScore {
	key: string | null;
	total: number;
	groups: Record<string, number>;
	band: string;
	bands: Band[];
	disqualified: boolean;
	reasons: string[];
	breakdown: BreakdownEntry[];
	model: { name: string; version: string };
	asOf: string;
}

export interface ScoringOptions {
	asOf: Date;
	// Where the lead's activity list is; default "activities".
	activitiesField?: string;
	// The lead's identity; when empty, the email (trimmed, lower-cased) is the key.
	keyField?: string;
	emailField?: string;
}

// Points are added in hundredths so that the breakdown sums to the total exactly, with no
// floating-point residue such as 0.30000000000000004.
function toHundredths(points: number): number {
	return Math.round(points * 100);
}

export function leadKey(lead: Record<string, unknown>, options: ScoringOptions): string | null {
	if (options.keyField) {
		const id = readField(lead, options.keyField);
		return isMissing(id) || typeof id === 'object' ? null : String(id).trim();
	}
	const email = readField(lead, options.emailField ?? 'email');
	return isMissing(email) || typeof email === 'object' ? null : String(email).trim().toLowerCase();
}

export function scoreLead(
	compiled: CompiledModel,
	lead: Record<string, unknown>,
	options: ScoringOptions,
): LeadScore {
	const { model } = compiled;
	const asOf = options.asOf.getTime();
	const activitiesField = options.activitiesField ?? 'activities';
	const hasActivityRules = compiled.rules.some((rule) => rule.kind === 'activity');
	const activities = hasActivityRules
		? readActivities(readField(lead, parseFieldPath(activitiesField)), activitiesField).filter(
				(activity) => activity.at === null || activity.at <= asOf,
			)
		: [];

	const breakdown: BreakdownEntry[] = [];
	for (const rule of compiled.rules) {
		const entry = rule.kind === 'field' ? scoreFieldRule(rule, lead) : scoreActivityRule(rule, activities);
		if (entry !== undefined) breakdown.push(entry);
	}

	const groupHundredths = new Map(model.groups.map((group) => [group.name, 0]));
	for (const entry of breakdown) {
		groupHundredths.set(entry.group, (groupHundredths.get(entry.group) ?? 0) + toHundredths(entry.points));
	}
	const totalHundredths = [...groupHundredths.values()].reduce((sum, value) => sum + value, 0);
	const total = totalHundredths / 100;
	const reasons = breakdown
		.filter((entry) => entry.disqualify && entry.warning === undefined)
		.map((entry) => entry.label ?? entry.rule);

	return {
		key: leadKey(lead, options),
		total,
		groups: Object.fromEntries([...groupHundredths].map(([name, value]) => [name, value / 100])),
		band: bandFor(total, model.bands),
		bands: model.bands,
		disqualified: reasons.length > 0,
		reasons,
		breakdown,
		model: { name: model.name, version: model.version },
		asOf: options.asOf.toISOString(),
	};
}

function scoreFieldRule(
	rule: Extract<CompiledRule, { kind: 'field' }>,
	lead: Record<string, unknown>,
): BreakdownEntry | undefined {
	const value = readField(lead, rule.path);
	const operator = OPERATORS[rule.operator];
	if (!operator.testsMissing && isMissing(value)) return undefined;

	const outcome = operator.test(value, rule.operand, rule.comparison);
	if (outcome.warning !== undefined) {
		return { ...entryFor(rule, 0), field: rule.field, value, warning: outcome.warning };
	}
	if (!outcome.fired) return undefined;
	return { ...entryFor(rule, rule.points), field: rule.field, value };
}

function scoreActivityRule(
	rule: Extract<CompiledRule, { kind: 'activity' }>,
	activities: Activity[],
): BreakdownEntry | undefined {
	const matching = activities.filter((activity) => activity.type === rule.activityType);
	if (matching.length === 0) return undefined;

	const latest = matching.reduce((a, b) => ((b.at ?? -Infinity) > (a.at ?? -Infinity) ? b : a));
	const count = rule.frequency === 'each' ? matching.length : 1;
	return {
		...entryFor(rule, (toHundredths(rule.points) * count) / 100),
		activity: {
			type: String(latest.source.type),
			at: latest.at === null ? null : new Date(latest.at).toISOString(),
		},
		...(rule.frequency === 'each' ? { count } : {}),
	};
}

function entryFor(rule: CompiledRule, points: number): BreakdownEntry {
	return {
		rule: rule.id,
		group: rule.group,
		points: toHundredths(points) / 100,
		...(rule.label !== undefined ? { label: rule.label } : {}),
		...(rule.disqualify ? { disqualify: true } : {}),
	};
}
