/**
 * `npm run screenshots`: the pictures of the nodes in the n8n editor that the README and docs/
 * show, taken from a real n8n with the packed package installed, in Debian's Chromium (headless),
 * into docs/images/.
 *
 * It reuses the e2e suite (test/e2e): the same pinned n8n 2.x on Node 24 in .cache/e2e (installed
 * there by `npm run test:e2e`, or here if it is missing), the package installed from its `npm pack`
 * tarball as n8n installs community packages, a temporary user folder, loopback only, and the
 * no-egress guard in n8n, in this process (the fake Apollo) and in the browser (which may only
 * load pages from 127.0.0.1). The Apollo credential points at the fake Apollo on 127.0.0.1.
 *
 * Needs `apt-get install chromium` (/usr/bin/chromium, or SCREENSHOTS_CHROMIUM=path). Not part of
 * `npm test`: it needs the multi-GB n8n install. Once n8n is installed it takes 2 to 3 minutes on
 * 2 cores: about 35 s until n8n is ready, the rest in the editor.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, selectors, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { startFakeApollo, type FakeApolloServer } from '../fake-apollo';
import { installAll } from '../e2e/setup/install';
import { cleanEnv, run, seconds } from '../e2e/setup/run-command';
import { CACHE_DIR, N8N2, n8nBin, NODE24_BIN, ROOT, sqliteBinding } from '../e2e/setup/versions';
import { N8nApi, OWNER, type WorkflowJson } from '../e2e/support/n8n-api';
import { N8nProcess } from '../e2e/support/n8n-process';
import { CREDENTIAL_TYPE, ENRICH_NODE, TRIGGER_NODE } from '../e2e/support/workflows';

// This process runs the fake Apollo and talks to n8n: it may connect to the loopback only.
require('../e2e/support/no-egress.cjs');

const OUT_DIR = path.join(ROOT, 'docs', 'images');
const PACK_DIR = path.join(CACHE_DIR, 'screenshots', 'pack');
const CHROMIUM = process.env.SCREENSHOTS_CHROMIUM ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1440, height: 900 };
const CREDENTIAL_NAME = 'Apollo Enrich account';

/** Chromium must not reach out on its own (updates, sync, field trials): this network is closed. */
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Toasts come and go with timing; a text cursor blinks. Neither belongs in a picture. */
const STILL_CSS = '.el-notification { display: none !important; } * { caret-color: transparent !important; }';

interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

interface Shot {
	file: string;
	shows: string;
}

function log(message: string): void {
	process.stdout.write(`[screenshots] ${message}\n`);
}

/** The e2e suite's n8n 2.x install, made once by `npm run test:e2e`; installed here if missing. */
async function ensureN8n(): Promise<void> {
	const installed = [NODE24_BIN, n8nBin(N8N2), sqliteBinding(N8N2)].every((file) => fs.existsSync(file));
	if (installed) return;
	log('n8n is not installed in .cache/e2e yet: installing it as the e2e suite does (minutes, GBs)');
	await installAll();
}

