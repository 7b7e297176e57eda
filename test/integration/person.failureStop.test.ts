/**
 * Nothing leaves after a known failure: with Continue On Fail off and 8 calls in flight, a call that
 * fails for good stops the run before any waiting call is sent. Proven from the fake Apollo's
 * request log: no request reaches Apollo after the failing one was answered.
 */
import type { IDataObject } from 'n8n-workflow';

import type { FaultSpec } from '../fake-apollo';
import { apolloCalls, MAPPED_IDENTIFIERS, runEnrich, useFakeApollo } from './support';

const FAILURES: Array<[string, FaultSpec]> = [
	['a 500', { kind: 'status', status: 500 }],
	['a dropped connection', { kind: 'drop' }],
	['invalid JSON on a 2xx', { kind: 'invalidJson' }],
	['a 401', { kind: 'status', status: 401, body: 'Invalid API key.' }],
	['a 403', { kind: 'status', status: 403, body: { error: 'This API key is not authorized', error_code: 'API_INACCESSIBLE' } }],
];

const OPERATIONS: Array<[string, IDataObject, number]> = [
	// 100 people: 10 bulk calls; 30 people: 30 single calls. Either way more calls than fit in flight.
	['Bulk Enrich', { operation: 'bulkEnrich', ...MAPPED_IDENTIFIERS }, 100],
	['Enrich', { operation: 'enrich', ...MAPPED_IDENTIFIERS }, 30],
];

describe('Person: no call leaves once a failure is known (Continue On Fail off, 8 in flight)', () => {
	const fake = useFakeApollo({ latencyMs: 100, jitterMs: 0, rateLimits: { minute: { limit: 1000 } } });

	const inputs = (count: number): IDataObject[] =>
		Array.from({ length: count }, (_, index) => ({ email: `person.${index}@acme-robotics.example` }));

	describe.each(OPERATIONS)('%s', (_name, parameters, count) => {
		it.each(FAILURES)('after %s on the first call', async (_label, fault) => {
			const route = parameters.operation === 'bulkEnrich' ? 'bulk_match' : 'match';
			fake().injectFaults([{ ...fault, route }]);
			const run = await runEnrich(fake(), { ...parameters, tuning: { maxConcurrentRequests: 8 } }, inputs(count));
			expect(run.error).toBeDefined();

			const calls = apolloCalls(fake(), route);
			const failed = calls.find((call) => call.fault !== undefined);
			expect(failed?.respondedAt).toBeDefined();
			const afterFailure = calls.filter((call) => call.receivedAt > (failed?.respondedAt ?? 0));
			expect(afterFailure).toEqual([]);
			// Only the calls already in flight: at most the concurrency.
			expect(calls.length).toBeLessThanOrEqual(8);
			// The error says what was billed, and that nothing was sent after.
			expect(run.error?.description).toMatch(/no call was sent after/i);
		});
	});
});
