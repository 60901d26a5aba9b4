// The benchmark's workload: leads with activities and scoring models of a given size, generated
// from a fixed seed so every run and every machine measures the same data.
//
// These functions take no imports and close over nothing: the real-n8n benchmark ships their
// source text into a Code node so that n8n generates the same leads without a file to read.

export interface BenchLead {
	email: string;
	jobTitle: string;
	companySize: string;
	country: string;
	industry: string;
	visits: number;
	timeOnSite: number;
	activities: Array<{ type: string; at: string; url: string }>;
}

export const BENCH_AS_OF = '2026-06-01T00:00:00.000Z';

export function makeLeads(count: number, seed: number): BenchLead[] {
	let state = seed >>> 0;
	const random = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
		mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
	};
	const pick = <T>(values: T[]): T => values[Math.floor(random() * values.length)];
	const titles = [
		'VP Sales',
		'Director of Marketing',
		'Head of Growth',
		'Marketing Manager',
		'Senior Engineer',
		'Student',
		'Analyst',
		'CEO',
		'',
		'Select',
	];
	const countries = ['United States', 'Germany', 'France', 'India', 'Brazil', 'Canada', ''];
	const industries = ['Software', 'Retail', 'Finance', 'Health', 'Education', 'Manufacturing'];
	const sizes = ['5', '12', '45', '120', ' 250 ', '800', '1,000', '5,000', '', 'N/A'];
	const types = [
		'page_view',
		'pricing_page_view',
		'webinar_attended',
		'content_download',
		'demo_request',
		'email_click',
		'unsubscribe',
	];
	const asOf = Date.parse('2026-06-01T00:00:00.000Z');
	const day = 86400000;

	const leads: BenchLead[] = [];
	for (let index = 0; index < count; index++) {
		const activities = [];
		const events = Math.floor(random() * 9);
		for (let event = 0; event < events; event++) {
			const type = pick(types);
			activities.push({
				type,
				at: new Date(asOf - Math.floor(random() * 120 * day)).toISOString(),
				url: type === 'pricing_page_view' ? '/pricing' : '/blog',
			});
		}
		leads.push({
			email: `lead${index}@company${index % 997}.example`,
			jobTitle: pick(titles),
			companySize: pick(sizes),
			country: pick(countries),
			industry: pick(industries),
			visits: Math.floor(random() * 20),
			timeOnSite: Math.floor(random() * 3600),
			activities,
		});
	}
	return leads;
}

// A model of `ruleCount` rules: about 60% fit rules over the lead's fields, 40% engagement rules
// over its activities, with thresholds and words varied so that rules fire at different rates.
export function makeModel(ruleCount: number): Record<string, unknown> {
	const words = ['vp', 'director', 'head', 'manager', 'ceo', 'senior', 'analyst', 'lead'];
	const sizes = [10, 50, 100, 200, 500, 1000, 5000];
	const countries = ['United States', 'Germany', 'France', 'India', 'Brazil', 'Canada'];
	const industries = ['Software', 'Retail', 'Finance', 'Health', 'Education', 'Manufacturing'];
	const types = [
		'page_view',
		'pricing_page_view',
		'webinar_attended',
		'content_download',
		'demo_request',
		'email_click',
		'unsubscribe',
	];
	const rules: Array<Record<string, unknown>> = [];
	for (let index = 0; index < ruleCount; index++) {
		const id = `r${index + 1}`;
		const points = ((index * 7) % 25) + 5;
		switch (index % 10) {
			case 0:
				rules.push({ id, field: 'jobTitle', operator: 'contains', value: words[index % 8], points });
				break;
			case 1:
				rules.push({ id, field: 'companySize', operator: 'atLeast', value: sizes[index % 7], points });
				break;
			case 2:
				rules.push({
					id,
					field: 'country',
					operator: 'isOneOf',
					value: [countries[index % 6], countries[(index + 1) % 6]],
					points,
				});
				break;
			case 3:
				rules.push({ id, field: 'industry', operator: 'equals', value: industries[index % 6], points });
				break;
			case 4:
				rules.push({ id, field: 'visits', operator: 'atLeast', value: (index % 15) + 1, points });
				break;
			case 5:
				rules.push({
					id,
					field: 'timeOnSite',
					operator: 'between',
					value: [(index % 10) * 200, (index % 10) * 200 + 900],
					points,
				});
				break;
			default: {
				const type = types[index % 7];
				rules.push({
					id,
					group: 'engagement',
					activity: type,
					frequency: index % 2 === 0 ? 'once' : 'each',
					points: type === 'unsubscribe' ? -30 : points,
				});
			}
		}
	}
	return {
		formatVersion: 1,
		name: `Benchmark model, ${ruleCount} rules`,
		version: '1',
		bands: [
			{ name: 'Nurture' },
			{ name: 'MQL', min: 50 },
			{ name: 'SQL', min: 100 },
		],
		rules,
	};
}
