import './env';

import { CredentialTestContext, ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunction,
	ICredentialTestRequestData,
	ICredentialType,
	IDataObject,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';

import { buildAdditionalData } from './additional-data';
import { HarnessCredentialsHelper } from './credentials-helper';
import type { ExtraNodeTypes } from './node-types';
import { HarnessCredentialTypes, HarnessNodeTypes } from './node-types';
import { loadPackage } from './package-loader';
import { NO_OP_NODE_TYPE } from './stand-in-nodes';

export interface TestCredentialOptions {
	credentialType: string;
	/** The data as typed into the credential form (defaults are applied, as n8n does). */
	data: ICredentialDataDecryptedObject;
	packageDir?: string;
	extraCredentialTypes?: ICredentialType[];
	extraNodeTypes?: ExtraNodeTypes;
}

/**
 * The credential modal's "Test" button, reproduced from n8n's CLI `CredentialsTester`
 * (packages/cli/src/services/credentials-tester.service.ts).
 *
 * Faithful (same n8n-core code path, same decisions):
 * - Test lookup: the credential type's `test`, else a supported node's `testedBy` (a
 *   `methods.credentialTest` function, or a request definition run with that node type);
 *   credentials extending oAuth2Api pass only if they hold an access token.
 * - Defaults of the credential properties are applied to `data` first.
 * - A request test becomes a one-property temporary node whose `routing.request` is
 *   `test.request`, run through n8n-core's `RoutingNode` with an `ExecuteContext` in mode
 *   'internal'. So `baseURL`/`url` expressions with `$credentials`, the credential's
 *   `authenticate`, and n8n's HTTP client and error wrapping are the real ones.
 * - Result mapping: on error, `rules` of type `responseCode` first, then any non-2xx status ->
 *   the status text or "Received HTTP status code: N", then `cause.code` (e.g. ECONNREFUSED),
 *   then the error message; on success, `responseSuccessBody` rules, then "Connection successful!".
 * Approximated:
 * - No credential overwrites, external secrets or `$secrets` redaction of messages.
 * - The temporary node's type is 'n8n-nodes-base.noOp' (a stand-in) unless `testedBy` names a node.
 * - Errors are not sent to the error reporter.
 */
export async function testCredential(
	options: TestCredentialOptions,
): Promise<INodeCredentialTestResult> {
	const { credentialType } = options;
	const packages = [await loadPackage(options.packageDir)];
	const nodeTypes = new HarnessNodeTypes(packages, options.extraNodeTypes);
	const credentialTypes = new HarnessCredentialTypes(packages, options.extraCredentialTypes);
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, {
		[credentialType]: options.data,
	});
	const additionalData = buildAdditionalData({ credentialsHelper });

	const testFunction = getCredentialTestFunction(credentialType, credentialTypes, nodeTypes);
	if (testFunction === undefined) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'harness-credential',
		name: `${credentialType} (harness)`,
		type: credentialType,
		data: options.data,
	};
	try {
		credentialsDecrypted.data = await credentialsHelper.applyDefaultsAndOverwrites(
			additionalData,
			options.data,
			credentialType,
			'internal',
		);
	} catch (error) {
		return { status: 'Error', message: String((error as Error).message) };
	}

	if (typeof testFunction === 'function') {
		return await testFunction.call(new CredentialTestContext(), credentialsDecrypted);
	}

	const baseType = testFunction.nodeType ?? nodeTypes.getByNameAndVersion(NO_OP_NODE_TYPE);
	const tempType = testFunction.nodeType ? baseType.description.name : NO_OP_NODE_TYPE;
	const { version } = baseType.description;
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: tempType,
		typeVersion: Array.isArray(version) ? version[version.length - 1] : version,
		position: [0, 0],
		credentials: {
			[credentialType]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	};
	const nodeTypeCopy: INodeType = {
		description: {
			...baseType.description,
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testFunction.testRequest.request },
					default: '',
				},
			],
		},
	};
	const mockNodeTypes: INodeTypes = {
		getKnownTypes: () => ({}),
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: (_type, typeVersion) =>
			NodeHelpers.getVersionedNodeType(nodeTypeCopy, typeVersion),
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: mockNodeTypes,
	});
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData({ resultData: { runData: {} } }),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	const routingNode = new RoutingNode(context, nodeTypeCopy, credentialsDecrypted);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		return mapTestError(caught, testFunction);
	}

	for (const rule of testFunction.testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const responseData = response?.[0]?.[0]?.json;
		if (getPath(responseData, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

interface TestError {
	message: string;
	cause?: { code?: string; response?: { status: number; statusText?: string } };
}

function mapTestError(caught: unknown, testFunction: ICredentialTestRequestData) {
	const error = caught as TestError;
	const result = (message: string): INodeCredentialTestResult => ({ status: 'Error', message });
	if (error.cause?.response) {
		const { status, statusText } = error.cause.response;
		for (const rule of testFunction.testRequest.rules ?? []) {
			if (rule.type === 'responseCode' && status === rule.properties.value) {
				return result(rule.properties.message);
			}
		}
		if (status < 199 || status > 299) {
			return result(statusText || `Received HTTP status code: ${status}`);
		}
	} else if (error.cause?.code) {
		return result(error.cause.code);
	}
	return result(String(error.message));
}

/** `lodash.get` for the dotted keys of a `responseSuccessBody` rule. */
function getPath(data: IDataObject | undefined, key: string): unknown {
	let value: unknown = data;
	for (const part of key.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

function getCredentialTestFunction(
	credentialType: string,
	credentialTypes: HarnessCredentialTypes,
	nodeTypes: HarnessNodeTypes,
): ICredentialTestFunction | ICredentialTestRequestData | undefined {
	const type = credentialTypes.getByName(credentialType);
	if (type.test) return { testRequest: type.test };

	for (const nodeName of credentialTypes.getSupportedNodes(credentialType)) {
		const node = nodeTypes.getByName(nodeName);
		const versions: INodeType[] = isVersioned(node) ? Object.values(node.nodeVersions) : [node];
		for (const nodeType of versions) {
			for (const { name, testedBy } of nodeType.description.credentials ?? []) {
				if (name !== credentialType) continue;
				if (name === 'oAuth2Api' || credentialTypes.getParentTypes(name).includes('oAuth2Api')) {
					return oauth2CredentialTest;
				}
				if (!testedBy) continue;
				if (typeof testedBy === 'string') return findTestMethod(node, testedBy);
				return { nodeType, testRequest: testedBy };
			}
		}
	}
	return undefined;
}

function findTestMethod(
	node: INodeType | IVersionedNodeType,
	method: string,
): ICredentialTestFunction | undefined {
	if (isVersioned(node)) {
		// Latest version first, as the CLI does.
		const versions = Object.keys(node.nodeVersions).sort().reverse();
		for (const version of versions) {
			const credentialTest = node.nodeVersions[Number(version)].methods?.credentialTest;
			if (credentialTest && method in credentialTest) return credentialTest[method];
		}
		return undefined;
	}
	return node.methods?.credentialTest?.[method];
}

async function oauth2CredentialTest(
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const tokenData = credential.data?.oauthTokenData;
	return tokenData && typeof tokenData === 'object' && 'access_token' in tokenData
		? { status: 'OK', message: 'Connection Successful!' }
		: { status: 'Error', message: 'This OAuth2 credential was not connected to an account.' };
}

function isVersioned(node: INodeType | IVersionedNodeType): node is IVersionedNodeType {
	return 'nodeVersions' in node;
}
