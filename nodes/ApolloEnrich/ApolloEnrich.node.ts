import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { personOperations, personProperties, type PersonOperationName } from './resources/person';
import { CREDENTIAL_TYPE } from './shared/transport';

export class ApolloEnrich implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apollo Enrich',
		name: 'apolloEnrich',
		icon: { light: 'file:apollo.svg', dark: 'file:apollo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Enrich people with Apollo.io, one by one or in bulk',
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
				options: [{ name: 'Person', value: 'person' }],
				default: 'person',
			},
			...personProperties,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Resource and operation cannot vary per item (noDataExpression), so item 0 decides.
		const operation = this.getNodeParameter('operation', 0) as PersonOperationName;
		const run = personOperations[operation];
		if (run === undefined) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
		}
		return [await run.call(this)];
	}
}
