// A real n8n 2.41.1 and Debian's Chromium for the browser suite. test/browser/run.sh prepares
// the n8n user folder with the pack installed (scripts/n8n-with-pack.sh); this file imports the
// workflows, starts `n8n start` on a free loopback port, and drives the editor with
// playwright-core.
// Chromium is told to resolve no host but 127.0.0.1 and localhost, so the editor's own calls to
// outside services fail before any lookup.

import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { n8n } from '../e2e/n8n';
import { freePort } from '../freePort';

export const CHROMIUM = process.env.LEAD_SCORING_CHROMIUM ?? '/usr/bin/chromium';

// A readable size for the README's pictures, and the size the checks run at.
const VIEWPORT = { width: 1440, height: 900 };

const OWNER = {
	email: 'owner@example.com',
	firstName: 'Lead',
	lastName: 'Scoring',
	password: 'Browser-Test-1',
};

export interface RunningN8n {
	baseUrl: string;
	stop(): Promise<void>;
}

function requiredEnv(name: string): string {
	const value = process.env[name];
	if (!value) {
		throw new Error(`${name} is not set: run this suite with "bash test/browser/run.sh"`);
	}
	return value;
}

// One `n8n import:workflow` for every file (each starts a whole n8n, 3 to 9 s). The files keep
// their ids, so /workflow/<id> is known before the server starts.
export async function importWorkflows(files: string[]): Promise<void> {
	const folder = mkdtempSync(join(tmpdir(), 'lead-scoring-import-'));
	try {
		for (const file of files) copyFileSync(file, join(folder, basename(file)));
		await n8n('import:workflow', '--separate', `--input=${folder}`);
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

export async function startN8n(): Promise<RunningN8n> {
	const node24 = requiredEnv('LEAD_SCORING_NODE24');
	const n8nBin = requiredEnv('LEAD_SCORING_N8N_BIN');
	requiredEnv('N8N_USER_FOLDER');
	// n8n-with-pack.sh picked the task broker's port the same way; it may come out again.
	let port = await freePort();
	while (String(port) === process.env.N8N_RUNNERS_BROKER_PORT) port = await freePort();
	const baseUrl = `http://127.0.0.1:${port}`;

	// Its own process group, so that stopping it also stops the task runner it starts.
	const server: ChildProcess = spawn(node24, [n8nBin, 'start'], {
		env: {
			...process.env,
			// Jest sets NODE_ENV=test, under which n8n refuses to load nodes.
			NODE_ENV: 'production',
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			// Plain http on loopback: a secure cookie would never be sent back.
			N8N_SECURE_COOKIE: 'false',
		},
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const keep = (chunk: Buffer) => {
		output = (output + chunk.toString()).slice(-20_000);
	};
	server.stdout?.on('data', keep);
	server.stderr?.on('data', keep);
	const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
	// A test run that ends abruptly must not leave n8n behind on its port.
	const leftBehind = () => {
		if (server.exitCode === null && server.signalCode === null) {
			process.kill(-(server.pid as number), 'SIGKILL');
		}
	};
	process.once('exit', leftBehind);

	const running: RunningN8n = {
		baseUrl,
		stop: async () => {
			process.off('exit', leftBehind);
			if (server.exitCode !== null || server.signalCode !== null) return;
			process.kill(-(server.pid as number), 'SIGTERM');
			let timer: NodeJS.Timeout | undefined;
			const stopped = await Promise.race([
				exited.then(() => true),
				new Promise<boolean>((resolve) => {
					timer = setTimeout(() => resolve(false), 20_000);
				}),
			]);
			clearTimeout(timer);
			if (!stopped) process.kill(-(server.pid as number), 'SIGKILL');
			server.stdout?.destroy();
			server.stderr?.destroy();
		},
	};

	const deadline = Date.now() + 120_000;
	while (Date.now() < deadline) {
		if (server.exitCode !== null || server.signalCode !== null) {
			throw new Error(`n8n start ended before it was ready:\n${output.slice(-4000)}`);
		}
		try {
			// /healthz answers before n8n's REST routes exist; the editor's first call is the sign.
			const response = await fetch(`${baseUrl}/rest/settings`);
			if (response.ok) return running;
		} catch {
			// Not listening yet.
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	await running.stop();
	const tail = output.slice(-4000);
	throw new Error(`n8n was not ready at ${baseUrl}/rest/settings in 120 s:\n${tail}`);
}

export interface Editor {
	context: BrowserContext;
	page: Page;
	close(): Promise<void>;
}

export async function openBrowser(): Promise<Editor> {
	if (!existsSync(CHROMIUM)) {
		throw new Error(
			`No Chromium at ${CHROMIUM}: apt-get install -y chromium, or set LEAD_SCORING_CHROMIUM`,
		);
	}
	const profile = mkdtempSync(join(tmpdir(), 'lead-scoring-chromium-'));
	// launchPersistentContext, because plain launch() refuses a --user-data-dir; a fresh folder
	// keeps the runs apart.
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: VIEWPORT,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
		],
	});
	const page = context.pages()[0] ?? (await context.newPage());
	return {
		context,
		page,
		close: async () => {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

// The owner account through n8n's REST endpoint; the answer's cookie logs the browser in. n8n
// 2.41 may answer /rest/settings a moment before it has mounted this route (seen in 2 CI runs of
// about 20 on a busy 2-core machine): a 404 is tried again for up to 60 s, anything else fails.
export async function setUpOwner(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/`);
	const deadline = Date.now() + 60_000;
	for (;;) {
		const response = await page.request.post(`${baseUrl}/rest/owner/setup`, { data: OWNER });
		if (response.ok()) return;
		if (response.status() !== 404 || Date.now() > deadline) {
			throw new Error(`Owner setup failed: ${response.status()} ${await response.text()}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

// What went wrong on the page while a workflow was open: uncaught errors and error toasts.
export class PageProblems {
	private readonly errors: string[] = [];

	constructor(private readonly page: Page) {
		page.on('pageerror', (error) => this.errors.push(`page error: ${error.message}`));
	}

	reset(): void {
		this.errors.length = 0;
	}

	async collect(): Promise<string[]> {
		const toasts = await this.page
			.locator('.el-notification:has(.el-notification--error)')
			.allInnerTexts();
		const shown = toasts.map((text) => `error toast: ${text.replace(/\s+/g, ' ')}`);
		return [...this.errors, ...shown];
	}
}

// n8n may greet a new owner with modals (surveys, what's new); close whatever is open.
export async function dismissOverlays(page: Page): Promise<void> {
	for (let round = 0; round < 3; round++) {
		const dialogs = page.locator('.el-overlay:visible .el-dialog, .el-overlay-dialog:visible');
		if ((await dialogs.count()) === 0) return;
		const close = page.locator('.el-overlay:visible .el-dialog__headerbtn').first();
		if (await close.isVisible()) await close.click();
		else await page.keyboard.press('Escape');
		await page.waitForTimeout(300);
	}
}

export async function openWorkflow(page: Page, baseUrl: string, id: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${id}`);
	// The first visit loads n8n's node list (about 18 MB).
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
	await page.waitForLoadState('networkidle');
	await dismissOverlays(page);
}

export function canvasNode(page: Page, name: string): Locator {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
}

export async function openPanel(page: Page, name: string): Promise<Locator> {
	await canvasNode(page, name).dblclick();
	const panel = page.locator('[data-test-id="ndv"]');
	await panel.waitFor();
	await panel.locator('[data-test-id="parameter-item"]').first().waitFor();
	// Options that load from the server (a CRM's lists, say) report their issues a moment later.
	await page.waitForLoadState('networkidle');
	return panel;
}

// Closes the parameter panel if one is open.
export async function closePanel(page: Page): Promise<void> {
	const close = page.locator('[data-test-id="ndv-close-button"]');
	if (!(await close.isVisible())) return;
	await close.click();
	await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
}

// Every parameter the open panel marks as having issues, with what its input shows.
export async function panelIssues(panel: Locator): Promise<string[]> {
	const issues: string[] = [];
	for (const marked of await panel.locator('.has-issues').all()) {
		const input = marked.locator('input, textarea').first();
		const shown =
			(await input.count()) > 0
				? `${(await input.getAttribute('title')) ?? ''} ${await input.inputValue()}`
				: await marked.innerText();
		issues.push(shown.replace(/\s+/g, ' ').trim());
	}
	// An issue icon whose parameter shows no text of its own still counts.
	const icons = await panel.locator('[data-test-id="parameter-issues"]').count();
	if (icons > issues.length) issues.push(`${icons} parameters marked as having issues`);
	return [...new Set(issues)];
}

// The width of an image once the browser is done with it; 0 means it could not be loaded.
export async function loadedWidth(image: Locator): Promise<number> {
	const state = () =>
		image.evaluate((element) => {
			const { complete, naturalWidth } = element as unknown as {
				complete: boolean;
				naturalWidth: number;
			};
			return { complete, naturalWidth };
		});
	const deadline = Date.now() + 10_000;
	let { complete, naturalWidth } = await state();
	while (!complete && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 200));
		({ complete, naturalWidth } = await state());
	}
	return naturalWidth;
}

export async function screenshot(page: Page, folder: string, file: string): Promise<void> {
	mkdirSync(folder, { recursive: true });
	await page.mouse.move(0, VIEWPORT.height - 1);
	await page.screenshot({ path: join(folder, file) });
}
