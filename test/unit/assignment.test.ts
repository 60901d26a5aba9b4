import { checkAccountOwners } from '../../lib/accountMatch';
import {
	assignLead,
	DEFAULT_ASSIGNMENT_SETTINGS,
	type AssignmentSettings,
	type RunTally,
} from '../../lib/assignment';
import {
	emptyAssignmentState,
	pruneAssignmentState,
	readAssignmentState,
	type AssignmentState,
} from '../../lib/assignmentState';
import { readRoster, type Rep } from '../../lib/roster';
import { readTerritoryRules } from '../../lib/territory';

// Reps as a sheet or the node's form would give them: id plus whatever columns the test needs.
const team = (...reps: Array<string | Record<string, unknown>>): Rep[] =>
	readRoster(
		reps.map((entry) =>
			typeof entry === 'string' ? { id: entry, name: entry.toUpperCase() } : entry,
		),
		'Reps',
	);

const MONDAY_NOON = Date.parse('2026-06-01T12:00:00Z');
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

interface HandOut {
	roster: Rep[];
	count: number;
	state?: AssignmentState;
	settings?: Partial<AssignmentSettings>;
	// When each lead arrives; default all at MONDAY_NOON.
	at?: (lead: number) => number;
	lead?: (lead: number) => Record<string, unknown>;
}

// Hands out leads and returns who got them (null for unassigned), carrying the state along.
function handOut({ roster, count, state = emptyAssignmentState(), ...options }: HandOut) {
	const settings = { ...DEFAULT_ASSIGNMENT_SETTINGS, ...options.settings };
	const tally: RunTally = {};
	const chosen: Array<string | null> = [];
	for (let lead = 0; lead < count; lead++) {
		const fields = options.lead?.(lead) ?? {};
		const key = typeof fields.key === 'string' ? fields.key : null;
		const asOf = options.at?.(lead) ?? MONDAY_NOON;
		const result = assignLead({ fields, key }, roster, state, settings, asOf, tally);
		chosen.push(result.assignedRep.id);
	}
	return { chosen, state };
}

function assignOne(roster: Rep[], settings: Partial<AssignmentSettings> = {}, at = MONDAY_NOON) {
	const state = emptyAssignmentState();
	const all = { ...DEFAULT_ASSIGNMENT_SETTINGS, ...settings };
	return assignLead({ fields: {}, key: null }, roster, state, all, at).assignedRep;
}

function assignFields(
	fields: Record<string, unknown>,
	roster: Rep[],
	settings: Partial<AssignmentSettings> = {},
) {
	const state = emptyAssignmentState();
	const all = { ...DEFAULT_ASSIGNMENT_SETTINGS, ...settings };
	return assignLead({ fields, key: null }, roster, state, all, MONDAY_NOON).assignedRep;
}

