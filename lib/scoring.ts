// Scoring one lead with a compiled model: which rules fire, how many points each gives, the
// group totals, the band, and a breakdown that explains every point.

import { readActivities, type Activity } from './activities';
import { bandFor, type Band } from './bands';
import { inactivityFactor } from './decay';
import { scoreActivityRule } from './engagement';
import { parseFieldPath, readField } from './fieldPath';
import type { CompiledModel } from './model';
import { roundEntries } from './rounding';
import { applyTest, type CompiledActivityRule, type CompiledFieldRule, type CompiledRule } from './rules';
import { DAY_MS } from './time';
import { isMissing } from './values';

export interface ActivityReference {
	type: string;
	at: string | null;
}

export interface BreakdownEntry {
	rule: string;
	group: string;
	points: number;
	label?: string;
	field?: string;
	value?: unknown;
	activity?: ActivityReference;
	count?: number;
	// With a half-life: what each scored occurrence was worth, rounded for reading.
	scored?: Array<ActivityReference & { points: number }>;
	// Occurrences that matched but scored nothing, with the reason (the first few).
	skipped?: Array<ActivityReference & { reason: string }>;
	skippedCount?: number;
	// Entries that are not a rule's points but a change to a group or the total.
	adjustment?: 'inactivityDecay';
	idleDays?: number;
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
	// The zone for activity times written without one; default UTC.
	timeZone?: string;
}

// A breakdown entry before rounding, and whether its rule fired (for disqualification).
interface Scored {
	entry: BreakdownEntry;
	fired: boolean;
}

const SKIPPED_LISTED = 10;
// A lead value is copied into the breakdown for reading; a huge one is cut.
const VALUE_SHOWN = 200;

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
	const activities = leadActivities(compiled, lead, options);

	const scored: Scored[] = [];
	for (const rule of compiled.rules) {
		const result =
			rule.kind === 'field' ? scoreFieldRule(rule, lead) : activityEntry(rule, activities, asOf);
		if (result !== undefined) scored.push(result);
	}
	const decay = inactivityEntry(compiled, scored, activities, asOf);
	if (decay !== undefined) scored.push({ entry: decay, fired: true });

	const breakdown = roundBreakdown(scored.map(({ entry }) => entry));
	const groupHundredths = new Map(model.groups.map((group) => [group.name, 0]));
	for (const entry of breakdown) {
		const sum = groupHundredths.get(entry.group) ?? 0;
		groupHundredths.set(entry.group, sum + Math.round(entry.points * 100));
	}
	const total = [...groupHundredths.values()].reduce((sum, value) => sum + value, 0) / 100;
	const reasons = scored
		.filter(({ entry, fired }) => fired && entry.disqualify)
		.map(({ entry }) => entry.label ?? entry.rule);

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

// Activities after the as-of instant have not happened yet as far as the score is concerned, so
// replaying a past day gives the score the lead had then.
function leadActivities(
	compiled: CompiledModel,
	lead: Record<string, unknown>,
	options: ScoringOptions,
): Activity[] {
	const needed =
		compiled.model.inactivityDecay !== undefined ||
		compiled.rules.some((rule) => rule.kind === 'activity');
	if (!needed) return [];
	const field = options.activitiesField ?? 'activities';
	const asOf = options.asOf.getTime();
	return readActivities(readField(lead, parseFieldPath(field)), field, options.timeZone).filter(
		(activity) => activity.at === null || activity.at <= asOf,
	);
}

function scoreFieldRule(rule: CompiledFieldRule, lead: Record<string, unknown>): Scored | undefined {
	const result = applyTest(rule, lead);
	if (result === undefined) return undefined;
	const shown = { field: rule.field, value: shownValue(result.value) };
	if (result.warning !== undefined) {
		return { entry: { ...entryFor(rule, 0), ...shown, warning: result.warning }, fired: false };
	}
	if (!result.fired) return undefined;
	return { entry: { ...entryFor(rule, rule.points), ...shown }, fired: true };
}

function shownValue(value: unknown): unknown {
	if (typeof value !== 'string' || value.length <= VALUE_SHOWN) return value;
	return `${value.slice(0, VALUE_SHOWN)}… (${value.length} characters)`;
}

function activityEntry(
	rule: CompiledActivityRule,
	activities: Activity[],
	asOf: number,
): Scored | undefined {
	const result = scoreActivityRule(rule, activities, asOf);
	if (result === undefined) return undefined;

	const { scored, skipped } = result;
	const points = scored.reduce((sum, occurrence) => sum + occurrence.points, 0);
	const latest = scored[0]?.activity ?? skipped[0].activity;
	const entry: BreakdownEntry = {
		...entryFor(rule, points),
		activity: reference(latest),
		...(rule.frequency === 'once' ? {} : { count: scored.length }),
	};
	if (rule.halfLifeDays !== undefined && scored.length > 0) {
		entry.scored = scored.map((occurrence) => ({
			...reference(occurrence.activity),
			points: Math.round(occurrence.points * 100) / 100,
		}));
	}
	if (skipped.length > 0) {
		entry.skipped = skipped
			.slice(0, SKIPPED_LISTED)
			.map((occurrence) => ({ ...reference(occurrence.activity), reason: occurrence.reason }));
		entry.skippedCount = skipped.length;
	}
	return { entry, fired: scored.length > 0 };
}

function reference(activity: Activity): ActivityReference {
	const type = activity.source.type;
	return {
		type: typeof type === 'string' ? type.slice(0, VALUE_SHOWN) : String(type),
		at: activity.at === null ? null : new Date(activity.at).toISOString(),
	};
}

// After `afterDays` whole days with no activity, the group's score so far fades; the fade is
// its own entry, so the breakdown still explains every point.
function inactivityEntry(
	compiled: CompiledModel,
	scored: Scored[],
	activities: Activity[],
	asOf: number,
): BreakdownEntry | undefined {
	const decay = compiled.model.inactivityDecay;
	const last = activities.reduce((latest, { at }) => Math.max(latest, at ?? -Infinity), -Infinity);
	if (decay === undefined || last === -Infinity) return undefined;

	const idleDays = Math.floor((asOf - last) / DAY_MS);
	const factor = inactivityFactor(idleDays, decay);
	const groupPoints = scored
		.filter(({ entry }) => entry.group === decay.group)
		.reduce((sum, { entry }) => sum + entry.points, 0);
	if (factor === 1 || groupPoints <= 0) return undefined;
	return {
		rule: 'inactivity-decay',
		group: decay.group,
		points: -groupPoints * (1 - factor),
		label: `No activity for ${idleDays} days`,
		adjustment: 'inactivityDecay',
		idleDays,
	};
}

function roundBreakdown(entries: BreakdownEntry[]): BreakdownEntry[] {
	const { entries: rounded } = roundEntries(entries.map((entry) => entry.points));
	return entries.map((entry, index) => ({ ...entry, points: rounded[index] }));
}

function entryFor(rule: CompiledRule, points: number): BreakdownEntry {
	return {
		rule: rule.id,
		group: rule.group,
		points,
		...(rule.label !== undefined ? { label: rule.label } : {}),
		...(rule.disqualify ? { disqualify: true } : {}),
	};
}
