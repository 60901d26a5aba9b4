import { DEFAULT_BANDS } from '../../lib/bands';
import {
	crossingFor,
	crossingWithoutMemory,
	emptyMemory,
	readLeadKey,
	readMemory,
	rememberedBand,
	rememberLead,
	type Crossing,
	type CrossingSettings,
} from '../../lib/crossing';

// Nurture below 50, MQL from 50, SQL from 100.
const BANDS = DEFAULT_BANDS;
const PLAIN: CrossingSettings = { margin: 0, firstSeen: 'crossing', fireOnDrop: false };
const DAY_MS = 24 * 60 * 60 * 1000;

// Feeds scores through one memory, lead by lead, and tells where each item went: the band whose
// output fired, or "No Change".
function events(
	scores: Array<[lead: string, score: number]>,
	settings: Partial<CrossingSettings> = {},
): string[] {
	const memory = emptyMemory();
	return scores.map(([lead, score], step) => {
		const crossing = crossingFor(score, BANDS, rememberedBand(memory, lead), {
			...PLAIN,
			...settings,
		});
		rememberLead(memory, lead, crossing, step);
		return crossing.fires ? crossing.to : 'No Change';
	});
}

const ana = (...scores: number[]): Array<[string, number]> => scores.map((score) => ['ana', score]);

describe('crossing', () => {
	test('a lead fires each band once on the way up, stays quiet inside it, and re-arms after a drop', () => {
		expect(events(ana(30, 60, 120, 130, 40, 110))).toEqual([
			'No Change', // 30: first seen in Nurture, the lowest band, which lies above no line
			'MQL', // 60: enters MQL
			'SQL', // 120: enters SQL
			'No Change', // 130: still SQL
			'No Change', // 40: drops to Nurture
			'SQL', // 110: comes back into SQL, straight from Nurture
		]);
	});

	test('a jump over several bands fires only the band it lands in', () => {
		const crossing = crossingFor(150, BANDS, 'Nurture', PLAIN);
		expect(crossing).toEqual({ from: 'Nurture', to: 'SQL', direction: 'up', fires: true });
	});

	test('with a margin of 20, SQL at 100 is left only below 80', () => {
		const memory = emptyMemory();
		const remembered: string[] = [];
		const fired = ana(120, 90, 80, 105, 79, 100).map(([lead, score], step) => {
			const crossing = crossingFor(score, BANDS, rememberedBand(memory, lead), {
				...PLAIN,
				margin: 20,
			});
			rememberLead(memory, lead, crossing, step);
			remembered.push(crossing.to);
			return crossing.fires ? crossing.to : 'No Change';
		});
		expect(fired).toEqual(['SQL', 'No Change', 'No Change', 'No Change', 'No Change', 'SQL']);
		expect(remembered).toEqual(['SQL', 'SQL', 'SQL', 'SQL', 'MQL', 'SQL']);
	});

	test('a wobble inside the margin is no crossing in either direction', () => {
		const settings = { margin: 20, fireOnDrop: true };
		expect(events(ana(100, 99, 101, 85, 100, 95), settings)).toEqual([
			'SQL',
			'No Change',
			'No Change',
			'No Change',
			'No Change',
			'No Change',
		]);
	});

	test('a fall from SQL lands in the lowest band its score plus the margin still reaches', () => {
		const settings = { ...PLAIN, margin: 20 };
		expect(crossingFor(40, BANDS, 'SQL', settings)).toMatchObject({ to: 'MQL', direction: 'down' });
		expect(crossingFor(29, BANDS, 'SQL', settings)).toMatchObject({
			to: 'Nurture',
			direction: 'down',
		});
	});

	test('by default a drop goes to No Change; with Fire on Drops the lower band fires', () => {
		expect(events(ana(120, 60, 10))).toEqual(['SQL', 'No Change', 'No Change']);
		expect(events(ana(120, 60, 10), { fireOnDrop: true })).toEqual(['SQL', 'MQL', 'Nurture']);
	});

	test('a lead first seen above a line counts as a crossing by default', () => {
		expect(crossingFor(120, BANDS, undefined, PLAIN)).toEqual({
			from: null,
			to: 'SQL',
			direction: 'up',
			fires: true,
		});
	});

	test('with First Seen set to remember, a new lead only sets its memory and fires on its next entry', () => {
		expect(events(ana(120, 130, 40, 120), { firstSeen: 'remember' })).toEqual([
			'No Change', // 120: first seen, remembered as SQL
			'No Change',
			'No Change', // 40: drops to Nurture, re-armed
			'SQL',
		]);
		expect(crossingFor(120, BANDS, undefined, { ...PLAIN, firstSeen: 'remember' })).toEqual({
			from: null,
			to: 'SQL',
			direction: 'none',
			fires: false,
		});
	});

	test('two leads interleaved keep their own memory', () => {
		const scores: Array<[string, number]> = [
			['ana', 120],
			['ben', 60],
			['ana', 125],
			['ben', 110],
			['ana', 20],
			['ben', 115],
		];
		expect(events(scores)).toEqual(['SQL', 'MQL', 'No Change', 'SQL', 'No Change', 'No Change']);
	});

	test('a remembered band the bands no longer have counts as a first sighting', () => {
		expect(crossingFor(120, BANDS, 'Hot', PLAIN)).toEqual({
			from: null,
			to: 'SQL',
			direction: 'up',
			fires: true,
		});
	});

	test('band names are compared ignoring case, as people type them', () => {
		expect(crossingFor(120, BANDS, 'sql', PLAIN)).toMatchObject({ from: 'SQL', fires: false });
	});

	test('a lead without a key fires its band every time, whatever the first-seen policy', () => {
		expect(crossingWithoutMemory(120, BANDS)).toEqual<Crossing>({
			from: null,
			to: 'SQL',
			direction: 'up',
			fires: true,
		});
		expect(crossingWithoutMemory(10, BANDS)).toEqual<Crossing>({
			from: null,
			to: 'Nurture',
			direction: 'none',
			fires: false,
		});
	});
});

