import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ICredentialType, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { CredentialsMap } from './credentials-helper';
import { CALLBACK_NODE_TYPE, credentialRef, probeWorkflow } from './probe-workflow';
import { runWorkflow, type RunWorkflowResult } from './run-workflow';

// Test-only helpers for the harness's own tests: a throw-away community package on disk, a
// local HTTP server, and a node that runs a test's callback. Not used by the harness itself.

export const FAKE_PACKAGE_NAME = 'n8n-nodes-harness-fake';
export const FAKE_NODE_TYPE = `${FAKE_PACKAGE_NAME}.fakeEcho`;

// Compiled-JS shape of a credential with a generic `authenticate` and a declarative `test`, as
// tsc emits it for a class like the one in the conventions doc (section 8).
const CREDENTIAL_JS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.FakeApi = void 0;
class FakeApi {
	constructor() {
		this.name = 'fakeApi';
		this.displayName = 'Fake API';
		this.documentationUrl = 'https://example.com/docs';
		this.properties = [
			{
				displayName: 'API Key',
				name: 'apiKey',
				type: 'string',
				typeOptions: { password: true },
				default: '',
			},
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'http://127.0.0.1:9' },
			{ displayName: 'Region', name: 'region', type: 'string', default: 'eu' },
		];
		this.authenticate = {
			type: 'generic',
			properties: {
				headers: { 'X-Api-Key': '={{$credentials.apiKey}}' },
				qs: { region: '={{$credentials.region}}' },
			},
		};
		this.test = {
			request: { baseURL: '={{$credentials.baseUrl}}', url: '/auth/check', method: 'GET' },
			rules: [
				{
					type: 'responseSuccessBody',
					properties: { key: 'ok', value: false, message: 'Key rejected by body rule' },
				},
			],
		};
	}
}
exports.FakeApi = FakeApi;
`;

// A programmatic node in the style the project uses: per-item loop, pairedItem, continueOnFail,
// and errors wrapped in n8n-workflow error classes (resolved through the symlinked
// node_modules/n8n-workflow, as a real install resolves its peer dependency).
const NODE_JS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.FakeEcho = void 0;
const n8n_workflow_1 = require("n8n-workflow");
class FakeEcho {
	constructor() {
		this.description = {
			displayName: 'Fake Echo',
			name: 'fakeEcho',
			icon: 'file:fake.svg',
			group: ['transform'],
			version: 1,
			description: 'POSTs each item to the fake API',
			defaults: { name: 'Fake Echo' },
			inputs: [n8n_workflow_1.NodeConnectionTypes.Main],
			outputs: [n8n_workflow_1.NodeConnectionTypes.Main],
			credentials: [{ name: 'fakeApi', required: true }],
			properties: [{ displayName: 'Path', name: 'path', type: 'string', default: '/echo' }],
		};
	}
	async execute() {
		const items = this.getInputData();
		const credentials = await this.getCredentials('fakeApi');
		const returnData = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const path = this.getNodeParameter('path', i);
				const response = await this.helpers.httpRequestWithAuthentication.call(this, 'fakeApi', {
					method: 'POST',
					url: credentials.baseUrl + path,
					qs: { item: i },
					body: { input: items[i].json },
					json: true,
				});
				returnData.push({ json: response, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					returnData.push({ json: { error: error.message }, pairedItem: { item: i } });
					continue;
				}
				// Re-wrapping a NodeApiError returns it unchanged (itemIndex dropped): set it directly.
				if (error instanceof n8n_workflow_1.NodeApiError) {
					error.context.itemIndex = i;
					throw error;
				}
				throw new n8n_workflow_1.NodeApiError(this.getNode(), error, { itemIndex: i });
			}
		}
		return [returnData];
	}
}
exports.FakeEcho = FakeEcho;
`;

export interface FakePackage {
	dir: string;
	remove(): void;
}

