// Scoring one activity rule: which of the lead's activities it matches, which of those score
// under its frequency, interval and window, and how much each is worth after decay. Occurrences
// that match but do not score are kept with the reason, for the breakdown.

import { isNewestFirst, newestFirst, type Activity } from './activities';
import { halfLifeFactor } from './decay';
import { readField } from './fieldPath';
import { testValue, type CompiledActivityRule } from './rules';
import { DAY_MS } from './time';

export interface ScoredOccurrence {
	activity: Activity;
	// Unrounded: rounding happens once, in the output.
	points: number;
}

export interface SkippedOccurrence {
	activity: Activity;
	reason: string;
}

export interface RuleActivities {
	scored: ScoredOccurrence[];
	skipped: SkippedOccurrence[];
}

// Occurrences are taken newest first, so "once" and "at most N" score the most recent ones,
// which are also the ones decay leaves the most points.
export function scoreActivityRule(
	rule: CompiledActivityRule,
	activities: Activity[],
	asOf: number,
): RuleActivities | undefined {
	const matching = matchingNewestFirst(rule, activities);
	if (matching.length === 0) return undefined;

	const scored: ScoredOccurrence[] = [];
	const skipped: SkippedOccurrence[] = [];
	for (const activity of matching) {
		const reason = skipReason(rule, activity, scored, asOf);
		if (reason !== undefined) {
			skipped.push({ activity, reason });
			continue;
		}
		scored.push({ activity, points: rule.points * decayFactor(rule, activity, asOf) });
	}
	return { scored, skipped };
}

// The rule's occurrences, newest first. Scoring passes the lead's activities of the rule's type
// already in that order, so without conditions the list is usually taken as it is, uncopied.
function matchingNewestFirst(rule: CompiledActivityRule, activities: Activity[]): Activity[] {
	let allMatch = true;
	for (const activity of activities) {
		if (!matches(rule, activity)) {
			allMatch = false;
			break;
		}
	}
	const matching = allMatch ? activities : activities.filter((activity) => matches(rule, activity));
	if (isNewestFirst(matching)) return matching;
	return (matching === activities ? [...matching] : matching).sort(newestFirst);
}

function matches(rule: CompiledActivityRule, activity: Activity): boolean {
	if (activity.type !== rule.activityType) return false;
	for (const condition of rule.conditions) {
		if (testValue(condition, readField(activity.source, condition.path))?.fired !== true) {
			return false;
		}
	}
	return true;
}

// Timing matters when the rule has a window, a half-life or an interval; an occurrence without a
// readable time cannot be placed, so it scores nothing rather than a guess.
function needsTime(rule: CompiledActivityRule): boolean {
	return (
		rule.withinDays !== undefined ||
		rule.halfLifeDays !== undefined ||
		rule.minIntervalDays !== undefined
	);
}

function skipReason(
	rule: CompiledActivityRule,
	activity: Activity,
	scored: ScoredOccurrence[],
	asOf: number,
): string | undefined {
	if (activity.at === null && needsTime(rule)) return 'has no readable time';
	if (rule.withinDays !== undefined && activity.at !== null) {
		if (asOf - activity.at > rule.withinDays * DAY_MS) {
			return `is more than ${rule.withinDays} days before the as-of instant`;
		}
	}
	if (rule.frequency === 'once' && scored.length >= 1) return 'the rule scores once';
	if (rule.frequency === 'atMost' && scored.length >= (rule.maxTimes ?? 0)) {
		return `the rule scores at most ${rule.maxTimes} times`;
	}
	if (rule.minIntervalDays === undefined || scored.length === 0) return undefined;
	const previous = scored[scored.length - 1].activity.at;
	if (previous !== null) {
		if (previous - (activity.at ?? previous) < rule.minIntervalDays * DAY_MS) {
			return `is within ${rule.minIntervalDays} days of a scored one`;
		}
	}
	return undefined;
}

function decayFactor(rule: CompiledActivityRule, activity: Activity, asOf: number): number {
	if (rule.halfLifeDays === undefined || activity.at === null) return 1;
	return halfLifeFactor((asOf - activity.at) / DAY_MS, rule.halfLifeDays);
}
