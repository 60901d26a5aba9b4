// Scoring one lead with a compiled model: which rules fire, how many points each gives, the
// group totals, the band, and a breakdown that explains every point.

import { readActivities, type Activity } from './activities';
import { capChange, floorChange } from './adjustments';
import { bandFor, type Band } from './bands';
import { inactivityFactor } from './decay';
import { scoreActivityRule } from './engagement';
import { parseFieldPath, readField } from './fieldPath';
import { gradeFor } from './grades';
import { DISQUALIFIED_BAND, type CompiledModel } from './model';
import { describeValue } from './json';
import { roundEntries } from './rounding';
import {
	applyTest,
	type CompiledActivityRule,
	type CompiledFieldRule,
	type CompiledRule,
} from './rules';
import { DAY_MS } from './time';
import { isMissing } from './values';

export interface ActivityReference {
	type: string;
	at: string | null;
}

export interface BreakdownEntry {
	rule: string;
	// null for a change to the total (its cap, the floor), which belongs to no group.
	group: string | null;
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
	// A set rule: the score it put its group at; `points` is the change that made.
	set?: number;
	// Entries that are not a rule's points but a change to a group or the total.
	adjustment?: 'inactivityDecay' | 'groupCap' | 'totalCap' | 'floor';
	idleDays?: number;
	disqualify?: boolean;
	warning?: string;
}

export interface LeadScore {
	key: string | null;
	total: number;
	groups: Record<string, number>;
	// "Disqualified" for a disqualified lead, whatever its points.
	band: string;
	bands: Band[];
	// From the model's grade scale (A-D on the fit score) and engagement levels; null without.
	grade: string | null;
	matrix: string | null;
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

	const byType = activitiesByType(activities);

	const scored: Scored[] = [];
	for (const rule of compiled.rules) {
		const result =
			rule.kind === 'field'
				? scoreFieldRule(rule, lead)
				: activityEntry(rule, byType.get(rule.activityType) ?? NO_ACTIVITIES, asOf);
		if (result !== undefined) scored.push(result);
	}
	roundWithinGroups(scored);

	// From here on, scores are whole hundredths, so every adjustment is exact.
	const groupHundredths = new Map(model.groups.map((group) => [group.name, 0]));
	for (const { entry } of scored) {
		const group = entry.group ?? '';
		groupHundredths.set(group, (groupHundredths.get(group) ?? 0) + Math.round(entry.points * 100));
	}
	applySetRules(scored, groupHundredths);
	const adjustments = [
		...inactivityEntries(compiled, groupHundredths, activities, asOf),
		...capEntries(compiled, groupHundredths),
	];
	const groups = Object.fromEntries(
		[...groupHundredths].map(([name, value]) => [name, value / 100]),
	);
	const groupsTotal = [...groupHundredths.values()].reduce((sum, value) => sum + value, 0);
	const totalEntries = totalEntriesFor(compiled, groupsTotal);
	const total =
		totalEntries.reduce((sum, entry) => sum + Math.round(entry.points * 100), groupsTotal) / 100;

	const reasons = scored
		.filter(({ entry, fired }) => fired && entry.disqualify)
		.map(({ entry }) => entry.label ?? entry.rule);
	const disqualified = reasons.length > 0;
	const grade = gradeFor(model.grade, groups);
	const level = gradeFor(model.engagementLevels, groups);

	return {
		key: leadKey(lead, options),
		total,
		groups,
		band: disqualified ? DISQUALIFIED_BAND : bandFor(total, model.bands),
		bands: model.bands,
		grade,
		matrix: grade !== null && level !== null ? `${grade}${level}` : null,
		disqualified,
		reasons,
		breakdown: [...scored.map(({ entry }) => entry), ...adjustments, ...totalEntries],
		model: { name: model.name, version: model.version },
		asOf: isoText(options.asOf),
	};
}

