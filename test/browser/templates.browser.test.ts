// The templates as a user meets them in n8n 2.41.1's editor, in Debian's Chromium: each opens with
// every node drawn and installed, the pack's nodes show their icons, subtitles and outputs, and
// their parameter panels open without a single issue. The only problems a template may show are
// missing credentials, which the user fills in. Nothing is executed, so nothing leaves the
// machine. Run with `bash test/browser/run.sh`; LEAD_SCORING_SCREENSHOTS=<folder> keeps the
// README's pictures.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	canvasNode,
	closePanel,
	dismissOverlays,
	loadedWidth,
	importWorkflows,
	openBrowser,
	openPanel,
	openWorkflow,
	PageProblems,
	panelIssues,
	screenshot,
	setUpOwner,
	startN8n,
	type Editor,
	type RunningN8n,
} from './editor';

const PACK = 'n8n-nodes-lead-scoring';
const SCREENSHOTS = process.env.LEAD_SCORING_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'shots-'));

interface PackNode {
	name: string;
	subtitle: string;
	outputs: string[];
	// The README's picture of this node's panel, taken from the first template that has it.
	screenshot?: string;
}

interface TemplateCase {
	file: string;
	id: string;
	packNodes: PackNode[];
	canvasScreenshot?: string;
}

const bandOutputs = ['Nurture', 'MQL', 'SQL', 'Unscored', 'Disqualified'];
const repOutputs = ['Assigned', 'Unassigned'];

const CASES: TemplateCase[] = [
	{
		file: 'templates/lead-scoring-pipeline.json',
		id: 'LeadScoringTmpl1',
		canvasScreenshot: 'pipeline.png',
		packNodes: [
			{
				name: 'Score Lead',
				subtitle: 'Model JSON',
				outputs: [''],
				screenshot: 'score-lead-panel.png',
			},
			{
				name: 'Threshold Router',
				subtitle: '3 bands',
				outputs: bandOutputs,
				screenshot: 'threshold-router-panel.png',
			},
			{
				name: 'Assign Rep',
				subtitle: 'Round Robin',
				outputs: repOutputs,
				screenshot: 'assign-rep-panel.png',
			},
		],
	},
	{
		file: 'templates/lead-scoring-pipeline-pipedrive-gmail.json',
		id: 'LeadScoringTmpl2',
		packNodes: [
			{ name: 'Score Lead', subtitle: 'Model JSON', outputs: [''] },
			{ name: 'Threshold Router', subtitle: '3 bands', outputs: bandOutputs },
			{ name: 'Assign Rep', subtitle: 'Round Robin', outputs: repOutputs },
		],
	},
	{
		file: 'templates/nightly-rescoring-decay-hubspot.json',
		id: 'LeadScoringTmpl3',
		packNodes: [
			{ name: 'Score Lead', subtitle: 'Model JSON', outputs: [''] },
			{
				name: 'Threshold Router',
				subtitle: '3 bands, crossing mode',
				outputs: [...bandOutputs, 'No Change'],
				screenshot: 'threshold-router-crossing-panel.png',
			},
			{ name: 'Assign Rep', subtitle: 'Round Robin', outputs: repOutputs },
			{ name: 'Confirm Hand-Offs', subtitle: 'Confirm Hand-Offs', outputs: [''] },
		],
	},
	{
		file: 'templates/agency-model-per-client.json',
		id: 'LeadScoringTmpl4',
		packNodes: [
			{ name: 'Score Lead', subtitle: 'Model per item', outputs: [''] },
			{ name: 'Threshold Router', subtitle: '3 bands', outputs: bandOutputs },
			{ name: 'Assign Rep', subtitle: 'Round Robin', outputs: repOutputs },
		],
	},
	{
		file: 'templates/follow-up-sla-reassign.json',
		id: 'LeadScoringTmpl5',
		packNodes: [{ name: 'Assign Rep', subtitle: 'Round Robin', outputs: repOutputs }],
	},
	{
		// Each node as it is when dropped on the canvas, so that its defaults are checked too, and
		// Model Lab, which no template uses (it reads past leads, not a live flow).
		file: 'test/browser/pack-nodes.workflow.json',
		id: 'LeadScoringNodes',
		packNodes: [
			{
				name: 'Score Lead',
				subtitle: 'Model built in node',
				outputs: [''],
				screenshot: 'score-lead-rules-panel.png',
			},
			{ name: 'Threshold Router', subtitle: '3 bands', outputs: bandOutputs },
			{ name: 'Assign Rep', subtitle: 'Round Robin', outputs: repOutputs },
			{
				name: 'Model Lab',
				subtitle: 'Backtest',
				outputs: [''],
				screenshot: 'model-lab-panel.png',
			},
			{ name: 'Learn Points', subtitle: 'Learn Points', outputs: [''] },
			{ name: 'Lead Scoring State', subtitle: 'Inspect', outputs: [''] },
		],
	},
];