describe('round robin', () => {
	test('three reps take turns in roster order', () => {
		expect(handOut({ roster: team('a', 'b', 'c'), count: 7 }).chosen).toEqual(
			['a', 'b', 'c', 'a', 'b', 'c', 'a'],
		);
	});

	test('the chosen rep comes with the strategy, the pool and the reason in words', () => {
		expect(assignOne(team('a', { id: 'b', name: 'B', active: false }))).toEqual({
			id: 'a',
			name: 'A',
			email: null,
			crmOwnerId: null,
			reason: 'round_robin',
			explanation:
				'A is next in the round robin (lead 1 of the rotation, 1 available rep); skipped B (inactive)',
			strategy: 'roundRobin',
			pool: 'default',
			skipped: [{ id: 'b', name: 'B', why: 'inactive' }],
			asOf: '2026-06-01T12:00:00.000Z',
		});
	});

	test('it continues where it stopped, across executions', () => {
		const first = handOut({ roster: team('a', 'b', 'c'), count: 2 });
		const stored = readAssignmentState(JSON.parse(JSON.stringify(first.state)));
		const again = handOut({ roster: team('a', 'b', 'c'), count: 2, state: stored });
		expect(again.chosen).toEqual(['c', 'a']);
	});

	test('a rotation saved by the first version of the node keeps everyone in place', () => {
		const legacy = { turns: 4, lastTurn: { a: 4, b: 2, c: 3 } };
		expect(
			handOut({ roster: team('a', 'b', 'c'), count: 3, state: readAssignmentState(legacy) }).chosen,
		).toEqual(['b', 'c', 'a']);
	});

	test('reordering the roster does not reshuffle the rotation', () => {
		const { state } = handOut({ roster: team('a', 'b', 'c'), count: 4 });
		// a, b, c, a have had turns: b has waited longest, then c, then a.
		const reordered = handOut({ roster: team('c', 'a', 'b'), count: 3, state });
		expect(reordered.chosen).toEqual(['b', 'c', 'a']);
	});

	test('a rep added mid-rotation gets one turn next, and nobody gets a double turn', () => {
		const { state } = handOut({ roster: team('a', 'b', 'c'), count: 4 });
		expect(handOut({ roster: team('a', 'b', 'c', 'd'), count: 5, state }).chosen).toEqual(
			['d', 'b', 'c', 'a', 'd'],
		);
	});

	test('removing a rep and adding another across executions', () => {
		const { state } = handOut({ roster: team('a', 'b', 'c'), count: 4 });
		// b leaves, d joins: d first (never had a turn), then c and a in their old order.
		expect(handOut({ roster: team('a', 'c', 'd'), count: 6, state }).chosen).toEqual(
			['d', 'c', 'a', 'd', 'c', 'a'],
		);
	});

	test('inactive reps are skipped and keep their place for when they return', () => {
		const roster = team('a', { id: 'b', active: false }, 'c');
		const { chosen, state } = handOut({ roster, count: 4 });
		expect(chosen).toEqual(['a', 'c', 'a', 'c']);
		const back = handOut({ roster: team('a', 'b', 'c'), count: 3, state });
		expect(back.chosen).toEqual(['b', 'a', 'c']);
	});
});

describe('weighted', () => {
	const weighted = { strategy: 'weighted' as const };

	test('weights 2:1:1 over 12 leads: each cycle of 4 gives a two leads, spread out', () => {
		const roster = team({ id: 'a', weight: 2 }, 'b', 'c');
		const { chosen } = handOut({ roster, count: 12, settings: weighted });
		expect(chosen).toEqual(['a', 'b', 'c', 'a', 'a', 'b', 'c', 'a', 'a', 'b', 'c', 'a']);
	});

	test('weights 5:3:1: a cycle of 9 is a b a c a b a b a, and credits return to zero', () => {
		const roster = team({ id: 'a', weight: 5 }, { id: 'b', weight: 3 }, 'c');
		// Credits after each lead (a, b, c): -4 3 1, 1 -3 2, -3 0 3, 2 3 -5, -2 6 -4, 3 0 -3,
		// -1 3 -2, 4 -3 -1, 0 0 0.
		const { chosen, state } = handOut({ roster, count: 9, settings: weighted });
		expect(chosen).toEqual(['a', 'b', 'a', 'c', 'a', 'b', 'a', 'b', 'a']);
		expect(state.rotations.default.credit).toEqual({ a: 0, b: 0, c: 0 });
	});

	test('weights 3:1: three leads to a and one to b in every cycle of four', () => {
		const roster = team({ id: 'a', weight: 3 }, 'b');
		expect(handOut({ roster, count: 8, settings: weighted }).chosen).toEqual(
			['a', 'b', 'a', 'a', 'a', 'b', 'a', 'a'],
		);
	});

	test('a rep added mid-cycle starts without credit and gets no double turn', () => {
		const before = team({ id: 'a', weight: 2 }, 'b');
		const { state } = handOut({ roster: before, count: 2, settings: weighted });
		const { chosen } = handOut({
			roster: team({ id: 'a', weight: 2 }, 'b', 'c'),
			count: 8,
			state,
			settings: weighted,
		});
		// Credits before: a 1, b -1 (a and b had one lead each); c joins at 0.
		expect(chosen).toEqual(['a', 'c', 'a', 'b', 'a', 'c', 'a', 'b']);
		expect(chosen.filter((id) => id === 'a')).toHaveLength(4);
	});

	test('the explanation names the weight', () => {
		expect(assignOne(team({ id: 'a', name: 'A', weight: 2 }, 'b'), weighted).explanation).toBe(
			'A is next by weight (weight 2 of 3 among 2 available reps)',
		);
	});
});

