/**
 * What the trigger bench imports into n8n: two workflows of the same shape, each a webhook that
 * answers as soon as it has the delivery, followed by a No Operation node:
 * - the Apollo Webhook Trigger (secret in the URL, default options);
 * - n8n's own Webhook node (POST, Respond: Immediately), the yardstick.
 * And the deliveries both receive: Apollo waterfall bodies, every one distinct.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import { stringifyJson } from '../fake-apollo';
import type { WorkflowJson } from '../e2e/support/n8n-api';
import { TRIGGER_NODE, TRIGGER_TYPE } from '../e2e/support/workflows';
import { apolloDeliveries } from '../trigger/webhook-host';

export type Receiver = 'apollo' | 'webhook';

export const RECEIVER_LABEL: Record<Receiver, string> = {
	apollo: 'Apollo Webhook Trigger',
	webhook: "n8n's Webhook node",
};

const WEBHOOK_NODE = 'Webhook';
/** The version the editor gives a new trigger (`--trigger-version 1` for workflows made before 1.1). */
export let TRIGGER_VERSION = 1.1;
export function useTriggerVersion(version: number): void {
	TRIGGER_VERSION = version;
}
const NOOP_NODE = 'No Operation, do nothing';

export interface BenchWorkflow {
	receiver: Receiver;
	json: WorkflowJson;
	/** The production URL path after the base URL. */
	path: string;
}

function noOp(after: string): Pick<WorkflowJson, 'connections'> & { node: WorkflowJson['nodes'][number] } {
	return {
		node: { id: 'noop', name: NOOP_NODE, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} },
		connections: { [after]: { main: [[{ node: NOOP_NODE, type: 'main', index: 0 }]] } },
	};
}

/** The trigger of this build, or (`type`, `typeVersion`) of another package installed beside it. */
export function apolloWorkflow(name: string, node: { type?: string; typeVersion?: number } = {}): BenchWorkflow {
	const webhookId = randomUUID();
	const secret = `bench-${randomBytes(16).toString('hex')}`;
	const next = noOp(TRIGGER_NODE);
	return {
		receiver: 'apollo',
		path: `/webhook/${webhookId}/apollo/${secret}`,
		json: {
			name,
			nodes: [
				{
					id: 'trigger',
					name: TRIGGER_NODE,
					type: node.type ?? TRIGGER_TYPE,
					typeVersion: node.typeVersion ?? TRIGGER_VERSION,
					position: [0, 0],
					webhookId,
					parameters: { verification: 'secret', secret },
				},
				next.node,
			],
			connections: next.connections,
		},
	};
}

/** n8n's Webhook node as a user sets it up for "answer at once": POST, Respond Immediately. */
export function webhookWorkflow(name: string): BenchWorkflow {
	const webhookId = randomUUID();
	const next = noOp(WEBHOOK_NODE);
	return {
		receiver: 'webhook',
		path: `/webhook/${webhookId}`,
		json: {
			name,
			nodes: [
				{
					id: 'webhook',
					name: WEBHOOK_NODE,
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId,
					parameters: { httpMethod: 'POST', path: webhookId, responseMode: 'onReceived', options: {} },
				},
				next.node,
			],
			connections: next.connections,
		},
	};
}

/** Distinct waterfall deliveries (two people each), serialised as Apollo sends them. */
export function deliveryTexts(count: number, seed: number): string[] {
	return apolloDeliveries({ count, seed, kinds: ['waterfall'], peoplePerDelivery: 2 }).map((delivery) =>
		stringifyJson(delivery.body),
	);
}
