// Scoring one lead with a compiled model: which rules fire, how many points each gives, the
// group totals, the band, and a breakdown that explains every point.

import { isNewestFirst, newestFirst, readActivities, type Activity } from './activities';
import { capChange, floorChange } from './adjustments';
import { bandFor, type Band } from './bands';
import { inactivityFactor } from './decay';
import { scoreActivityRule } from './engagement';
import { readField } from './fieldPath';
import { gradeFor } from './grades';
import { DISQUALIFIED_BAND, type CompiledModel } from './model';
import { describeValue } from './json';
import { roundEntries } from './rounding';
import {
	testValue,
	type CompiledActivityRule,
	type CompiledFieldRule,
	type CompiledRule,
} from './rules';
import { DAY_MS, instantText, isInstantText } from './time';
import { isMissing, leadKeyText, normalLeadKey } from './values';

export interface ActivityReference {
	type: string;
	at: string | null;
	// The activity's time as it came, when it is not one this reads (at is then null).
	unreadableAt?: string;
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

// The rules' entries as scoring makes them, and whether each entry's rule fired (a warning entry
// did not), side by side so that no wrapper object is made per entry.
interface RuleEntries {
	entries: BreakdownEntry[];
	fired: boolean[];
}

const SKIPPED_LISTED = 10;
// A lead value is copied into the breakdown for reading; a huge one is cut.
const VALUE_SHOWN = 200;

export function leadKey(lead: Record<string, unknown>, options: ScoringOptions): string | null {
	if (options.keyField) {
		const id = leadKeyText(readField(lead, options.keyField));
		return id === undefined ? null : normalLeadKey(id);
	}
	const email = leadKeyText(readField(lead, options.emailField ?? 'email'));
	return email === undefined ? null : email.trim().toLowerCase();
}

export function scoreLead(
	compiled: CompiledModel,
	lead: Record<string, unknown>,
	options: ScoringOptions,
): LeadScore {
	const { model } = compiled;
	const asOf = options.asOf.getTime();
	const layout = layoutOf(compiled);
	const activities = layout.readsActivities ? leadActivities(lead, options) : NO_ACTIVITIES;
	const byType = activitiesByType(activities, layout.slots);

	const scored: RuleEntries = { entries: [], fired: [] };
	const { rules } = compiled;
	for (let index = 0; index < rules.length; index++) {
		const rule = rules[index];
		if (rule.kind === 'field') addFieldEntry(rule, lead, scored);
		else addActivityEntry(rule, byType[layout.slotOfRule[index]] ?? NO_ACTIVITIES, asOf, scored);
	}
	const breakdown = scored.entries;
	roundWithinGroups(breakdown);

	// From here on, scores are whole hundredths, so every adjustment is exact.
	const groupHundredths = new Map<string, number>();
	for (const group of model.groups) groupHundredths.set(group.name, 0);
	for (const entry of breakdown) {
		const group = entry.group ?? '';
		groupHundredths.set(group, (groupHundredths.get(group) ?? 0) + Math.round(entry.points * 100));
	}
	if (layout.hasSetRules) applySetRules(scored, groupHundredths);
	const ruleCount = breakdown.length;
	addInactivityEntry(compiled, groupHundredths, activities, asOf, breakdown);
	addCapEntries(compiled, groupHundredths, breakdown);
	const groups: Record<string, number> = {};
	let groupsTotal = 0;
	for (const name of groupHundredths.keys()) {
		const value = groupHundredths.get(name) ?? 0;
		groups[name] = value / 100;
		groupsTotal += value;
	}
	const total = (groupsTotal + addTotalEntries(compiled, groupsTotal, breakdown)) / 100;

	const reasons: string[] = [];
	for (let index = 0; index < ruleCount; index++) {
		const entry = breakdown[index];
		if (scored.fired[index] && entry.disqualify) reasons.push(entry.label ?? entry.rule);
	}
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
		breakdown,
		model: modelName(compiled),
		asOf: instantText(asOf),
	};
}