describe('least loaded', () => {
	const leastLoaded = { strategy: 'leastLoaded' as const };

	test('the fewest leads today gets the next one; ties go to the longest waiting', () => {
		const { state } = handOut({ roster: team('a', 'b'), count: 3, settings: leastLoaded });
		// a 2, b 1 today; c joins with 0 and takes leads until level.
		expect(
			handOut({ roster: team('a', 'b', 'c'), count: 4, state, settings: leastLoaded }).chosen,
		).toEqual(['c', 'b', 'c', 'a']);
	});

	test('a new day starts the count afresh in the rep\'s time zone', () => {
		const { state } = handOut({ roster: team('a', 'b'), count: 3, settings: leastLoaded });
		// Tuesday: both at 0, so the rotation decides: b waited longer (a took the third lead).
		const tuesday = () => MONDAY_NOON + DAY;
		expect(
			handOut({ roster: team('a', 'b'), count: 2, state, settings: leastLoaded, at: tuesday })
				.chosen,
		).toEqual(['b', 'a']);
	});

	test('open-lead counts from the CRM decide when the roster carries them', () => {
		const roster = team(
			{ id: 'a', openLeads: 5 },
			{ id: 'b', openLeads: 2 },
			{ id: 'c', openLeads: 3 },
		);
		// 2 3 5 -> b; 3 3 5 -> c (never had a turn); 3 4 5 -> b; 4 4 5 -> c (waited longer); -> b.
		expect(handOut({ roster, count: 5, settings: leastLoaded }).chosen).toEqual(
			['b', 'c', 'b', 'c', 'b'],
		);
	});

	test("without open-lead counts, the explanation counts the period's leads", () => {
		const roster = team({ id: 'a', name: 'A' }, { id: 'b', name: 'B' });
		const { state } = handOut({ roster, count: 3, settings: leastLoaded });
		const settings = { ...DEFAULT_ASSIGNMENT_SETTINGS, ...leastLoaded };
		const next = assignLead({ fields: {}, key: null }, roster, state, settings, MONDAY_NOON);
		// a took leads 1 and 3, b lead 2.
		expect(next.assignedRep.explanation).toBe(
			'B has the fewest leads (1 lead today among 2 available reps)',
		);
	});

	test('the explanation gives the load', () => {
		const roster = team({ id: 'a', name: 'A', openLeads: 4 }, { id: 'b', openLeads: 9 });
		expect(assignOne(roster, leastLoaded).explanation).toBe(
			'A has the fewest leads (4 open leads among 2 available reps)',
		);
	});
});

describe('capacity', () => {
	test('a rep at the daily cap is skipped until the next day', () => {
		const roster = team({ id: 'a', capacityPerDay: 1 }, 'b');
		const { chosen, state } = handOut({ roster, count: 4 });
		expect(chosen).toEqual(['a', 'b', 'b', 'b']);
		const nextDay = handOut({ roster, count: 2, state, at: () => MONDAY_NOON + DAY });
		expect(nextDay.chosen).toEqual(['a', 'b']);
	});

	test('the day ends at midnight in the rep\'s time zone, not UTC', () => {
		// Tokyo is UTC+9: 16:00 UTC Monday is 01:00 Tuesday there, a new day for the cap.
		const roster = team({ id: 'a', capacityPerDay: 1, timeZone: 'Asia/Tokyo' }, 'b');
		const { state } = handOut({ roster, count: 1, at: () => Date.parse('2026-06-01T12:00:00Z') });
		const at = () => Date.parse('2026-06-01T16:00:00Z');
		const later = handOut({ roster, count: 2, state, at });
		expect(later.chosen).toEqual(['b', 'a']);
	});

	test('an hourly cap frees up at the next hour', () => {
		const roster = team({ id: 'a', capacityPerHour: 2 });
		const at = (lead: number) => MONDAY_NOON + (lead < 3 ? lead * 60_000 : HOUR);
		expect(handOut({ roster, count: 4, at }).chosen).toEqual(['a', 'a', null, 'a']);
	});

	test('a rolling window of 7 days frees one lead when the oldest falls out', () => {
		const roster = team({ id: 'a', rollingDays: 7, capacityPerRollingDays: 2 });
		// Leads on day 0, day 3, day 5 (at cap), day 7.5 (day 0's lead is out of the window).
		const days = [0, 3, 5, 7.5];
		const { chosen } = handOut({ roster, count: 4, at: (lead) => MONDAY_NOON + days[lead] * DAY });
		expect(chosen).toEqual(['a', 'a', null, 'a']);
	});

	test('everyone at capacity leaves the lead unassigned, saying how full each rep is', () => {
		const roster = team(
			{ id: 'a', name: 'Ann', capacityPerWeek: 1 },
			{ id: 'b', name: 'Bo', capacityPerMonth: 1 },
		);
		const state = handOut({ roster, count: 2 }).state;
		const lead = { fields: {}, key: null };
		const result = assignLead(lead, roster, state, DEFAULT_ASSIGNMENT_SETTINGS, MONDAY_NOON);
		expect(result.assigned).toBe(false);
		expect(result.assignedRep).toMatchObject({
			reason: 'all_at_capacity',
			explanation:
				'Nobody could take the lead: all 2 reps are at capacity; ' +
				'skipped Ann (at capacity: 1 of 1 this week), ' +
				'Bo (at capacity: 1 of 1 this month)',
		});
	});
});

