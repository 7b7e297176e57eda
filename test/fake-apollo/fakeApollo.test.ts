// Synchronous behaviour of the fake: directory, auth, people/match, request ids and the log.
// Bulk is in fakeApollo.bulk.test.ts, rate limits and webhooks in fakeApollo.async.test.ts,
// faults and key scopes in fakeApollo.faults.test.ts.

import { createHash } from 'node:crypto';

import { oncePerFile } from '../support/lifecycle';
import {
	DEFAULT_PEOPLE,
	personByName,
	startFakeApollo,
	toApolloPerson,
	type FakePerson,
} from './index';
import { call, personIn, rawRequestId, type CallOptions, type CallResult } from './test-helpers';

const MATCH = '/api/v1/people/match';
const INVALID_KEY =
	'Invalid API key. See https://docs.apollo.io/reference/authentication for how to authenticate.';

type Person = Record<string, unknown> & { id?: string };

const fake = oncePerFile(async () => await startFakeApollo(), (started) => started.clearLog());

const person = (name: string, domainPart = ''): FakePerson => personIn(fake(), name, domainPart);

function match(body: unknown, options: CallOptions = {}): Promise<CallResult> {
	return call(fake(), 'POST', MATCH, { ...options, body });
}

async function matchedPerson(body: unknown, options: CallOptions = {}): Promise<Person> {
	return (await match(body, options)).json<{ person: Person }>().person;
}

describe('directory', () => {
	it('has at least 60 people in 12 companies, with Apollo-style ids', () => {
		expect(DEFAULT_PEOPLE.length).toBeGreaterThanOrEqual(60);
		expect(new Set(DEFAULT_PEOPLE.map((p) => p.organization.id)).size).toBe(12);
		expect(new Set(DEFAULT_PEOPLE.map((p) => p.id)).size).toBe(DEFAULT_PEOPLE.length);
		for (const p of DEFAULT_PEOPLE) {
			expect(p.id).toMatch(/^[0-9a-f]{24}$/);
			expect(p.linkedin_url).toMatch(/^http:\/\/www\.linkedin\.com\/in\/[a-z0-9-]+$/);
			expect(p.employment_history.length).toBeGreaterThanOrEqual(1);
		}
		expect(personByName(DEFAULT_PEOPLE, "zoë o'connor")?.email).toBe(
			'zoe.oconnor@cobaltpixel.example',
		);
	});
});

describe('auth', () => {
	it('answers 401 text/plain without rate-limit headers for a missing or wrong key', async () => {
		for (const key of [null, 'wrong-key']) {
			const res = await match({ email: 'x@y.example' }, { key });
			expect(res.status).toBe(401);
			expect(res.headers['content-type']).toMatch(/^text\/plain/);
			expect(res.text).toBe(INVALID_KEY);
			expect(Object.keys(res.headers).filter((h) => h.startsWith('x-rate-limit'))).toEqual([]);
		}
		expect(fake().requestLog.map((r) => [r.apiKeyValid, r.status])).toEqual([
			[false, 401],
			[false, 401],
		]);
	});

	it('accepts the header name in any case but not a Bearer token', async () => {
		const profile = '/api/v1/users/api_profile';
		const upper = await call(fake(), 'GET', profile, {
			key: null,
			headers: { 'X-API-KEY': fake().apiKey },
		});
		expect(upper.status).toBe(200);
		expect(Object.keys(upper.json()).sort()).toEqual(
			['email', 'first_name', 'id', 'last_name', 'team_id', 'title'].sort(),
		);
		const bearer = await call(fake(), 'GET', profile, {
			key: null,
			headers: { authorization: `Bearer ${fake().apiKey}` },
		});
		expect([bearer.status, bearer.text]).toEqual([401, 'Invalid access credentials.']);
	});

	it('answers auth/health per the authHealthInvalidKey option', async () => {
		const health = '/api/v1/auth/health';
		const good = await call(fake(), 'GET', health);
		expect(good.json()).toEqual({ healthy: true, is_logged_in: true });
		const bad = await call(fake(), 'GET', health, { key: 'nope' });
		expect([bad.status, bad.json()]).toEqual([200, { healthy: true, is_logged_in: false }]);
		fake().configure({ authHealthInvalidKey: '401' });
		try {
			const strict = await call(fake(), 'GET', health, { key: 'nope' });
			expect([strict.status, strict.text]).toEqual([401, INVALID_KEY]);
		} finally {
			fake().configure({ authHealthInvalidKey: 'is_logged_in_false' });
		}
	});

	it('answers 404 JSON for unknown routes and 400 for a malformed JSON body', async () => {
		const res = await call(fake(), 'GET', '/api/v1/people/nope');
		expect([res.status, res.json()]).toEqual([404, { error: 'Not found' }]);
		expect(fake().requestLog[0].route).toBe('unknown');
		const broken = await match('{"email": ');
		expect(broken.status).toBe(400);
		expect(fake().requestLog[1].body).toBe('{"email": ');
	});

	it('never stores the API key in the log', async () => {
		await match({ api_key: fake().apiKey }, { query: { api_key: fake().apiKey } });
		expect(JSON.stringify(fake().requestLog)).not.toContain(fake().apiKey);
	});
});

