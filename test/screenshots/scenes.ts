/**
 * The pictures in docs/images/, scene by scene: what is opened and clicked in the editor before
 * each picture, and the part of the window it keeps. The README and docs/ say what each shows.
 */
import type { Locator } from 'playwright-core';

import { VIEWPORT } from '../e2e/support/browser';
import type { Editor } from '../e2e/support/editor';
import { ENRICH_NODE, TRIGGER_NODE } from '../e2e/support/workflows';
import { box, log, ndvClip, type Box, type Camera } from './camera';

/** The workflows the scenes open, by the example file they come from (`list` has no Apollo node). */
export interface SceneWorkflows {
	list: string;
	bulk: string;
	waterfall: string;
	trigger: string;
}

/** Tall enough for Bulk Enrich's whole parameter list without scrolling. */
const TALL = { width: VIEWPORT.width, height: 1800 };

/** The parameters panel from parameter `first` to the end of collection `last`. */
async function parameterRange(editor: Editor, ndv: Locator, first: string, last: string): Promise<Box> {
	const panel = await box(ndv.getByTestId('node-parameters'));
	const top = (await box(ndv.getByTestId('parameter-item').filter({ has: editor.page.locator(`label[for="${first}"]`) }))).y - 12;
	const end = await box(editor.collection(ndv, last));
	return { x: panel.x, y: top, width: panel.width, height: end.y + end.height + 12 - top };
}

/** The example on the canvas after a run. */
export async function canvas(editor: Editor, camera: Camera, workflows: SceneWorkflows): Promise<void> {
	if (!camera.wants('canvas-bulk-enrich.png')) return;
	await editor.openWorkflow(workflows.bulk);
	await editor.executeWorkflow(ENRICH_NODE);
	// Two nodes fit the window many times over: zoom in a step so they read well in the README.
	await editor.page.getByTestId('zoom-in-button').click();
	await camera.shoot('canvas-bulk-enrich.png', 'examples/bulk-enrich.workflow.json on the canvas after a run: 12 items in, 12 out');
}

/** After a list of people: the nodes panel searched for "Apollo", then Apollo Enrich's actions. */
export async function nodesPanel(editor: Editor, camera: Camera, workflows: SceneWorkflows): Promise<void> {
	if (!camera.wants('node-picker.png', 'node-actions.png')) return;
	await editor.openWorkflow(workflows.list);
	const panel = await editor.searchNodes('Apollo');
	const trigger = editor.panelItem(panel, TRIGGER_NODE);
	await trigger.waitFor();
	// The panel and, to its left, the workflow it adds to.
	const besideCanvas = async (last: Parameters<typeof box>[0], below: number) => {
		const at = await box(panel);
		const end = await box(last);
		return { x: at.x - 560, y: 0, width: at.width + 560, height: Math.min(end.y + end.height + below, at.y + at.height) };
	};
	await camera.shoot('node-picker.png', 'the nodes panel searched for "Apollo": both nodes with their descriptions', async () => await besideCanvas(panel.getByTestId('item-iterator-item').last(), 260));

	await editor.panelItem(panel, ENRICH_NODE).click();
	const lastAction = editor.panelItem(panel, 'Search people');
	await lastAction.waitFor();
	await camera.shoot('node-actions.png', 'Apollo Enrich in the nodes panel: its six actions, by resource', async () => await besideCanvas(lastAction, 48));
	await editor.closeNodesPanel();
}

/** Bulk Enrich in the example: mapped identifiers, the reveal switches, Simplify, all groups closed. */
export async function enrichParameters(editor: Editor, camera: Camera, workflows: SceneWorkflows): Promise<void> {
	if (!camera.wants('enrich-parameters.png', 'reveal-phone-notice.png')) return;
	const { page } = editor;
	await page.setViewportSize(TALL);
	await editor.openWorkflow(workflows.bulk);
	const ndv = await editor.openNode(ENRICH_NODE);
	await camera.shoot(
		'enrich-parameters.png',
		'Apollo Enrich, Person → Bulk Enrich (bulk example): identifiers mapped from the input, the four reveal and waterfall switches, Async Results, Simplify on, Options, Throughput and Retries',
		async () => ndvClip(await box(ndv), await box(ndv.getByTestId('collection-parameter-add').last())),
	);

	// Reveal Phone Number on, no Webhook URL yet: the node says what it needs before any run.
	const phone = ndv.getByTestId('parameter-input-revealPhoneNumber');
	await phone.click();
	const notice = ndv.getByText(/^Reveal Phone Number needs somewhere/);
	await notice.waitFor();
	await camera.shoot('reveal-phone-notice.png', 'Reveal Phone Number switched on without a Webhook URL: the notice, before any run', async () =>
		parameterRange(editor, ndv, 'revealPersonalEmails', 'asyncResults'),
	);
	// Back as it was: the workflow is opened again for the output.
	await phone.click();
	await notice.waitFor({ state: 'detached' });
	await editor.closeNode();
	await page.setViewportSize(VIEWPORT);
}

