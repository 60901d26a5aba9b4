import { NO_CAPS } from '../../lib/capacity';
import { readRoster } from '../../lib/roster';

// What a rep without any of the newer settings gets.
const DEFAULTS = {
	weight: 1,
	timeZone: 'UTC',
	workingHours: null,
	outOfOffice: [],
	territories: [],
	capacity: NO_CAPS,
	openLeads: null,
};

describe('reading a roster', () => {
	test('ids and texts are trimmed, active defaults to yes and accepts words', () => {
		expect(
			readRoster(
				[
					{ id: ' r1 ', name: 'Ann', email: 'ann@example.com', crmOwnerId: 77 },
					{ id: 'r2', active: 'no' },
				],
				'Reps',
			),
		).toEqual([
			{
				id: 'r1',
				name: 'Ann',
				email: 'ann@example.com',
				crmOwnerId: '77',
				active: true,
				...DEFAULTS,
			},
			{ id: 'r2', name: 'r2', email: '', crmOwnerId: '', active: false, ...DEFAULTS },
		]);
	});

	test('duplicate ids are rejected, naming the entry', () => {
		expect(() => readRoster([{ id: 'r1' }, { id: 'r1' }], '"reps"')).toThrow(
			'The roster has two reps with the id "r1" (the second is "reps"[1])',
		);
	});

	test('a rep without an id is rejected', () => {
		expect(() => readRoster([{ name: 'Ann' }], 'Reps')).toThrow(
			'The roster entry Reps[0] has no id ({"name":"Ann"})',
		);
	});

	test('every rep with a problem is told at once, the first in the message, all in the fix', () => {
		const reps = [{ id: 'r1', email: 'ada' }, { id: 'r2' }, { name: 'Bo' }, { id: 'r2' }];
		expect(() => readRoster(reps, 'Reps')).toThrow(
			expect.objectContaining({
				message:
					'The roster in Reps has 3 problems; the first: ' +
					'The rep "r1" (Reps[0]) has the email "ada", which is not an email address',
				fix:
					'The rep "r1" (Reps[0]) has the email "ada", which is not an email address; ' +
					'correct the email address or leave it empty\n' +
					'The roster entry Reps[2] has no id ({"name":"Bo"}); ' +
					'give every rep a unique id, e.g. the CRM user id or the email\n' +
					'The roster has two reps with the id "r2" (the second is Reps[3]); ' +
					'give every rep its own id; remove or rename the duplicate',
			}),
		);
	});

	test("every setting of a rep with a problem is told, not only the rep's first", () => {
		const rep = { id: 'r1', timeZone: 'Mars/Base', workingHours: 'Mon 09:00-25:00', weight: 0 };
		const r1 = 'The rep "r1" (Reps[0])';
		expect(() => readRoster([rep], 'Reps')).toThrow(
			expect.objectContaining({
				message:
					`The roster in Reps has 3 problems; the first: ${r1} has the time zone ` +
					'"Mars/Base", which is not an IANA time zone',
				fix: [
					`${r1} has the time zone "Mars/Base", which is not an IANA time zone; use a name ` +
						'such as "Europe/Berlin", "America/New_York" or "UTC"',
					`${r1} has weight = 0, which is not a whole number of 1 or more; set weight to a ` +
						'whole number such as 2, or leave it empty',
					`${r1} has the working hours "Mon 09:00-25:00", which cannot be read: "25:00" is ` +
						'not a time of day between 00:00 and 24:00; write working hours as ' +
						'"Mon-Fri 09:00-12:00, 13:00-17:00; Sat 10:00-14:00"',
				].join('\n'),
			}),
		);
	});

	test('a rep without an id is shown short, not as the whole row', () => {
		const row = {
			name: 'No Id',
			email: 'no.id@ours.example',
			workingHours: 'Mon-Fri 09:00-17:00',
			territories: 'EMEA, DACH',
			capacityPerDay: 0,
		};
		// The first 100 characters of the row's JSON, then an ellipsis.
		expect(() => readRoster([row], 'Reps')).toThrow(
			'The roster entry Reps[0] has no id ({"name":"No Id","email":"no.id@ours.example",' +
				'"workingHours":"Mon-Fri 09:00-17:00","territories":"EME…)',
		);
	});

	test('an active value that is not yes or no is rejected', () => {
		expect(() => readRoster([{ id: 'r1', active: 'sometimes' }], 'Reps')).toThrow(
			'The rep "r1" (Reps[0]) has active = "sometimes", which is not yes or no',
		);
	});

	test('a roster that is not a list says where to put one', () => {
		expect(() => readRoster('ann, bob', '"reps"')).toThrow(
			'The roster in "reps" is "ann, bob", not a list',
		);
	});

	test('a roster kept as JSON text, as a sheet cell holds it, is read as its list', () => {
		const roster = readRoster('[{"id": "r1", "name": "Ada"}, {"id": "r2"}]', '"reps"');
		expect(roster.map((rep) => [rep.id, rep.name])).toEqual([
			['r1', 'Ada'],
			['r2', 'r2'],
		]);
	});

	test('JSON text of a roster with a mistake says what is wrong with the JSON', () => {
		expect(() => readRoster('[{"id": "r1"},]', '"reps"')).toThrow(
			expect.objectContaining({
				message: expect.stringMatching(/^The roster in "reps" is text that is not valid JSON: /),
				fix:
					'correct the JSON text of the list in "reps", or put the list itself there, ' +
					'e.g. with the Aggregate node',
			}),
		);
	});

	test('every setting of a rep is one plain value, the way a sheet carries it', () => {
		const [rep] = readRoster(
			[
				{
					id: 'r1',
					weight: '2',
					timeZone: 'Europe/Berlin',
					workingHours: 'Mon-Fri 09:00-12:00, 13:00-17:00; Sat 10:00-12:00',
					outOfOffice: '2026-07-01..2026-07-10',
					territories: 'EMEA, DACH',
					capacityPerDay: 5,
					capacityPerWeek: '0',
					rollingDays: 30,
					capacityPerRollingDays: 30,
					openLeads: '4',
				},
			],
			'Reps',
		);
		expect(rep).toMatchObject({
			weight: 2,
			timeZone: 'Europe/Berlin',
			territories: ['EMEA', 'DACH'],
			capacity: {
				perHour: null,
				perDay: 5,
				perWeek: null,
				perMonth: null,
				rolling: { days: 30, max: 30 },
			},
			openLeads: 4,
			// 1 July 00:00 to 11 July 00:00 in Berlin (UTC+2 in summer).
			outOfOffice: [
				{
					from: Date.parse('2026-06-30T22:00:00Z'),
					until: Date.parse('2026-07-10T22:00:00Z'),
					untilText: '2026-07-10',
				},
			],
		});
		expect(rep.workingHours?.[0]).toEqual([
			{ start: 540, end: 720 },
			{ start: 780, end: 1020 },
		]);
		expect(rep.workingHours?.[5]).toEqual([{ start: 600, end: 720 }]);
		expect(rep.workingHours?.[6]).toEqual([]);
	});

	test('out-of-office periods may come as objects from JSON, alone or in a list', () => {
		const period = { from: '2026-07-01', until: '2026-07-02' };
		const expected = [
			{
				from: Date.parse('2026-07-01T00:00:00Z'),
				until: Date.parse('2026-07-03T00:00:00Z'),
				untilText: '2026-07-02',
			},
		];
		const periodsOf = (outOfOffice: unknown) =>
			readRoster([{ id: 'r1', outOfOffice }], 'Reps')[0].outOfOffice;
		expect(periodsOf(period)).toEqual(expected);
		expect(periodsOf([period])).toEqual(expected);
	});

	test('a rep without a time zone takes the workflow\'s', () => {
		expect(readRoster([{ id: 'r1' }], 'Reps', 'Asia/Tokyo')[0].timeZone).toBe('Asia/Tokyo');
	});

	test.each([
		[
			{ timeZone: 'Europe/Berlinn' },
			'the time zone "Europe/Berlinn", which is not an IANA time zone',
		],
		[
			{ workingHours: 'Mon-Fri 09:00-25:00' },
			'the working hours "Mon-Fri 09:00-25:00", which cannot be read: ' +
				'"25:00" is not a time of day between 00:00 and 24:00',
		],
		[
			{ workingHours: 'Mo-Fr 9-17' },
			'the working hours "Mo-Fr 9-17", which cannot be read: "Mo" is not a weekday',
		],
		[
			{ workingHours: 'Mon 09:00' },
			'the working hours "Mon 09:00", which cannot be read: ' +
				'"09:00" is not a block such as 09:00-17:00',
		],
		[
			{ outOfOffice: '2026-07-10..2026-07-01' },
			'the out-of-office period "2026-07-10..2026-07-01", which ends before it starts',
		],
		[
			{ outOfOffice: 'next week' },
			'the out-of-office period "next week", and "next week" is not a date',
		],
		[{ weight: 0 }, 'weight = 0, which is not a whole number of 1 or more'],
		[
			{ capacityPerDay: 'lots' },
			'capacityPerDay = "lots", which is not a whole number of 0 or more',
		],
		[{ rollingDays: 30 }, 'only one of rollingDays and capacityPerRollingDays'],
	])('%j is rejected, naming the rep and the value', (settings, problem) => {
		expect(() => readRoster([{ id: 'r1', ...settings }], 'Reps')).toThrow(
			`The rep "r1" (Reps[0]) has ${problem}`,
		);
	});
});
