/**
 * n8n 2.x on Node 24: what the editor is given for Apollo Enrich (the node types it loads from
 * /types/nodes.json, and the editor's own rule for building a node's action list), the HTTP
 * Request node making a "custom API call" with the Apollo Enrich API credential, and the errors
 * the editor's error view shows, as n8n stores them with the execution.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

import { startFakeApollo, type FakeApolloServer } from '../fake-apollo';
import { N8N2, NODE24_BIN } from './setup/versions';
import { createFakeCredential } from './support/enrich-check';
import { nodeOutput, type WorkflowJson } from './support/n8n-api';
import { CREDENTIAL_TYPE, ENRICH_NODE, ENRICH_TYPE, EXAMPLE_TRIGGER, startInstance, stopInstance, type Instance } from './support/workflows';

interface NodeTypeJson {
	name: string;
	version: number | number[];
	defaultVersion?: number;
	subtitle?: string;
	documentationUrl?: string;
	codex?: { categories?: string[]; subcategories?: Record<string, string[]> };
	properties: Array<{ name: string; default?: unknown; options?: Array<{ value?: unknown; action?: string }>; displayOptions?: unknown }>;
}

type StoredError = { message: string; description?: string | null; messages?: string[]; httpCode?: string | null };

/** A two-node workflow: the Manual Trigger with pinned items, then `node`. */
function withTrigger(name: string, node: Record<string, unknown> & { name: string; type: string }, items: object[] = [{}]): WorkflowJson {
	return {
		name,
		nodes: [
			{ id: 'manual', name: EXAMPLE_TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'node', position: [240, 0], ...node },
		],
		connections: { [EXAMPLE_TRIGGER]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		pinData: { [EXAMPLE_TRIGGER]: items.map((json) => ({ json })) },
	};
}

describe(`n8n ${N8N2.version}: Apollo Enrich in the editor`, () => {
	let instance: Instance;
	let fake: FakeApolloServer;
	let types: NodeTypeJson[];

	beforeAll(async () => {
		fake = await startFakeApollo({ seed: 7 });
		instance = await startInstance(N8N2, NODE24_BIN, 'n8n-2-editor');
		types = await instance.api.call<NodeTypeJson[]>('GET', '/types/nodes.json');
	}, 300_000);

	afterAll(async () => {
		await stopInstance(instance);
		await fake?.close();
	});

	const typeNamed = (name: string): NodeTypeJson => {
		const found = types.find((type) => type.name === name);
		if (!found) throw new Error(`${name} is not in /types/nodes.json`);
		return found;
	};

	it('gives the nodes panel a codex it builds Apollo Enrich’s actions from', () => {
		// The editor's actions parser (n8n-editor-ui, workflows.store) returns no actions for a
		// node whose codex has subcategories.AI including "Tools" (and not "Root Nodes").
		const assets = path.join(N8N2.dir, 'node_modules', 'n8n-editor-ui', 'dist', 'assets');
		const rule = 'e.codex?.subcategories?.AI?.includes(`Tools`)&&!e.codex?.subcategories?.AI?.includes(`Root Nodes`)?[]:';
		const bundles = fs.readdirSync(assets).filter((file) => file.endsWith('.js') && fs.readFileSync(path.join(assets, file), 'utf8').includes(rule));
		expect(bundles).toHaveLength(1);

		const enrich = typeNamed(ENRICH_TYPE);
		expect(enrich.codex?.subcategories?.AI ?? []).not.toContain('Tools');
		const operations = enrich.properties.filter((property) => property.name === 'operation');
		expect(operations.flatMap((property) => (property.options ?? []).map((option) => option.action))).toEqual([
			'Bulk enrich people',
			'Enrich a person',
			'Get a webhook result',
			'Search people',
			'Bulk enrich organizations',
			'Enrich an organization',
		]);
		expect(operations.map((property) => property.default)).toEqual(['bulkEnrich', 'bulkEnrich']);
		// The AI Agent tool variant is filed under AI → Tools by n8n itself.
		expect(typeNamed(`${ENRICH_TYPE}Tool`).codex?.subcategories?.AI).toEqual(['Tools']);
	});

	it('offers no "Custom API Call", names the subtitle by display names and links the package’s docs', () => {
		for (const name of [ENRICH_TYPE, `${ENRICH_TYPE}Tool`]) {
			const values = typeNamed(name)
				.properties.filter((property) => ['resource', 'operation'].includes(property.name))
				.flatMap((property) => (property.options ?? []).map((option) => option.value));
			expect({ name, values }).toEqual({ name, values: expect.not.arrayContaining(['__CUSTOM_API_CALL__']) });
		}
		// Clearbit, an n8n node of the same single-version kind with an `authenticate` credential, does get it.
		const clearbit = typeNamed('n8n-nodes-base.clearbit').properties.find((property) => property.name === 'resource');
		expect(clearbit?.options?.map((option) => option.value)).toContain('__CUSTOM_API_CALL__');

		const enrich = typeNamed(ENRICH_TYPE);
		expect(enrich.subtitle).toContain('"bulkEnrich":"Bulk Enrich"');
		expect(enrich.documentationUrl).toBe('https://github.com/n8n-nodes-apollo-enrich/n8n-nodes-apollo-enrich#your-first-bulk-enrichment-in-the-editor');
	});

	it('makes a custom Apollo call with the HTTP Request node and the Apollo Enrich API credential', async () => {
		const credential = await createFakeCredential(instance, fake);
		fake.clearLog();
		const request = {
			name: 'HTTP Request',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				url: `${fake.url}/api/v1/organizations/enrich?domain=${fake.directory[0].organization.primary_domain}`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: CREDENTIAL_TYPE,
				options: {},
			},
			credentials: { [CREDENTIAL_TYPE]: credential },
		};
		const workflow = await instance.api.createWorkflow(withTrigger('E2E: custom Apollo call', request));
		const execution = await instance.api.waitForExecution(await instance.api.runManually(workflow.id, EXAMPLE_TRIGGER));
		expect({ status: execution.status, error: execution.data?.resultData.error }).toEqual({ status: 'success', error: undefined });
		expect(fake.requestLog.map((entry) => [entry.route, entry.apiKeyValid, entry.status])).toEqual([['org_enrich', true, 200]]);
		expect(nodeOutput(execution, 'HTTP Request')[0].json).toHaveProperty('organization');
	}, 120_000);

	it('stores errors as the node words them: a closed port, a web page, a dropped connection', async () => {
		const credentialFor = async (baseUrl: string) =>
			await instance.api.createCredential(`Apollo at ${baseUrl}`, CREDENTIAL_TYPE, { apiKey: fake.apiKey, baseUrl });
		const runEnrich = async (credential: { id: string; name: string }): Promise<StoredError> => {
			const enrich = {
				name: ENRICH_NODE,
				type: ENRICH_TYPE,
				typeVersion: 1,
				parameters: { resource: 'person', email: '={{ $json.email }}', tuning: { rateLimitRetries: 0 } },
				credentials: { [CREDENTIAL_TYPE]: credential },
			};
			const workflow = await instance.api.createWorkflow(withTrigger('E2E: error', enrich, [{ email: fake.directory[0].email }]));
			const execution = await instance.api.waitForExecution(await instance.api.runManually(workflow.id, EXAMPLE_TRIGGER));
			expect(execution.status).toBe('error');
			return execution.data?.resultData.error as StoredError;
		};

		const closed = http.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const refused = await runEnrich(await credentialFor(`http://127.0.0.1:${port}`));
		expect(refused.message).toBe(`Could not connect to http://127.0.0.1:${port}`);
		expect(refused.description).toMatch(/\(ECONNREFUSED\)\. Nothing reached Apollo, so nothing was billed\. Check the Base URL/);

		const site = http.createServer((_request, response) => response.writeHead(404, { 'content-type': 'text/html' }).end('<!DOCTYPE html><p>no</p>'));
		await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
		try {
			const page = await runEnrich(await credentialFor(`http://127.0.0.1:${(site.address() as AddressInfo).port}`));
			expect(page.message).toBe("The Base URL does not lead to Apollo's API (HTTP 404)");
		} finally {
			await new Promise<void>((resolve) => site.close(() => resolve()));
		}

		fake.injectFaults([{ route: 'bulk_match', kind: 'drop' }]);
		const dropped = await runEnrich(await credentialFor(fake.url));
		expect(dropped.message).toBe('The connection to Apollo dropped before its answer arrived');
		expect(dropped.description).toMatch(/\(ECONNRESET\), so Apollo may have done and billed the work; the call was not re-sent/);
		for (const error of [refused, dropped]) {
			expect([error.message, error.description, ...(error.messages ?? [])].join(' ')).not.toMatch(/retry the request immediately|perhaps it is offline/i);
		}
	}, 180_000);

	it('tried no connection outside 127.0.0.1', () => {
		expect(instance.n8n.egressAttempts()).toEqual([]);
	});
});