describe('availability', () => {
	test('a rep out of office is skipped, with the date they are back', () => {
		const roster = team('a', { id: 'b', name: 'B', outOfOffice: '2026-05-28..2026-06-05' });
		expect(assignOne(roster).explanation).toBe(
			'A is next in the round robin (lead 1 of the rotation, 1 available rep); ' +
				'skipped B (out of office until 2026-06-05)',
		);
	});

	test('the last day of an absence is a whole day in the rep\'s time zone', () => {
		const roster = team({ id: 'a', outOfOffice: '2026-06-01', timeZone: 'America/Los_Angeles' });
		// 06:59 UTC on 2 June is still 1 June (23:59) in Los Angeles; 07:00 UTC is 2 June.
		expect(assignOne(roster, {}, Date.parse('2026-06-02T06:59:00Z')).id).toBeNull();
		expect(assignOne(roster, {}, Date.parse('2026-06-02T07:00:00Z')).id).toBe('a');
	});

	describe('working hours in the rep\'s own time zone, across daylight saving', () => {
		// The US moves its clocks on 8 March 2026, Europe on 29 March: for three weeks New York is
		// 5 hours behind Berlin instead of 6.
		const roster = team(
			{ id: 'berlin', workingHours: 'Mon-Fri 09:00-17:00', timeZone: 'Europe/Berlin' },
			{ id: 'newyork', workingHours: 'Mon-Fri 09:00-17:00', timeZone: 'America/New_York' },
		);
		const shifts = { respectWorkingHours: true };
		// Who was skipped as off shift at that instant.
		const offShift = (iso: string) =>
			assignOne(roster, shifts, Date.parse(iso)).skipped.map(
				(entry) => `${entry.id}: ${entry.why}`,
			);

		test('the Friday before the US change: New York starts at 14:00 UTC', () => {
			expect(offShift('2026-03-06T13:30:00Z')).toEqual([
				'newyork: outside working hours: Fri 08:30 in America/New_York',
			]);
		});

		test('the Monday after the US change: New York starts at 13:00 UTC, Berlin on CET', () => {
			expect(offShift('2026-03-09T13:30:00Z')).toEqual([]);
			expect(offShift('2026-03-09T16:30:00Z')).toEqual([
				'berlin: outside working hours: Mon 17:30 in Europe/Berlin',
			]);
		});

		test('at night nobody is on shift, and the lead says so', () => {
			expect(assignOne(roster, shifts, Date.parse('2026-03-10T23:00:00Z'))).toMatchObject({
				id: null,
				reason: 'no_rep_on_shift',
			});
		});

		test('a night shift runs past midnight into the next day', () => {
			const night = team({ id: 'n', workingHours: 'Mon 22:00-06:00', timeZone: 'UTC' });
			expect(assignOne(night, shifts, Date.parse('2026-06-01T23:00:00Z')).id).toBe('n');
			expect(assignOne(night, shifts, Date.parse('2026-06-02T05:59:00Z')).id).toBe('n');
			expect(assignOne(night, shifts, Date.parse('2026-06-02T06:00:00Z')).id).toBeNull();
		});

		test('with the option off, working hours are ignored', () => {
			expect(assignOne(roster, {}, Date.parse('2026-03-10T23:00:00Z')).id).toBe('berlin');
		});
	});

	test('a returning rep keeps their place by default: one turn, then the normal rotation', () => {
		const away = team('a', 'b', { id: 'c', outOfOffice: '2026-06-01' });
		const { state } = handOut({ roster: away, count: 6 });
		const back = team('a', 'b', 'c');
		expect(handOut({ roster: back, count: 4, state, at: () => MONDAY_NOON + DAY }).chosen).toEqual(
			['c', 'a', 'b', 'c'],
		);
	});

	test('with catching up, a returning rep first gets the leads missed while away', () => {
		const away = team('a', 'b', { id: 'c', outOfOffice: '2026-06-01' });
		const settings = { returningReps: 'catchUp' as const };
		const { state } = handOut({ roster: away, count: 6, settings });
		// 6 leads among 3 reps: c missed 2.
		const back = team('a', 'b', 'c');
		expect(
			handOut({ roster: back, count: 5, state, settings, at: () => MONDAY_NOON + DAY }).chosen,
		).toEqual(['c', 'c', 'a', 'b', 'c']);
	});
});

