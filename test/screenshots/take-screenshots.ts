/**
 * `npm run screenshots`: the pictures of the nodes in the n8n editor that the README and docs/
 * show, taken from a real n8n with the packed package installed, in Debian's Chromium (headless),
 * into docs/images/. `npm run screenshots -- webhook-trigger.png credential.png` retakes only
 * those.
 *
 * It reuses the e2e suite (test/e2e): the same pinned n8n 2.x on Node 24 in .cache/e2e (installed
 * there by `npm run test:e2e`, or here if it is missing), the package installed from its `npm pack`
 * tarball as n8n installs community packages, a temporary user folder, loopback only, and the
 * no-egress guard in n8n, in this process (the fake Apollo) and in the browser (which may only
 * load pages from 127.0.0.1). The Apollo credential points at the fake Apollo on 127.0.0.1.
 *
 * Needs `apt-get install chromium` (/usr/bin/chromium, or E2E_CHROMIUM=path). Not part of
 * `npm test`: it needs the multi-GB n8n install. Once n8n is installed it takes 2 to 3 minutes on
 * 2 cores: about 35 s until n8n is ready, the rest in the editor.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startFakeApollo } from '../fake-apollo';
import { installAll } from '../e2e/setup/install';
import { cleanEnv, run, seconds } from '../e2e/setup/run-command';
import { CACHE_DIR, N8N2, n8nBin, NODE24_BIN, ROOT, sqliteBinding } from '../e2e/setup/versions';
import { assertChromium, openEditorBrowser } from '../e2e/support/browser';
import { Editor } from '../e2e/support/editor';
import { N8nApi, type WorkflowJson } from '../e2e/support/n8n-api';
import { N8nProcess } from '../e2e/support/n8n-process';
import { CREDENTIAL_TYPE, ENRICH_NODE, exampleEnrichWorkflow } from '../e2e/support/workflows';
import { Camera, log, OUT_DIR, STILL_CSS } from './camera';
import * as scenes from './scenes';

// This process runs the fake Apollo and talks to n8n: it may connect to the loopback only.
require('../e2e/support/no-egress.cjs');

const PACK_DIR = path.join(CACHE_DIR, 'screenshots', 'pack');
const CREDENTIAL_NAME = 'Apollo Enrich account';

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

/** The bulk example's list of people alone, for the nodes panel to add Apollo Enrich after. */
function listOnly(bulk: WorkflowJson): WorkflowJson {
	return { ...bulk, name: 'A list of people', nodes: bulk.nodes.filter((node) => node.name !== ENRICH_NODE), connections: {} };
}

/** The examples the scenes open, imported as a user would, with their credential pointing at ours. */
async function importWorkflows(api: N8nApi, credential: { id: string; name: string }): Promise<scenes.SceneWorkflows> {
	const create = async (workflow: WorkflowJson) => (await api.createWorkflow(workflow)).id;
	const bulk = exampleEnrichWorkflow(credential, 'bulk-enrich.workflow.json');
	return {
		list: await create(listOnly(bulk)),
		bulk: await create(bulk),
		waterfall: await create(exampleEnrichWorkflow(credential, 'waterfall-wait-for-results.workflow.json')),
		trigger: await create(exampleEnrichWorkflow(credential, 'reveal-phone-pair.trigger.workflow.json')),
	};
}

async function main(): Promise<void> {
	const started = Date.now();
	const only = process.argv.slice(2).map((name) => path.basename(name));
	assertChromium();
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
		const workflows = await importWorkflows(api, credential);

		fs.mkdirSync(OUT_DIR, { recursive: true });
		const browser = await openEditorBrowser(n8n.baseUrl);
		const camera = new Camera(browser.page, only);
		try {
			const editor = new Editor(browser.page, n8n.baseUrl, STILL_CSS);
			await scenes.canvas(editor, camera, workflows);
			await scenes.nodesPanel(editor, camera, workflows);
			await scenes.enrichParameters(editor, camera, workflows);
			await scenes.waterfallParameters(editor, camera, workflows);
			await scenes.triggerPanel(editor, camera, workflows);
			await scenes.enrichOutput(editor, camera, workflows);
			await scenes.credentialDialog(editor, camera, CREDENTIAL_NAME, fake.apiKey);
		} finally {
			await browser.close();
		}
		const missing = only.filter((file) => !camera.shots.some((shot) => shot.file === file));
		if (missing.length > 0) throw new Error(`No scene takes ${missing.join(', ')}`);
		const egress = [...browser.unexpectedRequests(), ...n8n.egressAttempts()];
		if (egress.length > 0) throw new Error(`Something tried to leave 127.0.0.1:\n${egress.join('\n')}`);
		const lookups = browser.blocked.length > 0 ? ` (the editor's own npm lookup of the package, refused ${browser.blocked.length}x)` : '';
		log(`${camera.shots.length} screenshots in ${path.relative(ROOT, OUT_DIR)}/ in ${seconds(started)} s; nothing else tried to leave 127.0.0.1${lookups}`);
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
