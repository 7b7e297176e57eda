/**
 * n8n 2.x on Node 24, in Debian's Chromium: a user's first bulk enrichment, checked from what the
 * editor shows. The nodes panel lists Apollo Enrich's actions; Bulk enrich people adds the node;
 * the credential is created from the node and passes its test; examples/bulk-enrich.workflow.json,
 * imported from its file, runs; its output table shows each person, each miss with what it was
 * looked up by, and the run's summary line; Reveal Phone Number asks for a Webhook URL.
 *
 * The steps share one page and build on each other. A failing step leaves a screenshot in
 * .cache/e2e/logs/browser-<step>.png.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { findPerson, startFakeApollo, type FakeApolloServer } from '../fake-apollo';
import { LOG_DIR, seconds } from './setup/run-command';
import { N8N2, NODE24_BIN, ROOT } from './setup/versions';
import { EDITOR_PACKAGE_LOOKUP, openEditorBrowser, type EditorBrowser } from './support/browser';
import { Editor } from './support/editor';
import { ENRICH_NODE, EXAMPLE_TRIGGER, startInstance, stopInstance, type Instance } from './support/workflows';

const ACTION = 'Bulk enrich people';
const CREDENTIAL_NAME = 'Apollo Enrich account';
const EXAMPLE = path.join(ROOT, 'examples', 'bulk-enrich.workflow.json');
const PHONE_NOTICE =
	'Reveal Phone Number needs somewhere for Apollo to deliver the results: add Async Results → Webhook URL (the URL an Apollo Webhook Trigger shows), or set Async Results → Deliver Via to Poll Only';

/** What the node sent for an item, as `lookedUpBy` words it: Apollo's names, in the order sent. */
function sentAs(details: Record<string, unknown>): string {
	return Object.entries(details)
		.filter(([, value]) => value !== undefined && value !== '')
		.map(([key, value]) => `${key}=${String(value)}`)
		.join(', ');
}

function log(message: string): void {
	process.stdout.write(`[e2e browser] ${message}\n`);
}

