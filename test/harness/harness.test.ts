import type {
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { createFakePackage, FAKE_NODE_TYPE, fixturesPerFile, sendJson } from './fixtures';
import type { WorkflowJson } from './index';
import { loadPackage, probeWorkflow, runWorkflow, testCredential } from './index';

/** Test-only node: fails every item, to exercise n8n's own Continue On Fail handling. */
class AlwaysFails implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Always Fails',
		name: 'alwaysFails',
		group: ['transform'],
		version: 1,
		description: 'Throws',
		defaults: { name: 'Always Fails' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		throw new NodeOperationError(this.getNode(), 'Deliberate failure', { itemIndex: 0 });
	}
}

/** Start (Ada, Bob, Cy) → Echo (the fake package's node) → After. */
function workflow(options: { path?: string; onError?: INode['onError'] } = {}): WorkflowJson {
	return probeWorkflow(
		{
			name: 'Echo',
			type: FAKE_NODE_TYPE,
			parameters: options.path ? { path: options.path } : {},
			...(options.onError ? { onError: options.onError } : {}),
		},
		{ items: [{ name: 'Ada' }, { name: 'Bob' }, { name: 'Cy' }], then: 'After' },
	);
}

const fixtures = fixturesPerFile({
	'POST /echo': (req, res) => sendJson(res, 200, { got: JSON.parse(req.body), url: req.url }),
	'POST /fail-second': (req, res) => {
		const { input } = JSON.parse(req.body) as { input: { name: string } };
		if (input.name === 'Bob') return sendJson(res, 500, { message: 'boom' });
		sendJson(res, 200, { ok: input.name });
	},
	'GET /auth/check': (req, res) => {
		const key = req.headers['x-api-key'];
		if (key === 'good') return sendJson(res, 200, { ok: true });
		if (key === 'body-says-no') return sendJson(res, 200, { ok: false });
		sendJson(res, 401, { message: 'invalid key' });
	},
});
const server = () => fixtures.server();

const credentials = () => ({ fakeApi: { apiKey: 'secret-key', baseUrl: server().baseUrl } });

describe('loadPackage', () => {
	it('loads nodes and credentials from package.json like n8n', async () => {
		const { packageName, loader } = await loadPackage(fixtures.packageDir());
		expect(packageName).toBe('n8n-nodes-harness-fake');
		expect(Object.keys(loader.known.nodes)).toEqual(['fakeEcho']);
		expect(loader.known.credentials.fakeApi.supportedNodes).toEqual(['fakeEcho']);
		// n8n-core's loader rewrote the icon, proving the real loader ran.
		expect(loader.getNode('fakeEcho').type.description.iconUrl).toBe(
			'icons/n8n-nodes-harness-fake/dist/nodes/FakeEcho/fake.svg',
		);
	});

	it('fails clearly when a class is misnamed', async () => {
		const broken = createFakePackage((files) => {
			const file = 'dist/nodes/FakeEcho/FakeEcho.node.js';
			files[file] = files[file].replace(/FakeEcho\b/g, 'Echo');
		});
		try {
			await expect(loadPackage(broken.dir)).rejects.toThrow(
				'dist/nodes/FakeEcho/FakeEcho.node.js must export a class named "FakeEcho" (n8n ' +
					'derives the class name from the file name), but it exports: Echo',
			);
		} finally {
			broken.remove();
		}
	});

	it('fails clearly when the build output is missing', async () => {
		const unbuilt = createFakePackage((files) => {
			delete files['dist/credentials/FakeApi.credentials.js'];
		});
		try {
			await expect(loadPackage(unbuilt.dir)).rejects.toThrow('Run `npm run build` first');
		} finally {
			unbuilt.remove();
		}
	});
});

