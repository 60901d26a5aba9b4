// Errors the engine raises about the user's setup or data. Each carries a message that says what
// happened with which value, and a fix; the nodes turn them into n8n errors for the item.

export class LeadScoringError extends Error {
	constructor(
		message: string,
		readonly fix: string,
	) {
		super(message);
		this.name = new.target.name;
	}

	// For a terminal: the message, then the fix. With several problems the fix is one line per
	// problem, saying what is wrong as well as how to fix it, and is introduced as such.
	toText(): string {
		return this.fix.includes('\n')
			? `${this.message}\nEach problem and its fix:\n${this.fix}`
			: `${this.message}\nFix: ${this.fix}`;
	}
}

// Several problems told at once: the message names the first only; the fix has a line for each,
// saying what is wrong as well as how to fix it (see toText).
export function severalProblems(
	subject: string,
	problems: Array<{ problem: string; fix: string }>,
): { message: string; fix: string } {
	return {
		message: `${subject} has ${problems.length} problems; the first: ${problems[0].problem}`,
		fix: problems.map(({ problem, fix }) => `${problem}; ${fix}`).join('\n'),
	};
}

// A model that cannot be used: every problem found, each with the path of the offending entry.
// `what` names the thing checked, so that a problem in the router's own band list is not taken
// for a problem in the scoring model.
export class ModelError extends LeadScoringError {
	constructor(
		readonly problems: ModelProblem[],
		what = 'scoring model',
	) {
		const [first] = problems;
		const several = severalProblems(
			`The ${what}`,
			problems.map(({ path, message, fix }) => ({ problem: `${path}: ${message}`, fix })),
		);
		super(
			problems.length === 1
				? `The ${what} is invalid: ${first.path}: ${first.message}`
				: several.message,
			problems.length === 1 ? `${first.path}: ${first.fix}` : several.fix,
		);
	}
}

export interface ModelProblem {
	path: string;
	message: string;
	fix: string;
}

// Item data that cannot be read as the setup says (a field that should hold a list, a roster).
export class LeadDataError extends LeadScoringError {}

// A key the format does not know is reported rather than ignored: it is usually a typo
// ("pionts") that would otherwise silently change nothing.
export function reportUnknownKeys(
	entry: Record<string, unknown>,
	known: ReadonlySet<string>,
	path: string,
	partOf: string,
	problems: ModelProblem[],
): void {
	for (const key of Object.keys(entry)) {
		if (known.has(key)) continue;
		problems.push({
			path: path === '' ? key : `${path}.${key}`,
			message: `is not part of ${partOf}`,
			fix: `remove it, or use one of: ${[...known].join(', ')}`,
		});
	}
}

// A problem's path in a list the user fills in the node's editor, where rows have no index: the
// list's label and the row counted from 1, as "Fit Rules, rule 3" ("bands[1].min" becomes
// "Bands, band 2.min"). Paths elsewhere keep the JSON form, counted from 0.
export function rowPath(path: string, list: string, label: string, rowName: string): string {
	const indexed = new RegExp(`^${list}\\[(\\d+)\\]`);
	return path.replace(indexed, (_, index: string) => `${label}, ${rowName} ${Number(index) + 1}`);
}

// What a command prints when it stops on an error: the engine's errors with their fix, the
// command's own errors (`isOwn`) as they are, and anything else, a fault, with its stack.
export function stopText(error: unknown, isOwn: (error: unknown) => error is Error): string {
	if (error instanceof LeadScoringError) return error.toText();
	if (isOwn(error)) return error.message;
	return String(error instanceof Error ? error.stack : error);
}
