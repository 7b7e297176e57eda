import type { ICredentialDataDecryptedObject, ICredentialType } from 'n8n-workflow';

import type { FakePackage, LocalServer } from './fixtures';
import { callbackNodeType, createFakePackage, sendJson, startServer } from './fixtures';
import type { WorkflowJson } from './index';
import { MANUAL_TRIGGER_NODE_TYPE, runWorkflow } from './index';

// The credentials helper, seen from inside a node running in n8n-core.

let fakePackage: FakePackage;
let server: LocalServer;

beforeAll(async () => {
	fakePackage = createFakePackage();
	server = await startServer({ 'GET /ping': (_req, res) => sendJson(res, 200, { pong: true }) });
});

afterAll(async () => {
	await server.close();
	fakePackage.remove();
});

beforeEach(() => {
	server.requests.length = 0;
});

function probeWorkflow(credentialType: string): WorkflowJson {
	return {
		nodes: [
			{
				id: 'a',
				name: 'Start',
				type: MANUAL_TRIGGER_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'b',
				name: 'Probe',
				type: 'harness-test.callback',
				typeVersion: 1,
				position: [200, 0],
				parameters: {},
				credentials: { [credentialType]: { id: '1', name: 'Account' } },
			},
		],
		connections: { Start: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
	};
}

it('hands the node its data with property defaults applied and expressions resolved', async () => {
	let seen: ICredentialDataDecryptedObject | undefined;
	const probe = callbackNodeType(async (context) => {
		seen = await context.getCredentials<ICredentialDataDecryptedObject>('fakeApi');
	});
	const result = await runWorkflow({
		workflow: probeWorkflow('fakeApi'),
		credentials: { fakeApi: { apiKey: '={{ "key-" + (40 + 2) }}' } },
		packageDir: fakePackage.dir,
		extraNodeTypes: { 'harness-test.callback': probe },
	});

	expect(result.error).toBeUndefined();
	expect(seen).toEqual({
		apiKey: 'key-42',
		baseUrl: 'http://127.0.0.1:9',
		region: 'eu',
		// Added by n8n's CLI to every credential type with `authenticate`.
		allowedHttpRequestDomains: 'all',
	});
});

it('applies a function-form authenticate', async () => {
	const bearerApi: ICredentialType = {
		name: 'bearerApi',
		displayName: 'Bearer API',
		properties: [{ displayName: 'Token', name: 'token', type: 'string', default: '' }],
		authenticate: async (credentials, requestOptions) => ({
			...requestOptions,
			headers: { ...requestOptions.headers, authorization: `Bearer ${credentials.token}` },
		}),
	};
	const probe = callbackNodeType(async (context) => {
		await context.helpers.httpRequestWithAuthentication.call(context, 'bearerApi', {
			url: `${server.baseUrl}/ping`,
			json: true,
		});
	}, 'bearerApi');
	const result = await runWorkflow({
		workflow: probeWorkflow('bearerApi'),
		credentials: { bearerApi: { token: 't0k3n' } },
		packageDir: fakePackage.dir,
		extraNodeTypes: { 'harness-test.callback': probe },
		extraCredentialTypes: [bearerApi],
	});

	expect(result.error).toBeUndefined();
	expect(server.requests.map((request) => request.headers.authorization)).toEqual([
		'Bearer t0k3n',
	]);
});
