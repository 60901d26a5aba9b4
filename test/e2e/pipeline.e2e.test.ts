// The pipeline in a real n8n 2.41.1, with the pack installed as a community package the way n8n
// installs one. test/e2e/run.sh prepares n8n, the user folder and the environment; this file
// imports the workflows and runs them with n8n's command line, which needs Node 24 while jest runs
// on the machine's Node.
//
// The test variant is the template with a Manual Trigger and eight sample leads in place of the
// form, and Edit Fields stand-ins in place of HubSpot and email, so nothing leaves the machine.
// Its Score Lead scores as of 2026-03-31, so the numbers below hold on any day.

import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import {
	NodeHelpers,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeTypeDescription,
	type IRun,
} from 'n8n-workflow';

import { execute, n8n, N8N_HOOK_TIMEOUT_MS, outputs, readWorkflow, type WorkflowFile } from './n8n';

const VARIANT_FILE = path.join(__dirname, 'pipeline.test-variant.json');
const TEMPLATE_FILE = path.join(__dirname, '..', '..', 'templates', 'lead-scoring-pipeline.json');

const ROUTER_OUTPUTS = ['Nurture', 'MQL', 'SQL', 'Unscored', 'Disqualified'];
const EMPTY_LEAD = '(lead with no fields)';

function leadName(item: INodeExecutionData): string {
	return typeof item.json.name === 'string' ? item.json.name : EMPTY_LEAD;
}

function namesByRouterOutput(run: IRun): Record<string, string[]> {
	const routed = outputs(run, 'Threshold Router');
	return Object.fromEntries(
		ROUTER_OUTPUTS.map((output, index) => [output, (routed[index] ?? []).map(leadName)]),
	);
}

function scoredLead(run: IRun, name: string): IDataObject {
	const item = outputs(run, 'Score Lead')[0].find((scored) => leadName(scored) === name);
	if (item === undefined) throw new Error(`Score Lead has no item for ${name}`);
	return item.json.leadScore as IDataObject;
}

function node(workflow: WorkflowFile, name: string): INode {
	const found = workflow.nodes.find((candidate) => candidate.name === name);
	if (found === undefined) throw new Error(`The workflow "${workflow.name}" has no node "${name}"`);
	return found;
}

