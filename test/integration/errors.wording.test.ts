/**
 * Errors said once and the same way, as n8n shows them: message first (no socket codes, which
 * n8n would swap for its own advice), `[item N]` where an item is named, Apollo's own sentence
 * once, in the description, and what to check. Run through n8n-core against the fake Apollo, a
 * closed port and a web server that is not Apollo.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import type { FakeApollo } from '../fake-apollo';
import { runWorkflow } from '../harness';
import { apolloCalls, ENRICH, ENRICH_NODE_TYPE, runEnrich, withFake } from './support';

const BULK = { operation: 'bulkEnrich', email: '={{ $json.email }}', tuning: { rateLimitRetries: 0 } };
/** n8n's NodeApiError advice for a reset connection, wrong for a call Apollo may have billed. */
const N8N_RETRY_ADVICE = /retry the request immediately/i;

type ShownError = { message: string; description?: string | null; messages?: string[]; context?: IDataObject };

/** Everything n8n's error view can show for an error: title, description and "Full message". */
function shownText(error: ShownError | undefined): string {
	return [error?.message, error?.description ?? '', ...(error?.messages ?? [])].join('\n');
}

function occurrences(text: string, part: string): number {
	return text.split(part).length - 1;
}

/** Apollo Enrich with its credential's Base URL pointing wherever the test says. */
async function runWithBaseUrl(baseUrl: string, parameters: IDataObject, inputs: IDataObject[]) {
	const result = await runWorkflow({
		workflow: {
			nodes: [
				{ id: 't', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: 'e',
					name: ENRICH,
					type: ENRICH_NODE_TYPE,
					typeVersion: 1,
					position: [200, 0],
					parameters: { resource: 'person', ...parameters },
					credentials: { apolloEnrichApi: { id: '1', name: 'Apollo' } },
				},
			],
			connections: { 'Manual Trigger': { main: [[{ node: ENRICH, type: 'main', index: 0 }]] } },
			pinData: { 'Manual Trigger': inputs.map((json) => ({ json })) },
			settings: { executionOrder: 'v1' },
		},
		credentials: { apolloEnrichApi: { apiKey: 'any-key', baseUrl } },
	});
	return result.error as unknown as ShownError | undefined;
}

