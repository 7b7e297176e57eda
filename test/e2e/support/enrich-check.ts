/**
 * Shared by the 2.x and 1.x suites: the package is loaded, the credential's Test button works, and
 * examples/bulk-enrich.workflow.json and examples/search-then-enrich.workflow.json, imported as a
 * user would, run against the fake Apollo.
 */
import { findPerson, type FakeApolloServer } from '../../fake-apollo';
import { nodeOutput, type ExecutionItem } from './n8n-api';
import {
	CREDENTIAL_TYPE,
	ENRICH_BY_ID_NODE,
	ENRICH_NODE,
	ENRICH_TYPE,
	EXAMPLE_TRIGGER,
	exampleEnrichWorkflow,
	SEARCH_EXAMPLE,
	SEARCH_NODE,
	TRIGGER_TYPE,
	type Instance,
} from './workflows';

export async function expectPackageLoaded(instance: Instance): Promise<void> {
	const nodeTypes = await instance.api.nodeTypeNames();
	expect(nodeTypes).toEqual(expect.arrayContaining([ENRICH_TYPE, TRIGGER_TYPE]));
	expect(await instance.api.credentialTypeNames()).toContain(CREDENTIAL_TYPE);
	// Loaded from the community-package folder, so n8n names it after the package, not CUSTOM.*.
	expect(nodeTypes.filter((name) => name.startsWith('CUSTOM.'))).toEqual([]);
}

export async function createFakeCredential(instance: Instance, fake: FakeApolloServer): Promise<{ id: string; name: string }> {
	const data = { apiKey: fake.apiKey, baseUrl: fake.url };
	const credential = await instance.api.createCredential('Apollo (fake, e2e)', CREDENTIAL_TYPE, data);
	const tested = await instance.api.testCredential(credential, CREDENTIAL_TYPE, data);
	expect(tested).toEqual({ status: 'OK', message: 'Connection successful!' });
	const refused = await instance.api.testCredential(credential, CREDENTIAL_TYPE, { ...data, apiKey: 'not-a-key' });
	expect(refused.status).toBe('Error');
	expect(refused.message).toMatch(/Apollo did not accept this API key/);
	return credential;
}

/** Imports and runs the example; checks every item against the fake's directory and log. */
export async function runExampleWorkflow(
	instance: Instance,
	fake: FakeApolloServer,
	credential: { id: string; name: string },
): Promise<{ executionId: string; items: ExecutionItem[] }> {
	fake.clearLog();
	const workflow = await instance.api.createWorkflow(exampleEnrichWorkflow(credential));
	const executionId = await instance.api.runManually(workflow.id, EXAMPLE_TRIGGER);
	const execution = await instance.api.waitForExecution(executionId);
	expect({ status: execution.status, error: execution.data?.resultData.error }).toEqual({ status: 'success', error: undefined });

	const inputs = nodeOutput(execution, EXAMPLE_TRIGGER);
	const items = nodeOutput(execution, ENRICH_NODE);
	expect(inputs).toHaveLength(12);
	expect(items).toHaveLength(12);
	expect(items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));

	// ceil(12 / 10) calls; the node sent each item's identifiers in item order.
	const calls = fake.requestLog.filter((entry) => entry.route === 'bulk_match');
	expect(calls.map((call) => [call.status, call.detailsCount])).toEqual([
		[200, 10],
		[200, 2],
	]);
	const sent = calls.flatMap((call) => (call.body as { details: Array<Record<string, unknown>> }).details);
	const requestIds = calls.flatMap((call) => Array.from({ length: call.detailsCount ?? 0 }, () => call.requestId));
	items.forEach((item, index) => {
		const expected = findPerson(fake.directory, sent[index]);
		// Simplify is on by default: flat rows with apolloId, matched and requestId.
		const json = item.json as { apolloId: string | null; matched: boolean; requestId: string };
		expect({ index, id: json.apolloId, matched: json.matched, requestId: json.requestId }).toEqual({
			index,
			id: expected?.id ?? null,
			matched: expected !== undefined,
			requestId: requestIds[index],
		});
	});
	const matched = items.map((item) => (item.json as { matched: boolean }).matched);
	expect(matched).toEqual([true, true, true, true, true, false, true, true, true, false, true, true]);
	return { executionId, items };
}

/**
 * Imports and runs the Search → Bulk Enrich example: one search per pinned account, then every
 * person found enriched by Apollo Person ID in one bulk_match call, simplified.
 */
export async function runSearchExample(instance: Instance, fake: FakeApolloServer, credential: { id: string; name: string }): Promise<void> {
	fake.clearLog();
	const workflow = await instance.api.createWorkflow(exampleEnrichWorkflow(credential, SEARCH_EXAMPLE));
	const execution = await instance.api.waitForExecution(await instance.api.runManually(workflow.id, EXAMPLE_TRIGGER));
	expect({ status: execution.status, error: execution.data?.resultData.error }).toEqual({ status: 'success', error: undefined });

	const expected = ['acme-robotics.example', 'blueharbor-logistics.example'].flatMap((domain) =>
		fake.directory.filter((p) => p.organization.primary_domain === domain && ['VP of Sales', 'Head of Marketing'].includes(p.title)),
	);
	const found = nodeOutput(execution, SEARCH_NODE);
	expect(found.map((item) => [item.json.id, item.pairedItem])).toEqual(
		expected.map((person, index) => [person.id, { item: index < 2 ? 0 : 1 }]),
	);
	const enriched = nodeOutput(execution, ENRICH_BY_ID_NODE);
	expect(enriched.map((item) => [item.json.name, item.json.email, item.pairedItem])).toEqual(
		expected.map((person, item) => [person.name, person.email, { item }]),
	);
	const searches = fake.requestLog.filter((entry) => entry.route === 'people_search');
	expect(searches.map((call) => [call.status, (call.body as { q_organization_domains_list: string[] }).q_organization_domains_list])).toEqual([
		[200, ['acme-robotics.example']],
		[200, ['blueharbor-logistics.example']],
	]);
	const bulk = fake.requestLog.filter((entry) => entry.route === 'bulk_match');
	expect(bulk.map((call) => [call.status, call.body])).toEqual([[200, { details: expected.map((person) => ({ id: person.id })) }]]);
}
