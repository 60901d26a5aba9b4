// Splitting past leads into a part to learn from and a part held out to measure on, the same
// way on every machine for a given seed.

// mulberry32: a small seeded generator.
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
		mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
	};
}

// 70% of the converted leads and 70% of the others train; the rest are held out, so both parts
// keep the outcome rate of the whole.
export function stratifiedSplit(
	outcomes: boolean[],
	seed: number,
): { training: number[]; heldOut: number[] } {
	const random = seededRandom(seed);
	const training: number[] = [];
	const heldOut: number[] = [];
	for (const kind of [true, false]) {
		const members = outcomes.flatMap((outcome, index) => (outcome === kind ? [index] : []));
		for (let at = members.length - 1; at > 0; at--) {
			const swap = Math.floor(random() * (at + 1));
			[members[at], members[swap]] = [members[swap], members[at]];
		}
		const cut = Math.round(members.length * 0.7);
		training.push(...members.slice(0, cut));
		heldOut.push(...members.slice(cut));
	}
	return { training: training.sort((a, b) => a - b), heldOut: heldOut.sort((a, b) => a - b) };
}
