// Field paths such as "company.size" or "Total Time Spent on Website" point into lead data,
// which is untrusted: a path never reaches an object's prototype machinery.

import { LeadScoringError } from './errors';

const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

export class FieldPathError extends LeadScoringError {
	constructor(message: string) {
		super(message, 'Enter the name of a data field, with dots only between nested names');
	}
}

export function parseFieldPath(path: string): string[] {
	const trimmed = path.trim();
	if (trimmed === '') throw new FieldPathError('The field path is empty; enter a field name');

	const segments = trimmed.split('.').map((segment) => segment.trim());
	for (const segment of segments) {
		if (segment === '') {
			throw new FieldPathError(`The field path "${path}" has an empty part; remove the extra dot`);
		}
		if (FORBIDDEN_SEGMENTS.has(segment)) {
			throw new FieldPathError(
				`The field path "${path}" uses "${segment}", which is not allowed; use a data field name`,
			);
		}
	}
	return segments;
}

// A field whose own name contains dots ("utm.source" as one key) is found before nested lookup,
// because form tools and CSV headers often produce such keys.
export function readField(record: unknown, path: string | string[]): unknown {
	const segments = typeof path === 'string' ? parsedPath(path) : path;
	if (!isRecord(record)) return undefined;

	if (segments.length > 1) {
		const whole = dottedKey(segments);
		if (Object.prototype.hasOwnProperty.call(record, whole)) return record[whole];
	}

	let current: unknown = record;
	for (const segment of segments) {
		if (!isRecord(current)) return undefined;
		current = Object.prototype.hasOwnProperty.call(current, segment)
			? current[segment]
			: readLooseKey(current, segment);
		if (current === undefined) return undefined;
	}
	return current;
}

// Form tools name fields by their labels ("Job Title", "company_size"); a model names them
// "jobTitle" or "companySize". When the exact key is absent, a key that differs only in case,
// spaces, underscores or hyphens is used.
function readLooseKey(record: Record<string, unknown>, segment: string): unknown {
	const wanted = foldKey(segment);
	for (const key of Object.keys(record)) {
		if (foldKey(key) === wanted && !FORBIDDEN_SEGMENTS.has(key)) return record[key];
	}
	return undefined;
}

function foldKey(key: string): string {
	let folded = foldedKeys.get(key);
	if (folded === undefined) {
		folded = key.toLowerCase().replace(/[\s_-]+/g, '');
		remember(foldedKeys, key, folded);
	}
	return folded;
}

// A run reads the same few paths and meets the same few keys on every lead; each is parsed or
// folded once. Lead data is untrusted, so the memories are bounded: when one is full it starts
// over rather than grow.
const MEMORY_LIMIT = 1000;
const parsedPaths = new Map<string, string[]>();
const foldedKeys = new Map<string, string>();

function remember<T>(memory: Map<string, T>, key: string, value: T): void {
	if (memory.size >= MEMORY_LIMIT) memory.clear();
	memory.set(key, value);
}

// Paths are kept and reused for a whole run, so each one's dotted form is made once.
const dottedKeys = new WeakMap<string[], string>();

function dottedKey(segments: string[]): string {
	let key = dottedKeys.get(segments);
	if (key === undefined) {
		key = segments.join('.');
		dottedKeys.set(segments, key);
	}
	return key;
}

function parsedPath(path: string): string[] {
	let segments = parsedPaths.get(path);
	if (segments === undefined) {
		segments = parseFieldPath(path);
		remember(parsedPaths, path, segments);
	}
	return segments;
}

// A copy of `record` with `value` at `path`, copying each object on the way so that the lead
// the node received is left as it was.
export function withField(
	record: Record<string, unknown>,
	path: string[],
	value: unknown,
): Record<string, unknown> {
	const [segment, ...rest] = path;
	if (rest.length === 0) return { ...record, [segment]: value };
	const inner = isRecord(record[segment]) ? record[segment] : {};
	return { ...record, [segment]: withField(inner, rest, value) };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