describe('the pipeline test variant, executed twice in n8n', () => {
	let firstRun: IRun;
	let secondRun: IRun;

	beforeAll(async () => {
		const { id } = readWorkflow(VARIANT_FILE);
		await n8n('import:workflow', `--input=${VARIANT_FILE}`);
		firstRun = await execute(id);
		secondRun = await execute(id);
	}, N8N_HOOK_TIMEOUT_MS);

	it('finishes both executions without an error', () => {
		for (const run of [firstRun, secondRun]) {
			expect(run.data.resultData.error).toBeUndefined();
			expect(run.status).toBe('success');
		}
	});

	it('sends each lead to the output of its band, and disqualified leads to Disqualified', () => {
		const expected = {
			Nurture: ['Sam Lee', EMPTY_LEAD],
			MQL: ['Lena Fischer', 'Chris Novak'],
			SQL: ['Priya Shah', 'Marco Rossi'],
			Unscored: [],
			Disqualified: ['Alex Kim', 'Jordan Blake'],
		};
		expect(namesByRouterOutput(firstRun)).toEqual(expected);
		expect(namesByRouterOutput(secondRun)).toEqual(expected);
	});

	it('scores fit and engagement by the model in the variant', () => {
		const expected: Record<string, { total: number; fit: number; engagement: number }> = {
			// vp 35 + 200+ staff 25 + 1000+ staff 15 + country 15 + phone 10; demo 40 + 2 pricing 20
			'Priya Shah': { total: 160, fit: 100, engagement: 60 },
			// director 25 + 200+ staff 25 + country 15 (empty phone); webinar 15 + demo 40 + pricing 10
			'Marco Rossi': { total: 130, fit: 65, engagement: 65 },
			// head of 25 + 200+ staff 25 + country 15 + phone 10; whitepaper 10 (the demo is after as-of)
			'Lena Fischer': { total: 85, fit: 75, engagement: 10 },
			// director 25 + country 15 + phone 10 ("about 500" staff is unreadable); 3 pricing 30 - 20
			'Chris Novak': { total: 60, fit: 50, engagement: 10 },
			// gmail -15 (phone "N/A" is no answer); webinar 15 + whitepaper 10
			'Sam Lee': { total: 10, fit: -15, engagement: 25 },
			[EMPTY_LEAD]: { total: 0, fit: 0, engagement: 0 },
			// country 15; demo 40
			'Alex Kim': { total: 55, fit: 15, engagement: 40 },
			// vp 35 + 200+ staff 25 + country 15 + phone 10; no activities
			'Jordan Blake': { total: 85, fit: 85, engagement: 0 },
		};
		for (const [name, score] of Object.entries(expected)) {
			const { total, groups } = scoredLead(firstRun, name);
			const { fit, engagement } = groups as IDataObject;
			expect({ name, total, fit, engagement }).toEqual({ name, ...score });
		}
	});

	it('accounts for every lead exactly once across the router outputs', () => {
		for (const run of [firstRun, secondRun]) {
			const leads = outputs(run, 'Split Out Leads')[0];
			const routedIndexes = outputs(run, 'Threshold Router')
				.flat()
				.map((item) => (item.pairedItem as { item: number }).item)
				.sort((a, b) => a - b);
			expect(leads).toHaveLength(8);
			expect(routedIndexes).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		}
	});

	it('ignores activities after the as-of date', () => {
		const leadScore = scoredLead(firstRun, 'Lena Fischer');
		const rules = (leadScore.breakdown as IDataObject[]).map((entry) => entry.rule);
		expect(leadScore.asOf).toBe('2026-03-31T00:00:00.000Z');
		expect(rules).not.toContain('demo-request');
	});

	it('counts an unreadable company size as missing, with a warning in the breakdown', () => {
		const breakdown = scoredLead(firstRun, 'Chris Novak').breakdown as IDataObject[];
		const sizeEntries = breakdown.filter((entry) => entry.field === 'companySize');
		expect(sizeEntries.map((entry) => [entry.rule, entry.points])).toEqual([
			['size-200', 0],
			['size-1000', 0],
		]);
		expect(sizeEntries[0].warning).toContain('"about 500" is not a number');
	});

	it('gives each disqualified lead its reason', () => {
		expect(scoredLead(firstRun, 'Alex Kim')).toMatchObject({
			disqualified: true,
			reasons: ['Student'],
		});
		expect(scoredLead(firstRun, 'Jordan Blake')).toMatchObject({
			disqualified: true,
			reasons: ['Competitor'],
		});
	});

	it('scores a lead with no fields at 0 in the lowest band, without a key', () => {
		expect(scoredLead(firstRun, EMPTY_LEAD)).toMatchObject({
			key: null,
			total: 0,
			band: 'Nurture',
			breakdown: [],
		});
	});

	it('hands SQL leads to reps in turn and continues the rotation in the next execution', () => {
		const assignments = (run: IRun) => {
			const [assigned, unassigned] = outputs(run, 'Assign Rep');
			expect(unassigned).toEqual([]);
			return assigned.map((item) => [leadName(item), (item.json.assignedRep as IDataObject).id]);
		};
		expect(assignments(firstRun)).toEqual([
			['Priya Shah', 'rep-1'],
			['Marco Rossi', 'rep-2'],
		]);
		expect(assignments(secondRun)).toEqual([
			['Priya Shah', 'rep-3'],
			['Marco Rossi', 'rep-1'],
		]);
	});

	it('builds the HubSpot contact with the assigned rep as owner', () => {
		const contacts = outputs(firstRun, 'HubSpot Contact (stand-in)')[0].map((item) => item.json);
		expect(contacts).toEqual([
			{
				email: expect.stringMatching(/^priya\.shah\+run\d+@northwind\.example$/),
				lifeCycleStage: 'salesqualifiedlead',
				contactOwner: '100000001',
			},
			{
				email: expect.stringMatching(/^marco\.rossi\+run\d+@fabrikam\.example$/),
				lifeCycleStage: 'salesqualifiedlead',
				contactOwner: '100000002',
			},
		]);
	});

	it('emails the assigned rep with the score and the breakdown', () => {
		const [toPriyasRep] = outputs(secondRun, 'Email to Rep (stand-in)')[0].map((item) => item.json);
		expect(toPriyasRep.toEmail).toBe('casey.diaz@example.com');
		expect(toPriyasRep.subject).toBe(
			'New SQL lead for you: Priya Shah at Northwind Analytics (160 points)',
		);
		expect(toPriyasRep.text).toContain('Score: 160 (fit 100, engagement 60)');
		expect(toPriyasRep.text).toContain('- demo-request: 40 points\n- pricing-page: 20 points');
		expect(toPriyasRep.text).toContain('Casey Diaz is next in the round robin');
	});

	it('updates MQL and nurture leads in the CRM without a rep', () => {
		const stages = (nodeName: string) =>
			outputs(firstRun, nodeName)[0].map((item) => [item.json.email, item.json.lifeCycleStage]);
		expect(stages('HubSpot MQL Contact (stand-in)')).toEqual([
			['lena.fischer@contoso.example', 'marketingqualifiedlead'],
			['chris.novak@globex.example', 'marketingqualifiedlead'],
		]);
		expect(stages('Nurture List (stand-in)')).toEqual([
			['sam.lee@gmail.com', 'lead'],
			[null, 'lead'],
		]);
	});
});