/** Writes a minimal built community package into a temp dir. `mutate` can break it on purpose. */
export function createFakePackage(
	mutate: (files: Record<string, string>) => void = () => undefined,
): FakePackage {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-fake-'));
	const files: Record<string, string> = {
		'package.json': JSON.stringify({
			name: FAKE_PACKAGE_NAME,
			version: '0.0.1',
			n8n: {
				n8nNodesApiVersion: 1,
				credentials: ['dist/credentials/FakeApi.credentials.js'],
				nodes: ['dist/nodes/FakeEcho/FakeEcho.node.js'],
			},
		}),
		'dist/credentials/FakeApi.credentials.js': CREDENTIAL_JS,
		'dist/nodes/FakeEcho/FakeEcho.node.js': NODE_JS,
		'dist/nodes/FakeEcho/fake.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
	};
	mutate(files);
	for (const [name, content] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
		fs.writeFileSync(path.join(dir, name), content);
	}
	// n8n-workflow is a peer dependency: n8n provides it. Point the fake package at ours.
	fs.mkdirSync(path.join(dir, 'node_modules'));
	fs.symlinkSync(
		path.dirname(require.resolve('n8n-workflow/package.json')),
		path.join(dir, 'node_modules', 'n8n-workflow'),
		'dir',
	);
	return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface RecordedRequest {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

export type Route = (req: RecordedRequest, res: http.ServerResponse) => void;

export interface LocalServer {
	baseUrl: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

/** A local HTTP server; `routes` maps "METHOD /path" to a handler. Unknown routes get 404. */
export async function startServer(routes: Record<string, Route>): Promise<LocalServer> {
	const requests: RecordedRequest[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const recorded: RecordedRequest = {
				method: req.method ?? '',
				url: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			requests.push(recorded);
			const route = routes[`${recorded.method} ${recorded.url.split('?')[0]}`];
			if (route) return route(recorded, res);
			res.writeHead(404, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ message: 'not found' }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		requests,
		close: async () => {
			// Keep-alive sockets from n8n's HTTP agent would otherwise keep jest alive.
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

/**
 * A test-only node type whose `execute` runs `callback` with the real n8n-core execute context,
 * for poking at what n8n gives a node. It declares one credential type (default: the fake
 * package's `fakeApi`) and passes its input items through. An object, not a class: n8n calls
 * `execute` with the context as `this`, so only a closure can reach the callback.
 */
export function callbackNodeType(
	callback: (context: IExecuteFunctions) => Promise<void>,
	credentialType = 'fakeApi',
): INodeType {
	return {
		description: {
			displayName: 'Callback',
			name: 'callback',
			group: ['transform'],
			version: 1,
			description: 'Runs a test callback',
			defaults: { name: 'Callback' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credentialType, required: true }],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			await callback(this);
			return [this.getInputData()];
		},
	};
}

export interface HarnessFixtures {
	/** The fake package's directory, for `runWorkflow({ packageDir })`. */
	packageDir(): string;
	server(): LocalServer;
}

/**
 * The set-up of the harness's own tests: the fake package and a local server with `routes`, for
 * the whole file, the server's request log emptied before each test. Call it at the top of a file.
 */
export function fixturesPerFile(routes: Record<string, Route>): HarnessFixtures {
	let fakePackage: FakePackage | undefined;
	let server: LocalServer | undefined;
	beforeAll(async () => {
		fakePackage = createFakePackage();
		server = await startServer(routes);
	});
	afterAll(async () => {
		await server?.close();
		fakePackage?.remove();
	});
	const started = <T>(value: T | undefined): T => {
		if (value === undefined) throw new Error('Not started yet: read it inside a test or a hook');
		return value;
	};
	beforeEach(() => {
		started(server).requests.length = 0;
	});
	return { packageDir: () => started(fakePackage).dir, server: () => started(server) };
}

export interface ProbeRunOptions {
	packageDir: string;
	credentials: CredentialsMap;
	/** The credential the callback node declares and the workflow references (default fakeApi). */
	credentialType?: string;
	extraCredentialTypes?: ICredentialType[];
}

/** Runs `callback` in the callback node of Start → Probe, with n8n-core's real execute context. */
export async function runProbe(
	callback: (context: IExecuteFunctions) => Promise<void>,
	options: ProbeRunOptions,
): Promise<RunWorkflowResult> {
	const credentialType = options.credentialType ?? 'fakeApi';
	return await runWorkflow({
		workflow: probeWorkflow({ credentials: credentialRef(credentialType) }),
		credentials: options.credentials,
		packageDir: options.packageDir,
		extraNodeTypes: { [CALLBACK_NODE_TYPE]: callbackNodeType(callback, credentialType) },
		extraCredentialTypes: options.extraCredentialTypes,
	});
}