describe('territories and account match', () => {
	const roster = team(
		{ id: 'eu', name: 'Eva', territories: 'EMEA' },
		{ id: 'us', name: 'Sam', territories: 'Americas' },
		{ id: 'any', name: 'Ann' },
		{
			id: 'key',
			name: 'Kim',
			territories: 'Americas',
			email: 'kim@ours.example',
			crmOwnerId: '77',
		},
	);
	const settings: Partial<AssignmentSettings> = {
		territoryRules: [
			{ pool: 'EMEA', field: 'country', values: ['DE', 'FR'] },
			{ pool: 'Americas', field: 'country', values: ['US', 'CA'] },
			{ pool: 'APAC', field: 'country', values: ['JP'] },
		],
		accountOwners: [
			{ account: 'acme.com', owner: 'key' },
			{ account: 'Globex Corporation', owner: '77' },
		],
	};
	const leads = [
		{ country: 'de' },
		{ country: 'US' },
		{ country: 'BR' },
		{ country: 'US' },
		{ country: 'DE', email: 'jo@www.Acme.com' },
		{ country: 'FR', company: 'GLOBEX corp.' },
		{ country: 'FR', email: 'x@gmail.com' },
		{ country: 'FR', email: 'pat@emea.acme.com' },
	];

	test('first matching rule names the pool, unmatched leads go to reps without territories', () => {
		expect(handOut({ roster, count: 8, settings, lead: (index) => leads[index] }).chosen).toEqual(
			['eu', 'us', 'any', 'key', 'key', 'key', 'eu', 'key'],
		);
	});

	test('a lead whose territory reps are all excluded is all_excluded, not a territory miss', () => {
		const excluding = { ...settings, excludeField: 'previousOwner' };
		expect(assignFields({ country: 'DE', previousOwner: 'eu' }, roster, excluding)).toMatchObject({
			id: null,
			reason: 'all_excluded',
			pool: 'EMEA',
			explanation:
				'Nobody could take the lead: every rep in the territory EMEA (country is DE) is ' +
				'excluded for this lead; skipped Eva (excluded for this lead)',
		});
	});

	test('exclusions written with semicolons, as HubSpot writes multi-value fields, all count', () => {
		const excluding = { ...settings, excludeField: 'previousOwner' };
		const lead = { country: 'US', previousOwner: 'us; key' };
		expect(assignFields(lead, roster, excluding)).toMatchObject({ id: null, reason: 'all_excluded' });
	});

	test('when an exclusion leaves one rep in the territory, it is "the one rep left"', () => {
		const inactiveKim = roster.map((rep) => (rep.id === 'key' ? { ...rep, active: false } : rep));
		const excluding = { ...settings, excludeField: 'previousOwner' };
		expect(
			assignFields({ country: 'US', previousOwner: 'us' }, inactiveKim, excluding),
		).toMatchObject({
			reason: 'all_inactive',
			explanation:
				'Nobody could take the lead: the one rep left in the territory Americas is inactive; ' +
				'skipped Sam (excluded for this lead), Kim (inactive)',
		});
	});

	test('each pool has its own rotation and the reason says which pool', () => {
		expect(assignFields({ country: 'US' }, roster, settings)).toMatchObject({
			id: 'us',
			pool: 'Americas',
			explanation:
				'Sam is next in the round robin in pool Americas (lead 1 of the rotation, 2 available reps)',
		});
	});

	test('an account owner keeps the account, by email domain or normalised company name', () => {
		expect(assignFields(leads[4], roster, settings)).toMatchObject({
			id: 'key',
			reason: 'account_match',
			explanation: 'Kim owns the account (acme.com)',
		});
		expect(assignFields(leads[5], roster, settings).explanation).toBe(
			'Kim owns the account (company GLOBEX corp.)',
		);
		expect(assignFields(leads[7], roster, settings).explanation).toBe(
			'Kim owns the account (acme.com)',
		);
	});

	test('an owner filled upstream from the CRM wins too', () => {
		const accountFields = { ...DEFAULT_ASSIGNMENT_SETTINGS.accountFields, ownerField: 'owner' };
		const fields = { country: 'DE', owner: 'kim@ours.example' };
		expect(assignFields(fields, roster, { accountFields }).explanation).toBe(
			'Kim owns the account (the owner in "owner")',
		);
	});

	test('an account owner out of office does not keep the lead; the pool takes it', () => {
		const away = team({ id: 'key', name: 'Kim', outOfOffice: '2026-06-01' }, 'b');
		const accountOwners = settings.accountOwners;
		expect(assignFields(leads[4], away, { accountOwners })).toMatchObject({
			id: 'b',
			explanation:
				'B is next in the round robin (lead 1 of the rotation, 1 available rep); ' +
				'skipped Kim (account owner, but out of office until 2026-06-01)',
		});
	});

	test('an Account Owners row naming nobody on the roster, or half filled in, is an error', () => {
		expect(() => checkAccountOwners([{ account: 'acme.com', owner: 'kim' }], roster)).toThrow(
			'Account Owners row 1 ("acme.com") names the owner "kim", who is not on the roster',
		);
		expect(() => checkAccountOwners([{ account: '', owner: 'key' }], roster)).toThrow(
			'Account Owners row 1 has no account',
		);
		// By id, CRM owner id or email, whatever the case.
		const named = ['KEY', '77', 'Kim@Ours.example'].map((owner) => ({ account: 'a.com', owner }));
		expect(() => checkAccountOwners(named, roster)).not.toThrow();
	});

	test('a territory rule left half filled in is an error, not a rule that never matches', () => {
		expect(() => readTerritoryRules([{ pool: 'EMEA', field: 'country', values: '' }])).toThrow(
			'Territory rule 1 ("EMEA") has no values',
		);
		expect(() => readTerritoryRules([{ field: 'country', values: 'DE' }])).toThrow(
			'Territory rule 1 ("country") has no pool',
		);
		expect(readTerritoryRules([{ pool: ' EMEA ', field: 'country', values: 'DE, AT' }])).toEqual([
			{ pool: 'EMEA', field: 'country', values: ['DE', 'AT'] },
		]);
	});

	test('a territory no rep belongs to leaves the lead unassigned', () => {
		expect(assignFields({ country: 'JP' }, roster, settings)).toMatchObject({
			reason: 'no_territory_match',
			explanation: 'Nobody could take the lead: no rep is in the territory APAC (country is JP)',
		});
	});
});

