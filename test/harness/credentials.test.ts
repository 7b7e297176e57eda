import type { ICredentialDataDecryptedObject, ICredentialType } from 'n8n-workflow';

import { fixturesPerFile, runProbe, sendJson } from './fixtures';

// The credentials helper, seen from inside a node running in n8n-core.

const fixtures = fixturesPerFile({ 'GET /ping': (_req, res) => sendJson(res, 200, { pong: true }) });

it('hands the node its data with property defaults applied and expressions resolved', async () => {
	let seen: ICredentialDataDecryptedObject | undefined;
	const result = await runProbe(
		async (context) => {
			seen = await context.getCredentials<ICredentialDataDecryptedObject>('fakeApi');
		},
		{ credentials: { fakeApi: { apiKey: '={{ "key-" + (40 + 2) }}' } }, packageDir: fixtures.packageDir() },
	);

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
	const result = await runProbe(
		async (context) => {
			await context.helpers.httpRequestWithAuthentication.call(context, 'bearerApi', {
				url: `${fixtures.server().baseUrl}/ping`,
				json: true,
			});
		},
		{
			credentialType: 'bearerApi',
			credentials: { bearerApi: { token: 't0k3n' } },
			packageDir: fixtures.packageDir(),
			extraCredentialTypes: [bearerApi],
		},
	);

	expect(result.error).toBeUndefined();
	expect(fixtures.server().requests.map((request) => request.headers.authorization)).toEqual([
		'Bearer t0k3n',
	]);
});
