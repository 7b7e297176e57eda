/**
 * Apollo Enrich as an AI Agent tool, run the way n8n runs tool nodes: the node's description is
 * turned into its `…Tool` variant (as n8n's CLI does for `usableAsTool` nodes), an agent-like
 * node asks n8n-core for its connected tools (getInputConnectionData → createNodeAsTool), and
 * invokes the tool with arguments a model would send, filling `$fromAI()` parameters.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { deepCopy, NodeConnectionTypes } from 'n8n-workflow';

import { runWorkflow } from '../harness';
import type { FakeApollo } from '../fake-apollo';
import { credentialsFor, fakePerTest } from './support';

const ROOT = '../..';
type ToolLike = { name: string; description: string; schema: unknown; invoke: (args: IDataObject) => Promise<string> };

/** What n8n's CLI does to a `usableAsTool` node (packages/cli …/convert-node-to-ai-tool.ts). */
function asTool(node: INodeType): INodeType {
	const description = deepCopy(node.description) as INodeTypeDescription;
	description.name += 'Tool';
	description.displayName += ' Tool';
	description.inputs = [];
	description.outputs = [NodeConnectionTypes.AiTool];
	delete description.usableAsTool;
	const toolDescription: INodeProperties = {
		displayName: 'Description',
		name: 'toolDescription',
		type: 'string',
		default: description.description,
		displayOptions: { show: { descriptionType: ['manual'] } },
	};
	const descriptionType: INodeProperties = {
		displayName: 'Tool Description',
		name: 'descriptionType',
		type: 'options',
		options: [
			{ name: 'Set Automatically', value: 'auto' },
			{ name: 'Set Manually', value: 'manual' },
		],
		default: 'auto',
	};
	description.properties = [descriptionType, toolDescription, ...description.properties];
	return Object.assign(Object.create(Object.getPrototypeOf(node) as object) as INodeType, node, { description });
}

/** Stands in for the AI Agent: calls its connected tool once per input item with `args`. */
class ToolCaller implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tool Caller',
		name: 'toolCaller',
		group: ['transform'],
		version: 1,
		description: 'Test-only agent stand-in',
		defaults: { name: 'Tool Caller' },
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, required: true }],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const connected = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as ToolLike[] | ToolLike;
		const tools = Array.isArray(connected) ? connected : [connected];
		const output: INodeExecutionData[] = [];
		for (const [index, item] of this.getInputData().entries()) {
			const tool = tools[0];
			const reply = await tool.invoke(item.json.args as IDataObject);
			const schemaKeys = Object.keys((tool.schema as { shape?: object }).shape ?? {});
			output.push({ json: { tool: tool.name, description: tool.description, schemaKeys, reply: JSON.parse(reply) as IDataObject }, pairedItem: { item: index } });
		}
		return [output];
	}
}

