import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { organizationOperations, organizationProperties } from './resources/organization';
import { personOperations, personProperties } from './resources/person';
import { CREDENTIAL_TYPE } from './shared/transport';

/** The package's how-to, where the node's Docs link leads (n8n uses an http(s) URL as it is). */
export const DOCUMENTATION_URL =
	'https://github.com/n8n-nodes-apollo-enrich/n8n-nodes-apollo-enrich#your-first-bulk-enrichment-in-the-editor';

/** The value n8n gives the "Custom API Call" entry it adds to some nodes' Resource and Operation. */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

type Operation = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

const OPERATIONS: Record<string, Record<string, Operation>> = {
	organization: organizationOperations,
	person: personOperations,
};

/** Only the map's own entries: a parameter value such as "constructor" must not find anything. */
function own<T>(map: Record<string, T>, key: string): T | undefined {
	return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Organization', value: 'organization' },
		{ name: 'Person', value: 'person' },
	],
	default: 'person',
};

const properties: INodeProperties[] = [resourceProperty, ...personProperties, ...organizationProperties];

/** Each option value of the named parameters, with the name the user picked it by. */
function optionNames(parameter: string): Record<string, string> {
	const names: Record<string, string> = {};
	for (const property of properties) {
		if (property.name !== parameter) continue;
		for (const option of property.options ?? []) {
			if ('value' in option && typeof option.value === 'string') names[option.value] = option.name;
		}
	}
	return names;
}

/**
 * The canvas subtitle in the names the user picked, e.g. "Bulk Enrich: Person", in n8n's
 * "operation: resource" order. A value without a name shows as it is: the editor then still
 * recognises "__CUSTOM_API_CALL__" and shows no subtitle for it.
 */
function subtitleExpression(): string {
	const name = (parameter: string) =>
		`(${JSON.stringify(optionNames(parameter))}[$parameter["${parameter}"]] || $parameter["${parameter}"])`;
	return `={{ ${name('operation')} + ": " + ${name('resource')} }}`;
}

export class ApolloEnrich implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apollo Enrich',
		name: 'apolloEnrich',
		icon: { light: 'file:../../icons/apollo.svg', dark: 'file:../../icons/apollo.dark.svg' },
		group: ['transform'],
		// A one-element list, not the number 1: n8n adds its "Custom API Call" entry to Resource and
		// Operation only where `defaultVersion === version`, which a list never equals (this is why
		// n8n's own Slack, HubSpot and Google Sheets nodes have no such entry either). That entry
		// only points to the HTTP Request node, which takes this credential as it is.
		version: [1],
		defaultVersion: 1,
		subtitle: subtitleExpression(),
		description: 'Enrich people and organizations with Apollo.io, one by one or in bulk',
		documentationUrl: DOCUMENTATION_URL,
		defaults: { name: 'Apollo Enrich' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Resource and operation cannot vary per item (noDataExpression), so item 0 decides.
		const resource = this.getNodeParameter('resource', 0) as string;
		if (resource === CUSTOM_API_CALL) throw customApiCallError(this);
		const operation = this.getNodeParameter('operation', 0) as string;
		if (operation === CUSTOM_API_CALL) throw customApiCallError(this);
		const operations = own(OPERATIONS, resource);
		const run = operations && own(operations, operation);
		if (run === undefined) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" is not supported for the resource "${resource}"`,
			);
		}
		return [await run.call(this)];
	}
}

/**
 * A workflow saved where n8n offered "Custom API Call" (a future n8n may offer it again): say
 * where such calls are made instead of "not supported".
 */
function customApiCallError(ctx: IExecuteFunctions): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), 'Custom API Call is made with the HTTP Request node', {
		description:
			'Add an HTTP Request node, set Authentication to Predefined Credential Type and Credential Type to Apollo Enrich API, and the URL to the Apollo endpoint, e.g. https://api.apollo.io/api/v1/organizations/search. n8n then sends your API key. In this node, choose Enrich, Bulk Enrich or Get Webhook Result.',
	});
}