describe('the pipeline template in n8n', () => {
	const template = readWorkflow(TEMPLATE_FILE);
	let exported: WorkflowFile;
	let knownNodeTypes: INodeTypeDescription[];

	beforeAll(async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'lead-scoring-template-'));
		const workflowFile = path.join(folder, 'workflow.json');
		const nodeTypesFile = path.join(folder, 'nodes.json');
		try {
			await n8n('import:workflow', `--input=${TEMPLATE_FILE}`);
			await n8n('export:workflow', `--id=${template.id}`, `--output=${workflowFile}`);
			// Every node type this n8n has loaded, the pack's included, with its full description.
			await n8n('export:nodes', `--output=${nodeTypesFile}`);
			[exported] = JSON.parse(readFileSync(workflowFile, 'utf8')) as WorkflowFile[];
			knownNodeTypes = JSON.parse(readFileSync(nodeTypesFile, 'utf8')) as INodeTypeDescription[];
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	}, N8N_HOOK_TIMEOUT_MS);

	it('imports and comes back unchanged from an export', () => {
		const essentials = (workflow: WorkflowFile) => ({
			name: workflow.name,
			nodes: workflow.nodes.map(({ id, name, type, typeVersion, parameters, credentials }) => ({
				id,
				name,
				type,
				typeVersion,
				parameters,
				credentials,
			})),
			connections: workflow.connections,
			settings: workflow.settings,
		});
		expect(essentials(exported)).toEqual(essentials(template));
	});

	it('uses only node types and versions that n8n has loaded, with parameters they define', () => {
		const problems: string[] = [];
		for (const workflow of [template, readWorkflow(VARIANT_FILE)]) {
			for (const workflowNode of workflow.nodes) {
				const where = `${workflow.name} > ${workflowNode.name}`;
				const description = knownNodeTypes.find(
					(known) =>
						known.name === workflowNode.type &&
						([] as number[]).concat(known.version).includes(workflowNode.typeVersion),
				);
				if (description === undefined) {
					problems.push(`${where}: ${workflowNode.type} v${workflowNode.typeVersion} is unknown`);
					continue;
				}
				const unknown = unknownParameters(workflowNode, description);
				if (unknown.length > 0) problems.push(`${where}: ${unknown.join(', ')} not recognised`);
			}
		}
		expect(problems).toEqual([]);
	});

	it('is what the test variant runs: the same model, bands, roster and messages', () => {
		const variant = readWorkflow(VARIANT_FILE);
		const { asOf, ...variantScoringOptions } = node(variant, 'Score Lead').parameters
			.options as IDataObject;
		expect(asOf).toBe('2026-03-31T00:00:00.000Z');
		expect({
			...node(variant, 'Score Lead').parameters,
			options: variantScoringOptions,
		}).toEqual(node(template, 'Score Lead').parameters);
		expect(node(variant, 'Threshold Router').parameters).toEqual(
			node(template, 'Threshold Router').parameters,
		);
		expect(node(variant, 'Assign Rep').parameters).toEqual(node(template, 'Assign Rep').parameters);

		const standIn = (name: string) => {
			const { assignments } = node(variant, name).parameters.assignments as IDataObject;
			return Object.fromEntries(
				(assignments as IDataObject[]).map((assignment) => [assignment.name, assignment.value]),
			);
		};
		const emailTheRep = node(template, 'Email the Rep').parameters;
		expect(standIn('Email to Rep (stand-in)')).toEqual({
			fromEmail: emailTheRep.fromEmail,
			toEmail: emailTheRep.toEmail,
			subject: emailTheRep.subject,
			text: emailTheRep.text,
		});
		const owner = node(template, 'SQL: Upsert Contact with Owner').parameters
			.additionalFields as IDataObject;
		expect(standIn('HubSpot Contact (stand-in)')).toMatchObject({
			email: node(template, 'SQL: Upsert Contact with Owner').parameters.email,
			lifeCycleStage: owner.lifeCycleStage,
			contactOwner: owner.contactOwner,
		});
	});
});

// Parameter names n8n would not keep: misspelt, or hidden at this node version and settings.
function unknownParameters(workflowNode: INode, description: INodeTypeDescription): string[] {
	const kept = NodeHelpers.getNodeParameters(
		description.properties,
		workflowNode.parameters,
		true,
		false,
		workflowNode,
		description,
	);
	return missingKeys(workflowNode.parameters, kept ?? {}, '');
}

function missingKeys(given: INodeParameters, kept: INodeParameters, at: string): string[] {
	return Object.entries(given).flatMap(([key, value]) => {
		if (!(key in kept)) return [`${at}${key}`];
		const keptValue = kept[key];
		if (Array.isArray(value)) {
			const keptEntries = keptValue as INodeParameters[];
			return value.flatMap((entry, index) =>
				isParameters(entry)
					? missingKeys(entry, keptEntries[index] ?? {}, `${at}${key}[${index}].`)
					: [],
			);
		}
		return isParameters(value)
			? missingKeys(value, (keptValue as INodeParameters) ?? {}, `${at}${key}.`)
			: [];
	});
}

function isParameters(value: unknown): value is INodeParameters {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
