// Merging duplicate leads within one run: a form that is submitted twice, or a CRM export with a
// row per touch, gives several items for one lead. Merged, the lead is scored once on all its
// activities, and the one item out names (and is paired with) every item it came from.

import { readActivityList } from './activities';
import { readField, withField } from './fieldPath';
import { isMissing } from './values';

export interface LeadGroup {
	// Input item indexes, in input order; the first is where the merged item appears.
	indexes: number[];
	lead: Record<string, unknown>;
}

// Items without a key are never merged. Fields: a later item's answer replaces an earlier one,
// but a missing answer ("", "N/A") does not erase one. Activities: all of them, an exact repeat
// (a retried submission) once.
export function mergeDuplicateLeads(
	leads: Array<Record<string, unknown>>,
	keyOf: (lead: Record<string, unknown>) => string | null,
	activitiesPath: string[],
): LeadGroup[] {
	const groups: LeadGroup[] = [];
	const byKey = new Map<string, LeadGroup>();
	leads.forEach((lead, index) => {
		const key = keyOf(lead);
		const group = key === null ? undefined : byKey.get(key);
		if (group === undefined) {
			const created = { indexes: [index], lead };
			groups.push(created);
			if (key !== null) byKey.set(key, created);
			return;
		}
		group.indexes.push(index);
		group.lead = mergeTwo(group.lead, lead, activitiesPath);
	});
	return groups;
}

function mergeTwo(
	earlier: Record<string, unknown>,
	later: Record<string, unknown>,
	activitiesPath: string[],
): Record<string, unknown> {
	const merged: Record<string, unknown> = { ...earlier };
	for (const [field, value] of Object.entries(later)) {
		if (!isMissing(value) || !(field in merged)) merged[field] = value;
	}
	const before = readActivityList(earlier, activitiesPath);
	const after = readActivityList(later, activitiesPath);
	// A list that cannot be read is kept, whichever item brought it, so that scoring reports it
	// for the merged lead rather than a later item's list quietly taking its place.
	if (before === undefined) {
		return withField(merged, activitiesPath, readField(earlier, activitiesPath));
	}
	if (after === undefined) return merged;
	return withField(merged, activitiesPath, uniqueActivities([...before, ...after]));
}

export function uniqueActivities(activities: unknown[]): unknown[] {
	const seen = new Set<string>();
	return activities.filter((activity) => {
		let text: string;
		try {
			text = JSON.stringify(activity);
		} catch {
			return true;
		}
		if (seen.has(text)) return false;
		seen.add(text);
		return true;
	});
}