describe('the same lead again, and reassignment', () => {
	const window = { sameLeadWindowMs: 30 * DAY };
	const keyed = (...keys: string[]) => (lead: number) => ({ key: keys[lead] });

	test('a lead seen again within the window gets the same rep and counts once', () => {
		const roster = team({ id: 'a', capacityPerDay: 1 }, 'b');
		const { chosen, state } = handOut({
			roster,
			count: 4,
			settings: window,
			lead: keyed('k1', 'k2', 'k1', 'k1'),
		});
		expect(chosen).toEqual(['a', 'b', 'a', 'a']);
		expect(state.taken).toEqual({ a: [MONDAY_NOON], b: [MONDAY_NOON] });
	});

	test('after the window the lead is assigned afresh', () => {
		const roster = team('a', 'b');
		const { state } = handOut({ roster, count: 1, settings: window, lead: keyed('k1') });
		const later = () => MONDAY_NOON + 31 * DAY;
		const again = handOut({
			roster,
			count: 1,
			state,
			settings: window,
			at: later,
			lead: keyed('k1'),
		});
		expect(again.chosen).toEqual(['b']);
	});

	test("reps named in the lead's exclude field do not get it, nor does its remembered rep", () => {
		const roster = team('a', 'b', { id: 'c', email: 'c@ours.example' });
		const settings = { ...window, excludeField: 'missedSla' };
		const { state } = handOut({ roster, count: 1, settings, lead: keyed('k1') });
		// a took k1 and missed the SLA; b is excluded too, by its id in another case.
		const reassign = () => ({ key: 'k1', missedSla: ['a', 'B'] });
		expect(handOut({ roster, count: 1, state, settings, lead: reassign }).chosen).toEqual(['c']);
	});

	test('an owner object in the exclude field, as CRMs give it, excludes the rep it names', () => {
		// Without the exclusions a, first in the roster, would take it.
		const roster = team({ id: 'a', crmOwnerId: '11' }, 'b', { id: 'c', email: 'c@ours.example' });
		const settings = { ...window, excludeField: 'previousOwner' };
		const owners = [{ id: 11, name: 'Al' }, { email: 'C@ours.example' }];
		const lead = () => ({ key: 'k1', previousOwner: owners });
		expect(handOut({ roster, count: 1, settings, lead }).chosen).toEqual(['b']);
		const one = () => ({ key: 'k1', previousOwner: { ownerId: '11', name: 'Al' } });
		expect(handOut({ roster, count: 1, settings, lead: one }).chosen).toEqual(['b']);
	});

	test('an object in the exclude field that names no rep is an error, not ignored', () => {
		const roster = team('a', 'b');
		const settings = { ...window, excludeField: 'previousOwner' };
		const lead = () => ({ key: 'k1', previousOwner: { name: 'Bo' } });
		expect(() => handOut({ roster, count: 1, settings, lead })).toThrow(
			'The Exclude Reps Field "previousOwner" holds {"name":"Bo"}, which names no rep',
		);
	});
});

