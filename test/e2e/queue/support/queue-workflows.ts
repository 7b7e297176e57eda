/**
 * Workflows the queue-mode suite imports besides the shared ones (support/workflows.ts): n8n's
 * own Webhook node as the control for executions left running, a production enrichment behind a
 * webhook, and a large Bulk Enrich for the worker that dies mid-run.
 */
import type { WorkflowJson } from '../../support/n8n-api';
import { CREDENTIAL_TYPE, ENRICH_NODE, ENRICH_TYPE, EXAMPLE_TRIGGER } from '../../support/workflows';

type Credential = { id: string; name: string };

const WEBHOOK = 'Webhook';

function webhookNode(path: string): WorkflowJson['nodes'][number] {
	return {
		id: 'webhook',
		name: WEBHOOK,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: path,
		// "Respond: Immediately", like the Apollo trigger (responseMode onReceived).
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
}

function chain(names: string[]): WorkflowJson['connections'] {
	const connections: WorkflowJson['connections'] = {};
	for (let i = 0; i + 1 < names.length; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

/** n8n's Webhook node (respond immediately) → No Operation: the control of issue 15. */
export function controlWebhookWorkflow(path: string): WorkflowJson {
	const noOp = { id: 'noop', name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} };
	return { name: 'E2E queue: Webhook → No Operation', nodes: [webhookNode(path), noOp], connections: chain([WEBHOOK, noOp.name]) };
}

/** Bulk Enrich by email; `parameters` as the node has them (see built-node.ts). */
function enrichNode(credential: Credential, parameters: Record<string, unknown>): WorkflowJson['nodes'][number] {
	return {
		id: 'enrich',
		name: ENRICH_NODE,
		type: ENRICH_TYPE,
		typeVersion: 1,
		position: [480, 0],
		parameters: { resource: 'person', operation: 'bulkEnrich', email: '={{ $json.email }}', ...parameters },
		credentials: { [CREDENTIAL_TYPE]: credential },
	};
}

/** Production: a POST of `{people: [{email}]}` → one item per person → Bulk Enrich, on a worker. */
export function webhookEnrichWorkflow(credential: Credential, path: string): WorkflowJson {
	const split = {
		id: 'split',
		name: 'Split Out',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [240, 0],
		parameters: { fieldToSplitOut: 'body.people', options: {} },
	};
	return {
		name: 'E2E queue: webhook → Bulk Enrich',
		nodes: [webhookNode(path), split, enrichNode(credential, {})],
		connections: chain([WEBHOOK, split.name, ENRICH_NODE]),
	};
}

/** Manual trigger with pinned people → Bulk Enrich with the given parameters (a long run). */
export function largeBulkEnrichWorkflow(credential: Credential, emails: string[], parameters: Record<string, unknown>): WorkflowJson {
	const manual = { id: 'manual', name: EXAMPLE_TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	return {
		name: 'E2E queue: large Bulk Enrich',
		nodes: [manual, enrichNode(credential, parameters)],
		connections: chain([EXAMPLE_TRIGGER, ENRICH_NODE]),
		pinData: { [EXAMPLE_TRIGGER]: emails.map((email) => ({ json: { email } })) },
	};
}