// The model's name and version, the same for every lead of a run: one object, as `bands` is.
const modelNames = new WeakMap<CompiledModel, LeadScore['model']>();

function modelName(compiled: CompiledModel): LeadScore['model'] {
	let named = modelNames.get(compiled);
	if (named === undefined) {
		named = { name: compiled.model.name, version: compiled.model.version };
		modelNames.set(compiled, named);
	}
	return named;
}

// Activities after the as-of instant have not happened yet as far as the score is concerned, so
// replaying a past day gives the score the lead had then.
const NO_ACTIVITIES: Activity[] = [];

// What every lead's scoring asks of the model, worked out once per compiled model. The activity
// types the rules look at are numbered: each lead's activities are sorted into a list per number,
// and activities of types no rule looks at are passed over (decay still reads them from the
// lead's whole list).
interface ModelLayout {
	// activity type -> its number
	slots: Map<string, number>;
	// Per rule, in the model's order: its activity type's number (-1 for a field rule).
	slotOfRule: number[];
	hasSetRules: boolean;
	// A model without activity rules or decay never reads the lead's activities.
	readsActivities: boolean;
}

const layouts = new WeakMap<CompiledModel, ModelLayout>();

function layoutOf(compiled: CompiledModel): ModelLayout {
	let layout = layouts.get(compiled);
	if (layout === undefined) {
		const slots = new Map<string, number>();
		const slotOfRule = compiled.rules.map((rule) => {
			if (rule.kind === 'field') return -1;
			if (!slots.has(rule.activityType)) slots.set(rule.activityType, slots.size);
			return slots.get(rule.activityType) as number;
		});
		layout = {
			slots,
			slotOfRule,
			hasSetRules: compiled.rules.some((rule) => rule.set !== undefined),
			readsActivities: slots.size > 0 || compiled.model.inactivityDecay !== undefined,
		};
		layouts.set(compiled, layout);
	}
	return layout;
}

// Each activity rule looks only at its own type: the lead's activities are split by type once,
// rather than filtered once per rule, and each type's list is put newest first once, which is the
// order the rules take occurrences in.
function activitiesByType(
	activities: Activity[],
	slots: Map<string, number>,
): Array<Activity[] | undefined> {
	const byType: Array<Activity[] | undefined> = [];
	if (activities.length === 0) return byType;
	for (const activity of activities) {
		const slot = slots.get(activity.type);
		if (slot === undefined) continue;
		const ofType = byType[slot];
		if (ofType === undefined) byType[slot] = [activity];
		else ofType.push(activity);
	}
	for (const ofType of byType) {
		if (ofType !== undefined && !isNewestFirst(ofType)) ofType.sort(newestFirst);
	}
	return byType;
}

function leadActivities(lead: Record<string, unknown>, options: ScoringOptions): Activity[] {
	const field = options.activitiesField ?? 'activities';
	const asOf = options.asOf.getTime();
	const activities = readActivities(readField(lead, field), field, options.timeZone);
	// The list is this call's own, so the future is dropped in place rather than by a copy.
	let kept = 0;
	for (const activity of activities) {
		if (activity.at === null || activity.at <= asOf) activities[kept++] = activity;
	}
	activities.length = kept;
	return activities;
}

