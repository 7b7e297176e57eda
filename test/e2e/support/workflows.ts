/**
 * The workflows the suite imports, and the shared set-up of an n8n instance for a test file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ROOT, type N8nTarget } from '../setup/versions';
import { packedTarball } from './community-package';
import { N8nApi, type WorkflowJson } from './n8n-api';
import { N8nProcess } from './n8n-process';

export const ENRICH_TYPE = 'n8n-nodes-apollo-enrich.apolloEnrich';
export const TRIGGER_TYPE = 'n8n-nodes-apollo-enrich.apolloWebhookTrigger';
export const CREDENTIAL_TYPE = 'apolloEnrichApi';
export const EXAMPLE_TRIGGER = 'When clicking ‘Execute workflow’';
export const ENRICH_NODE = 'Apollo Enrich';
export const TRIGGER_NODE = 'Apollo Webhook Trigger';

export interface Instance {
	n8n: N8nProcess;
	api: N8nApi;
}

/**
 * A fresh n8n with the packed package installed and an owner with an API key. `env` adds to
 * n8n's environment (see N8nProcessOptions.env).
 */
export async function startInstance(
	target: N8nTarget,
	nodeBin: string,
	name: string,
	env?: Record<string, string>,
): Promise<Instance> {
	const n8n = new N8nProcess({ target, nodeBin, tarball: packedTarball(), name, env });
	try {
		await n8n.setUp();
		const api = new N8nApi(n8n.baseUrl);
		await api.setUpOwner();
		return { n8n, api };
	} catch (error) {
		await n8n.dispose();
		throw error;
	}
}

export async function stopInstance(instance: Instance | undefined): Promise<void> {
	if (!instance) return;
	await instance.api.close();
	await instance.n8n.dispose();
}

/** examples/bulk-enrich.workflow.json as shipped, with its credential reference swapped in. */
/** The Search → Bulk Enrich example, and the names of its two Apollo Enrich nodes. */
export const SEARCH_EXAMPLE = 'search-then-enrich.workflow.json';
export const SEARCH_NODE = 'Search Apollo People';
export const ENRICH_BY_ID_NODE = 'Enrich by Apollo Person ID';

/** A workflow from examples/ as a user imports it, its Apollo credential set to `credential`. */
export function exampleEnrichWorkflow(credential: { id: string; name: string }, name = 'bulk-enrich.workflow.json'): WorkflowJson {
	const file = path.join(ROOT, 'examples', name);
	const workflow = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
	for (const node of workflow.nodes) {
		const credentials = node.credentials as Record<string, unknown> | undefined;
		if (credentials?.[CREDENTIAL_TYPE]) credentials[CREDENTIAL_TYPE] = credential;
	}
	return workflow;
}

/** Manual Trigger with pinned people → Apollo Enrich (Bulk Enrich, Reveal Phone Number, raw output). */
export function revealPhonesWorkflow(credential: { id: string; name: string }, emails: string[], webhookUrl: string): WorkflowJson {
	return enrichWorkflow(
		'E2E: reveal phones',
		credential,
		emails.map((email) => ({ email })),
		{ operation: 'bulkEnrich', email: '={{ $json.email }}', revealPhoneNumber: true, asyncResults: { webhookUrl }, simplify: false },
	);
}

/** Manual Trigger with pinned items → Apollo Enrich with the given parameters. */
export function enrichWorkflow(
	name: string,
	credential: { id: string; name: string },
	inputs: Array<Record<string, unknown>>,
	parameters: Record<string, unknown>,
): WorkflowJson {
	return {
		name,
		nodes: [
			{ id: 'manual', name: EXAMPLE_TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'enrich',
				name: ENRICH_NODE,
				type: ENRICH_TYPE,
				typeVersion: 1,
				position: [240, 0],
				parameters: { resource: 'person', ...parameters },
				credentials: { [CREDENTIAL_TYPE]: credential },
			},
		],
		connections: { [EXAMPLE_TRIGGER]: { main: [[{ node: ENRICH_NODE, type: 'main', index: 0 }]] } },
		pinData: { [EXAMPLE_TRIGGER]: inputs.map((json) => ({ json })) },
	};
}

/**
 * A workflow that is only the Apollo Webhook Trigger, secret in the URL, default options, in the
 * version the editor gives a new node (1.1; the webhook-host tests run version 1).
 */
export function triggerWorkflow(name: string, webhookId: string, secret: string, typeVersion = 1.1): WorkflowJson {
	return {
		name,
		nodes: [
			{
				id: 'trigger',
				name: TRIGGER_NODE,
				type: TRIGGER_TYPE,
				typeVersion,
				position: [0, 0],
				webhookId,
				parameters: { verification: 'secret', secret },
			},
		],
		connections: {},
	};
}

/**
 * The Production URL the trigger shows in the editor: n8n puts a node's `webhookId` in front of
 * the description's path unless the webhook is declared `isFullPath`.
 */
/** The trigger's production URL as the node shows it (the secret its last segment), or bare. */
export function productionUrl(baseUrl: string, webhookId: string, secret?: string): string {
	const url = `${baseUrl}/webhook/${webhookId}/apollo`;
	return secret === undefined ? url : `${url}/${encodeURIComponent(secret)}`;
}

/** The bare URL with the secret as `?secret=`, the other form the trigger accepts. */
export function queryUrl(baseUrl: string, webhookId: string, secret: string): string {
	return `${baseUrl}/webhook/${webhookId}/apollo?secret=${encodeURIComponent(secret)}`;
}