describe('crossing memory', () => {
	const now = Date.UTC(2026, 5, 1);

	test('leads not seen within the retention period are forgotten when the memory is read', () => {
		const stored = {
			leads: {
				fresh: { band: 'SQL', seenAt: now - 5 * DAY_MS },
				onTheLine: { band: 'MQL', seenAt: now - 30 * DAY_MS },
				stale: { band: 'SQL', seenAt: now - 30 * DAY_MS - 1 },
			},
		};
		expect(Object.keys(readMemory(stored, now, 30).leads)).toEqual(['fresh', 'onTheLine']);
	});

	test('unreadable memory is dropped, not trusted: those leads count as first seen', () => {
		expect(readMemory('garbage', now, 30)).toEqual({ leads: {} });
		const stored = {
			leads: {
				good: { band: 'SQL', seenAt: now },
				noBand: { seenAt: now },
				textTime: { band: 'SQL', seenAt: 'yesterday' },
				notAnObject: 'SQL',
			},
		};
		expect(readMemory(stored, now, 30)).toEqual({ leads: { good: { band: 'SQL', seenAt: now } } });
	});

	test('reading gives a copy, so the stored object is left as it was', () => {
		const stored = { leads: { ana: { band: 'MQL', seenAt: now } } };
		const memory = readMemory(stored, now, 30);
		rememberLead(memory, 'ana', crossingFor(120, BANDS, 'MQL', PLAIN), now + 1);
		expect(stored.leads.ana).toEqual({ band: 'MQL', seenAt: now });
		expect(memory.leads.ana).toEqual({ band: 'SQL', seenAt: now + 1 });
	});

	test('a memory key that looks like prototype machinery is only a key', () => {
		expect(rememberedBand(emptyMemory(), '__proto__')).toBeUndefined();
		expect(rememberedBand(emptyMemory(), 'constructor')).toBeUndefined();
	});
});

describe('lead keys', () => {
	test('text is trimmed and numbers are read as text', () => {
		expect(readLeadKey(' ana@example.com ', 'leadScore.key')).toBe('ana@example.com');
		expect(readLeadKey(1042, 'crmId')).toBe('1042');
	});

	test('an email address is one key whatever its case; other keys keep theirs', () => {
		expect(readLeadKey(' Ana@Example.com ', 'email')).toBe('ana@example.com');
		expect(readLeadKey('CRM-00A7', 'crmId')).toBe('CRM-00A7');
	});

	test('a blank or absent key means the lead has none', () => {
		expect(readLeadKey('', 'leadScore.key')).toBeUndefined();
		expect(readLeadKey(null, 'leadScore.key')).toBeUndefined();
		expect(readLeadKey(undefined, 'leadScore.key')).toBeUndefined();
	});

	test('a list, as Pipedrive keeps emails, gives its primary entry, else the first', () => {
		const emails = [
			{ value: 'ana@home.example', primary: false },
			{ value: 'Ana@Example.com', primary: true },
		];
		expect(readLeadKey(emails, 'email')).toBe('ana@example.com');
		expect(readLeadKey(['CRM-1', 'CRM-2'], 'crmIds')).toBe('CRM-1');
	});

	test('a key that is an object is an error naming the field, the value and the fix', () => {
		expect(() => readLeadKey({ id: 7 }, 'lead')).toThrow(
			'The lead key in "lead" is {"id":7}, not text or a number',
		);
	});
});
