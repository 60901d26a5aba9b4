// Shared state in n8n's queue mode: one main and two workers with concurrency 10 (test/queue/run.sh
// starts them), and a webhook workflow Score Lead -> Threshold Router (crossing mode, SQL at 100)
// -> Assign Rep (round robin over rep-1, rep-2, rep-3), once per state store. Every lead posted
// scores 120. Each store gets the same run: 300 new leads, 30 requests in flight; 30 of them again;
// one more new lead; then both workers and Redis are restarted and 30 new leads follow one by one.

import {
	cluster,
	countBy,
	importAndPublish,
	type LeadReply,
	leadsPerRep,
	postConcurrently,
	postOneByOne,
	REDIS_STATE,
	redisKeys,
	report,
	REPS,
	type StateStore,
	storesToRun,
} from './cluster';

const IN_FLIGHT = 30;
const SETUP_TIMEOUT_MS = 10 * 60_000;

interface Run {
	first: LeadReply[];
	postedAgain: LeadReply[];
	lastBeforeRestart: LeadReply;
	afterRestart: LeadReply[];
}

function emails(store: StateStore, from: number, count: number): string[] {
	return Array.from({ length: count }, (_, index) => `lead-${from + index}@${store}-store.example`);
}

// The reps in round-robin order, starting with the one after `rep`.
function rotationAfter(rep: string, count: number): string[] {
	const start = REPS.indexOf(rep) + 1;
	return Array.from({ length: count }, (_, index) => REPS[(start + index) % REPS.length]);
}

function spread(counts: Record<string, number>): string {
	return Object.entries(counts)
		.map(([name, count]) => `${name} ${count}`)
		.join(', ');
}

async function runLeads(store: StateStore): Promise<Run> {
	const leads = emails(store, 1, 300);
	const first = await postConcurrently(store, leads, IN_FLIGHT);
	const postedAgain = await postConcurrently(
		store,
		leads.filter((_, index) => index % 10 === 0),
		IN_FLIGHT,
	);
	const [lastBeforeRestart] = await postOneByOne(store, emails(store, 301, 1));

	await cluster('stop-workers');
	await cluster('restart-redis');
	await cluster('start-workers');
	const afterRestart = await postOneByOne(store, emails(store, 302, 30));

	const crossings = first.filter((reply) => reply.routerOutput === 'SQL').length;
	const againOutputs = countBy(postedAgain, (reply) => reply.routerOutput);
	const assignedAgain = postedAgain.filter((reply) => reply.rep !== null).length;
	const order = afterRestart.map((reply) => reply.rep).join(' ');
	report(`${store} store, 300 new leads, ${IN_FLIGHT} in flight: ${spread(leadsPerRep(first))}`);
	report(`${store} store, SQL crossings fired for them: ${crossings}`);
	report(`${store} store, 30 of them posted again: ${spread(againOutputs)}`);
	report(`${store} store, of those assigned a rep again: ${assignedAgain}`);
	report(`${store} store, one more new lead before the restart: ${lastBeforeRestart.rep}`);
	report(`${store} store, restart of both workers and Redis, then 30 new leads one by one:`);
	report(`  ${spread(leadsPerRep(afterRestart))}; in order: ${order}`);
	return { first, postedAgain, lastBeforeRestart, afterRestart };
}

const stores = storesToRun();

describe('n8n 2.41.1 in queue mode, one main and two workers with concurrency 10', () => {
	beforeAll(async () => {
		if (!stores.includes('redis')) {
			report(
				'redis store: skipped, the nodes have no State Store parameter with Redis yet ' +
					'(LEAD_SCORING_QUEUE_REDIS=on forces it)',
			);
		}
		await importAndPublish(stores);
		await cluster('start-n8n');
	}, SETUP_TIMEOUT_MS);

	describe('with the workflow store: the problem the Redis store solves', () => {
		let run: Run;

		beforeAll(async () => {
			run = await runLeads('workflow');
		}, SETUP_TIMEOUT_MS);

		it('answers each of the 300 leads from Assign Rep', () => {
			expect(run.first.map((reply) => reply.lead)).toEqual(emails('workflow', 1, 300));
			expect(run.first.filter((reply) => reply.rep === null)).toEqual([]);
		});

		// n8n 2.41 gives every queued execution an empty copy of the workflow's static data.
		it('does not spread the leads evenly: every execution starts a fresh rotation', () => {
			expect(leadsPerRep(run.first)).not.toEqual({ 'rep-1': 100, 'rep-2': 100, 'rep-3': 100 });
		});

		it('fires the SQL crossing again for a lead posted twice, and assigns it again', () => {
			expect(run.postedAgain.filter((reply) => reply.routerOutput === 'SQL')).toHaveLength(30);
			expect(run.postedAgain.filter((reply) => reply.rep !== null)).toHaveLength(30);
		});
	});

	const describeRedis = stores.includes('redis') ? describe : describe.skip;

	describeRedis('with the Redis store', () => {
		let run: Run;

		beforeAll(async () => {
			run = await runLeads('redis');
		}, SETUP_TIMEOUT_MS);

		it('fires the SQL crossing of each of the 300 leads, each into Assign Rep', () => {
			expect(run.first.map((reply) => reply.lead)).toEqual(emails('redis', 1, 300));
			for (const reply of run.first) {
				expect(reply.routerOutput).toBe('SQL');
				expect(reply.crossing).toEqual({ from: null, to: 'SQL', direction: 'up' });
			}
		});

		it('gives each of the three reps exactly 100 of the 300 leads', () => {
			expect(leadsPerRep(run.first)).toEqual({ 'rep-1': 100, 'rep-2': 100, 'rep-3': 100 });
		});

		it('sends 30 leads posted a second time to No Change, without a second rep', () => {
			for (const reply of run.postedAgain) {
				expect(reply.routerOutput).toBe('No Change');
				expect(reply.crossing).toEqual({ from: 'SQL', to: 'SQL', direction: 'none' });
				expect(reply.rep).toBeNull();
			}
		});

		it('continues the rotation after a restart of both workers and Redis: 10 leads each', () => {
			const lastRep = String(run.lastBeforeRestart.rep);
			expect(run.afterRestart.map((reply) => reply.rep)).toEqual(rotationAfter(lastRep, 30));
			expect(leadsPerRep(run.afterRestart)).toEqual({ 'rep-1': 10, 'rep-2': 10, 'rep-3': 10 });
		});

		it("keeps its state in the credential's database and key prefix, not n8n's", async () => {
			const { database, keyPrefix } = REDIS_STATE;
			expect((await redisKeys(database, keyPrefix)).length).toBeGreaterThan(0);
			expect(await redisKeys(0, keyPrefix)).toEqual([]);
		});
	});
});
