import type {
	IDataObject,
	INode,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { ExtraNodeTypes } from '../../harness';

// A deliberately naive deduplicating trigger, only for the host's own tests (and, through the
// CLI's --node-types-module, for a host running in a child process). It dedupes by
// `body.request_id` in node static data with no in-process guard, so the races the real Apollo
// trigger must survive show up plainly.

export const TEST_TRIGGER_TYPE = 'webhook-host-test.dedupeTrigger';
/** Same node but without `responseData` in its webhook description (n8n's default quirk). */
export const BARE_TEST_TRIGGER_TYPE = 'webhook-host-test.bareDedupeTrigger';

function description(withResponseData: boolean): INodeTypeDescription {
	return {
		displayName: 'Dedupe Test Trigger',
		name: withResponseData ? 'dedupeTrigger' : 'bareDedupeTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Test-only webhook trigger',
		defaults: { name: 'Dedupe Test Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
				// The Webhook node's trick: an expression that evaluates to nothing, so n8n answers
				// a started run with its default `{message: 'Workflow was started'}`.
				...(withResponseData ? { responseData: '={{$parameter["responseData"]}}' } : {}),
			},
		],
		properties: [
			{ displayName: 'Secret', name: 'secret', type: 'string', default: '' },
			{ displayName: 'Static Data Key', name: 'key', type: 'string', default: 'seen' },
		],
	};
}

class DedupeTestTrigger implements INodeType {
	description: INodeTypeDescription;

	constructor(withResponseData: boolean) {
		this.description = description(withResponseData);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const secret = this.getNodeParameter('secret') as string;
		const query = this.getQueryData() as IDataObject;
		if (secret && query.secret !== secret) {
			// Answers itself, as the real trigger does for a bad secret.
			this.getResponseObject().status(401).json({ error: 'invalid secret' });
			return { noWebhookResponse: true };
		}
		const body = (this.getBodyData() ?? {}) as IDataObject;
		const staticData = this.getWorkflowStaticData('node');
		const key = this.getNodeParameter('key') as string;
		const seen = ((staticData[key] as IDataObject | undefined) ??= {});
		if (body.throw === true) {
			seen.mutatedBeforeThrow = true;
			throw new Error('deliberate failure in webhook()');
		}
		const requestId = String(body.request_id);
		if (seen[requestId] !== undefined) {
			return { webhookResponse: { ok: true, duplicate: true, mode: this.getMode() } };
		}
		seen[requestId] = Object.keys(seen).length + 1;
		return { workflowData: [this.helpers.returnJsonArray([body])] };
	}
}

export const testNodeTypes: ExtraNodeTypes = {
	[TEST_TRIGGER_TYPE]: new DedupeTestTrigger(true),
	[BARE_TEST_TRIGGER_TYPE]: new DedupeTestTrigger(false),
};

/** Trigger node JSON as it would appear in a workflow export. */
export function testTriggerNode(overrides: Partial<INode> = {}): INode {
	return {
		id: 'trigger-1',
		name: 'Dedupe Test Trigger',
		type: TEST_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		webhookId: '4f6c1a52-7f0e-4a57-9c1e-5d1b2b3c4d5e',
		...overrides,
	};
}