// A run scores every lead as of the same instant; its text is made once, not once per lead.
let lastInstant: Date | undefined;
let lastInstantText = '';
function isoText(instant: Date): string {
	if (instant !== lastInstant) {
		lastInstant = instant;
		lastInstantText = instant.toISOString();
	}
	return lastInstantText;
}

// Activities after the as-of instant have not happened yet as far as the score is concerned, so
// replaying a past day gives the score the lead had then.
const NO_ACTIVITIES: Activity[] = [];

// Each activity rule looks only at its own type: the lead's activities are split by type once,
// rather than filtered once per rule.
function activitiesByType(activities: Activity[]): Map<string, Activity[]> {
	const byType = new Map<string, Activity[]>();
	for (const activity of activities) {
		const ofType = byType.get(activity.type);
		if (ofType === undefined) byType.set(activity.type, [activity]);
		else ofType.push(activity);
	}
	return byType;
}

// Whether a model reads activities at all, worked out once per compiled model.
const readsActivities = new WeakMap<CompiledModel, boolean>();

function leadActivities(
	compiled: CompiledModel,
	lead: Record<string, unknown>,
	options: ScoringOptions,
): Activity[] {
	let needed = readsActivities.get(compiled);
	if (needed === undefined) {
		needed =
			compiled.model.inactivityDecay !== undefined ||
			compiled.rules.some((rule) => rule.kind === 'activity');
		readsActivities.set(compiled, needed);
	}
	if (!needed) return NO_ACTIVITIES;
	const field = options.activitiesField ?? 'activities';
	const asOf = options.asOf.getTime();
	return readActivities(readField(lead, activitiesPath(field)), field, options.timeZone).filter(
		(activity) => activity.at === null || activity.at <= asOf,
	);
}

const activitiesPaths = new Map<string, string[]>();
function activitiesPath(field: string): string[] {
	let path = activitiesPaths.get(field);
	if (path === undefined) {
		path = parseFieldPath(field);
		activitiesPaths.set(field, path);
	}
	return path;
}

function scoreFieldRule(
	rule: CompiledFieldRule,
	lead: Record<string, unknown>,
): Scored | undefined {
	const result = applyTest(rule, lead);
	if (result === undefined) return undefined;
	const warned = result.warning !== undefined;
	if (!warned && !result.fired) return undefined;

	const entry = entryFor(rule, warned ? 0 : rule.points);
	entry.field = rule.field;
	entry.value = shownValue(result.value);
	if (warned) entry.warning = result.warning;
	return { entry, fired: !warned };
}

// A multi-select answer is shown as the list it is; other objects as short JSON text, since a
// lead's value may be nested too deeply to copy.
function shownValue(value: unknown): unknown {
	if (Array.isArray(value) && value.every((answer) => typeof answer !== 'object')) {
		return value.length <= 20 ? value : describeValue(value);
	}
	if (typeof value === 'object' && value !== null) return describeValue(value);
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
	let points = 0;
	for (const occurrence of scored) points += occurrence.points;
	const latest = scored[0]?.activity ?? skipped[0].activity;
	const entry = entryFor(rule, points);
	entry.activity = reference(latest);
	if (rule.frequency !== 'once') entry.count = scored.length;
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
		at: (activity.atText ??= activity.at === null ? null : new Date(activity.at).toISOString()),
	};
}

// Rules' points are rounded once, within each group, so that the group's score is its entries'
// sum exactly; see lib/rounding.ts.
function roundWithinGroups(scored: Scored[]): void {
	// Points given in whole hundredths (the usual case) need no rounding at all.
	if (scored.every(({ entry }) => isWholeHundredths(entry.points))) return;
	const byGroup = new Map<string | null, BreakdownEntry[]>();
	for (const { entry } of scored) {
		const entries = byGroup.get(entry.group) ?? [];
		entries.push(entry);
		byGroup.set(entry.group, entries);
	}
	for (const entries of byGroup.values()) {
		const { entries: rounded } = roundEntries(entries.map((entry) => entry.points));
		entries.forEach((entry, index) => (entry.points = rounded[index]));
	}
}

