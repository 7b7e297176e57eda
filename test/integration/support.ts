/**
 * Runs Apollo Enrich the way n8n does — a workflow (Manual Trigger with pinned input items →
 * Apollo Enrich) through real n8n-core — against the fake Apollo on 127.0.0.1; and the fake's
 * set-up those tests share.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startFakeApollo, type FakeApollo, type FakeApolloOptions, type LoggedRequest } from '../fake-apollo';
import {
	credentialRef,
	probeWorkflow,
	runWorkflow,
	type CredentialsMap,
	type RunWorkflowResult,
	type WorkflowJson,
} from '../harness';
import { closedAfterEach, oncePerFile } from '../support/lifecycle';

export const ENRICH_NODE_TYPE = 'n8n-nodes-apollo-enrich.apolloEnrich';
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

/**
 * Runs Apollo Enrich on `inputs`. Most tests read Apollo's own records (`person`, `apollo`), so
 * they get the raw output unless they set `simplify` themselves; Simplify's default (on) has its
 * own tests.
 */
export async function runEnrich(
	fake: FakeApollo,
	parameters: IDataObject,
	inputs: IDataObject[],
	options: RunOptions = {},
): Promise<EnrichRun> {
	const result = await runWorkflow({
		workflow: probeWorkflow(
			{
				name: ENRICH,
				type: ENRICH_NODE_TYPE,
				parameters: { resource: 'person', simplify: false, ...parameters },
				credentials: credentialRef('apolloEnrichApi'),
				...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
			{ items: inputs },
		),
		credentials: credentialsFor(fake, options.apiKey),
	});
	return enrichRunOf(result);
}

function enrichRunOf(result: RunWorkflowResult): EnrichRun {
	return { result, items: result.error ? [] : result.output(ENRICH), error: result.error };
}

/** The Apollo Enrich credential's data, pointing at this fake (with its key unless another is given). */
export function credentialsFor(fake: FakeApollo, apiKey = fake.apiKey): CredentialsMap {
	return { apolloEnrichApi: { apiKey, baseUrl: fake.url } };
}

/** A workflow from examples/, as a user imports it. */
export function loadExample(file: string): WorkflowJson {
	return JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'examples', file), 'utf8')) as WorkflowJson;
}

/** Runs an example workflow against this fake; `items` is its Apollo Enrich node's output. */
export async function runExample(fake: FakeApollo, workflow: WorkflowJson): Promise<EnrichRun> {
	return enrichRunOf(await runWorkflow({ workflow, credentials: credentialsFor(fake) }));
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

/**
 * One fake Apollo (`withFake(config)`) for the file or describe where it is called. Before each
 * test its request log is cleared, its rate-limit windows are reset and `config` is applied
 * again, so a test that configures one of those keys does not change the next test's fake.
 * Returns an accessor: `fake()` inside tests and hooks.
 */
export function useFakeApollo(config: FakeApolloOptions = {}): () => FakeApollo {
	return oncePerFile(
		async () => await withFake(config),
		(fake) => {
			fake.clearLog();
			fake.resetWindows();
			fake.configure(config);
		},
	);
}

/**
 * A `withFake` whose fakes are closed after each test, for tests that each need their own
 * settings. Call it at the top of a file or describe: it registers the afterEach hook there.
 */
export function fakePerTest(): typeof withFake {
	return closedAfterEach(withFake);
}

/** Runs `use` against a second fake whose only key may call only `scopes`; closes it after. */
export async function withScopedKey(scopes: string[], use: (scoped: FakeApollo) => Promise<void>): Promise<void> {
	const scoped = await withFake({ apiKeys: ['scoped'], keyScopes: { scoped: scopes } });
	try {
		await use(scoped);
	} finally {
		await scoped.close();
	}
}

type BillableRoute = 'match' | 'bulk_match' | 'webhook_result' | 'org_enrich' | 'org_bulk_enrich';
const BILLABLE_ROUTES: readonly string[] = ['match', 'bulk_match', 'webhook_result', 'org_enrich', 'org_bulk_enrich'];

/** Requests to the billable/polling routes (what costs calls), in order. */
export function apolloCalls(fake: FakeApollo, route?: BillableRoute) {
	return fake.requestLog.filter((entry) => (route ? entry.route === route : BILLABLE_ROUTES.includes(entry.route)));
}

/** The `details` list a bulk call (people or organizations) sent. */
export function sentDetails(call: LoggedRequest): Array<Record<string, string>> {
	return (call.body as { details: Array<Record<string, string>> }).details;
}

export function jsonOf(item: INodeExecutionData): IDataObject & {
	person: IDataObject | null;
	apollo: IDataObject & { call: IDataObject };
} {
	return item.json as never;
}

function allHints(run: EnrichRun): string[] {
	const runs = run.result.run.data.resultData.runData[ENRICH] ?? [];
	return runs.flatMap((task) => (task.hints ?? []).map((hint) => hint.message));
}

/** The run summary line every run shows above its output (`12 items: 10 matched, …`). */
export function summaryOf(run: EnrichRun): string | undefined {
	return allHints(run).find((message) => /^\d+ items?: /.test(message));
}

/** The other hints above the output: what Wait for Results, the cap or the memory have to say. */
export function hintsOf(run: EnrichRun): string[] {
	return allHints(run).filter((message) => !/^\d+ items?: /.test(message));
}