describe(`n8n ${N8N2.version} in Chromium: a first bulk enrichment in the editor`, () => {
	let instance: Instance;
	let fake: FakeApolloServer;
	let browser: EditorBrowser;
	let editor: Editor;
	const started = Date.now();

	beforeAll(async () => {
		// A passing run leaves no failure screenshot behind from an earlier one.
		for (const file of fs.existsSync(LOG_DIR) ? fs.readdirSync(LOG_DIR) : []) {
			if (/^browser-.*\.png$/.test(file)) fs.rmSync(path.join(LOG_DIR, file));
		}
		fake = await startFakeApollo({ seed: 7 });
		instance = await startInstance(N8N2, NODE24_BIN, 'n8n-2-browser');
		browser = await openEditorBrowser(instance.n8n.baseUrl);
		editor = new Editor(browser.page, instance.n8n.baseUrl);
		log(`n8n and Chromium ready in ${seconds(started)} s`);
	}, 300_000);

	afterAll(async () => {
		await browser?.close();
		await stopInstance(instance);
		await fake?.close();
		log(`whole file: ${seconds(started)} s`);
	});

	/** A step of the walk-through: timed, and photographed when it fails. */
	function step(name: string, slug: string, body: () => Promise<void>): void {
		it(name, async () => {
			const stepStarted = Date.now();
			try {
				await body();
			} catch (error) {
				fs.mkdirSync(LOG_DIR, { recursive: true });
				await browser.page.screenshot({ path: path.join(LOG_DIR, `browser-${slug}.png`) }).catch(() => undefined);
				throw error;
			}
			log(`${slug}: ${seconds(stepStarted)} s`);
		}, 120_000);
	}

	step('lists Apollo Enrich’s six actions in the nodes panel', 'nodes-panel', async () => {
		await editor.newWorkflow();
		const panel = await editor.searchNodes('Apollo');
		await editor.panelItem(panel, 'Apollo Webhook Trigger').waitFor();
		expect(await panel.getByTestId('node-creator-item-name').allInnerTexts()).toEqual(['Apollo Enrich', 'Apollo Webhook Trigger']);

		await editor.panelItem(panel, ENRICH_NODE).click();
		await panel.getByText('Actions (6)').waitFor();
		// innerText is what the user reads: the group headings are upper-cased by CSS.
		expect(await editor.text(panel)).toContain(
			'ORGANIZATION ACTIONS Bulk enrich organizations Enrich an organization ' +
				'PERSON ACTIONS Bulk enrich people Enrich a person Get a webhook result Search people',
		);
	});

	step('adds Bulk Enrich from its action, without a Custom API Call', 'add-action', async () => {
		await editor.panelItem(editor.page.getByTestId('node-creator'), ACTION).click();
		const ndv = await editor.ndv();
		expect(await editor.text(ndv.getByTestId('node-title-container'))).toBe(ACTION);
		expect(await editor.options(ndv, 'resource')).toEqual({ value: 'Person', offered: ['Organization', 'Person'] });
		expect(await editor.options(ndv, 'operation')).toEqual({
			value: 'Bulk Enrich',
			offered: ['Bulk Enrich', 'Enrich', 'Get Webhook Result', 'Search'],
		});
		expect(await ndv.getByRole('link', { name: /Docs/ }).getAttribute('href')).toBe(
			'https://github.com/n8n-nodes-apollo-enrich/n8n-nodes-apollo-enrich#your-first-bulk-enrichment-in-the-editor',
		);
		await editor.closeNode();
		// n8n adds a Manual Trigger in front of the first action of an empty workflow.
		expect(await editor.page.getByTestId('canvas-node').allInnerTexts()).toEqual([`${EXAMPLE_TRIGGER}\nExecute workflow`, `${ACTION}\nBulk Enrich: Person`]);
	});

	step('creates the credential from the node, and its test passes', 'credential', async () => {
		const ndv = await editor.openNode(ACTION);
		await ndv.getByText('Connect to Apollo Enrich').click();
		const modal = editor.page.getByTestId('editCredential-modal');
		await modal.getByTestId('parameter-input-apiKey').locator('input').fill(fake.apiKey);
		await modal.getByTestId('parameter-input-baseUrl').locator('input').fill(fake.url);
		fake.clearLog();
		await modal.getByTestId('credential-save-button').click();
		// n8n closes a new credential's dialog once its test passed (a failed test keeps it open).
		await modal.waitFor({ state: 'hidden' });
		expect(await editor.inputValue(ndv.getByTestId('node-credentials-select'), CREDENTIAL_NAME)).toBe(CREDENTIAL_NAME);

		// Opened again, the dialog tests it again and says so.
		await ndv.getByTestId('credential-edit-button').click();
		const success = modal.getByTestId('credentials-config-container-test-success');
		await success.waitFor();
		expect(await editor.text(success)).toMatch(/^Connection tested successfully\b/);
		expect(fake.requestLog.map((entry) => [entry.route, entry.apiKeyValid, entry.status])).toEqual([
			['auth_health', true, 200],
			['auth_health', true, 200],
		]);
		await modal.getByRole('button', { name: 'Close this dialog' }).click();
		await modal.waitFor({ state: 'hidden' });
		await editor.closeNode();
	});

	step('imports the bulk example from its file and runs it from the editor', 'run-example', async () => {
		await editor.newWorkflow();
		await editor.importWorkflowFile(EXAMPLE);
		await editor.canvasNode(ENRICH_NODE).waitFor();
		fake.clearLog();
		await editor.executeWorkflow(ENRICH_NODE);
		// The example names its credential "Apollo Enrich account"; n8n picks ours by that name.
		const calls = fake.requestLog.filter((entry) => entry.route === 'bulk_match');
		expect(calls.map((call) => [call.status, call.apiKeyValid, call.detailsCount])).toEqual([
			[200, true, 10],
			[200, true, 2],
		]);
	});

	step('shows each person, each miss and the run’s summary in the output table', 'output-table', async () => {
		const ndv = await editor.openNode(ENRICH_NODE);
		expect(await editor.inputValue(ndv.getByTestId('node-credentials-select'), CREDENTIAL_NAME)).toBe(CREDENTIAL_NAME);
		const table = await editor.showOutputTable(12);
		const output = editor.outputPanel();
		expect(await editor.text(output.getByTestId('node-hint'))).toBe('12 items: 10 matched, 2 no match · 2 Apollo calls · 10 credits');
		expect(await editor.text(output.getByTestId('ndv-items-count'))).toBe('12 items');

		const rows = await editor.readTable(table);
		expect(Object.keys(rows[0]).slice(0, 3)).toEqual(['matched', 'lookedUpBy', 'name']);
		const sent = fake.requestLog
			.filter((entry) => entry.route === 'bulk_match')
			.flatMap((call) => (call.body as { details: Array<Record<string, unknown>> }).details);
		const expected = sent.map((details) => {
			const person = findPerson(fake.directory, details);
			return { matched: String(person !== undefined), lookedUpBy: sentAs(details), name: person?.name ?? 'null', email: person?.email ?? 'null' };
		});
		expect(rows.map(({ matched, lookedUpBy, name, email }) => ({ matched, lookedUpBy, name, email }))).toEqual(expected);
		const misses = rows.filter((row) => row.matched === 'false');
		expect(misses.map((row) => [row.lookedUpBy, row.noMatchReason, row.credits])).toEqual([
			['email=nobody.here@acme-robotics.example', 'no_person_returned', '0'],
			['domain=cobaltpixel.example, first_name=Unknown, last_name=Person', 'no_person_returned', '0'],
		]);

		// The issue saw rows ~410 px tall, two people per screen; printed, with a loose bound.
		const heights = await editor.rowHeights(table);
		const sorted = [...heights].sort((a, b) => a - b);
		log(`output table rows (px): ${heights.join(', ')}; min ${sorted[0]}, median ${sorted[Math.floor(sorted.length / 2)]}, max ${sorted[sorted.length - 1]}`);
		expect(Math.max(...heights)).toBeLessThan(200);
	});

	step('asks for a Webhook URL when Reveal Phone Number is switched on', 'phone-notice', async () => {
		const ndv = await editor.ndv();
		const notice = ndv.getByText(PHONE_NOTICE, { exact: true });
		expect(await notice.count()).toBe(0);
		await ndv.getByTestId('parameter-input-revealPhoneNumber').click();
		await notice.waitFor();

		// An empty Webhook URL still needs filling; a URL answers the notice.
		await editor.addCollectionOption(ndv, 'asyncResults', 'Webhook URL');
		const webhookUrl = editor.collection(ndv, 'asyncResults').getByTestId('parameter-input-webhookUrl').locator('input');
		await webhookUrl.waitFor();
		expect(await notice.isVisible()).toBe(true);
		await webhookUrl.fill('https://n8n.example.com/webhook/4f0c/apollo/a-long-random-secret');
		await notice.waitFor({ state: 'detached' });

		// Without it, the notice is back; Deliver Via → Poll Only answers it too.
		await editor.collection(ndv, 'asyncResults').getByTestId('parameter-item').filter({ has: editor.page.locator('label[for="webhookUrl"]') }).getByTitle('Delete').click();
		await notice.waitFor();
		await editor.addCollectionOption(ndv, 'asyncResults', 'Deliver Via');
		await editor.choose(ndv, 'delivery', 'Poll Only');
		await notice.waitFor({ state: 'detached' });
		await editor.closeNode();
	});

	it('made no request outside 127.0.0.1 but n8n’s own npm lookup of the package', () => {
		expect(browser.unexpectedRequests()).toEqual([]);
		log(`the browser refused ${browser.blocked.length} request(s) to ${EDITOR_PACKAGE_LOOKUP} (the nodes panel's package details)`);
		expect(instance.n8n.egressAttempts()).toEqual([]);
	});
});
