/**
 * Serves the real Apollo Webhook Trigger (from dist/, as n8n loads it) through the webhook host,
 * which handles each request as n8n's webhook server does.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { unpack } from '../../nodes/ApolloWebhookTrigger/protocol/packedKeys';
import { closedAfterEach } from '../support/lifecycle';
import { startWebhookHost, type StaticDataStore, type WebhookHost } from './webhook-host';
import { createClient } from './webhook-host/test-helpers';

export const TRIGGER_TYPE = 'n8n-nodes-apollo-enrich.apolloWebhookTrigger';
export const SECRET = 'correct-horse-battery-staple';

export function triggerNode(parameters: IDataObject = {}): INode {
	return {
		id: 'apollo-trigger',
		name: 'Apollo Webhook Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId: '2b8e6f4c-1d3a-4c5b-9e7f-0a1b2c3d4e5f',
		parameters: { verification: 'secret', secret: SECRET, ...parameters },
	};
}

let workflowCounter = 0;

/**
 * Each call is a different workflow unless `workflowId` is given: the trigger's in-process memory
 * is per workflow and node, and lives as long as the (test) process.
 */
export async function startTrigger(
	parameters: IDataObject = {},
	options: { store?: StaticDataStore; storeLatencyMs?: number; mode?: 'production' | 'test'; workflowId?: string; n8nMajor?: 1 | 2 } = {},
): Promise<WebhookHost> {
	return await startWebhookHost({
		node: triggerNode(parameters),
		workflowId: options.workflowId ?? `wf-apollo-${++workflowCounter}`,
		...options,
	});
}

/**
 * A `startTrigger` whose hosts are closed after each test. Call it at the top of a test file:
 * it registers the afterEach hook there.
 */
export function triggerPerTest(): typeof startTrigger {
	return closedAfterEach(startTrigger);
}

/** The URL the node shows and users paste into Apollo Enrich: the secret is its last segment. */
export function shownUrl(trigger: WebhookHost): string {
	return trigger.productionUrl();
}

/** The bare `…/apollo` URL, where the secret comes as `?secret=` (or in a header). */
export function bareUrl(trigger: WebhookHost, query?: Record<string, string>, mode: 'production' | 'test' = 'production'): string {
	const bare = trigger.webhookPaths.find((path) => path.endsWith('/apollo'));
	if (!bare) throw new Error('The trigger registers no bare …/apollo path');
	return mode === 'test' ? trigger.testUrl(query, bare) : trigger.productionUrl(query, bare);
}

/** The digests the trigger stored in a workflow's static data (format 2: one packed string). */
export function storedDigests(staticData: IDataObject, nodeName = 'Apollo Webhook Trigger'): string[] {
	const nodeData = staticData[`node:${nodeName}`] as { dedupe?: { v?: number; keys?: string } } | undefined;
	const dedupe = nodeData?.dedupe;
	if (dedupe === undefined) return [];
	expect(dedupe).toMatchObject({ v: 2, keys: expect.any(String) });
	return unpack(dedupe.keys ?? '').map((entry) => entry.digest);
}

/** What a restart of n8n does to the trigger's in-process memory (the compiled module n8n loads). */
export function forgetInProcessMemory(): void {
	const module = require('../../dist/nodes/ApolloWebhookTrigger/protocol/recentKeys') as { forgetAllRecentKeys: () => void };
	module.forgetAllRecentKeys();
}

export { createClient };
