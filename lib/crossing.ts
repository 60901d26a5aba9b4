// Crossing mode: a lead is handed on when it enters a band, not every time it is scored. The
// router remembers each lead's band between executions (by the hash of its key, never the key
// itself) and compares the new score with it. A lead that drops out of a band and comes back
// fires again; a hysteresis margin keeps a score that wobbles just under a line from firing on
// every wobble.

import { bandFor, type Band } from './bands';
import { LeadDataError } from './errors';
import { isRecord } from './fieldPath';
import { isMissing, leadKeyText, normalLeadKey } from './values';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RememberedLead {
	band: string;
	// When the lead was last routed, in milliseconds since 1970; retention counts from here.
	seenAt: number;
	// Set while the hand-off into `band` waits for the workflow to confirm it (Redis store with
	// Confirm Hand-offs Within): the band it came from, the execution that fired it and when.
	awaiting?: AwaitedHandOff;
}

export interface AwaitedHandOff {
	from: string | null;
	execution: string;
	at: number;
}

// A hand-off waits for confirmation from the execution that fired it, for this long. A Redis
// store writes the new band at once, so a failure later in the workflow (the CRM step is down)
// would otherwise lose the hand-off; unconfirmed, the lead counts as still in the band it came
// from once the window has passed, and fires again on its next evaluation.
export interface Confirmation {
	execution: string;
	windowMs: number;
}

export interface CrossingMemory {
	// hashed lead key -> what the router remembers of that lead.
	leads: Record<string, RememberedLead>;
}

export interface CrossingSettings {
	// Points below a band's minimum a score must fall before the remembered band is left.
	margin: number;
	// What a lead seen for the first time above the lowest band does: fire that band, or only be
	// remembered so that it fires on its next entry into a higher band.
	firstSeen: 'crossing' | 'remember';
	// Whether entering a lower band fires that band's output too.
	fireOnDrop: boolean;
}

export type CrossingDirection = 'up' | 'down' | 'none';

export interface Crossing {
	// The band remembered before this score; null for a lead seen for the first time.
	from: string | null;
	// The band remembered after it.
	to: string;
	direction: CrossingDirection;
	// Whether the item goes to the output of `to`; otherwise it goes to No Change.
	fires: boolean;
}

export function emptyMemory(): CrossingMemory {
	return { leads: {} };
}

// Memory from storage is checked, not trusted: unreadable entries are dropped (those leads count
// as first seen) rather than failing every item. Leads not seen within the retention period are
// forgotten here. The result is a fresh object the caller owns: `rememberLead` changes it in place,
// so that a run of thousands of leads does not copy the whole memory once per lead.
export function readMemory(stored: unknown, now: number, retentionDays: number): CrossingMemory {
	const memory = emptyMemory();
	if (!isRecord(stored) || !isRecord(stored.leads)) return memory;

	const oldest = now - retentionDays * DAY_MS;
	for (const [key, entry] of Object.entries(stored.leads)) {
		if (!isRecord(entry) || typeof entry.band !== 'string') continue;
		if (typeof entry.seenAt !== 'number' || !(entry.seenAt >= oldest)) continue;
		const awaiting = readAwaited(entry.awaiting);
		memory.leads[key] = {
			band: entry.band,
			seenAt: entry.seenAt,
			...(awaiting ? { awaiting } : {}),
		};
	}
	return memory;
}

function readAwaited(stored: unknown): AwaitedHandOff | undefined {
	if (!isRecord(stored) || typeof stored.execution !== 'string') return undefined;
	if (typeof stored.at !== 'number' || !(typeof stored.from === 'string' || stored.from === null)) {
		return undefined;
	}
	return { from: stored.from, execution: stored.execution, at: stored.at };
}

// The band a new score is compared with. A hand-off another execution fired and never confirmed
// within the window did not happen, as far as the lead is concerned: it is back where it came from.
export function rememberedBand(
	memory: CrossingMemory,
	hashedKey: string,
	confirmation?: Confirmation,
	now = Date.now(),
): string | undefined {
	if (!Object.prototype.hasOwnProperty.call(memory.leads, hashedKey)) return undefined;
	const entry = memory.leads[hashedKey];
	if (confirmation && entry.awaiting && lapsed(entry.awaiting, now, confirmation)) {
		return entry.awaiting.from ?? undefined;
	}
	return entry.band;
}