/** `npm pack` of the built package, into a folder of its own so a running e2e suite is not disturbed. */
async function packPackage(): Promise<string> {
	if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes', 'ApolloEnrich', 'ApolloEnrich.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` first (npm run screenshots does).');
	}
	fs.rmSync(PACK_DIR, { recursive: true, force: true });
	fs.mkdirSync(PACK_DIR, { recursive: true });
	const output = await run('npm', ['pack', '--pack-destination', PACK_DIR, '--silent'], { cwd: ROOT, env: cleanEnv(), log: 'screenshots-npm-pack.log' });
	const file = output.trim().split('\n').pop() ?? '';
	if (!file.endsWith('.tgz')) throw new Error(`npm pack printed no tarball name:\n${output}`);
	return path.join(PACK_DIR, path.basename(file));
}

/** Every workflow in examples/, as a user imports it, with its credential pointing at ours. */
function exampleWorkflows(credential: { id: string; name: string }): Map<string, WorkflowJson> {
	const workflows = new Map<string, WorkflowJson>();
	const dir = path.join(ROOT, 'examples');
	for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.workflow.json')).sort()) {
		const workflow = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as WorkflowJson;
		for (const node of workflow.nodes) {
			const credentials = node.credentials as Record<string, unknown> | undefined;
			if (credentials?.[CREDENTIAL_TYPE]) credentials[CREDENTIAL_TYPE] = credential;
		}
		workflows.set(file, workflow);
	}
	return workflows;
}

async function box(locator: Locator): Promise<Box> {
	const found = await locator.boundingBox();
	if (!found) throw new Error(`Not visible: ${locator.toString()}`);
	return found;
}

/**
 * A node's details view from its top-left corner to just past its last parameter (`last`): the
 * input and parameter panels, without the empty output panel.
 */
function ndvClip(ndv: Box, last: Box): Box {
	// A few pixels in from the left: the canvas's floating input-node buttons overlap that edge.
	const x = Math.floor(ndv.x) + 3;
	const y = Math.floor(ndv.y);
	const right = Math.ceil(last.x + last.width + 16);
	const bottom = Math.min(Math.ceil(last.y + last.height + 24), Math.floor(ndv.y + ndv.height));
	return { x, y, width: right - x, height: bottom - y };
}

class Editor {
	readonly shots: Shot[] = [];
	private lastShotAt = Date.now();

	constructor(
		readonly page: Page,
		private readonly baseUrl: string,
	) {}

	async goto(urlPath: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}${urlPath}`, { waitUntil: 'networkidle' });
		await this.page.addStyleTag({ content: STILL_CSS });
	}

	/** Opens a workflow on the canvas, taking the edit lock if an earlier page still holds it. */
	async openWorkflow(id: string): Promise<void> {
		await this.goto(`/workflow/${id}`);
		await this.page.getByTestId('canvas-node').first().waitFor();
		const editHere = this.page.getByRole('button', { name: 'Edit here' });
		if (await editHere.isVisible()) await editHere.click();
	}

	/** Double-clicks a node on the canvas and waits for its details view (NDV). */
	async openNode(name: string): Promise<Locator> {
		await this.page.getByTestId('canvas-node').filter({ hasText: name }).first().dblclick();
		const ndv = this.page.getByTestId('ndv');
		await ndv.getByTestId('node-parameters').waitFor();
		return ndv;
	}

	async closeNode(): Promise<void> {
		await this.page.getByTestId('ndv-close-button').click();
		await this.page.getByTestId('ndv').waitFor({ state: 'hidden' });
	}

	/**
	 * Parks the pointer where hovering highlights nothing: on the node view's title bar, or else
	 * on empty canvas (or a dialog's backdrop) above the Execute workflow button.
	 */
	async restMouse(): Promise<void> {
		const title = this.page.getByTestId('node-title-container');
		if (await title.isVisible()) {
			const at = await box(title);
			await this.page.mouse.move(at.x + at.width + 40, at.y + at.height / 2);
		} else {
			await this.page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height - 160);
		}
	}

	async settle(): Promise<void> {
		await this.page.waitForLoadState('networkidle');
		// Panels animate open; fonts and icons arrive after the DOM.
		await this.page.waitForTimeout(800);
	}

	async shoot(file: string, shows: string, clip?: Box): Promise<void> {
		await this.restMouse();
		await this.settle();
		const target = path.join(OUT_DIR, file);
		await this.page.screenshot({ path: target, clip, animations: 'disabled' });
		this.shots.push({ file, shows });
		log(`${file} (${seconds(this.lastShotAt)} s): ${Math.round(fs.statSync(target).size / 1024)} KB, ${shows}`);
		this.lastShotAt = Date.now();
	}
}

/** The example on the canvas after a run, and the node picker searched for "Apollo". */
async function canvasAndPicker(editor: Editor, workflowId: string): Promise<void> {
	const { page } = editor;
	await editor.openWorkflow(workflowId);
	await page.getByTestId('execute-workflow-button').click();
	await page.getByTestId('canvas-node').filter({ hasText: ENRICH_NODE }).getByTestId('canvas-node-status-success').waitFor({ timeout: 60_000 });
	// Two nodes fit the window many times over: zoom in a step so they read well in the README.
	await page.getByTestId('zoom-in-button').click();
	await editor.shoot('canvas-bulk-enrich.png', 'examples/bulk-enrich.workflow.json on the canvas after a run: 12 items in, 12 out');

	await page.getByTestId('node-creator-plus-button').click();
	const creator = page.getByTestId('node-creator');
	await creator.getByTestId('node-creator-search-bar').waitFor();
	await page.keyboard.type('Apollo', { delay: 30 });
	const items = creator.getByTestId('node-creator-item-name');
	await items.filter({ hasText: TRIGGER_NODE }).waitFor();
	const panel = await box(creator);
	const lastItem = await box(creator.getByTestId('item-iterator-item').last());
	// The picker and, to its left, the workflow it adds to.
	const clip = { x: panel.x - 560, y: 0, width: panel.width + 560, height: lastItem.y + lastItem.height + 260 };
	await editor.shoot('node-picker.png', 'the nodes panel searched for "Apollo": both nodes with their descriptions', clip);
	await page.keyboard.press('Escape');
	await creator.waitFor({ state: 'hidden' });
}

