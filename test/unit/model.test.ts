import { ModelError } from '../../lib/errors';
import { compileModel, modelJson, parseModelJson } from '../../lib/model';
import { scoreLead } from '../../lib/scoring';

function problemsOf(input: unknown): Array<{ path: string; message: string; fix: string }> {
	try {
		compileModel(input);
	} catch (error) {
		if (error instanceof ModelError) return error.problems;
		throw error;
	}
	throw new Error('the model was accepted');
}

const rule = (extra: Record<string, unknown>) => ({
	field: 'jobTitle',
	operator: 'contains',
	value: 'vp',
	points: 10,
	...extra,
});

describe('checking a model before any lead is scored', () => {
	test('a minimal model gets the default groups and bands', () => {
		const { model } = compileModel({ rules: [rule({ id: 'vp' })] });
		expect(model.groups).toEqual([{ name: 'fit' }, { name: 'engagement' }]);
		expect(model.bands).toEqual([
			{ name: 'Nurture', min: null },
			{ name: 'MQL', min: 50 },
			{ name: 'SQL', min: 100 },
		]);
		expect(model.rules[0]).toMatchObject({ id: 'vp', group: 'fit', points: 10 });
	});

	test('with several problems, the message names the first and the description each one', () => {
		const model = { rules: [rule({ operator: 'gt' }), rule({ points: 'ten' })] };
		let thrown: unknown;
		try {
			compileModel(model);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(ModelError);
		expect((thrown as ModelError).message).toBe(
			'The scoring model has 2 problems; the first: rules[0].operator: "gt" is not an operator',
		);
		expect((thrown as ModelError).fix).toBe(
			'rules[0].operator: "gt" is not an operator; use "greaterThan"\n' +
				'rules[1].points: "ten" is not a number; give the points the rule adds as a number; ' +
				'a negative number takes points away',
		);
	});

	test('for a terminal, one problem is followed by its fix, several by each problem and fix', () => {
		const one = new ModelError([
			{ path: 'rules[0].operator', message: '"gt" is not an operator', fix: 'use "greaterThan"' },
		]);
		expect(one.toText()).toBe(
			'The scoring model is invalid: rules[0].operator: "gt" is not an operator\n' +
				'Fix: rules[0].operator: use "greaterThan"',
		);
		const two = new ModelError([
			{ path: 'rules[0].operator', message: '"gt" is not an operator', fix: 'use "greaterThan"' },
			{ path: 'rules[1].points', message: 'is missing', fix: 'give the points' },
		]);
		expect(two.toText()).toBe(
			'The scoring model has 2 problems; the first: rules[0].operator: "gt" is not an operator\n' +
				'Each problem and its fix:\n' +
				'rules[0].operator: "gt" is not an operator; use "greaterThan"\n' +
				'rules[1].points: is missing; give the points',
		);
	});

	test('a set rule with a set that is not a number is one problem, not also missing points', () => {
		expect(problemsOf({ rules: [{ activity: 'unsubscribe', set: 'zero' }] })).toEqual([
			{
				path: 'rules[0].set',
				message: '"zero" is not a number',
				fix: 'set "set" to the score the group takes when the rule fires, e.g. 0',
			},
		]);
	});

	test('points too large for a number, as 1e400 in model JSON, are shown as such, not as null', () => {
		const text = '{"rules": [{"field": "title", "operator": "isNotEmpty", "points": 1e400}]}';
		expect(() => parseModelJson(text)).toThrow(
			'rules[0].points: Infinity (a number too large to use) is not a number',
		);
	});

	test('an activity rule with an unknown frequency still has its other settings checked', () => {
		const rule = { activity: 'demo_request', frequency: 'sometimes', halfLifeDays: -3, points: 5 };
		expect(problemsOf({ rules: [rule] }).map((problem) => problem.path)).toEqual([
			'rules[0].frequency',
			'rules[0].halfLifeDays',
		]);
	});

	test('a set written as text is read as points are: "0" is 0', () => {
		const { model } = compileModel({ rules: [{ activity: 'unsubscribe', set: '0' }] });
		expect(model.rules[0]).toMatchObject({ set: 0 });
	});

	test('a set that is not a number, given with points, is told with both problems at once', () => {
		const rules = [{ activity: 'unsubscribe', set: 'zero', points: 5 }];
		expect(problemsOf({ rules }).map(({ path }) => path)).toEqual([
			'rules[0].points',
			'rules[0].set',
		]);
	});

	test('a rule with a problem still claims its id: a later rule with that id is told too', () => {
		const rules = [rule({ id: 'vp', operator: 'gt' }), rule({ id: 'vp' })];
		expect(problemsOf({ rules })).toEqual([
			{ path: 'rules[0].operator', message: '"gt" is not an operator', fix: 'use "greaterThan"' },
			{
				path: 'rules[1].id',
				message: '"vp" is the id of rules[0] too',
				fix: 'give each rule its own id; the breakdown names rules by id',
			},
		]);
	});

	test('an id another rule got for having none is named as such', () => {
		const rules = [rule({}), rule({ id: 'rule-1' })];
		expect(problemsOf({ rules })).toEqual([
			{
				path: 'rules[1].id',
				message: '"rule-1" is the id rules[0] gets for having none too',
				fix: 'give each rule its own id; the breakdown names rules by id',
			},
		]);
	});

	test("a band named like the router's own outputs is refused", () => {
		const bands = [{ name: 'Nurture' }, { name: 'unscored', min: 50 }];
		expect(problemsOf({ bands, rules: [rule({})] })).toEqual([
			{
				path: 'bands',
				message: '"unscored" is the name of a Threshold Router output, not a score band',
				fix: 'rename the band, e.g. "unscored Band"',
			},
		]);
	});

	test('a rule without an id whose place-name another rule took says so', () => {
		const rules = [rule({ id: 'rule-2' }), rule({})];
		expect(problemsOf({ rules })).toEqual([
			{
				path: 'rules[1].id',
				message: 'is missing, and "rule-2", the id it would get, is the id of rules[0]',
				fix: 'give each rule its own id; the breakdown names rules by id',
			},
		]);
	});

	test('an unknown operator is named by its path, with the operator to use', () => {
		expect(problemsOf({ rules: [rule({}), rule({}), rule({}), rule({ operator: 'gt' })] })).toEqual([
			{
				path: 'rules[3].operator',
				message: '"gt" is not an operator',
				fix: 'use "greaterThan"',
			},
		]);
	});

	test('bands listed out of order are refused, not re-sorted: a minimum is likely mistyped', () => {
		const bands = [{ name: 'Nurture' }, { name: 'MQL', min: 50 }, { name: 'SQL', min: 20 }];
		expect(problemsOf({ rules: [rule({})], bands })).toEqual([
			{
				path: 'bands[1]',
				message: '"MQL" is listed before "SQL", which has a lower minimum',
				fix: 'list the bands from the lowest minimum to the highest, e.g. Nurture 0, MQL 50, SQL 100',
			},
		]);
	});

	test('an operator with no close match lists the operators', () => {
		const [problem] = problemsOf({ rules: [rule({ operator: 'sounds like' })] });
		expect(problem.path).toBe('rules[0].operator');
		expect(problem.fix).toContain('use one of: equals, notEquals, contains');
	});

	test('model JSON that is not JSON is rejected with the parser message', () => {
		expect(() => parseModelJson('{"rules": [')).toThrow(
			/^The scoring model is invalid: model JSON: is not valid JSON/,
		);
	});

	test('a trailing comma is named once, with the text around it', () => {
		expect(() => parseModelJson('{"rules": [1,]}')).toThrow(
			'The scoring model is invalid: model JSON: is not valid JSON (Unexpected token \']\', "{"rules": [1,]}")',
		);
	});

	test('every problem is reported at once', () => {
		const problems = problemsOf({
			bands: [{ name: 'A' }, { name: 'B', min: 10 }, { name: 'C', min: 10 }],
			rules: [
				rule({ operator: 'atLeast', value: 'many' }),
				rule({ group: 'product' }),
				{ activity: 'webinar', frequency: 'sometimes', points: 5 },
				rule({ points: 'ten' }),
			],
		});
		expect(problems.map((problem) => problem.path)).toEqual([
			'bands',
			'rules[0].value',
			'rules[1].group',
			'rules[2].frequency',
			'rules[3].points',
		]);
	});

	test('field paths into prototype machinery are refused', () => {
		const [problem] = problemsOf({ rules: [rule({ field: 'company.__proto__.size' })] });
		expect(problem).toMatchObject({ path: 'rules[0].field' });
		expect(problem.message).toContain('"__proto__", which is not allowed');
	});

	test('rule ids must be unique, since the breakdown names rules by id', () => {
		const [problem] = problemsOf({ rules: [rule({ id: 'a' }), rule({ id: 'a' })] });
		expect(problem).toMatchObject({ path: 'rules[1].id' });
	});

	test('a key the format does not know is reported rather than ignored', () => {
		const [problem] = problemsOf({ rules: [rule({ pionts: 5 })] });
		expect(problem).toMatchObject({
			path: 'rules[0].pionts',
			message: 'is not part of a field rule',
		});
	});

	test('a key of the other kind of rule is refused: it would do nothing there', () => {
		const onField = rule({ withinDays: 2, halfLifeDays: 3 });
		const onActivity = { activity: 'page_view', operator: 'contains', value: 'x', points: 1 };
		const problems = problemsOf({ rules: [onField, onActivity] });
		expect(problems.map(({ path, message }) => [path, message])).toEqual([
			['rules[0].withinDays', 'is not part of a field rule'],
			['rules[0].halfLifeDays', 'is not part of a field rule'],
			['rules[1].operator', 'is not part of an activity rule'],
			['rules[1].value', 'is not part of an activity rule'],
		]);
	});

	test('a rule needs a field or an activity, not both', () => {
		expect(problemsOf({ rules: [{ points: 5 }] })[0].message).toBe(
			'has neither "field" nor "activity"',
		);
		expect(problemsOf({ rules: [rule({ activity: 'webinar' })] })[0].message).toBe(
			'has both "field" and "activity"',
		);
	});

	test('the shipped models are valid', () => {
		for (const file of ['b2b-saas.json', 'x-education.json']) {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			expect(() => compileModel(require(`../../examples/models/${file}`))).not.toThrow();
		}
	});
});

describe('a model exported as model JSON', () => {
	const model = {
		name: 'Exported',
		inactivityDecay: { afterDays: 30, percentPerDay: 10 },
		rules: [
			{ id: 'demo', activity: 'demo_request', points: 40 },
			{ id: 'vp', field: 'title', operator: 'contains', value: 'VP', points: 25 },
			{ id: 'unsubscribed', activity: 'unsubscribe', set: 0 },
			{ id: 'student', field: 'title', operator: 'equals', value: 'Student', disqualify: true },
		],
	};

	test('compiles again: the set rule carries "set": 0 and no points', () => {
		const exported = modelJson(compileModel(model).model);
		const rules = exported.rules as Array<Record<string, unknown>>;
		expect(rules[2]).toMatchObject({ id: 'unsubscribed', set: 0 });
		expect(rules[2]).not.toHaveProperty('points');
		expect(() => parseModelJson(JSON.stringify(exported))).not.toThrow();
	});

	test('scores as the original: a VP who asked for a demo 2 days ago, then unsubscribed: 25', () => {
		const asOf = new Date('2026-06-01T00:00:00Z');
		const lead = {
			title: 'VP Sales',
			activities: [
				{ type: 'demo_request', at: '2026-05-30T00:00:00Z' },
				{ type: 'unsubscribe', at: '2026-05-31T00:00:00Z' },
			],
		};
		const again = parseModelJson(JSON.stringify(modelJson(compileModel(model).model)));
		expect(scoreLead(again, lead, { asOf }).total).toBe(25);
		expect(scoreLead(compileModel(model), lead, { asOf }).total).toBe(25);
	});
});
