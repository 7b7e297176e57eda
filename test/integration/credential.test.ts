import { testCredential } from '../harness';
import { fakePerTest } from './support';

describe('Apollo Enrich API credential test (as n8n runs it)', () => {
	const startFake = fakePerTest();

	it.each(['is_logged_in_false', '401'] as const)(
		'accepts a good key and rejects a bad one clearly (bad key → %s), spending no credits',
		async (badKeyAnswer) => {
			const fake = await startFake({ authHealthInvalidKey: badKeyAnswer });
			const good = await testCredential({ credentialType: 'apolloEnrichApi', data: { apiKey: fake.apiKey, baseUrl: `${fake.url}/` } });
			expect(good).toEqual({ status: 'OK', message: 'Connection successful!' });

			const bad = await testCredential({ credentialType: 'apolloEnrichApi', data: { apiKey: 'nope', baseUrl: fake.url } });
			expect(bad.status).toBe('Error');
			expect(bad.message).toMatch(/^Apollo did not accept this API key/);

			// Only the free health check is ever called (n8n itself may repeat it once after a 401).
			expect(fake.requestLog.length).toBeGreaterThanOrEqual(2);
			expect(fake.requestLog.every((entry) => entry.route === 'auth_health')).toBe(true);
			expect(fake.requestLog.every((entry) => (entry.credits ?? 0) === 0)).toBe(true);
		},
	);
});