describe('nobody left: every reason, never a silent default', () => {
	const cases: Array<{
		reason: string;
		reps: Array<Record<string, unknown>>;
		settings?: Partial<AssignmentSettings>;
		explanation: string;
	}> = [
		{
			reason: 'empty_roster',
			reps: [],
			explanation: 'Nobody could take the lead: the roster is empty',
		},
		{
			reason: 'all_inactive',
			reps: [
				{ id: 'a', active: false },
				{ id: 'b', active: false },
			],
			explanation: 'Nobody could take the lead: all 2 reps are inactive',
		},
		{
			reason: 'all_out_of_office',
			reps: [{ id: 'a', outOfOffice: '2026-06-01' }, { id: 'b', active: false }],
			explanation:
				'Nobody could take the lead: the one rep left is out of office; ' +
				'skipped b (inactive), a (out of office until 2026-06-01)',
		},
		{
			reason: 'no_rep_on_shift',
			reps: [{ id: 'a', workingHours: 'Sat 10:00-12:00' }],
			settings: { respectWorkingHours: true },
			explanation:
				'Nobody could take the lead: the only rep is outside their working hours; ' +
				'skipped a (outside working hours: Mon 12:00 in UTC)',
		},
		{
			reason: 'all_at_capacity',
			reps: [{ id: 'a', capacityPerHour: 1 }],
			explanation:
				'Nobody could take the lead: the only rep is at capacity; ' +
				'skipped a (at capacity: 1 of 1 this hour)',
		},
		{
			reason: 'no_territory_match',
			reps: [{ id: 'a', territories: 'EMEA' }],
			explanation:
				'Nobody could take the lead: no territory rule matches the lead and no rep is in the ' +
				'default pool',
		},
		{
			reason: 'all_excluded',
			reps: [{ id: 'a' }],
			settings: { excludeField: 'exclude' },
			explanation:
				'Nobody could take the lead: every rep is excluded for this lead; ' +
				'skipped a (excluded for this lead)',
		},
		{
			// b is left, but in another territory: the exclusion took out the lead's pool.
			reason: 'all_excluded',
			reps: [{ id: 'a' }, { id: 'b', territories: 'EMEA' }],
			settings: { excludeField: 'exclude' },
			explanation:
				'Nobody could take the lead: every rep in the default pool is excluded for this ' +
				'lead; skipped a (excluded for this lead)',
		},
	];

	test.each(cases)('$reason', ({ reason, reps, settings = {}, explanation }) => {
		const state = emptyAssignmentState();
		// Rep a took a lead this very minute: with a cap of one an hour, that is the cap.
		state.taken.a = [MONDAY_NOON];
		const result = assignLead(
			{ fields: { exclude: 'a' }, key: null },
			readRoster(reps, 'Reps'),
			state,
			{ ...DEFAULT_ASSIGNMENT_SETTINGS, ...settings },
			MONDAY_NOON,
		);
		expect(result.assigned).toBe(false);
		expect(result.assignedRep).toMatchObject({ id: null, reason, explanation });
	});

	test('a Fallback Rep who is not on the roster is an error, not a silent Unassigned', () => {
		expect(() => assignOne(team({ id: 'a', active: false }), { fallbackRep: 'boss' })).toThrow(
			'Nobody could take the lead, and the Fallback Rep "boss" is not on the roster',
		);
	});

	test('a big team is summed up: five skipped reps are named, then how many more', () => {
		const away = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => ({ id, active: false }));
		expect(assignOne(team(...away, 'h')).explanation).toBe(
			'H is next in the round robin (lead 1 of the rotation, 1 available rep); skipped a (inactive), ' +
				'b (inactive), c (inactive), d (inactive), e (inactive) and 2 more',
		);
	});

	test('a fallback rep takes it only when named, and the reason says why', () => {
		const roster = team({ id: 'a', active: false }, { id: 'boss', name: 'Boss', active: false });
		expect(assignOne(roster, { fallbackRep: 'boss' })).toMatchObject({
			id: 'boss',
			reason: 'fallback',
			explanation:
				'Boss takes the lead as the fallback rep: all 2 reps are inactive; ' +
				'skipped a (inactive), Boss (inactive)',
		});
	});
});

