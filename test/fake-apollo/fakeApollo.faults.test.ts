// Fault injection and key scopes: what the node's retry and error handling is tested against.

import { closedAfterEach } from '../support/lifecycle';
import { startFakeApollo } from './index';
import { call } from './test-helpers';

const MATCH = '/api/v1/people/match';
const BULK = '/api/v1/people/bulk_match';


/** A fake of its own for one test, closed after it. */
const fresh = closedAfterEach(startFakeApollo);


describe('fault injection', () => {
	it('applies status faults in queue order, honouring skip, and bills nothing', async () => {
		const fake = await fresh();
		fake.injectFaults([
			{ route: 'match', kind: 'status', status: 503, skip: 1, times: 2 },
			{ kind: 'status', status: 500 },
		]);
		const statuses: number[] = [];
		for (let i = 0; i < 5; i++) {
			const res = await call(fake, 'POST', MATCH, { body: { email: fake.directory[0].email } });
			statuses.push(res.status);
		}
		expect(statuses).toEqual([200, 503, 503, 500, 200]);
		expect(fake.requestLog.map((r) => r.fault)).toEqual([
			undefined,
			'status:503',
			'status:503',
			'status:500',
			undefined,
		]);
		expect(fake.requestLog.map((r) => r.credits ?? 0)).toEqual([1, 0, 0, 0, 1]);
	});

	it('scopes faults to a route; "any" leaves credential routes alone', async () => {
		const fake = await fresh();
		fake.injectFaults([{ route: 'bulk_match', kind: 'status', status: 502 }, { kind: 'status' }]);
		expect((await call(fake, 'GET', '/api/v1/auth/health')).status).toBe(200);
		expect((await call(fake, 'GET', '/api/v1/users/api_profile')).status).toBe(200);
		const match = await call(fake, 'POST', MATCH, { body: {} });
		expect([match.status, match.json()]).toEqual([500, { error: 'Internal Server Error' }]);
		expect((await call(fake, 'POST', BULK, { body: { details: [{}] } })).status).toBe(502);
	});

	it('drops the connection without a response', async () => {
		const fake = await fresh();
		fake.injectFaults([{ kind: 'drop' }]);
		await expect(call(fake, 'POST', MATCH, { body: {} })).rejects.toThrow();
		expect(fake.requestLog[0]).toEqual(expect.objectContaining({ fault: 'drop', status: 0 }));
		expect((await call(fake, 'POST', MATCH, { body: {} })).status).toBe(200);
	});

	it('answers 200 with truncated JSON', async () => {
		const fake = await fresh();
		fake.injectFaults([{ route: 'bulk_match', kind: 'invalidJson' }]);
		const details = [{ email: fake.directory[0].email }];
		const res = await call(fake, 'POST', BULK, { body: { details } });
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/^application\/json/);
		expect(() => JSON.parse(res.text)).toThrow();
		expect(fake.requestLog[0]).toEqual(
			expect.objectContaining({ fault: 'invalidJson', status: 200 }),
		);
		expect(fake.requestLog[0].credits).toBeUndefined();
	});

	it('delays a request, which then completes normally', async () => {
		const fake = await fresh();
		fake.injectFaults([{ route: 'match', kind: 'delay', delayMs: 30 }]);
		const p = fake.directory[1];
		const res = await call(fake, 'POST', MATCH, { body: { email: p.email } });
		expect(res.json<{ person: { id: string } }>().person.id).toBe(p.id);
		expect(fake.requestLog[0]).toEqual(
			expect.objectContaining({ fault: 'delay:30', status: 200, credits: 1 }),
		);
	});
});

describe('key scopes', () => {
	it("answers 403 API_INACCESSIBLE outside a scoped key's routes", async () => {
		const fake = await fresh({
			apiKeys: ['master-key', 'match-only'],
			keyScopes: { 'match-only': ['api/v1/people/match'] },
		});
		const bulk = { details: [{}] };
		expect((await call(fake, 'POST', MATCH, { key: 'match-only', body: {} })).status).toBe(200);
		const denied = await call(fake, 'POST', BULK, { key: 'match-only', body: bulk });
		expect(denied.status).toBe(403);
		expect(denied.json()).toEqual({
			error:
				'This API key is not authorized to access api/v1/people/bulk_match. Request an API key ' +
				'from your administrator that includes this endpoint in its configured scope.',
			error_code: 'API_INACCESSIBLE',
		});
		expect(denied.headers).not.toHaveProperty('x-rate-limit-minute');
		expect((await call(fake, 'POST', BULK, { key: 'master-key', body: bulk })).status).toBe(200);
		expect(fake.apiKey).toBe('master-key');
	});
});