describe('people/match', () => {
	it('returns the full person for an email match, without private fields', async () => {
		const p = person('Priya Raman');
		const res = await match({ email: p.email.toUpperCase() });
		expect(res.status).toBe(200);
		const found = res.json<{ person: Person }>().person;
		expect(found).toEqual(toApolloPerson(p));
		expect(found).not.toHaveProperty('personal_emails');
		expect(found).not.toHaveProperty('mobile_phone');
		expect(fake().requestLog[0]).toEqual(
			expect.objectContaining({ route: 'match', status: 200, matched: 1, credits: 1 }),
		);
	});

	it('matches by id, md5 or sha256 hashed email and a loosely written LinkedIn URL', async () => {
		const p = person('Grace Kim');
		const md5 = createHash('md5').update(p.email).digest('hex');
		const sha = createHash('sha256').update(p.email).digest('hex');
		const linkedin = p.linkedin_url.replace('http://www.', 'https://').toUpperCase() + '/';
		const bodies = [
			{ id: p.id },
			{ hashed_email: md5 },
			{ hashed_email: sha },
			{ linkedin_url: linkedin },
		];
		for (const body of bodies) expect((await matchedPerson(body)).id).toBe(p.id);
	});

	it('needs an employer with a name, and uses it to tell namesakes apart', async () => {
		const acme = person('Alex Morgan', 'acme');
		const granite = person('Alex Morgan', 'granite');
		const domain = granite.organization.primary_domain;
		expect((await matchedPerson({ name: 'alex morgan', domain })).id).toBe(granite.id);
		const byOrg = { first_name: 'Alex', last_name: 'Morgan', organization_name: 'ACME ROBOTICS' };
		expect((await matchedPerson(byOrg)).id).toBe(acme.id);
		expect(await matchedPerson({ name: 'Alex Morgan' })).toEqual({
			name: '',
			match_confidence: 'none',
			organization: {},
		});
	});

	it('silently ignores unknown keys such as organization_domain', async () => {
		const p = person('Marcus Bell');
		const res = await match({ name: p.name, organization_domain: p.organization.primary_domain });
		expect(res.status).toBe(200);
		const miss = res.json<{ person: Person }>().person;
		expect(miss.match_confidence).toBe('none');
		expect(miss).not.toHaveProperty('id');
	});

	it('fills the miss stub organization from a known email domain', async () => {
		const p = person('Hannah Liu');
		const miss = await matchedPerson({ email: `nobody@${p.organization.primary_domain}` });
		expect(miss).toEqual({ name: '', match_confidence: 'none', organization: p.organization });
		expect(fake().requestLog[0]).toEqual(expect.objectContaining({ matched: 0, credits: 0 }));
	});

	it('merges query and body parameters, the body winning', async () => {
		const a = person('Diego Santos');
		const b = person('Olivia Park');
		expect((await matchedPerson(undefined, { query: { email: a.email } })).id).toBe(a.id);
		expect((await matchedPerson({ email: b.email }, { query: { email: a.email } })).id).toBe(b.id);
	});

	it('reveals personal emails only when asked, for the same one credit (Apollo: "1 credit for demographics or email")', async () => {
		const p = person('Nathan Brooks');
		const query = { reveal_personal_emails: 'true' };
		const found = await matchedPerson({ email: p.email }, { query });
		expect(found.personal_emails).toEqual(p.personal_emails);
		expect(fake().requestLog[0].credits).toBe(1);
	});

	it('rejects reveal or waterfall flags without a valid webhook_url', async () => {
		const cases: [Record<string, unknown>, string][] = [
			[{ reveal_phone_number: true }, 'reveal_phone_number'],
			[{ run_waterfall_email: 'true' }, 'run_waterfall_email'],
			[
				{ run_waterfall_phone: true, webhook_url: 'ftp://example.invalid/x' },
				'run_waterfall_phone',
			],
		];
		for (const [flags, name] of cases) {
			const res = await match({ email: 'a@b.example', ...flags });
			expect(res.status).toBe(400);
			expect(res.json()).toEqual({
				error: `Please add a valid 'webhook_url' parameter when using '${name}'`,
			});
		}
	});
});

describe('request_id', () => {
	it('is a raw int64 that JSON.parse corrupts, unique and stable per seed', async () => {
		const texts: string[] = [];
		for (let i = 0; i < 5; i++) texts.push((await match({ email: 'x@y.example' })).text);
		const ids = texts.map(rawRequestId);
		expect(new Set(ids).size).toBe(5);
		for (const [i, text] of texts.entries()) {
			expect(text).toMatch(new RegExp(`"request_id":${ids[i]}[,}]`));
			const big = BigInt(ids[i]);
			expect(big < 0n ? -big : big).toBeGreaterThan(2n ** 53n);
			const parsed = JSON.parse(text) as { request_id: number };
			expect(BigInt(parsed.request_id)).not.toBe(big);
			expect(fake().requestLog[i].requestId).toBe(ids[i]);
		}
		const fakes = await Promise.all([1, 1, 2].map((seed) => startFakeApollo({ seed })));
		try {
			const firsts: string[] = [];
			for (const f of fakes) {
				firsts.push(rawRequestId((await call(f, 'POST', MATCH, { body: {} })).text));
			}
			expect(firsts[0]).toBe(firsts[1]);
			expect(firsts[2]).not.toBe(firsts[0]);
		} finally {
			await Promise.all(fakes.map((f) => f.close()));
		}
	});
});