// Returns whether the lead's hand-off now waits for confirmation. A hand-off still in its window
// keeps waiting when the lead comes by again without a new crossing.
export function rememberLead(
	memory: CrossingMemory,
	hashedKey: string,
	crossing: Crossing,
	now: number,
	confirmation?: Confirmation,
): boolean {
	const previous = memory.leads[hashedKey]?.awaiting;
	let awaiting: AwaitedHandOff | undefined;
	if (confirmation && crossing.fires) {
		awaiting = { from: crossing.from, execution: confirmation.execution, at: now };
	} else if (confirmation && previous && !lapsed(previous, now, confirmation)) {
		awaiting = previous;
	}
	memory.leads[hashedKey] = { band: crossing.to, seenAt: now, ...(awaiting ? { awaiting } : {}) };
	return awaiting !== undefined && awaiting.execution === confirmation?.execution;
}

// Marks a lead's hand-off as done; false when there is none from this execution to confirm.
export function confirmHandOff(
	memory: CrossingMemory,
	hashedKey: string,
	execution: string,
): boolean {
	const entry = memory.leads[hashedKey];
	if (!entry?.awaiting || entry.awaiting.execution !== execution) return false;
	memory.leads[hashedKey] = { band: entry.band, seenAt: entry.seenAt };
	return true;
}

function lapsed(awaiting: AwaitedHandOff, now: number, confirmation: Confirmation): boolean {
	return (
		awaiting.execution !== confirmation.execution && now - awaiting.at >= confirmation.windowMs
	);
}

// `bands` are sorted by minimum, as readBands returns them. A remembered band the bands no longer
// have (the model renamed it) cannot be compared, so the lead counts as seen for the first time.
export function crossingFor(
	score: number,
	bands: Band[],
	remembered: string | undefined,
	settings: CrossingSettings,
): Crossing {
	const landedIndex = bandIndex(bands, bandFor(score, bands));
	const fromIndex = remembered === undefined ? -1 : bandIndex(bands, remembered);
	if (fromIndex === -1) return firstCrossing(bands, landedIndex, settings.firstSeen);

	// The remembered band is kept while the score stays within the margin below its minimum;
	// the same holds for each band under it, so a fall lands where score + margin reaches.
	const heldIndex = Math.min(fromIndex, bandIndex(bands, bandFor(score + settings.margin, bands)));
	const toIndex = Math.max(landedIndex, heldIndex);
	const direction = directionBetween(fromIndex, toIndex);
	return {
		from: bands[fromIndex].name,
		to: bands[toIndex].name,
		direction,
		fires: direction === 'up' || (direction === 'down' && settings.fireOnDrop),
	};
}

// A lead without a key cannot be remembered. It is treated as seen for the first time, every
// time, and always as a crossing: it may then be handed on more than once, but a sales-ready
// lead is never held back in No Change because its key was missing.
export function crossingWithoutMemory(score: number, bands: Band[]): Crossing {
	return firstCrossing(bands, bandIndex(bands, bandFor(score, bands)), 'crossing');
}

// The lowest band lies above no line, so a new lead there has crossed nothing.
function firstCrossing(
	bands: Band[],
	landedIndex: number,
	firstSeen: CrossingSettings['firstSeen'],
): Crossing {
	const fires = landedIndex > 0 && firstSeen === 'crossing';
	return { from: null, to: bands[landedIndex].name, direction: fires ? 'up' : 'none', fires };
}

function directionBetween(fromIndex: number, toIndex: number): CrossingDirection {
	if (toIndex > fromIndex) return 'up';
	if (toIndex < fromIndex) return 'down';
	return 'none';
}

function bandIndex(bands: Band[], name: string): number {
	const folded = name.toLowerCase();
	return bands.findIndex((band) => band.name.toLowerCase() === folded);
}

// A lead's key is text or a number (a CRM id); blank or absent means the lead has none.
export function readLeadKey(value: unknown, path: string): string | undefined {
	if (isMissing(value)) return undefined;
	if (typeof value === 'string') return normalLeadKey(value);
	if (typeof value === 'number') return String(value);
	// A list of addresses or IDs, as Pipedrive keeps emails: the primary one, else the first.
	const listed = Array.isArray(value) ? leadKeyText(value) : undefined;
	if (listed !== undefined) return normalLeadKey(listed);
	throw new LeadDataError(
		`The lead key in "${path}" is ${JSON.stringify(value)}, not text or a number`,
		"Set Lead Key Field to the field holding the lead's ID or email, e.g. leadScore.key",
	);
}
