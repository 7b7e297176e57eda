import type {
	IAuthenticateRuleResponseCode,
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

const BAD_KEY_MESSAGE =
	'Apollo did not accept this API key. Check the key, or create a new one in Apollo (Settings → Integrations → API).';

/**
 * Shared by Apollo Enrich and Apollo Webhook Trigger.
 *
 * Named `apolloEnrichApi`, not `apolloApi`: Apollo's own package registers `apolloApi`, and two
 * packages defining the same credential name clash when installed side by side in one n8n.
 */
export class ApolloEnrichApi implements ICredentialType {
	name = 'apolloEnrichApi';

	displayName = 'Apollo Enrich API';

	icon: Icon = {
		light: 'file:../icons/apollo.svg',
		dark: 'file:../icons/apollo.dark.svg',
	};

	documentationUrl = 'https://docs.apollo.io/reference/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An Apollo API key (Settings → Integrations → API). A key scoped to the people enrichment endpoints is enough; a master key also works.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.apollo.io',
			description:
				"Leave as is for Apollo. Change it only to route calls through a gateway or proxy, or to a local fake Apollo for testing. If the test says ECONNREFUSED or ENOTFOUND, nothing answers at this address: Apollo's API is https://api.apollo.io (not app.apollo.io).",
		},
	];

	/**
	 * Apollo takes the key in a header only; the old `api_key` query parameter no longer works.
	 *
	 * A function, not n8n's declarative `{ headers: { 'x-api-key': '={{$credentials.apiKey}}' } }`:
	 * n8n 2.x evaluates that expression in its sandboxed expression engine on every request, about
	 * 1.5 ms of CPU per Apollo call in the real-n8n bench. The header is the same: the declarative
	 * form sends the key as text, or '' when there is none.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const apiKey = credentials.apiKey;
		requestOptions.headers ??= {};
		requestOptions.headers['x-api-key'] = apiKey ? String(apiKey) : '';
		return requestOptions;
	}

	// `auth/health` costs no credits and needs no endpoint scope. A bad key may answer 401, or
	// 200 with `is_logged_in: false`; one rule covers each. n8n's type wants the rules of one kind,
	// but its credential tester applies each kind on its own path (status codes on failure, body
	// checks on success), so mixing them is safe.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{($credentials.baseUrl || "https://api.apollo.io").replace(/\\/+$/, "")}}',
			url: '/api/v1/auth/health',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: BAD_KEY_MESSAGE },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'is_logged_in', value: false, message: BAD_KEY_MESSAGE },
			},
		] as unknown as IAuthenticateRuleResponseCode[],
	};
}
