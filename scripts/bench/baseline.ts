// The benchmark's fixed reference: the same rules scored by a plain, hand-written JavaScript
// loop, the way someone would write it in a Code node. It computes totals and bands only: no
// validation, no breakdown, no error per item. Every ratio the benchmark prints divides by its
// time.
//
// Self-contained on purpose: the do-it-yourself workflow runs this very source in a Code node.

export interface BaselineResult {
	total: number;
	band: string;
}

export function baselineScore(
	leads: Array<Record<string, unknown>>,
	model: { rules: Array<Record<string, unknown>>; bands: Array<{ name: string; min?: number }> },
	asOfIso: string,
): BaselineResult[] {
	const asOf = Date.parse(asOfIso);
	const missing = new Set(['', 'select', 'n/a', '-']);
	const text = (value: unknown) => String(value ?? '').trim().toLowerCase();
	const number = (value: unknown) => {
		const cleaned = text(value).replace(/,/g, '');
		return cleaned === '' || missing.has(cleaned) ? NaN : Number(cleaned);
	};
	const rules = model.rules.map((rule) => ({
		field: rule.field as string,
		operator: rule.operator as string,
		points: rule.points as number,
		frequency: rule.frequency as string,
		text: Array.isArray(rule.value) ? rule.value.map(text) : text(rule.value),
		number: Array.isArray(rule.value) ? rule.value.map(Number) : Number(rule.value),
		activity: rule.activity === undefined ? undefined : text(rule.activity),
	}));
	const bands = [...model.bands].reverse();

	return leads.map((lead) => {
		let total = 0;
		for (const rule of rules) {
			if (rule.activity !== undefined) {
				let count = 0;
				for (const activity of (lead.activities as Array<{ type: string; at: string }>) ?? []) {
					if (text(activity.type) === rule.activity && Date.parse(activity.at) <= asOf) count++;
				}
				if (count > 0) total += rule.points * (rule.frequency === 'each' ? count : 1);
				continue;
			}
			const raw = lead[rule.field];
			const value = text(raw);
			if (rule.operator === 'isEmpty') {
				if (missing.has(value)) total += rule.points;
				continue;
			}
			if (missing.has(value)) continue;
			let fired = false;
			switch (rule.operator) {
				case 'contains':
					fired = value.includes(rule.text as string);
					break;
				case 'equals':
					fired = value === rule.text;
					break;
				case 'isOneOf':
					fired = (rule.text as string[]).includes(value);
					break;
				case 'atLeast':
					fired = number(raw) >= (rule.number as number);
					break;
				case 'between': {
					const [low, high] = rule.number as number[];
					fired = number(raw) >= low && number(raw) <= high;
					break;
				}
			}
			if (fired) total += rule.points;
		}
		const band = bands.find((candidate) => candidate.min === undefined || total >= candidate.min);
		return { total, band: band ? band.name : bands[bands.length - 1].name };
	});
}