describe('the fallback rep and the exclude field', () => {
	test('the rep excluded for a lead does not get it back as the fallback', () => {
		const roster = team({ id: 'a', active: false }, { id: 'boss', name: 'Boss' });
		const result = assignFields({ missedSla: 'boss' }, roster, {
			fallbackRep: 'boss',
			excludeField: 'missedSla',
		});
		expect(result).toMatchObject({ id: null, reason: 'all_inactive' });
	});
});

describe('the stored state stays bounded', () => {
	test('lead memory past its window and lead instants past the longest period are pruned', () => {
		const state = readAssignmentState({
			rotations: { default: { turns: 2, lastTurn: { a: 2 }, credit: { a: -1 }, owed: {} } },
			taken: { a: [MONDAY_NOON - 40 * DAY, MONDAY_NOON - DAY], b: [MONDAY_NOON - 33 * DAY] },
			leads: {
				old: { rep: 'a', at: MONDAY_NOON - 31 * DAY },
				new: { rep: 'a', at: MONDAY_NOON - DAY },
			},
		});
		pruneAssignmentState(state, MONDAY_NOON, { takenMs: 32 * DAY, leadsMs: 30 * DAY });
		expect(state.taken).toEqual({ a: [MONDAY_NOON - DAY] });
		expect(Object.keys(state.leads)).toEqual(['new']);
		expect(state.rotations.default.credit).toEqual({ a: -1 });
	});

	test('stored state that is not Assign Rep\'s starts afresh', () => {
		expect(readAssignmentState('garbage')).toEqual(emptyAssignmentState());
		expect(readAssignmentState({ taken: { a: ['x', 5] }, leads: { k: { rep: 1 } } })).toEqual({
			rotations: {},
			taken: { a: [5] },
			leads: {},
		});
	});
});

describe('a roster built from a sheet', () => {
	test('column headers as people write them are read as the rep settings', () => {
		const [rep] = readRoster(
			[{ ID: 'r1', Name: 'Ann', Email: 'ann@example.com', 'CRM Owner ID': 7, Active: 'yes' }],
			'"reps"',
		);
		expect(rep).toMatchObject({
			id: 'r1',
			name: 'Ann',
			email: 'ann@example.com',
			crmOwnerId: '7',
			active: true,
		});
	});
});
