import { compileModel, type CompiledModel } from '../../lib/model';
import { PRESETS, presetModel } from '../../lib/presets';
import { scoreLead, type LeadScore } from '../../lib/scoring';
import { seededRandom } from '../../lib/split';

const asOf = new Date('2026-06-01T00:00:00Z');
const random = seededRandom(20260601);
const pick = <T>(options: T[]): T => options[Math.floor(random() * options.length)];

const ACTIVITY_TYPES = [
	'demo_request',
	'page_view',
	'webinar_attended',
	'unsubscribe',
	'badge_scan',
	'podcast',
];
const LEAD_FIELDS = [
	'email',
	'jobTitle',
	'companySize',
	'country',
	'phone',
	'budget',
	'badgeType',
	'timelineMonths',
];

// Values of every kind a form, a CRM or a broken integration sends.
function anyValue(): unknown {
	return pick<() => unknown>([
		() => Math.round(random() * 20000) / 100 - 20,
		() => pick(['1,200', ' 45 ', '$2,500.50', '1.5k', 'N/A', 'Select', '', '0', '12 000', 'ten']),
		() => pick(['VP Sales', 'Student', 'ceo & founder', 'Head of IT', 'ana@gmail.com', 'x@acme.com']),
		() => pick([null, undefined, true, false, Number.NaN, Infinity]),
		() => [pick(['Germany', 'France']), 'Canada'],
		() => ({ nested: { deeper: anyValue() } }),
	])();
}

function anyActivity(): unknown {
	const days = Math.round((random() * 400 - 30) * 10) / 10;
	return pick<() => unknown>([
		() => ({
			type: pick(ACTIVITY_TYPES),
			at: new Date(asOf.getTime() - days * 86400000).toISOString(),
			url: pick(['/pricing', '/careers', '/blog', undefined]),
			minutesWatched: pick([10, 45, '50', undefined]),
		}),
		() => ({ type: 'content_download', at: pick(['2026-13-45', 'yesterday', 1772359200, null, {}]) }),
		() => ({ type: 'meeting_booked', at: '2099-01-01' }),
	])();
}

function anyLead(): Record<string, unknown> {
	const lead: Record<string, unknown> = {};
	for (const field of LEAD_FIELDS) {
		if (random() < 0.8) lead[field] = anyValue();
	}
	lead.activities = Array.from({ length: Math.floor(random() * 12) }, anyActivity);
	return lead;
}

const hundredths = (points: number) => Math.round(points * 100);

function breakdownSum(result: LeadScore): number {
	return result.breakdown.reduce((sum, entry) => sum + hundredths(entry.points), 0);
}

const models = Object.keys(PRESETS).map((id): [string, CompiledModel] => [id, presetModel(id)]);
const leads = Array.from({ length: 300 }, anyLead);

describe.each(models)('on 300 generated leads, the %s preset', (_, model) => {
	test('gives a breakdown that sums exactly to the total, and groups that sum to the group entries', () => {
		for (const lead of leads) {
			const result = scoreLead(model, lead, { asOf });
			expect(breakdownSum(result)).toBe(hundredths(result.total));
			for (const [group, score] of Object.entries(result.groups)) {
				const entries = result.breakdown.filter((entry) => entry.group === group);
				const sum = entries.reduce((total, entry) => total + hundredths(entry.points), 0);
				expect(sum).toBe(hundredths(score));
			}
		}
	});

	test('gives the same result twice for a fixed as-of instant', () => {
		for (const lead of leads.slice(0, 50)) {
			expect(scoreLead(model, lead, { asOf })).toEqual(scoreLead(model, lead, { asOf }));
		}
	});

	test('changes neither the model nor the lead', () => {
		const modelBefore = structuredClone(model.model);
		for (const lead of leads.slice(0, 50)) {
			const leadBefore = structuredClone(lead);
			scoreLead(model, lead, { asOf });
			expect(lead).toEqual(leadBefore);
		}
		expect(model.model).toEqual(modelBefore);
	});
});

describe('bad input gives a result or a clear error, never a crash', () => {
	const model = presetModel('b2b-saas-inbound');

	test('every field of the wrong type, one at a time', () => {
		const wrong = [0, -1, true, null, [], [1, [2]], {}, { a: 1 }, 'x'.repeat(1024 * 1024), '  '];
		for (const field of ['email', 'jobTitle', 'companySize', 'country', 'phone']) {
			for (const value of wrong) {
				const result = scoreLead(model, { [field]: value }, { asOf });
				expect(breakdownSum(result)).toBe(hundredths(result.total));
			}
		}
	});

	test('a 1 MB job title scores in well under a second, and the breakdown quotes only its start', () => {
		const started = Date.now();
		const result = scoreLead(model, { jobTitle: `VP ${'x'.repeat(1024 * 1024)}` }, { asOf });
		expect(Date.now() - started).toBeLessThan(1000);
		expect(result.breakdown[0]).toMatchObject({ rule: 'title-vp', points: 25 });
		expect(String(result.breakdown[0].value)).toMatch(/… \(1048579 characters\)$/);
	});

	test('a value nested 100,000 levels deep is read as "not a number", not a stack overflow', () => {
		let deep: Record<string, unknown> = {};
		for (let level = 0; level < 100_000; level++) deep = { deep };
		const result = scoreLead(model, { companySize: deep }, { asOf });
		expect(result.breakdown[0]).toMatchObject({
			rule: 'size-50',
			points: 0,
			warning: '"(a value nested too deeply to show)" is not a number, so it counts as missing',
		});
	});

	test('unknown activity types, future and invalid times are left out or read as timeless', () => {
		const result = scoreLead(
			model,
			{
				activities: [
					{ type: 'podcast', at: '2026-05-01' },
					{ type: 'demo_request', at: '2099-01-01' },
					{ type: 'page_view', at: '2026-02-30', url: '/pricing' },
				],
			},
			{ asOf },
		);
		expect(result.total).toBe(0);
		expect(result.breakdown).toMatchObject([
			{ rule: 'pricing-page', points: 0, skipped: [{ reason: 'has no readable time' }] },
		]);
	});

	test.each([
		['a number', 5, 'holds the value 5, not a list of activities'],
		['an activity without a type', [{ at: '2026-05-01' }], 'Activity 0 in "activities" has no type'],
		[
			'an activity that is a string',
			['demo'],
			'Activity 0 in "activities" is "demo", not an object with a type',
		],
	])('an activity list holding %s is an item error naming the field', (_, activities, message) => {
		expect(() => scoreLead(model, { activities }, { asOf })).toThrow(message);
	});

	test('a lead\'s "__proto__" key neither feeds a rule nor reaches the prototype', () => {
		const compiled = compileModel({ rules: [{ field: 'isAdmin', operator: 'exists', points: 1 }] });
		const lead = JSON.parse('{"__proto__": {"isAdmin": true}}') as Record<string, unknown>;
		expect(scoreLead(compiled, lead, { asOf }).total).toBe(0);
		expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
	});
});
