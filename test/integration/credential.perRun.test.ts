/**
 * The credential is read and decrypted once per run and handed to every call
 * (`credentialsDecrypted`), instead of n8n reading its database for each request; n8n still
 * applies it to every call, so each one carries the key.
 */
import type { IDataObject } from 'n8n-workflow';

import type { FakeApollo } from '../fake-apollo';
import { apolloCalls, MAPPED_IDENTIFIERS, runEnrich, useFakeApollo } from './support';

function found(fake: FakeApollo, count: number): IDataObject[] {
	return fake.directory.slice(0, count).map((person) => ({ email: person.email }));
}

describe('Apollo Enrich API credential: read once per run', () => {
	const fake = useFakeApollo();

	it.each([
		['bulkEnrich', 30, 3],
		['enrich', 5, 5],
	] as const)('%s of %i people: %i calls, each with the key, one read of the credential', async (operation, people, calls) => {
		const run = await runEnrich(fake(), { operation, ...MAPPED_IDENTIFIERS, tuning: { maxConcurrentRequests: 4 } }, found(fake(), people));
		expect(run.error).toBeUndefined();
		expect(run.items.every((item) => item.json.matched === true)).toBe(true);
		expect(apolloCalls(fake())).toHaveLength(calls);
		expect(fake().requestLog.every((entry) => entry.apiKeyValid)).toBe(true);
		expect(run.result.credentialDecryptions).toBe(1);
	});

	it('a wrong key is still refused on the first call, and nothing more is sent', async () => {
		const run = await runEnrich(fake(), { operation: 'bulkEnrich', ...MAPPED_IDENTIFIERS }, found(fake(), 30), { apiKey: 'not-the-key' });
		expect(run.error?.message).toMatch(/API key/i);
		expect(fake().requestLog).toHaveLength(1);
		expect(fake().requestLog[0].apiKeyValid).toBe(false);
		expect(run.result.credentialDecryptions).toBe(1);
	});
});
