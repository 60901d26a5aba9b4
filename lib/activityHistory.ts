// Activity history: form tools send one submission at a time, so a lead's engagement would start
// from zero in every execution. With history on, Score Lead keeps each lead's activities in the
// state store, adds what arrives, and scores the whole history. Activities older than the
// retention window are not scored, and are dropped when the history is written.

import { isRecord } from './fieldPath';
import { uniqueActivities } from './merging';
import { DAY_MS, parseInstant } from './time';

// Enough for years of a busy lead's page views; beyond it the oldest go first.
const MOST_KEPT_PER_LEAD = 1000;

export interface HistoryWindow {
	asOf: number;
	retentionDays: number;
	timeZone: string;
}

export class ActivityHistory {
	private readonly leads: Record<string, unknown[]>;

	// `stored` is what an earlier execution wrote; anything unreadable starts an empty history.
	constructor(stored: unknown) {
		this.leads = {};
		if (!isRecord(stored)) return;
		for (const [key, activities] of Object.entries(stored)) {
			if (Array.isArray(activities)) this.leads[key] = activities;
		}
	}

	// Adds the lead's new activities to its history and returns everything to score: what is
	// within the window, kept or just arrived (an activity without a readable time is scored, not
	// kept). Nothing older than the window is scored, whether it just arrived or the store still
	// holds it, so a lead's score never counts an activity once and then drops it.
	add(hashedKey: string, arrived: unknown[], window: HistoryWindow): unknown[] {
		const oldest = oldestKept(window);
		const kept = (this.leads[hashedKey] ?? []).filter((activity) => {
			const at = timeOf(activity, window.timeZone);
			return at !== null && at >= oldest;
		});
		const current = arrived.filter((activity) => {
			const at = timeOf(activity, window.timeZone);
			return at === null || at >= oldest;
		});
		const all = uniqueActivities([...kept, ...current]);
		this.keep(hashedKey, all, window);
		return all;
	}

	// Drops what fell out of the window for leads not seen in this run too, so the store does not
	// keep a lead's data longer than the retention period says.
	prune(window: HistoryWindow): void {
		for (const [hashedKey, activities] of Object.entries(this.leads)) {
			this.keep(hashedKey, activities, window);
		}
	}

	private keep(hashedKey: string, activities: unknown[], window: HistoryWindow): void {
		const oldest = oldestKept(window);
		const kept = activities
			.map((activity) => ({ activity, at: timeOf(activity, window.timeZone) }))
			.filter(
				(entry): entry is { activity: unknown; at: number } =>
					entry.at !== null && entry.at >= oldest,
			)
			.sort((a, b) => a.at - b.at)
			.slice(-MOST_KEPT_PER_LEAD)
			.map(({ activity }) => activity);
		if (kept.length > 0) this.leads[hashedKey] = kept;
		else delete this.leads[hashedKey];
	}

	toJSON(): Record<string, unknown[]> {
		return { ...this.leads };
	}
}

function oldestKept(window: HistoryWindow): number {
	return window.asOf - window.retentionDays * DAY_MS;
}

function timeOf(activity: unknown, timeZone: string): number | null {
	return isRecord(activity) ? parseInstant(activity.at, timeZone) : null;
}