/** A workflow where the Tool Caller invokes Apollo Enrich's tool variant once with `args`. */
async function runAsTool(fake: FakeApollo, parameters: INodeParameters, args: IDataObject) {
	const { nodes } = require(ROOT) as { nodes: { ApolloEnrich: new () => INodeType } };
	const result = await runWorkflow({
		workflow: {
			nodes: [
				{ id: 't', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{ id: 'a', name: 'Tool Caller', type: 'test.toolCaller', typeVersion: 1, position: [200, 0], parameters: {} },
				{
					id: 'e',
					name: 'Apollo Enrich',
					type: 'n8n-nodes-apollo-enrich.apolloEnrichTool',
					typeVersion: 1,
					position: [200, 200],
					parameters,
					credentials: { apolloEnrichApi: { id: '1', name: 'Apollo (fake)' } },
				},
			],
			connections: {
				'Manual Trigger': { main: [[{ node: 'Tool Caller', type: 'main', index: 0 }]] },
				'Apollo Enrich': { ai_tool: [[{ node: 'Tool Caller', type: 'ai_tool', index: 0 }]] },
			},
			pinData: { 'Manual Trigger': [{ json: { args } }] },
			settings: { executionOrder: 'v1' },
		},
		credentials: credentialsFor(fake),
		extraNodeTypes: {
			'test.toolCaller': new ToolCaller(),
			'n8n-nodes-apollo-enrich.apolloEnrichTool': asTool(new nodes.ApolloEnrich()),
		},
	});
	expect(result.error).toBeUndefined();
	return result.output('Tool Caller')[0];
}

describe('Apollo Enrich as an AI Agent tool', () => {
	const startFake = fakePerTest();

	it('declares usableAsTool and enriches a person with arguments a model fills in', async () => {
		const { nodes } = require(ROOT) as { nodes: { ApolloEnrich: new () => INodeType } };
		expect(new nodes.ApolloEnrich().description.usableAsTool).toBe(true);

		const fake = await startFake();
		const person = fake.directory[3];
		const output = await runAsTool(
			fake,
			{
				resource: 'person',
				operation: 'enrich',
				email: "={{ $fromAI('email', 'The work email address of the person to look up', 'string') }}",
				domain: "={{ $fromAI('company_domain', 'The company website domain, if known', 'string') }}",
			},
			{ email: person.email, company_domain: '' },
		);
		expect(output.json.tool).toBe('Apollo_Enrich');
		// The model sees exactly the $fromAI() parameters, with their descriptions.
		expect(output.json.schemaKeys).toEqual(['email', 'company_domain']);
		expect(String(output.json.description)).toMatch(/Apollo/);
		// Simplify is on by default: the model reads one flat record, not Apollo's nested one.
		const reply = output.json.reply as IDataObject[];
		expect(reply).toHaveLength(1);
		expect(reply[0]).toMatchObject({ matched: true, apolloId: person.id, name: person.name, email: person.email });
		expect(reply[0]).not.toHaveProperty('apollo');
		const calls = fake.requestLog.filter((entry) => entry.route === 'match');
		expect(calls.map((call) => call.query)).toEqual([{ email: person.email }]);
	});

	it('searches people with filters and a limit a model fills in', async () => {
		const fake = await startFake();
		const output = await runAsTool(
			fake,
			{
				resource: 'person',
				operation: 'search',
				limit: "={{ $fromAI('max_results', 'How many people to return at most', 'number') }}",
				filters: {
					jobTitles: "={{ $fromAI('job_titles', 'Job titles to look for, separated by commas', 'string') }}",
					organizationDomains: "={{ $fromAI('company_domains', 'Company website domains, separated by commas', 'string') }}",
				},
			},
			{ job_titles: 'VP of Sales, Head of Marketing', company_domains: 'acme-robotics.example, cobaltpixel.example', max_results: 3 },
		);
		expect([...(output.json.schemaKeys as string[])].sort()).toEqual(['company_domains', 'job_titles', 'max_results']);
		// n8n's automatic tool description comes from the operation's action.
		expect(output.json.description).toBe('Search people in Apollo Enrich');
		const reply = output.json.reply as Array<IDataObject & { apollo: IDataObject }>;
		const expected = fake.directory.filter(
			(p) => ['acme-robotics.example', 'cobaltpixel.example'].includes(p.organization.primary_domain) && ['VP of Sales', 'Head of Marketing'].includes(p.title),
		);
		expect(reply.map((person) => person.id)).toEqual(expected.slice(0, 3).map((p) => p.id));
		expect(reply[0].apollo).toMatchObject({ operation: 'search', page: 1, position: 1, totalEntries: 4 });
		const calls = fake.requestLog.filter((entry) => entry.route === 'people_search');
		expect(calls.map((call) => call.body)).toEqual([
			{
				person_titles: ['VP of Sales', 'Head of Marketing'],
				include_similar_titles: true,
				q_organization_domains_list: ['acme-robotics.example', 'cobaltpixel.example'],
				page: 1,
				per_page: 3,
			},
		]);
	});
});
