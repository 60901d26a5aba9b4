// Points are computed unrounded (a decayed activity is worth 14.142135… points) and rounded once,
// in the output, to hundredths. Rounding each entry on its own could leave the breakdown a cent
// away from the total; largest-remainder rounding gives every entry its value rounded down, then
// hands the hundredths still missing from the rounded total to the entries that lost the most.

// A product such as 0.29 × 100 is 28.999999999999996 in floating point: it is snapped to the
// nearest millionth of a hundredth before rounding, so it counts as the 29 it means.
function hundredths(points: number): number {
	return Math.round(points * 100 * 1e6) / 1e6;
}

export function roundEntries(points: number[]): { entries: number[]; total: number } {
	const exact = points.map(hundredths);
	const floors = exact.map(Math.floor);
	const totalHundredths = Math.round(exact.reduce((sum, value) => sum + value, 0));
	let missing = totalHundredths - floors.reduce((sum, value) => sum + value, 0);

	// Earlier entries win ties, so the result does not depend on sorting stability.
	const byRemainder = exact
		.map((value, index) => ({ index, remainder: value - floors[index] }))
		.sort((a, b) => b.remainder - a.remainder || a.index - b.index);
	const rounded = [...floors];
	for (const { index } of byRemainder) {
		if (missing <= 0) break;
		rounded[index] += 1;
		missing -= 1;
	}
	return { entries: rounded.map((value) => value / 100), total: totalHundredths / 100 };
}
