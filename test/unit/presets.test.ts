import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import schema from '../../lib/data/scoringModel.schema.json';
import { compileModel } from '../../lib/model';
import { PRESETS, presetModel } from '../../lib/presets';
import { scoreLead, type LeadScore } from '../../lib/scoring';
import { schemaErrors } from '../support/jsonSchema';

const ROOT = join(__dirname, '..', '..');
const asOf = new Date('2026-06-01T00:00:00Z');

function score(preset: string, lead: Record<string, unknown>): LeadScore {
	return scoreLead(presetModel(preset), lead, { asOf });
}

function points(result: LeadScore): Record<string, number> {
	return Object.fromEntries(result.breakdown.map((entry) => [entry.rule, entry.points]));
}

const shippedModels = [
	...readdirSync(join(ROOT, 'presets')).map((file) => join('presets', file)),
	...readdirSync(join(ROOT, 'examples', 'models')).map((file) => join('examples', 'models', file)),
];

describe('the shipped presets and example models', () => {
	test.each(shippedModels)('%s is valid for the engine and for the JSON Schema', (file) => {
		const model = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as unknown;
		expect(() => compileModel(model)).not.toThrow();
		expect(schemaErrors(schema, model)).toEqual([]);
	});

	test('every preset file is offered by the node', () => {
		expect(Object.keys(PRESETS).map((id) => `presets/${id}.json`).sort()).toEqual(
			shippedModels.filter((file) => file.startsWith('presets')).sort(),
		);
	});

	test('the schema refuses what the engine refuses by shape', () => {
		const gt = { field: 'a', operator: 'gt', value: 1, points: 1 };
		expect(schemaErrors(schema, { rules: [gt] })).toContain(
			'rules[0]: matches 0 of the oneOf schemas, not 1',
		);
		expect(schemaErrors(schema, { rules: [], pionts: 1 })).toEqual(['pionts: is not allowed']);
	});
});

describe('B2B SaaS inbound (SQL at 100)', () => {
	test('a VP at a 1,200-person German company who asked for a demo and saw pricing 3 times: 150, SQL, A1', () => {
		const result = score('b2b-saas-inbound', {
			email: 'ana@northwind.example',
			jobTitle: 'VP Marketing',
			companySize: '1,200',
			country: 'Germany',
			phone: '+49 30 1234',
			activities: [
				{ type: 'demo_request', at: '2026-05-20' },
				{ type: 'page_view', at: '2026-05-25', url: '/pricing' },
				{ type: 'page_view', at: '2026-05-26', url: '/pricing/teams' },
				{ type: 'page_view', at: '2026-05-27', url: '/pricing' },
			],
		});
		// fit: vp 25 + 50+ staff 10 + 500+ staff 10 + market 10 + phone 5 = 60
		// engagement: demo 60 + pricing at most 2 x 15 = 90
		expect(result).toMatchObject({
			total: 150,
			groups: { fit: 60, engagement: 90 },
			band: 'SQL',
			grade: 'A',
			matrix: 'A1',
		});
	});

	test('a student with a demo request is disqualified', () => {
		const result = score('b2b-saas-inbound', {
			email: 'kim@gmail.com',
			jobTitle: 'Student',
			activities: [{ type: 'demo_request', at: '2026-05-20' }],
		});
		// fit: free-mail -10; engagement: demo 60
		expect(result).toMatchObject({ total: 50, band: 'Disqualified', reasons: ['Student'] });
	});

	test('an unsubscribed founder keeps fit 20 and has engagement set to 0: Nurture, C3', () => {
		const result = score('b2b-saas-inbound', {
			email: 'founder@tiny.example',
			jobTitle: 'CEO & Founder',
			companySize: 5,
			country: 'Brazil',
			activities: [
				{ type: 'unsubscribe', at: '2026-05-01' },
				{ type: 'demo_request', at: '2026-04-01' },
				{ type: 'webinar_attended', at: '2026-03-03' },
			],
		});
		// fit: exec 30 - tiny 10 = 20; engagement: demo 60 + webinar 10 x 0.5^(90/90) = 5, set to 0
		expect(points(result)).toEqual({
			'title-exec': 30,
			'size-tiny': -10,
			'demo-request': 60,
			webinar: 5,
			unsubscribed: -65,
		});
		expect(result).toMatchObject({ total: 20, band: 'Nurture', grade: 'C', matrix: 'C3' });
	});
});

describe('Webinar-led', () => {
	test('a director who attended 30 days ago for 45 minutes and asked a question: 56.21, MQL', () => {
		const result = score('webinar-led', {
			email: 'bob@gmail.com',
			jobTitle: 'Director of Marketing',
			companySize: 80,
			activities: [
				{ type: 'webinar_registered', at: '2026-05-01' },
				{ type: 'webinar_attended', at: '2026-05-02', minutesWatched: 45 },
				{ type: 'webinar_question', at: '2026-05-02' },
				{ type: 'webinar_no_show', at: '2026-04-01' },
			],
		});
		// fit: senior 20 - free-mail 10 + 50+ staff 10 = 20
		// engagement: 5 + 20 x 0.5^(30/60) = 14.14 + 10 x 0.5^(30/60) = 7.07 + 15 - 5 = 36.21
		expect(points(result)).toMatchObject({ attended: 14.14, 'stayed-long': 7.07, 'no-show': -5 });
		expect(result).toMatchObject({
			total: 56.21,
			groups: { fit: 20, engagement: 36.21 },
			band: 'MQL',
		});
	});
});

describe('Event / trade show', () => {
	test('an owner with budget who booked a meeting at the booth: 185 capped to 150, SQL', () => {
		const result = score('event-trade-show', {
			jobTitle: 'Owner',
			budget: 'Approved',
			timelineMonths: '2',
			companySize: 150,
			activities: [
				{ type: 'badge_scan', at: '2026-05-20' },
				{ type: 'booth_demo', at: '2026-05-20' },
				{ type: 'meeting_booked', at: '2026-05-21' },
			],
		});
		// fit 20 + 25 + 20 + 10 = 75; engagement 20 + 40 + 50 = 110; total cap -35
		expect(points(result)['cap-total']).toBe(-35);
		expect(result).toMatchObject({ total: 150, groups: { fit: 75, engagement: 110 }, band: 'SQL' });
	});

	test('an exhibitor is disqualified', () => {
		expect(score('event-trade-show', { badgeType: 'Exhibitor' })).toMatchObject({
			band: 'Disqualified',
			reasons: ['Exhibitor or vendor'],
		});
	});

	test('a scan 61 days ago is outside the 60-day window: fit 20 only, Nurture', () => {
		const result = score('event-trade-show', {
			jobTitle: 'IT Manager',
			activities: [{ type: 'badge_scan', at: '2026-04-01' }],
		});
		expect(result).toMatchObject({ total: 20, band: 'Nurture' });
	});

	test('a meeting 61 days ago fades after 30 idle days at 3% a day: 50 x 0.97^31 = 19.45', () => {
		const result = score('event-trade-show', {
			jobTitle: 'Head of IT',
			activities: [{ type: 'meeting_booked', at: '2026-04-01' }],
		});
		expect(points(result)['inactivity-decay']).toBe(-30.55);
		expect(result).toMatchObject({ total: 39.45, groups: { fit: 20, engagement: 19.45 } });
	});
});
