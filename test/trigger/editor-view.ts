/**
 * What n8n's editor shows for a trigger's node description, decided with the same n8n-workflow
 * functions the editor uses: which webhook URLs the node panel lists (each webhook's `ndvHideUrl`
 * expression, evaluated for the node's parameters, then the URL from its path), which notices are
 * visible (`displayOptions`), and which parameters have issues (which keep a workflow from being
 * activated). Used on the node's own description and on the one a real n8n serves.
 */
import type { INode, INodeParameters, INodeType, INodeTypeDescription, INodeTypes, IWebhookDescription } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

export const EDITOR_BASE_URL = 'https://n8n.example.com/webhook';
export const EDITOR_WEBHOOK_ID = '2b8e6f4c-1d3a-4c5b-9e7f-0a1b2c3d4e5f';

export class EditorView {
	private readonly nodeTypes: INodeTypes;

	constructor(private readonly description: INodeTypeDescription) {
		const nodeType = { description } as INodeType;
		this.nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	}

	/** The node as the editor holds it: the given parameters plus every default. */
	node(parameters: INodeParameters): INode {
		const version = Array.isArray(this.description.version) ? Math.max(...this.description.version) : this.description.version;
		const node: INode = {
			id: 'trigger-node',
			name: 'Apollo Webhook Trigger',
			type: `n8n-nodes-apollo-enrich.${this.description.name}`,
			typeVersion: version,
			position: [0, 0],
			webhookId: EDITOR_WEBHOOK_ID,
			parameters,
		};
		node.parameters = NodeHelpers.getNodeParameters(this.description.properties, parameters, true, false, node, this.description) ?? {};
		return node;
	}

	private evaluate(node: INode, value: unknown): unknown {
		const workflow = new Workflow({ id: 'wf-editor', nodes: [node], connections: {}, active: false, nodeTypes: this.nodeTypes });
		return workflow.expression.getSimpleParameterValue(node, value as string, 'internal', {});
	}

	/** The production URLs the node panel lists (n8n's NodeWebhooks: `ndvHideUrl`, then the URL). */
	shownUrls(parameters: INodeParameters): string[] {
		const node = this.node(parameters);
		const webhooks = (this.description.webhooks ?? []) as IWebhookDescription[];
		return webhooks
			.filter((webhook) => (typeof webhook.ndvHideUrl === 'string' ? !this.evaluate(node, webhook.ndvHideUrl) : !webhook.ndvHideUrl))
			.map((webhook) =>
				NodeHelpers.getNodeWebhookUrl(EDITOR_BASE_URL, 'wf-editor', node, String(this.evaluate(node, webhook.path)), Boolean(webhook.isFullPath)),
			);
	}

	visibleNotices(parameters: INodeParameters): string[] {
		const node = this.node(parameters);
		return this.description.properties
			.filter((property) => property.type === 'notice')
			.filter((property) => NodeHelpers.displayParameter(node.parameters, property, node, this.description))
			.map((property) => property.name);
	}

	issues(parameters: INodeParameters): string[] {
		const node = this.node(parameters);
		const found = NodeHelpers.getNodeParametersIssues(this.description.properties, node, this.description);
		return Object.keys(found?.parameters ?? {});
	}
}
