import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { organizationOperations, organizationProperties } from './resources/organization';
import { personOperations, personProperties } from './resources/person';
import { CREDENTIAL_TYPE } from './shared/transport';

type Operation = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

const OPERATIONS: Record<string, Record<string, Operation>> = {
	organization: organizationOperations,
	person: personOperations,
};

/** Only the map's own entries: a parameter value such as "constructor" must not find anything. */
function own<T>(map: Record<string, T>, key: string): T | undefined {
	return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

export class ApolloEnrich implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apollo Enrich',
		name: 'apolloEnrich',
		icon: { light: 'file:../../icons/apollo.svg', dark: 'file:../../icons/apollo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Enrich people and organizations with Apollo.io, one by one or in bulk',
		defaults: { name: 'Apollo Enrich' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Organization', value: 'organization' },
					{ name: 'Person', value: 'person' },
				],
				default: 'person',
			},
			...personProperties,
			...organizationProperties,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Resource and operation cannot vary per item (noDataExpression), so item 0 decides.
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
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