/** The waterfall example: Run Waterfall Email on, Async Results with Wait for Results and the Webhook URL. */
export async function waterfallParameters(editor: Editor, camera: Camera, workflows: SceneWorkflows): Promise<void> {
	if (!camera.wants('waterfall-parameters.png')) return;
	const { page } = editor;
	await page.setViewportSize(TALL);
	await editor.openWorkflow(workflows.waterfall);
	const ndv = await editor.openNode(ENRICH_NODE);
	await camera.shoot(
		'waterfall-parameters.png',
		'Apollo Enrich (waterfall example): Run Waterfall Email on, Async Results with Max Wait, Wait for Results and Webhook URL',
		async () => await parameterRange(editor, ndv, 'revealPersonalEmails', 'asyncResults'),
	);
	await editor.closeNode();
	await page.setViewportSize(VIEWPORT);
}

/** The bulk example run, its output as a table: the summary line and all 12 rows. */
export async function enrichOutput(editor: Editor, camera: Camera, workflows: SceneWorkflows): Promise<void> {
	if (!camera.wants('enrich-output.png')) return;
	const { page } = editor;
	// Wide and tall enough for matched, lookedUpBy, name … email, and every row.
	await page.setViewportSize({ width: 1680, height: 1300 });
	await editor.openWorkflow(workflows.bulk);
	await editor.executeWorkflow(ENRICH_NODE);
	const ndv = await editor.openNode(ENRICH_NODE);
	const table = await editor.showOutputTable(12);
	// Drag the parameters panel to the left, as a user does, to give the output room.
	const handle = await box(ndv.getByTestId('panel-drag-button'));
	await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
	await page.mouse.down();
	await page.mouse.move(handle.x + handle.width / 2 - 600, handle.y + handle.height / 2, { steps: 10 });
	await page.mouse.up();
	await camera.shoot('enrich-output.png', 'the bulk example’s output as a table: the run’s summary line, 10 people matched, 2 misses with what they were looked up by', async () => {
		const output = await box(editor.outputPanel());
		const rows = await box(table);
		return { x: output.x, y: output.y, width: output.width, height: Math.min(rows.y + rows.height + 16, output.y + output.height) - output.y };
	});
	const heights = await editor.rowHeights(table);
	log(`output table rows at ${page.viewportSize()?.width} px: ${heights.join(', ')} px`);
	await editor.closeNode();
	await page.setViewportSize(VIEWPORT);
}

/** The trigger's details: the Production URL n8n registers, the secret (masked) and the options. */
export async function triggerPanel(editor: Editor, camera: Camera, workflows: SceneWorkflows): Promise<void> {
	if (!camera.wants('webhook-trigger.png')) return;
	await editor.openWorkflow(workflows.trigger);
	const ndv = await editor.openNode(TRIGGER_NODE);
	// n8n 2.41 shows Test and Production URLs behind a toggle; a trigger that shows one URL has none.
	const production = ndv.getByTestId('radio-button-production');
	const webhookUrls = ndv.getByText('Webhook URLs', { exact: true });
	if ((await production.count()) === 0 && (await webhookUrls.count()) > 0) await webhookUrls.click();
	if ((await production.count()) > 0) await production.click();
	await camera.shoot('webhook-trigger.png', 'Apollo Webhook Trigger: the Production URL, ending with the secret, and verification by secret (masked)', async () =>
		ndvClip(await box(ndv), await box(ndv.getByTestId('collection-parameter-add').last())),
	);
	await editor.closeNode();
}

/** The credential as a user sees it after saving: key masked, base URL, test passed. */
export async function credentialDialog(editor: Editor, camera: Camera, credentialName: string, apiKey: string): Promise<void> {
	if (!camera.wants('credential.png')) return;
	const { page } = editor;
	await editor.goto('/home/credentials');
	await page.getByTestId('resources-list-item').filter({ hasText: credentialName }).first().click();
	const modal = page.getByTestId('editCredential-modal');
	const keyInput = modal.getByTestId('parameter-input-apiKey').locator('input');
	await keyInput.waitFor();
	// Typing the key again and saving runs the credential's test, as it does for a new credential.
	await keyInput.fill(apiKey);
	await modal.getByTestId('credential-save-button').click();
	await modal.getByTestId('credentials-config-container-test-success').waitFor({ timeout: 30_000 });
	await camera.shoot('credential.png', 'the Apollo Enrich API credential: API key masked, Base URL (the local fake here), test passed', async () => await box(modal));
}
