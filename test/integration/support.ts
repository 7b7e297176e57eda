/**
 * Runs Apollo Enrich the way n8n does — a workflow (Manual Trigger with pinned input items →
 * Apollo Enrich) through real n8n-core — against the fake Apollo on 127.0.0.1.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startFakeApollo, type FakeApollo, type FakeApolloOptions } from '../fake-apollo';
import { runWorkflow, type RunWorkflowResult } from '../harness';

export const ENRICH_NODE_TYPE = 'n8n-nodes-apollo-enrich.apolloEnrich';
const TRIGGER = 'Manual Trigger';
export const ENRICH = 'Apollo Enrich';

export interface EnrichRun {
	result: RunWorkflowResult;
	/** Apollo Enrich's output items (empty when the node failed). */
	items: INodeExecutionData[];
	error: RunWorkflowResult['error'];
}

export interface RunOptions {
	continueOnFail?: boolean;
	apiKey?: string;
}

export async function runEnrich(
	fake: FakeApollo,
	parameters: IDataObject,
	inputs: IDataObject[],
	options: RunOptions = {},
): Promise<EnrichRun> {
	const result = await runWorkflow({
		workflow: {
			nodes: [
				{
					id: 'trigger',
					name: TRIGGER,
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'enrich',
					name: ENRICH,
					type: ENRICH_NODE_TYPE,
					typeVersion: 1,
					position: [200, 0],
					parameters: { resource: 'person', ...parameters },
					credentials: { apolloEnrichApi: { id: '1', name: 'Apollo (fake)' } },
					...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
				},
			],
			connections: { [TRIGGER]: { main: [[{ node: ENRICH, type: 'main', index: 0 }]] } },
			pinData: { [TRIGGER]: inputs.map((json) => ({ json })) },
			settings: { executionOrder: 'v1' },
		},
		credentials: { apolloEnrichApi: { apiKey: options.apiKey ?? fake.apiKey, baseUrl: fake.url } },
	});
	const items = result.error ? [] : result.output(ENRICH);
	return { result, items, error: result.error };
}

/** Parameters that map the usual input columns, as a user would with expressions. */
export const MAPPED_IDENTIFIERS: IDataObject = {
	email: '={{ $json.email }}',
	firstName: '={{ $json.first_name }}',
	lastName: '={{ $json.last_name }}',
	domain: '={{ $json.domain }}',
	linkedinUrl: '={{ $json.linkedin_url }}',
};

export async function withFake(options: FakeApolloOptions = {}): Promise<FakeApollo> {
	return await startFakeApollo({ seed: 7, webhook: { delayMs: 30, repeats: 1, repeatDelayMs: 10 }, ...options });
}

type BillableRoute = 'match' | 'bulk_match' | 'webhook_result' | 'org_enrich' | 'org_bulk_enrich';
const BILLABLE_ROUTES: readonly string[] = ['match', 'bulk_match', 'webhook_result', 'org_enrich', 'org_bulk_enrich'];

/** Requests to the billable/polling routes (what costs calls), in order. */
export function apolloCalls(fake: FakeApollo, route?: BillableRoute) {
	return fake.requestLog.filter((entry) => (route ? entry.route === route : BILLABLE_ROUTES.includes(entry.route)));
}

export function jsonOf(item: INodeExecutionData): IDataObject & {
	person: IDataObject | null;
	apollo: IDataObject & { call: IDataObject };
} {
	return item.json as never;
}
