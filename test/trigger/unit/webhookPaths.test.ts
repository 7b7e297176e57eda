import type { INode, INodeParameters, INodeType, INodeTypes, IWebhookDescription } from 'n8n-workflow';
import { resolveWebhookDescriptionField, Workflow } from 'n8n-workflow';

import { pathFields, previousSecretPathOf, secretPathOf, secretSegment, templateOf } from '../../../nodes/ApolloWebhookTrigger/webhookPaths';

// The real node type: n8n keeps only the parameters the description declares.
const { ApolloWebhookTrigger } = require('../../../dist/nodes/ApolloWebhookTrigger/ApolloWebhookTrigger.node.js') as { ApolloWebhookTrigger: new () => INodeType };
const nodeType = new ApolloWebhookTrigger();
const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) } as INodeTypes;

const node = (parameters: INodeParameters): INode => ({
	id: 'node-1',
	name: 'Apollo Webhook Trigger',
	type: 'n8n-nodes-apollo-enrich.apolloWebhookTrigger',
	typeVersion: 1.1,
	position: [0, 0],
	parameters,
});

/** What n8n's expression engine (the editor's, and n8n 1.x's backend) makes of a template. */
function byEngine(template: string, parameters: INodeParameters): unknown {
	const workflow = new Workflow({ id: 'wf', nodes: [node(parameters)], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(workflow.getNode('Apollo Webhook Trigger') as INode, template, 'internal', {});
}

const cases: Array<[string, INodeParameters]> = [
	['a URL-safe secret', { verification: 'secret', secret: 'Ab-9_x' }],
	['a secret a URL must encode', { verification: 'secret', secret: 'a b+c?d#e%fé/' }],
	['no secret yet', { verification: 'secret', secret: '' }],
	['no verification', { verification: 'none', secret: 'ignored' }],
	['a previous secret', { secret: 'new-one', options: { previousSecret: 'old one/x' } }],
	['a previous secret equal to the secret', { secret: 'same', options: { previousSecret: 'same' } }],
	['a previous secret "open" without verification', { verification: 'none', options: { previousSecret: 'open' } }],
];

describe('webhook paths', () => {
	it.each(cases)('are the same from the function and from its expression, for %s', (_name, parameters) => {
		for (const pathOf of [secretPathOf, previousSecretPathOf]) {
			expect(byEngine(templateOf(pathOf), parameters)).toBe(pathOf(node(parameters).parameters));
		}
	});

	it('carry a secret as a segment n8n\'s decoding leaves alone, the one the node compares', () => {
		for (const secret of ['Ab-9_x.~', 'a b+c?d#e%fé/', ':starts', 'x/:y']) {
			const segment = secretSegment(secret);
			expect(secretPathOf({ secret })).toBe(`apollo/${segment}`);
			expect(decodeURIComponent(segment)).toBe(segment);
			expect(segment).not.toMatch(/[/:%]/);
		}
		expect(secretSegment('Ab-9_x.~')).toBe('Ab-9_x.~');
	});

	it('never give the previous secret the path of the current one', () => {
		for (const [, parameters] of cases) {
			const withDefaults = byEngine('={{ $parameter }}', parameters) as INodeParameters;
			expect(previousSecretPathOf(withDefaults)).not.toBe(secretPathOf(withDefaults));
		}
		expect(previousSecretPathOf({ secret: 'new', options: { previousSecret: 'old' } })).toBe('apollo/old');
		expect(previousSecretPathOf({ secret: 'new' })).toBe('apollo/previous/none');
	});

	it('let n8n 2.41 resolve them without its expression engine, for static parameters only', () => {
		const description: IWebhookDescription = { name: 'default', httpMethod: 'POST', ...pathFields(secretPathOf) };
		expect(resolveWebhookDescriptionField(node({ verification: 'secret', secret: 's3' }), description, 'path')).toEqual({ resolved: true, value: 'apollo/s3' });
		expect(resolveWebhookDescriptionField(node({ verification: 'secret', secret: '={{ $env.S }}' }), description, 'path')).toEqual({ resolved: false });
		// What the editor receives (JSON) is the template alone.
		expect(JSON.parse(JSON.stringify(description))).toEqual({ name: 'default', httpMethod: 'POST', path: templateOf(secretPathOf) });
	});
});
