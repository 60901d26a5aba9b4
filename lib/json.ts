// JSON text from users and lead data: a parse failure is an answer to report, not an exception
// to pass along, so callers can say which field or model held the bad text.

export type JsonReading = { ok: true; value: unknown } | { ok: false; problem: string };

export function readJson(text: string): JsonReading {
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch (error) {
		// Node's message for some mistakes ends by saying the text "is not valid JSON"; callers
		// say that themselves, so only the cause is kept.
		const message = error instanceof Error ? error.message : String(error);
		return { ok: false, problem: message.replace(/\s+is not valid JSON$/, '') };
	}
}

// Lead data quoted in a message or a breakdown: short, and safe on any input. A value nested
// thousands of levels deep makes JSON.stringify overflow the stack; that is reported, not thrown.
const QUOTED_LENGTH = 100;

export function describeValue(value: unknown): string {
	// JSON.stringify writes these as null; 1e400 in a model's JSON is read as Infinity.
	if (typeof value === 'number' && !Number.isFinite(value)) {
		return Number.isNaN(value) ? 'NaN' : `${value} (a number too large to use)`;
	}
	let text: string | undefined;
	try {
		text = JSON.stringify(value);
	} catch {
		return '(a value nested too deeply to show)';
	}
	if (text === undefined) return String(value);
	return text.length > QUOTED_LENGTH ? `${text.slice(0, QUOTED_LENGTH)}…` : text;
}
