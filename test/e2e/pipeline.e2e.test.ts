// The pipeline in a real n8n 2.41.1, with the pack installed as a community package the way n8n
// installs one. test/e2e/run.sh prepares n8n, the user folder and the environment; this file
// imports the workflows and runs them with n8n's command line, which needs Node 24 while jest runs
// on the machine's Node.
//
// The test variant is the template with a Manual Trigger and eight sample leads in place of the
// form, and Edit Fields stand-ins in place of HubSpot and email, so nothing leaves the machine.
// Its Score Lead scores as of 2026-03-31, so the numbers below hold on any day.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import {
	NodeHelpers,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodePropertyOptions,
	type INodeTypeDescription,
	type IRun,
} from 'n8n-workflow';

import { checkModel } from '../../lib/model';

import { execute, n8n, N8N_HOOK_TIMEOUT_MS, outputs, readWorkflow, type WorkflowFile } from './n8n';

const VARIANT_FILE = path.join(__dirname, 'pipeline.test-variant.json');
const TEMPLATES_DIR = path.join(__dirname, '..', '..', 'templates');
const TEMPLATE_FILE = path.join(TEMPLATES_DIR, 'lead-scoring-pipeline.json');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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

// Every template in templates/ is imported into this n8n and checked against the node types it has
// loaded; none is executed (their CRM and email steps would leave the machine).
describe('the templates in n8n', () => {
	const templateFiles = readdirSync(TEMPLATES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
	const templates = new Map(
		templateFiles.map((file) => [file, readWorkflow(path.join(TEMPLATES_DIR, file))]),
	);
	const template = readWorkflow(TEMPLATE_FILE);
	let exported: Map<string, WorkflowFile>;
	let knownNodeTypes: INodeTypeDescription[];

	beforeAll(async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'lead-scoring-template-'));
		const workflowsFile = path.join(folder, 'workflows.json');
		const nodeTypesFile = path.join(folder, 'nodes.json');
		try {
			await n8n('import:workflow', '--separate', `--input=${TEMPLATES_DIR}`);
			await n8n('export:workflow', '--all', `--output=${workflowsFile}`);
			// Every node type this n8n has loaded, the pack's included, with its full description.
			await n8n('export:nodes', `--output=${nodeTypesFile}`);
			const all = JSON.parse(readFileSync(workflowsFile, 'utf8')) as WorkflowFile[];
			exported = new Map(all.map((workflow) => [workflow.id, workflow]));
			knownNodeTypes = JSON.parse(readFileSync(nodeTypesFile, 'utf8')) as INodeTypeDescription[];
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	}, N8N_HOOK_TIMEOUT_MS);

	it('has the five templates', () => {
		expect(templateFiles).toHaveLength(5);
		expect(templateFiles).toContain(path.basename(TEMPLATE_FILE));
	});

	it('gives each template its own 16-character id, a name and unique node ids and names', () => {
		const problems: string[] = [];
		const ids = new Set<string>();
		for (const [file, workflow] of templates) {
			if (!/^[A-Za-z0-9]{16}$/.test(workflow.id)) problems.push(`${file}: id "${workflow.id}"`);
			if (ids.has(workflow.id)) problems.push(`${file}: id "${workflow.id}" is taken`);
			ids.add(workflow.id);
			if (!workflow.name) problems.push(`${file}: no name`);
			for (const key of ['id', 'name'] as const) {
				const values = workflow.nodes.map((workflowNode) => workflowNode[key]);
				const repeated = values.filter((value, index) => values.indexOf(value) !== index);
				if (repeated.length > 0) {
					problems.push(`${file}: node ${key}s repeated: ${repeated.join(', ')}`);
				}
			}
			const notUuids = workflow.nodes
				.filter((workflowNode) => !UUID.test(workflowNode.id))
				.map((workflowNode) => workflowNode.name);
			if (notUuids.length > 0) problems.push(`${file}: ids not uuids: ${notUuids.join(', ')}`);
			if (workflow.settings?.executionOrder !== 'v1') {
				problems.push(`${file}: executionOrder is not v1`);
			}
		}
		expect(problems).toEqual([]);
	});

	it('has setup steps, placeholder credentials and connections only between its nodes', () => {
		const problems: string[] = [];
		for (const [file, workflow] of templates) {
			const names = new Set(workflow.nodes.map((workflowNode) => workflowNode.name));
			const sticky = workflow.nodes.find(
				(workflowNode) => workflowNode.type === 'n8n-nodes-base.stickyNote',
			);
			if (!/Before you publish/.test(String(sticky?.parameters.content ?? ''))) {
				problems.push(`${file}: no sticky note with setup steps`);
			}
			for (const workflowNode of workflow.nodes) {
				for (const [type, credential] of Object.entries(workflowNode.credentials ?? {})) {
					if (!/^REPLACE_WITH_/.test(String(credential.id))) {
						problems.push(`${file} > ${workflowNode.name}: ${type} is not a placeholder`);
					}
				}
			}
			for (const [from, byType] of Object.entries(workflow.connections)) {
				if (!names.has(from)) problems.push(`${file}: connection from unknown node ${from}`);
				for (const output of Object.values(byType).flat()) {
					for (const target of output ?? []) {
						if (!names.has(target.node)) problems.push(`${file}: ${from} -> unknown ${target.node}`);
					}
				}
			}
			// Every node but the sticky notes and the trigger has an incoming connection.
			const targets = new Set(
				Object.values(workflow.connections)
					.flatMap((byType) => Object.values(byType).flat())
					.flatMap((output) => output ?? [])
					.map((target) => target.node),
			);
			const unreached = workflow.nodes.filter(
				(workflowNode) =>
					workflowNode.type !== 'n8n-nodes-base.stickyNote' &&
					!/Trigger$|formTrigger$|webhook$/.test(workflowNode.type) &&
					!targets.has(workflowNode.name),
			);
			if (unreached.length > 0) {
				problems.push(`${file}: nothing leads to ${unreached.map((n) => n.name).join(', ')}`);
			}
		}
		expect(problems).toEqual([]);
	});

	it('imports every template and gives it back unchanged from an export', () => {
		const essentials = (workflow: WorkflowFile | undefined) =>
			workflow && {
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
			};
		for (const workflow of templates.values()) {
			expect(essentials(exported.get(workflow.id))).toEqual(essentials(workflow));
		}
	});

	it('uses only node types and versions that n8n has loaded, with parameters they define', () => {
		const problems: string[] = [];
		for (const workflow of [...templates.values(), readWorkflow(VARIANT_FILE)]) {
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
				const invalid = unknownOptionValues(workflowNode, description);
				if (invalid.length > 0) problems.push(`${where}: ${invalid.join(', ')} not an option`);
			}
		}
		expect(problems).toEqual([]);
	});

	it('gives every model in a template a valid model for Score Lead', () => {
		const problems: string[] = [];
		for (const [file, workflow] of templates) {
			for (const workflowNode of workflow.nodes) {
				for (const text of modelTexts(workflowNode)) {
					const found = checkModel(JSON.parse(text)).problems.map(
						(problem) => `${problem.path} ${problem.message}`,
					);
					if (found.length > 0) problems.push(`${file} > ${workflowNode.name}: ${found.join('; ')}`);
				}
			}
		}
		expect(problems).toEqual([]);
	});

	it('routes only new SQLs to Assign Rep in the nightly rescoring, with decay in its model', () => {
		const nightly = templates.get('nightly-rescoring-decay-hubspot.json') as WorkflowFile;
		const router = node(nightly, 'Threshold Router');
		expect(router.parameters).toMatchObject({ mode: 'crossing', leadKeyField: 'leadScore.key' });
		const routed = nightly.connections['Threshold Router'].main.map((output) =>
			(output ?? []).map((target) => target.node),
		);
		expect(routed[2]).toEqual(['Assign Rep']);
		expect(routed.flat().filter((name) => name === 'Assign Rep')).toHaveLength(1);
		// A hand-off whose HubSpot or Gmail step failed is not confirmed, and fires again.
		expect(router.parameters.options).toEqual({ confirmWithinMinutes: 60 });
		expect(nightly.connections['Email the Rep'].main).toEqual([
			[{ node: 'Confirm Hand-Offs', type: 'main', index: 0 }],
		]);
		expect(node(nightly, 'Confirm Hand-Offs').parameters).toEqual({ operation: 'confirm' });
		const model = JSON.parse(String(node(nightly, 'Score Lead').parameters.modelJson)) as {
			rules: IDataObject[];
		};
		expect(model.rules.some((rule) => typeof rule.halfLifeDays === 'number')).toBe(true);
	});

	it('excludes the owner in the follow-up SLA and reads each client model in the agency one', () => {
		const sla = templates.get('follow-up-sla-reassign.json') as WorkflowFile;
		expect(node(sla, 'Assign Rep').parameters.options).toMatchObject({
			excludeField: 'currentOwnerId',
		});
		const agency = templates.get('agency-model-per-client.json') as WorkflowFile;
		expect(node(agency, 'Score Lead').parameters).toMatchObject({
			modelSource: 'field',
			modelField: 'model',
		});
		expect(node(agency, 'Assign Rep').parameters).toMatchObject({
			rosterSource: 'field',
			options: { namespace: '={{ $json.client }}' },
		});
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

// The model JSON texts a node carries: Score Lead's own, or an Edit Fields value named "model".
function modelTexts(workflowNode: INode): string[] {
	const { parameters } = workflowNode;
	if (workflowNode.type.endsWith('.scoreLead') && parameters.modelSource === 'json') {
		return [String(parameters.modelJson)];
	}
	if (workflowNode.type === 'n8n-nodes-base.set') {
		const { assignments = [] } = (parameters.assignments ?? {}) as { assignments?: IDataObject[] };
		return assignments
			.filter((assignment) => assignment.name === 'model')
			.map((assignment) => String(assignment.value));
	}
	return [];
}

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

// Fixed values of the node's top-level options parameters (resource, operation, mode...) that
// are not among the options n8n shows for them at this version and these settings.
function unknownOptionValues(workflowNode: INode, description: INodeTypeDescription): string[] {
	const withDefaults =
		NodeHelpers.getNodeParameters(
			description.properties,
			workflowNode.parameters,
			true,
			false,
			workflowNode,
			description,
		) ?? {};
	return Object.entries(workflowNode.parameters).flatMap(([name, value]) => {
		if (typeof value !== 'string' || value.startsWith('=')) return [];
		const shown = description.properties.filter(
			(property) =>
				property.name === name &&
				property.type === 'options' &&
				(property.options ?? []).length > 0 &&
				NodeHelpers.displayParameter(withDefaults, property, workflowNode, description),
		);
		if (shown.length === 0) return [];
		const allowed = shown.flatMap((property) =>
			(property.options ?? []).map((option) => (option as INodePropertyOptions).value),
		);
		return allowed.includes(value) ? [] : [`${name} "${value}"`];
	});
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