function addFieldEntry(
	rule: CompiledFieldRule,
	lead: Record<string, unknown>,
	scored: RuleEntries,
): void {
	const value = readField(lead, rule.path);
	const outcome = testValue(rule, value);
	if (outcome === undefined) return;
	const warned = outcome.warning !== undefined;

	const points = warned ? 0 : rule.points;
	let entry: BreakdownEntry;
	if (isPlain(rule)) {
		const { id, group, field } = rule;
		entry = { rule: id, group, points, field, value: shownValue(value) };
	} else {
		entry = entryFor(rule, points);
		entry.field = rule.field;
		entry.value = shownValue(value);
	}
	if (warned) entry.warning = outcome.warning;
	scored.entries.push(entry);
	scored.fired.push(!warned);
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

function addActivityEntry(
	rule: CompiledActivityRule,
	activities: Activity[],
	asOf: number,
	scored: RuleEntries,
): void {
	const result = scoreActivityRule(rule, activities, asOf);
	if (result === undefined) return;

	const { scored: occurrences, skipped } = result;
	let points = 0;
	for (const occurrence of occurrences) points += occurrence.points;
	const latest = occurrences[0]?.activity ?? skipped[0].activity;
	// Several rules often name the same activity (the latest of its type): one object serves
	// them all, since every lead's breakdown is kept in memory until the execution ends.
	const activity = (latest.shown ??= reference(latest));
	const count = rule.frequency === 'once' ? undefined : occurrences.length;
	let entry: BreakdownEntry;
	if (!isPlain(rule)) {
		entry = entryFor(rule, points);
		entry.activity = activity;
		if (count !== undefined) entry.count = count;
	} else if (count === undefined) entry = { rule: rule.id, group: rule.group, points, activity };
	else entry = { rule: rule.id, group: rule.group, points, activity, count };
	if (rule.halfLifeDays !== undefined && occurrences.length > 0) {
		entry.scored = occurrences.map(({ activity, points: worth }) =>
			withUnreadableTime(
				{ type: shownType(activity), at: atText(activity), points: Math.round(worth * 100) / 100 },
				activity,
			),
		);
	}
	if (skipped.length > 0) {
		const listed = Math.min(skipped.length, SKIPPED_LISTED);
		entry.skipped = [];
		for (let index = 0; index < listed; index++) {
			const { activity, reason } = skipped[index];
			entry.skipped.push(
				withUnreadableTime({ type: shownType(activity), at: atText(activity), reason }, activity),
			);
		}
		entry.skippedCount = skipped.length;
	}
	scored.entries.push(entry);
	scored.fired.push(occurrences.length > 0);
}

// The activity as the breakdown names it.
function reference(activity: Activity): ActivityReference {
	return withUnreadableTime({ type: shownType(activity), at: atText(activity) }, activity);
}

// A time this cannot read ("31/12/2026", "yesterday") is shown as it came beside `at: null`, so
// that the lead's data can be put right. Rare, so the usual reference is built without the key.
function withUnreadableTime<T extends ActivityReference>(shown: T, activity: Activity): T {
	const written = activity.source.at;
	if (shown.at !== null || isMissing(written)) return shown;
	shown.unreadableAt =
		typeof written === 'string' ? written.slice(0, VALUE_SHOWN) : describeValue(written);
	return shown;
}

function shownType(activity: Activity): string {
	const type = activity.source.type;
	return typeof type === 'string' ? type.slice(0, VALUE_SHOWN) : String(type);
}

// A time that arrived as the very text JavaScript writes for it is shown as it came: rebuilding
// that text from the instant costs more than reading the time did.
function atText(activity: Activity): string | null {
	if (activity.atText !== undefined) return activity.atText;
	const written = activity.source.at;
	if (activity.at === null) activity.atText = null;
	else if (typeof written === 'string' && isInstantText(written)) activity.atText = written;
	else activity.atText = new Date(activity.at).toISOString();
	return activity.atText;
}

// Rules' points are rounded once, within each group, so that the group's score is its entries'
// sum exactly; see lib/rounding.ts.
function roundWithinGroups(entries: BreakdownEntry[]): void {
	// Points given in whole hundredths (the usual case) need no rounding at all.
	if (entries.every((entry) => isWholeHundredths(entry.points))) return;
	const byGroup = new Map<string | null, BreakdownEntry[]>();
	for (const entry of entries) {
		const inGroup = byGroup.get(entry.group) ?? [];
		inGroup.push(entry);
		byGroup.set(entry.group, inGroup);
	}
	for (const inGroup of byGroup.values()) {
		const { entries: rounded } = roundEntries(inGroup.map((entry) => entry.points));
		inGroup.forEach((entry, index) => (entry.points = rounded[index]));
	}
}

function isWholeHundredths(points: number): boolean {
	const hundredths = points * 100;
	return Math.abs(hundredths - Math.round(hundredths)) < 1e-9;
}

// When set rules fire in a group, the lowest value wins (the most cautious, and independent of
// the rules' order); its entry carries the change from the group's points to that value.
function applySetRules(scored: RuleEntries, groupHundredths: Map<string, number>): void {
	const winners = new Map<string, BreakdownEntry>();
	for (let index = 0; index < scored.entries.length; index++) {
		const entry = scored.entries[index];
		if (!scored.fired[index] || entry.set === undefined || entry.group === null) continue;
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
function addInactivityEntry(
	compiled: CompiledModel,
	groupHundredths: Map<string, number>,
	activities: Activity[],
	asOf: number,
	breakdown: BreakdownEntry[],
): void {
	const decay = compiled.model.inactivityDecay;
	if (decay === undefined) return;
	let last = -Infinity;
	for (const { at } of activities) if (at !== null && at > last) last = at;
	if (last === -Infinity) return;

	const idleDays = Math.floor((asOf - last) / DAY_MS);
	const score = groupHundredths.get(decay.group) ?? 0;
	const change = -Math.round(score * (1 - inactivityFactor(idleDays, decay)));
	if (score <= 0 || change === 0) return;
	groupHundredths.set(decay.group, score + change);
	breakdown.push({
		rule: 'inactivity-decay',
		group: decay.group,
		points: change / 100,
		label: `No activity for ${idleDays} days`,
		adjustment: 'inactivityDecay',
		idleDays,
	});
}

function addCapEntries(
	compiled: CompiledModel,
	groupHundredths: Map<string, number>,
	breakdown: BreakdownEntry[],
): void {
	const caps = compiled.model.caps?.groups;
	if (caps === undefined) return;
	for (const group of Object.keys(caps)) {
		const cap = caps[group];
		const score = groupHundredths.get(group) ?? 0;
		const change = capChange(score, cap);
		if (change === 0) continue;
		groupHundredths.set(group, score + change);
		breakdown.push({
			rule: `cap-${group}`,
			group,
			points: change / 100,
			label: `${group} capped at ${cap}`,
			adjustment: 'groupCap',
		});
	}
}

// The total's cap, then its floor. The floor has the last word, so a model can say both "never
// above 150" and "never below 0". Returns the change to the total, in hundredths.
function addTotalEntries(
	compiled: CompiledModel,
	groupsTotal: number,
	breakdown: BreakdownEntry[],
): number {
	const { caps, floor } = compiled.model;
	const capped = capChange(groupsTotal, caps?.total);
	if (capped !== 0) {
		breakdown.push({
			rule: 'cap-total',
			group: null,
			points: capped / 100,
			label: `Total capped at ${caps?.total}`,
			adjustment: 'totalCap',
		});
	}
	const raised = floorChange(groupsTotal + capped, floor);
	if (raised !== 0) {
		breakdown.push({
			rule: 'floor',
			group: null,
			points: raised / 100,
			label: `Total raised to the floor of ${floor}`,
			adjustment: 'floor',
		});
	}
	return capped + raised;
}

// A rule without a label, disqualification or set value, the usual kind, has its entry written in
// one object literal with every key in breakdown order: no keys are added afterwards, which in a
// run of many leads costs a second allocation per entry.
function isPlain(rule: CompiledRule): boolean {
	return rule.label === undefined && rule.disqualify !== true && rule.set === undefined;
}

// Built by assignment rather than spreads: one entry per fired rule per lead adds up.
function entryFor(rule: CompiledRule, points: number): BreakdownEntry {
	const entry: BreakdownEntry = { rule: rule.id, group: rule.group, points };
	if (rule.label !== undefined) entry.label = rule.label;
	if (rule.disqualify) entry.disqualify = true;
	if (rule.set !== undefined) entry.set = rule.set;
	return entry;
}