/**
 * Apollo Enrich opened, Simplify added, Execute step: input, parameters, output as JSON.
 * Last of the node views: dragging the panels is remembered for the next ones.
 */
async function enrichOutput(editor: Editor, workflowId: string): Promise<void> {
	const { page } = editor;
	await editor.openWorkflow(workflowId);
	const ndv = await editor.openNode(ENRICH_NODE);
	// The second "Add …" of the node is Options (the first is Additional Identifiers).
	await ndv.getByTestId('collection-parameter-add').last().click();
	await page.getByTestId('collection-parameter-option').filter({ hasText: /^Simplify$/ }).click();
	const simplify = ndv.getByTestId('parameter-input-simplify');
	await simplify.click();
	await ndv.getByTestId('node-execute-button').click();
	const output = page.getByTestId('output-panel');
	await output.getByTestId('radio-button-json').click();
	// A key only Simplify outputs: the data shown is this run's, not the canvas run's.
	await output.getByText('companyEmployeeCount').first().waitFor({ timeout: 60_000 });
	// Drag the parameters panel to the left, as a user does, to give the output room.
	const handle = await box(ndv.getByTestId('panel-drag-button'));
	await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
	await page.mouse.down();
	await page.mouse.move(handle.x + handle.width / 2 - 180, handle.y + handle.height / 2, { steps: 10 });
	await page.mouse.up();
	await simplify.scrollIntoViewIfNeeded();
	await editor.shoot('enrich-output.png', 'Apollo Enrich after Execute step with Simplify: input, parameters and the output as JSON');
	await editor.closeNode();
}

/** The waterfall example's Apollo Enrich: Person → Bulk Enrich, identifiers and Options, whole. */
async function enrichParameters(editor: Editor, workflowId: string): Promise<void> {
	const { page } = editor;
	// A taller window, so the whole parameter list fits without scrolling.
	await page.setViewportSize({ width: VIEWPORT.width, height: 1400 });
	await editor.openWorkflow(workflowId);
	const ndv = await editor.openNode(ENRICH_NODE);
	const clip = ndvClip(await box(ndv), await box(ndv.getByTestId('collection-parameter-add').last()));
	await editor.shoot('enrich-parameters.png', 'Apollo Enrich, Person → Bulk Enrich (waterfall example): mapped identifiers, Options expanded', clip);
	await editor.closeNode();
	await page.setViewportSize(VIEWPORT);
}

/** The trigger's details: the Production URL n8n registers, the secret (masked) and the output. */
async function triggerPanel(editor: Editor, workflowId: string): Promise<void> {
	await editor.openWorkflow(workflowId);
	const ndv = await editor.openNode(TRIGGER_NODE);
	const webhookUrls = ndv.getByText('Webhook URLs', { exact: true });
	if ((await ndv.getByTestId('radio-button-production').count()) === 0) await webhookUrls.click();
	await ndv.getByTestId('radio-button-production').click();
	const clip = ndvClip(await box(ndv), await box(ndv.getByTestId('collection-parameter-add').last()));
	await editor.shoot('webhook-trigger.png', 'Apollo Webhook Trigger: the Production URL, ending with the secret, and verification by secret (masked)', clip);
	await editor.closeNode();
}

/** The credential as a user sees it after saving: key masked, base URL, test passed. */
async function credentialDialog(editor: Editor, apiKey: string): Promise<void> {
	const { page } = editor;
	await editor.goto('/home/credentials');
	await page.getByTestId('resources-list-item').filter({ hasText: CREDENTIAL_NAME }).first().click();
	const modal = page.getByTestId('editCredential-modal');
	const keyInput = modal.getByTestId('parameter-input-apiKey').locator('input');
	await keyInput.waitFor();
	// Typing the key again and saving runs the credential's test, as it does for a new credential.
	await keyInput.fill(apiKey);
	await modal.getByTestId('credential-save-button').click();
	await modal.getByTestId('credentials-config-container-test-success').waitFor({ timeout: 30_000 });
	await editor.shoot('credential.png', 'the Apollo Enrich API credential: API key masked, Base URL (the local fake here), test passed', await box(modal));
}

