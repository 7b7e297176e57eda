/**
 * Debian's Chromium (headless, driven by playwright-core) logged in to a real n8n as its owner,
 * shared by the editor's browser test (n8n2.editor.browser.e2e.ts) and `npm run screenshots`.
 *
 * The browser gets the suite's no-egress rule too: a page may load from 127.0.0.1 only; every
 * other request is refused and recorded, so a test can assert there was none it did not expect.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, selectors, type BrowserContext, type Page } from 'playwright-core';

import { ROOT } from '../setup/versions';
import { OWNER } from './n8n-api';

/** `apt-get install chromium`; E2E_CHROMIUM (or the older SCREENSHOTS_CHROMIUM) for another binary. */
export const CHROMIUM = process.env.E2E_CHROMIUM ?? process.env.SCREENSHOTS_CHROMIUM ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1440, height: 900 };

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

const PACKAGE_NAME = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string }).name;

/**
 * n8n's own request, not the package's: the nodes panel's details of a community node
 * (CommunityNodeFooter in n8n-editor-ui 2.41) fetch the package's npm metadata from the browser
 * to show its maintainer. Refused here like everything else, and expected.
 */
export const EDITOR_PACKAGE_LOOKUP = `https://registry.npmjs.org/${PACKAGE_NAME}`;

export interface EditorBrowser {
	context: BrowserContext;
	page: Page;
	/** Every request the guard refused, in order. */
	blocked: string[];
	/** The refused requests other than n8n's expected package lookup. */
	unexpectedRequests(): string[];
	close(): Promise<void>;
}

export function assertChromium(): void {
	if (!fs.existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (or set E2E_CHROMIUM)`);
}

/** Starts Chromium with a throwaway profile, logs in as the suite's owner and returns its page. */
export async function openEditorBrowser(baseUrl: string, viewport = VIEWPORT): Promise<EditorBrowser> {
	assertChromium();
	// n8n's markup names its elements with data-test-id.
	selectors.setTestIdAttribute('data-test-id');
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-chromium-'));
	const blocked: string[] = [];
	const removeProfile = () => fs.rmSync(userDataDir, { recursive: true, force: true });
	let context: BrowserContext | undefined;
	try {
		context = await chromium.launchPersistentContext(userDataDir, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport,
			deviceScaleFactor: 1,
			locale: 'en-US',
			timezoneId: 'UTC',
			colorScheme: 'light',
		});
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
		const opened = context;
		return {
			context: opened,
			page,
			blocked,
			unexpectedRequests: () => blocked.filter((url) => url !== EDITOR_PACKAGE_LOOKUP),
			close: async () => {
				await opened.close();
				removeProfile();
			},
		};
	} catch (error) {
		await context?.close();
		removeProfile();
		throw error;
	}
}