// When set rules fire in a group, the lowest value wins (the most cautious, and independent of
// the rules' order); its entry carries the change from the group's points to that value.
function isWholeHundredths(points: number): boolean {
	const hundredths = points * 100;
	return Math.abs(hundredths - Math.round(hundredths)) < 1e-9;
}

function applySetRules(scored: Scored[], groupHundredths: Map<string, number>): void {
	const winners = new Map<string, BreakdownEntry>();
	for (const { entry, fired } of scored) {
		if (!fired || entry.set === undefined || entry.group === null) continue;
		const current = winners.get(entry.group);
		if (current === undefined || entry.set < (current.set ?? Infinity)) {
			winners.set(entry.group, entry);
		}
	}
	for (const [group, entry] of winners) {
		const target = Math.round((entry.set ?? 0) * 100);
		entry.points = (target - (groupHundredths.get(group) ?? 0)) / 100;
		groupHundredths.set(group, target);
	}
}

// After `afterDays` whole days with no activity, the group's score so far fades; the fade is
// its own entry, so the breakdown still explains every point.
function inactivityEntries(
	compiled: CompiledModel,
	groupHundredths: Map<string, number>,
	activities: Activity[],
	asOf: number,
): BreakdownEntry[] {
	const decay = compiled.model.inactivityDecay;
	const last = activities.reduce((latest, { at }) => Math.max(latest, at ?? -Infinity), -Infinity);
	if (decay === undefined || last === -Infinity) return [];

	const idleDays = Math.floor((asOf - last) / DAY_MS);
	const score = groupHundredths.get(decay.group) ?? 0;
	const change = -Math.round(score * (1 - inactivityFactor(idleDays, decay)));
	if (score <= 0 || change === 0) return [];
	groupHundredths.set(decay.group, score + change);
	return [
		{
			rule: 'inactivity-decay',
			group: decay.group,
			points: change / 100,
			label: `No activity for ${idleDays} days`,
			adjustment: 'inactivityDecay',
			idleDays,
		},
	];
}

function capEntries(
	compiled: CompiledModel,
	groupHundredths: Map<string, number>,
): BreakdownEntry[] {
	const entries: BreakdownEntry[] = [];
	for (const [group, cap] of Object.entries(compiled.model.caps?.groups ?? {})) {
		const score = groupHundredths.get(group) ?? 0;
		const change = capChange(score, cap);
		if (change === 0) continue;
		groupHundredths.set(group, score + change);
		entries.push({
			rule: `cap-${group}`,
			group,
			points: change / 100,
			label: `${group} capped at ${cap}`,
			adjustment: 'groupCap',
		});
	}
	return entries;
}

// The total's cap, then its floor. The floor has the last word, so a model can say both "never
// above 150" and "never below 0".
function totalEntriesFor(compiled: CompiledModel, groupsTotal: number): BreakdownEntry[] {
	const { caps, floor } = compiled.model;
	const entries: BreakdownEntry[] = [];
	const capped = capChange(groupsTotal, caps?.total);
	if (capped !== 0) {
		entries.push({
			rule: 'cap-total',
			group: null,
			points: capped / 100,
			label: `Total capped at ${caps?.total}`,
			adjustment: 'totalCap',
		});
	}
	const raised = floorChange(groupsTotal + capped, floor);
	if (raised !== 0) {
		entries.push({
			rule: 'floor',
			group: null,
			points: raised / 100,
			label: `Total raised to the floor of ${floor}`,
			adjustment: 'floor',
		});
	}
	return entries;
}

// Built by assignment rather than spreads: one entry per fired rule per lead adds up.
function entryFor(rule: CompiledRule, points: number): BreakdownEntry {
	const entry: BreakdownEntry = { rule: rule.id, group: rule.group, points };
	if (rule.label !== undefined) entry.label = rule.label;
	if (rule.disqualify) entry.disqualify = true;
	if (rule.set !== undefined) entry.set = rule.set;
	return entry;
}