async function takeScreenshots(baseUrl: string, fake: FakeApolloServer, workflowIds: Map<string, string>): Promise<{ shots: Shot[]; blocked: string[] }> {
	selectors.setTestIdAttribute('data-test-id');
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenshots-chromium-'));
	const blocked: string[] = [];
	let context: BrowserContext | undefined;
	try {
		context = await chromium.launchPersistentContext(userDataDir, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: VIEWPORT,
			deviceScaleFactor: 1,
			locale: 'en-US',
			timezoneId: 'UTC',
			colorScheme: 'light',
		});
		// The editor may load from n8n only; anything else is refused and reported.
		await context.route('**/*', async (route) => {
			const url = new URL(route.request().url());
			if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return await route.continue();
			blocked.push(route.request().url());
			return await route.abort('blockedbyclient');
		});
		const login = await context.request.post(`${baseUrl}/rest/login`, {
			data: { email: OWNER.email, emailOrLdapLoginId: OWNER.email, password: OWNER.password },
		});
		if (!login.ok()) throw new Error(`Browser login failed: ${login.status()} ${await login.text()}`);

		const page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(30_000);
		const editor = new Editor(page, baseUrl);
		const id = (file: string): string => {
			const found = workflowIds.get(file);
			if (!found) throw new Error(`examples/${file} was not imported`);
			return found;
		};
		await canvasAndPicker(editor, id('bulk-enrich.workflow.json'));
		await enrichParameters(editor, id('waterfall-wait-for-results.workflow.json'));
		await triggerPanel(editor, id('reveal-phone-pair.trigger.workflow.json'));
		await enrichOutput(editor, id('bulk-enrich.workflow.json'));
		await credentialDialog(editor, fake.apiKey);
		return { shots: editor.shots, blocked };
	} finally {
		await context?.close();
		fs.rmSync(userDataDir, { recursive: true, force: true });
	}
}

async function main(): Promise<void> {
	const started = Date.now();
	if (!fs.existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (or set SCREENSHOTS_CHROMIUM)`);
	await ensureN8n();
	const tarball = await packPackage();
	log(`packed ${path.relative(ROOT, tarball)}`);

	// Apollo's answers are fixed by the seed, so the pictures do not change from run to run.
	const fake = await startFakeApollo({ seed: 7 });
	const n8n = new N8nProcess({ target: N8N2, nodeBin: NODE24_BIN, tarball, name: 'n8n-2-screenshots' });
	let api: N8nApi | undefined;
	try {
		await n8n.setUp();
		api = new N8nApi(n8n.baseUrl);
		await api.setUpOwner();
		const settings = await api.settings();
		log(`n8n ${settings.versionCli} on Node ${settings.nodeJsVersion} at ${n8n.baseUrl} (${seconds(started)} s)`);

		const data = { apiKey: fake.apiKey, baseUrl: fake.url };
		const credential = await api.createCredential(CREDENTIAL_NAME, CREDENTIAL_TYPE, data);
		const tested = await api.testCredential(credential, CREDENTIAL_TYPE, data);
		if (tested.status !== 'OK') throw new Error(`The credential test failed: ${tested.message}`);
		const workflowIds = new Map<string, string>();
		for (const [file, workflow] of exampleWorkflows(credential)) workflowIds.set(file, (await api.createWorkflow(workflow)).id);
		log(`imported ${[...workflowIds.keys()].join(', ')}`);

		fs.mkdirSync(OUT_DIR, { recursive: true });
		const { shots, blocked } = await takeScreenshots(n8n.baseUrl, fake, workflowIds);
		const egress = n8n.egressAttempts();
		if (blocked.length > 0 || egress.length > 0) {
			throw new Error(`Something tried to leave 127.0.0.1:\n${[...blocked, ...egress].join('\n')}`);
		}
		log(`${shots.length} screenshots in ${path.relative(ROOT, OUT_DIR)}/ in ${seconds(started)} s; nothing tried to leave 127.0.0.1`);
	} finally {
		await api?.close();
		await n8n.dispose();
		await fake.close();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exit(1);
});
