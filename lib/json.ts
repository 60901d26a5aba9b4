// JSON text from users and lead data: a parse failure is an answer to report, not an exception
// to pass along, so callers can say which field or model held the bad text.

export type JsonReading = { ok: true; value: unknown } | { ok: false; problem: string };

export function readJson(text: string): JsonReading {
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch (error) {
		return { ok: false, problem: error instanceof Error ? error.message : String(error) };
	}
}