/** A web server that is not Apollo: every path answers `status` with an HTML page. */
async function webServer(status: number): Promise<{ url: string; close: () => Promise<void> }> {
	const server = http.createServer((_request, response) => {
		response.writeHead(status, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body><h1>Not here</h1></body></html>');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}`, close: async () => await new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on (opened, then closed again). */
async function closedPort(): Promise<number> {
	const server = http.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

describe('error wording, as n8n shows it', () => {
	let fake: FakeApollo;
	const people = () => fake.directory.slice(0, 2).map((person) => ({ email: person.email }));
	beforeAll(async () => {
		fake = await withFake();
	});
	afterAll(async () => await fake.close());
	beforeEach(() => fake.clearLog());

	it('401: our message, Apollo’s sentence once, what to check', async () => {
		const { error } = await runEnrich(fake, BULK, people(), { apiKey: 'wrong-key' });
		const shown = error as unknown as ShownError;
		expect(shown.message).toBe('Apollo did not accept the API key');
		expect(shown.description).toMatch(/^Apollo said: "Invalid API key\.[^"]*\." Check the API key in the Apollo Enrich API credential/);
		expect(occurrences(shownText(shown), 'Invalid API key')).toBe(1);
	});

	it('500: our message, Apollo’s sentence once, and that it may have billed', async () => {
		fake.injectFaults([{ route: 'bulk_match', kind: 'status', status: 500, body: { error: 'Something went wrong on our side' } }]);
		const { error } = await runEnrich(fake, BULK, people());
		const shown = error as unknown as ShownError;
		expect(shown.message).toBe('Apollo had a server error (HTTP 500)');
		expect(shown.description).toMatch(/^Apollo said: "Something went wrong on our side"\. Apollo may still have done and billed the work/);
		expect(occurrences(shownText(shown), 'Something went wrong on our side')).toBe(1);
		expect(apolloCalls(fake, 'bulk_match')).toHaveLength(1);
	});

	it('dropped connection: the package’s account only, not n8n’s "retry immediately"', async () => {
		fake.injectFaults([{ route: 'bulk_match', kind: 'drop' }]);
		const { error } = await runEnrich(fake, BULK, people());
		const shown = error as unknown as ShownError;
		expect(shown.message).toBe('The connection to Apollo dropped before its answer arrived');
		expect(shown.description).toMatch(/^POST \/api\/v1\/people\/bulk_match had been sent \(ECONNRESET\), so Apollo may have done and billed the work; the call was not re-sent/);
		expect(shownText(shown)).not.toMatch(N8N_RETRY_ADVICE);
		expect(apolloCalls(fake, 'bulk_match')).toHaveLength(1);
	});

	it('refused connection: names the address and says to check the Base URL', async () => {
		const port = await closedPort();
		const error = await runWithBaseUrl(`http://127.0.0.1:${port}`, BULK, [{ email: 'a@b.example' }]);
		expect(error?.message).toBe(`Could not connect to http://127.0.0.1:${port}`);
		expect(error?.description).toMatch(/^Nothing accepted the connection \(ECONNREFUSED\)\. Nothing reached Apollo, so nothing was billed\. Check the Base URL in the Apollo Enrich API credential: Apollo's is https:\/\/api\.apollo\.io\./);
		expect(shownText(error)).not.toMatch(/perhaps it is offline/);
	});

	it('wrong Base URL (a web page, 404 or 200): says so, without the page', async () => {
		for (const status of [404, 200]) {
			const site = await webServer(status);
			try {
				const error = await runWithBaseUrl(site.url, BULK, [{ email: 'a@b.example' }]);
				expect(error?.message).toMatch(/^The Base URL does not lead to Apollo's API/);
				expect(error?.description).toMatch(/answered .*with a web page, not Apollo's JSON\. Check the Base URL in the Apollo Enrich API credential/);
				expect(shownText(error)).not.toMatch(/<html|DOCTYPE/i);
			} finally {
				await site.close();
			}
		}
	});

	it('a hex id in Request ID: says which id to map instead, before any call', async () => {
		const { error } = await runEnrich(fake, { operation: 'getWebhookResult', requestId: '66a1f0c3e2b4d5001f8a9b7c' }, [{}]);
		expect(error?.message).toBe('Request ID "66a1f0c3e2b4d5001f8a9b7c" is not an Apollo request ID [item 0]');
		expect(error?.description).toMatch(/looks like an Apollo record or job ID .* Use the call's request ID, requestId \(apollo\.requestId with Simplify off\)/);
		expect(apolloCalls(fake)).toHaveLength(0);
	});

	it('a rounded id pasted as text: Apollo does not know it, and the hint says why', async () => {
		const rounded = String(Number('-1039995589705121901'));
		expect(rounded).toBe('-1039995589705121900');
		const { error } = await runEnrich(fake, { operation: 'getWebhookResult', requestId: rounded }, [{}]);
		expect(error?.message).toBe(`Apollo does not know this request ID: ${rounded} [item 0]`);
		expect(error?.description).toMatch(/^It looks rounded: .* Map requestId \(or apollo\.requestId\) from Apollo Enrich as it is \(text\)/);
	});

	it('names items as [item N], never (item N)', async () => {
		const inputs = [{ email: fake.directory[0].email }, { email: 'jane at acme' }];
		const stopped = await runEnrich(fake, BULK, inputs);
		expect(stopped.error?.message).toBe('Email "jane at acme" is not an email address [item 1]');
		const kept = await runEnrich(fake, BULK, inputs, { continueOnFail: true });
		expect(kept.items[1].json.error).toBe('Email "jane at acme" is not an email address [item 1]');
		const all = [stopped.error?.message ?? '', String(stopped.error?.description), JSON.stringify(kept.items)].join('\n');
		expect(all).not.toMatch(/\(item \d+\)/);
	});
});