interface WorkflowNode {
	name: string;
	type: string;
}

function nodesOf(file: string): WorkflowNode[] {
	return (JSON.parse(readFileSync(file, 'utf8')) as { nodes: WorkflowNode[] }).nodes;
}

interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

function overlap(a: Box, b: Box): boolean {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

// Minutes: starting n8n, then each template's first load of n8n's node list.
jest.setTimeout(180_000);

let server: RunningN8n;
let editor: Editor;
let problems: PageProblems;
let ready = false;

beforeAll(async () => {
	await importWorkflows(CASES.map((entry) => entry.file));
	server = await startN8n();
	editor = await openBrowser();
	problems = new PageProblems(editor.page);
	await setUpOwner(editor.page, server.baseUrl);
	ready = true;
});

// Without n8n or the browser every test would wait out its timeouts; say why, once, at once.
function requireReady(): void {
	if (!ready) throw new Error('n8n or the browser did not start; see the first failure');
}

afterAll(async () => {
	await editor?.close();
	await server?.stop();
});

describe.each(CASES)('$file in the editor', ({ file, id, packNodes, canvasScreenshot }) => {
	beforeAll(async () => {
		requireReady();
		problems.reset();
		await openWorkflow(editor.page, server.baseUrl, id);
		if (canvasScreenshot) await screenshot(editor.page, SCREENSHOTS, canvasScreenshot);
	});

	test('every node is drawn, none is missing or has an issue badge, no error shows', async () => {
		const page = editor.page;
		const expected = nodesOf(file)
			.filter((node) => node.type !== 'n8n-nodes-base.stickyNote')
			.map((node) => node.name)
			.sort();
		const drawn = await page
			.locator('[data-test-id="canvas-node"]')
			.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-node-name')));

		expect(drawn.sort()).toEqual(expected);
		expect(await page.locator('[data-test-id="node-not-installed"]').count()).toBe(0);
		expect(await page.locator('[data-test-id="node-issues"]').count()).toBe(0);
		expect(await problems.collect()).toEqual([]);
	});

	test('the setup note covers no node', async () => {
		const page = editor.page;
		const notes = await page.locator('[data-test-id="sticky"]').all();
		const nodes = await page.locator('[data-test-id="canvas-node"]').all();
		const covered: string[] = [];
		for (const note of notes) {
			const area = await note.boundingBox();
			for (const node of nodes) {
				const box = await node.boundingBox();
				if (area && box && overlap(area, box)) {
					covered.push((await node.getAttribute('data-node-name')) ?? '');
				}
			}
		}
		expect(covered).toEqual([]);
	});

	test.each(packNodes)(
		'$name shows its icon, the subtitle "$subtitle" and its outputs',
		async ({ name, subtitle, outputs }) => {
			const node = canvasNode(editor.page, name);
			const icon = node.locator(`img[src*="/icons/${PACK}/"]`);
			const labels = node.locator('[data-test-id="canvas-node-output-handle"]');

			expect(await loadedWidth(icon)).toBeGreaterThan(0);
			expect((await node.innerText()).split('\n')).toContain(subtitle);
			expect((await labels.allInnerTexts()).map((label) => label.trim())).toEqual(outputs);
		},
	);

	test.each(packNodes)('the panel of $name opens without issues', async (packNode) => {
		const page = editor.page;
		const panel = await openPanel(page, packNode.name);
		if (packNode.screenshot) await screenshot(page, SCREENSHOTS, packNode.screenshot);

		expect(await panelIssues(panel)).toEqual([]);
		expect(await problems.collect()).toEqual([]);
	});

	// A failed check leaves its panel open over the canvas; the next test needs the canvas.
	afterEach(async () => {
		if (ready) await closePanel(editor.page);
	});
});

// The checks above find nothing when all is well; this shows they see an issue where n8n shows
// one. A HubSpot step without its credential cannot load HubSpot's options, and says so.
describe('the issue check itself', () => {
	afterEach(async () => {
		if (ready) await closePanel(editor.page);
	});

	test('finds the missing-credential issue in a HubSpot step of template 1', async () => {
		requireReady();
		const page = editor.page;
		await openWorkflow(page, server.baseUrl, 'LeadScoringTmpl1');
		await dismissOverlays(page);
		const panel = await openPanel(page, 'Nurture: Upsert Contact');
		// The failed request for HubSpot's options comes back a moment after the panel opens.
		await panel.locator('.has-issues').first().waitFor({ timeout: 20_000 });

		const issues = await panelIssues(panel);
		expect(issues.length).toBeGreaterThan(0);
		for (const issue of issues) expect(issue).toMatch(/Error fetching options from HubSpot/);
	});
});
