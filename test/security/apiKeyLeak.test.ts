/**
 * The API key must never surface where a user, a log or n8n's execution data could show it:
 * output items, error messages and descriptions, the node and credential descriptions, or the
 * stored run. Every scenario below runs through n8n-core with a distinctive key.
 */
import type { IDataObject } from 'n8n-workflow';

import { MAPPED_IDENTIFIERS, runEnrich, withFake, type EnrichRun } from '../integration/support';
import { oncePerFile } from '../support/lifecycle';

const CANARY = 'sk-LEAK-CANARY-7f3a9c1e5b';

/** JSON of anything, circular references and all, with error objects' own properties included. */
function everything(value: unknown): string {
	const seen = new WeakSet<object>();
	const text = JSON.stringify(value, function (_key, field: unknown) {
		if (typeof field === 'object' && field !== null) {
			if (seen.has(field)) return '[circular]';
			seen.add(field);
			if (field instanceof Error) {
				const own: Record<string, unknown> = {};
				for (const name of Object.getOwnPropertyNames(field)) own[name] = (field as unknown as Record<string, unknown>)[name];
				return { ...own, cause: (field as { cause?: unknown }).cause };
			}
		}
		if (typeof field === 'function') return `[function ${String((field as { name?: string }).name)}]`;
		return field;
	});
	return text ?? '';
}

describe('the API key never leaks', () => {
	// One fake for the file, its log kept: the request-log test reads what the scenarios sent.
	const fake = oncePerFile(async () => await withFake({ apiKeys: [CANARY] }));

	const people = () => [{ email: fake().directory[0].email }, { email: 'nobody@nowhere.example' }, { email: 'broken' }];
	const scenarios: Array<[string, () => Promise<EnrichRun>]> = [
		['a successful bulk run', async () => await runEnrich(fake(), { operation: 'bulkEnrich', ...MAPPED_IDENTIFIERS }, people().slice(0, 2))],
		['a validation error', async () => await runEnrich(fake(), { operation: 'bulkEnrich', ...MAPPED_IDENTIFIERS }, people())],
		['validation error items (Continue On Fail)', async () => await runEnrich(fake(), { operation: 'enrich', ...MAPPED_IDENTIFIERS }, people(), { continueOnFail: true })],
		['a 500', async () => {
			fake().injectFaults([{ route: 'bulk_match', kind: 'status', status: 500 }]);
			return await runEnrich(fake(), { operation: 'bulkEnrich', ...MAPPED_IDENTIFIERS }, people().slice(0, 2));
		}],
		['a dropped connection (Continue On Fail)', async () => {
			fake().injectFaults([{ route: 'match', kind: 'drop' }]);
			return await runEnrich(fake(), { operation: 'enrich', ...MAPPED_IDENTIFIERS }, people().slice(0, 1), { continueOnFail: true });
		}],
		['a wrong key elsewhere (401 text)', async () => await runEnrich(fake(), { operation: 'enrich', ...MAPPED_IDENTIFIERS }, people().slice(0, 1), { apiKey: `${CANARY}-wrong` })],
		['an unknown webhook result', async () => await runEnrich(fake(), { operation: 'getWebhookResult', requestId: '-42' }, [{}])],
		['a refused connection', async () => {
			const closed = await withFake({ apiKeys: [CANARY] });
			await closed.close();
			return await runEnrich(closed, { operation: 'enrich', ...MAPPED_IDENTIFIERS, tuning: { rateLimitRetries: 0 } }, people().slice(0, 1));
		}],
	];

	it.each(scenarios)('in %s: not in items, errors or the run', async (_name, scenario) => {
		const { result, items, error } = await scenario();
		const wrongKey = `${CANARY}-wrong`;
		for (const text of [everything(items), everything(error), everything(result.run)]) {
			expect(text).not.toContain(CANARY);
			expect(text).not.toContain(wrongKey);
		}
		if (error) {
			expect(error.message).not.toContain(CANARY);
			expect(String(error.description)).not.toContain(CANARY);
		}
	});

	it("not in the fake's request log, though the key was sent and accepted", () => {
		expect(fake().requestLog.some((entry) => entry.apiKeyValid)).toBe(true);
		expect(everything(fake().requestLog)).not.toContain(CANARY);
	});

	it('not in the node or credential descriptions', async () => {
		const entry = require('../..') as { nodes: Record<string, new () => { description: IDataObject }>; credentials: Record<string, new () => IDataObject> };
		const descriptions = [
			...Object.values(entry.nodes).map((Node) => new Node().description),
			...Object.values(entry.credentials).map((Credential) => new Credential()),
		];
		expect(everything(descriptions)).not.toContain(CANARY);
		// The key field is a password field, so n8n masks it in the editor.
		const credential = descriptions.at(-1) as { properties: Array<{ name: string; typeOptions?: { password?: boolean } }> };
		expect(credential.properties.find((property) => property.name === 'apiKey')?.typeOptions?.password).toBe(true);
	});

	it('not in a run whose credential test fails', async () => {
		const { testCredential } = await import('../harness');
		const result = await testCredential({ credentialType: 'apolloEnrichApi', data: { apiKey: `${CANARY}-wrong`, baseUrl: fake().url } });
		expect(result.status).toBe('Error');
		expect(everything(result)).not.toContain(CANARY);
	});
});