describe('runWorkflow', () => {
	it('feeds pinned trigger items through the node with generic-credential auth', async () => {
		const result = await runWorkflow({
			workflow: workflow(),
			credentials: credentials(),
			packageDir: fixtures.packageDir(),
		});

		expect(result.error).toBeUndefined();
		expect(result.executedNodes).toEqual(['Start', 'Echo', 'After']);
		expect(server().requests).toHaveLength(3);
		for (const [i, request] of server().requests.entries()) {
			expect(request.method).toBe('POST');
			expect(request.headers['x-api-key']).toBe('secret-key');
			// qs from the node and from the credential's generic `authenticate` (default 'eu').
			expect(request.url).toBe(`/echo?item=${i}&region=eu`);
		}
		const echoed = result.output('Echo');
		expect(echoed.map((item) => item.json)).toEqual([
			{ got: { input: { name: 'Ada' } }, url: '/echo?item=0&region=eu' },
			{ got: { input: { name: 'Bob' } }, url: '/echo?item=1&region=eu' },
			{ got: { input: { name: 'Cy' } }, url: '/echo?item=2&region=eu' },
		]);
		expect(echoed.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.output('After')).toHaveLength(3);
	});

	it('keeps per-item errors when the node handles Continue On Fail itself', async () => {
		const result = await runWorkflow({
			workflow: workflow({ path: '/fail-second', onError: 'continueRegularOutput' }),
			credentials: credentials(),
			packageDir: fixtures.packageDir(),
		});

		expect(result.error).toBeUndefined();
		const out = result.output('Echo');
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json).toEqual({ ok: 'Ada' });
		// NodeApiError replaces the HTTP message with n8n's text for the status code.
		expect(out[1].json.error).toBe('The service was not able to process your request');
		expect(out[2].json).toEqual({ ok: 'Cy' });
	});

	it('stops the workflow on a node error without Continue On Fail', async () => {
		const result = await runWorkflow({
			workflow: workflow({ path: '/fail-second' }),
			credentials: credentials(),
			packageDir: fixtures.packageDir(),
		});

		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.context?.itemIndex).toBe(1);
		expect(result.executedNodes).toEqual(['Start', 'Echo']);
		expect(() => result.output('After')).toThrow('Node "After" did not run');
	});

	it('applies n8n Continue On Fail (continueRegularOutput) to a node that throws', async () => {
		const wf = workflow();
		wf.nodes[1] = {
			...wf.nodes[1],
			type: 'harness-test.alwaysFails',
			credentials: undefined,
			onError: 'continueRegularOutput',
		};
		const result = await runWorkflow({
			workflow: wf,
			packageDir: fixtures.packageDir(),
			extraNodeTypes: { 'harness-test.alwaysFails': new AlwaysFails() },
		});

		expect(result.error).toBeUndefined();
		expect(result.executedNodes).toEqual(['Start', 'Echo', 'After']);
		const taskData = result.run.data.resultData.runData.Echo[0];
		expect(taskData.error?.message).toBe('Deliberate failure');
		// n8n passes the input items through, with their pairing, so the workflow can go on.
		expect(result.output('Echo').map((item) => item.json)).toEqual([
			{ name: 'Ada' },
			{ name: 'Bob' },
			{ name: 'Cy' },
		]);
		expect(result.output('After')).toHaveLength(3);
	});

	it('fails clearly when the test did not pass the credential', async () => {
		const result = await runWorkflow({ workflow: workflow(), packageDir: fixtures.packageDir() });
		expect(result.error?.message).toContain('No test credentials of type "fakeApi"');
	});
});

describe('testCredential', () => {
	const run = (apiKey: string, baseUrl = server().baseUrl) =>
		testCredential({
			credentialType: 'fakeApi',
			data: { apiKey, baseUrl },
			packageDir: fixtures.packageDir(),
		});

	it('reports OK when the test request succeeds', async () => {
		await expect(run('good')).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(server().requests[0].url).toBe('/auth/check?region=eu');
		expect(server().requests[0].headers['x-api-key']).toBe('good');
	});

	it('reports the HTTP status text for a rejected key', async () => {
		await expect(run('bad')).resolves.toEqual({ status: 'Error', message: 'Unauthorized' });
	});

	it('applies responseSuccessBody rules', async () => {
		await expect(run('body-says-no')).resolves.toEqual({
			status: 'Error',
			message: 'Key rejected by body rule',
		});
	});

	it('reports the socket error code when nothing listens', async () => {
		await expect(run('good', 'http://127.0.0.1:9')).resolves.toEqual({
			status: 'Error',
			message: 'ECONNREFUSED',
		});
	});
});
