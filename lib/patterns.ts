// Patterns for the "matchesPattern" operator. JavaScript's regular expressions backtrack, so a
// pattern such as (a+)+b can take longer than the age of the universe on a short text, and lead
// data is untrusted. Two defences keep every rule fast:
// - when the model is checked, the shapes that backtrack without bound are refused: a repeated
//   group that itself repeats or holds alternatives, back-references, look-arounds, and more
//   than two wide repetitions (each one multiplies the work by the text's length);
// - only the first PATTERN_TEXT_LIMIT characters of a value are tested, so what is left (at
//   most two wide repetitions, one length power each) stays small on a 1 MB value.

// Limitation: a pattern sees only the start of a longer value. Form fields, titles, emails and
// URLs are far shorter; a pattern meant for long free text should be a "contains" rule.
export const PATTERN_TEXT_LIMIT = 500;

const MAX_PATTERN_LENGTH = 500;
const MAX_WIDE_REPETITIONS = 2;
// A bounded repetition above this many ({1,500}) backtracks like an unbounded one.
const WIDE_REPETITION = 16;

export interface CompiledPattern {
	source: string;
	ignoringCase: RegExp;
	withCase: RegExp;
}

interface GroupScan {
	repeats: boolean;
	alternates: boolean;
}

// Returns the compiled pattern, or the reason it is refused (for the model check's message).
export function compilePattern(source: string): CompiledPattern | string {
	if (source.length > MAX_PATTERN_LENGTH) {
		return `is ${source.length} characters long; a pattern may have ${MAX_PATTERN_LENGTH}`;
	}
	const refusal = refusedShape(source);
	if (refusal !== undefined) return refusal;
	try {
		return { source, ignoringCase: new RegExp(source, 'i'), withCase: new RegExp(source) };
	} catch (error) {
		return `is not a valid pattern (${error instanceof Error ? error.message : String(error)})`;
	}
}

export function testPattern(
	pattern: CompiledPattern,
	text: string,
	caseSensitive: boolean,
): boolean {
	const tested = text.length > PATTERN_TEXT_LIMIT ? text.slice(0, PATTERN_TEXT_LIMIT) : text;
	return (caseSensitive ? pattern.withCase : pattern.ignoringCase).test(tested);
}

// A single pass over the pattern that tracks, for each open group, whether anything inside it
// repeats or offers alternatives; a repetition applied to such a group is what explodes.
function refusedShape(source: string): string | undefined {
	const groups: GroupScan[] = [{ repeats: false, alternates: false }];
	let wide = 0;
	let index = 0;

	while (index < source.length) {
		const char = source[index];
		let atomEnd = index + 1;
		let closed: GroupScan | undefined;

		if (char === '\\') {
			const next = source[index + 1] ?? '';
			if (/[1-9]/.test(next) || next === 'k') {
				return 'uses a back-reference (\\1, \\k<name>), which can make matching take without end';
			}
			atomEnd = index + 2;
		} else if (char === '[') {
			atomEnd = classEnd(source, index);
		} else if (char === '(') {
			if (/^\(\?<?[=!]/.test(source.slice(index, index + 4))) {
				return 'uses a look-around ((?=, (?!, (?<=, (?<!), which this pack does not run';
			}
			groups.push({ repeats: false, alternates: false });
			index = groupContentStart(source, index);
			continue;
		} else if (char === ')') {
			closed = groups.length > 1 ? groups.pop() : undefined;
		} else if (char === '|') {
			groups[groups.length - 1].alternates = true;
			index += 1;
			continue;
		}

		const repetition = readRepetition(source, atomEnd);
		if (repetition !== undefined) {
			if (repetition.repeats && closed !== undefined && (closed.repeats || closed.alternates)) {
				return closed.repeats
					? 'repeats a group that itself repeats, such as (a+)+, which can take without end'
					: 'repeats a group of alternatives, such as (a|ab)*, which can take without end; ' +
						'use a character class such as [ab]* or drop the repetition';
			}
			if (repetition.wide) wide += 1;
			if (repetition.repeats) groups[groups.length - 1].repeats = true;
			index = repetition.end;
		} else {
			index = atomEnd;
		}
		// What is inside an inner group is inside the outer one too: ((a|ab)c)+ explodes as well.
		if (closed?.repeats) groups[groups.length - 1].repeats = true;
		if (closed?.alternates) groups[groups.length - 1].alternates = true;
		if (wide > MAX_WIDE_REPETITIONS) {
			return (
				`has more than ${MAX_WIDE_REPETITIONS} open-ended repetitions (*, +, {n,}), ` +
				'which together can take without end'
			);
		}
	}
	return undefined;
}

// Past "(", "(?:" or "(?<name>"; look-arounds are refused before this is reached.
function groupContentStart(source: string, open: number): number {
	if (source.startsWith('(?:', open)) return open + 3;
	if (source.startsWith('(?<', open)) {
		const close = source.indexOf('>', open);
		return close === -1 ? source.length : close + 1;
	}
	return open + 1;
}

function classEnd(source: string, start: number): number {
	let index = start + 1;
	if (source[index] === '^') index += 1;
	if (source[index] === ']') index += 1;
	while (index < source.length && source[index] !== ']') {
		index += source[index] === '\\' ? 2 : 1;
	}
	return index + 1;
}

function readRepetition(
	source: string,
	at: number,
): { end: number; repeats: boolean; wide: boolean } | undefined {
	const char = source[at];
	let end = at + 1;
	let repeats: boolean;
	let wide: boolean;
	if (char === '*' || char === '+') {
		repeats = true;
		wide = true;
	} else if (char === '?') {
		repeats = false;
		wide = false;
	} else if (char === '{') {
		const bounds = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
		if (bounds === null) return undefined;
		end = at + bounds[0].length;
		const [, least, comma, most] = bounds;
		const max = comma === undefined ? Number(least) : most === '' ? Infinity : Number(most);
		repeats = max > 1;
		wide = max > WIDE_REPETITION;
	} else {
		return undefined;
	}
	// A lazy or possessive-looking marker after the repetition changes nothing here.
	if (source[end] === '?') end += 1;
	return { end, repeats, wide };
}
