// Small pieces of the test credentials helper, kept apart to keep credentials-helper.ts short.
import type {
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeType,
	INodeTypes,
} from 'n8n-workflow';
import {
	deepCopy,
	getCredentialOwnRequestAllowedDomains,
	ICredentials,
	UserError,
} from 'n8n-workflow';

/** Test credentials: credential *type name* -> decrypted data, e.g. `{ apolloEnrichApi: {} }`. */
export type CredentialsMap = Record<string, ICredentialDataDecryptedObject>;

/** In-memory stand-in for n8n-core's encrypted `Credentials` (which needs an encryption key). */
export class InMemoryCredentials extends ICredentials {
	constructor(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		private readonly store: CredentialsMap,
	) {
		super(nodeCredentials, type);
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return deepCopy(this.store[this.type] ?? {});
	}

	getDataToSave(): ICredentialsEncrypted {
		const data = JSON.stringify(this.store[this.type] ?? {});
		return { id: this.id, name: this.name, type: this.type, data };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.store[this.type] = deepCopy(data);
	}

	async updateData(
		toUpdate: Partial<ICredentialDataDecryptedObject>,
		toDelete: string[] = [],
	): Promise<void> {
		const next = { ...(this.store[this.type] ?? {}), ...toUpdate };
		for (const key of toDelete) delete next[key];
		this.store[this.type] = next as ICredentialDataDecryptedObject;
	}
}

// The CLI resolves credential expressions on a throw-away workflow with one mock node
// (packages/cli/src/credentials/mock-node-types.ts); the same here.
export const mockNode: INode = {
	id: 'mock',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};
export const mockNodeTypes: INodeTypes = {
	getByName: () => mockNodeType,
	getByNameAndVersion: () => mockNodeType,
	getKnownTypes: () => ({}),
};
const mockNodeType = { description: { properties: [] } } as unknown as INodeType;

/** As in the CLI: requests made by `preAuthentication` obey the credential's own allowlist. */
export function restrictToCredentialDomains(
	helpers: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): IHttpRequestHelper {
	return {
		helpers: {
			httpRequest: async (requestOptions: IHttpRequestOptions) => {
				const allowedDomains = getCredentialOwnRequestAllowedDomains(credentials);
				if (allowedDomains === undefined) {
					return await helpers.helpers.httpRequest(requestOptions);
				}
				if (requestOptions.allowedDomains !== undefined) {
					throw new UserError(
						'This credential restricts requests to specific domains, which cannot be ' +
							'combined with the domains its authentication step asks for.',
					);
				}
				return await helpers.helpers.httpRequest({ ...requestOptions, allowedDomains });
			},
		},
	};
}
