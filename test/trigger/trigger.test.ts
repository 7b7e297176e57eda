import { DEFAULT_PEOPLE, phonePayload } from '../fake-apollo';
import { apolloDeliveries } from './webhook-host';
import { bareUrl, createClient, SECRET, shownUrl, triggerPerTest } from './support';

const client = createClient();
const host = triggerPerTest();
afterAll(async () => await client.close());

const [waterfall] = apolloDeliveries({ count: 1, seed: 3, kinds: ['waterfall'], peoplePerDelivery: 2 });
const phone = phonePayload([DEFAULT_PEOPLE[0], DEFAULT_PEOPLE[1]]);

describe('Apollo Webhook Trigger: secret', () => {
	it.each([
		['no secret', {}, 401, 'Missing secret: use the Production URL the trigger shows, which ends with the secret'],
		['an empty secret', { secret: '' }, 401, 'Missing secret: use the Production URL the trigger shows, which ends with the secret'],
		['a wrong secret', { secret: 'nope' }, 403, 'Wrong secret'],
		['a secret differing in case', { secret: SECRET.toUpperCase() }, 403, 'Wrong secret'],
		['a secret one character short', { secret: SECRET.slice(0, -1) }, 403, 'Wrong secret'],
		['a secret one character long', { secret: `${SECRET}x` }, 403, 'Wrong secret'],
	])('refuses %s with %i and starts no run', async (_name, query, status, error) => {
		const trigger = await host();
		const reply = await client.post(bareUrl(trigger, query), phone);
		expect(reply).toMatchObject({ status, body: { error } });
		await trigger.idle();
		expect(trigger.executions).toHaveLength(0);
	});

	it('shows a URL that carries the secret as its last segment, to paste as it is', async () => {
		const trigger = await host();
		const webhookId = '2b8e6f4c-1d3a-4c5b-9e7f-0a1b2c3d4e5f';
		expect(trigger.webhookPath).toBe(`${webhookId}/apollo/${SECRET}`);
		// The two hidden paths: the previous secret's (none set: a path no secret can take), and
		// the bare one. All three are plain paths, which n8n 2.41 resolves without its engine.
		expect(trigger.webhookPaths.slice(1)).toEqual([`${webhookId}/apollo/previous/none`, `${webhookId}/apollo`]);
		expect((await client.post(shownUrl(trigger), phone)).body).toMatchObject({ received: true, duplicate: false });
		await trigger.idle();
		expect(trigger.executions).toHaveLength(1);
	});

	it.each([
		['a wrong secret', 'nope'],
		['a secret differing in case', SECRET.toUpperCase()],
		['a secret one character short', SECRET.slice(0, -1)],
	])("refuses %s in the path with n8n's 404, as for any URL that does not exist, and starts no run", async (_name, secret) => {
		const trigger = await host();
		const url = shownUrl(trigger).replace(`/apollo/${SECRET}`, `/apollo/${encodeURIComponent(secret)}`);
		expect(await client.post(url, phone)).toMatchObject({ status: 404, body: { message: expect.stringMatching(/is not registered/) } });
		await trigger.idle();
		expect(trigger.executions).toHaveLength(0);
	});

	it('puts a secret with characters a URL would encode into the shown URL in a form n8n does not decode, and accepts it', async () => {
		// n8n decodes the request path before it looks for a webhook, so a percent-encoded secret
		// would never match a plain path: the URL carries `%` as `~` instead.
		const secret = 'a b+c?d#e%fé:g/h';
		const trigger = await host({ secret });
		expect(trigger.webhookPath.endsWith('/apollo/a~20b~2Bc~3Fd~23e~25f~C3~A9~3Ag~2Fh')).toBe(true);
		expect((await client.post(shownUrl(trigger), phone)).status).toBe(200);
		// A client that percent-encodes the `~` reaches the same webhook (n8n decodes it back).
		expect((await client.post(shownUrl(trigger).replace(/~/g, '%7E'), phone)).status).toBe(200);
		expect((await client.post(bareUrl(trigger, { secret }), phone)).status).toBe(200);
	});

	it('accepts the secret in a header only when allowed', async () => {
		const strict = await host();
		const refused = await client.post(bareUrl(strict), phone, { 'x-apollo-webhook-secret': SECRET });
		expect(refused.status).toBe(401);

		const lenient = await host({ options: { acceptSecretHeader: true } });
		const accepted = await client.post(bareUrl(lenient), phone, { 'X-Apollo-Webhook-Secret': SECRET });
		expect(accepted.status).toBe(200);
		await lenient.idle();
		expect(lenient.executions).toHaveLength(1);
	});

	it('still accepts the previous secret after a change of secret, when it is given', async () => {
		const oldUrl = (trigger: Awaited<ReturnType<typeof host>>) => shownUrl(trigger).replace(`/apollo/${SECRET}`, '/apollo/the-old-secret-0123456789');
		const changed = await host();
		expect((await client.post(oldUrl(changed), phone)).status).toBe(404);
		const rotating = await host({ options: { previousSecret: 'the-old-secret-0123456789' } });
		expect((await client.post(oldUrl(rotating), phone)).body).toMatchObject({ received: true, duplicate: false });
		expect((await client.post(shownUrl(rotating), phone)).body).toMatchObject({ received: true, duplicate: true });
		expect((await client.post(bareUrl(rotating, { secret: 'the-old-secret-0123456789' }), phone)).status).toBe(200);
		expect((await client.post(bareUrl(rotating, { secret: 'older' }), phone)).status).toBe(403);
	});

	it('accepts anything when verification is off', async () => {
		const open = await host({ verification: 'none' });
		expect((await client.post(bareUrl(open), phone)).status).toBe(200);
	});
});

describe('Apollo Webhook Trigger: bodies', () => {
	it.each([
		['an empty object', '{}', 'application/json', 400, /Empty body/],
		['a JSON array', '[1,2]', 'application/json', 400, /not a JSON object/],
		['a JSON string', '"hello"', 'application/json', 400, /not a JSON object/],
		['people that is not a list', '{"people":{"id":"x"}}', 'application/json', 400, /`people` must be a list/],
		['plain text', 'hello', 'text/plain', 415, /Send the delivery as JSON/],
		['a form', 'a=1&b=2', 'application/x-www-form-urlencoded', 415, /Send the delivery as JSON/],
	])('refuses %s with a clear 4xx', async (_name, body, contentType, status, error) => {
		const trigger = await host();
		const reply = await client.send('POST', bareUrl(trigger, { secret: SECRET }), body, { 'content-type': contentType });
		expect(reply.status).toBe(status);
		expect((reply.body as { error: string }).error).toMatch(error);
		await trigger.idle();
		expect(trigger.executions).toHaveLength(0);
	});

	it('refuses invalid JSON (n8n itself answers 422) and hostile nesting, then keeps working', async () => {
		const trigger = await host();
		const invalid = await client.send('POST', bareUrl(trigger, { secret: SECRET }), '{"people": [', {});
		expect(invalid.status).toBe(422);
		const deep = '['.repeat(100) + ']'.repeat(100);
		const nested = await client.send('POST', bareUrl(trigger, { secret: SECRET }), `{"people":[],"x":${deep}}`);
		expect(nested.status).toBe(400);
		expect((nested.body as { error: string }).error).toMatch(/nested more than 64 levels/);
		const hostile = await client.send(
			'POST',
			bareUrl(trigger, { secret: SECRET }),
			'{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"people":[]}',
		);
		expect(hostile.status).toBe(200);
		expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
		expect((await client.post(bareUrl(trigger, { secret: SECRET }), phone)).status).toBe(200);
		await trigger.idle();
		expect(trigger.executions).toHaveLength(2);
	});

	it('passes an unfamiliar but valid JSON object through as one whole-delivery item', async () => {
		const trigger = await host();
		const body = { event: 'contact.updated', data: { id: 'c1' } };
		const reply = await client.post(bareUrl(trigger, { secret: SECRET }), body);
		expect(reply.status).toBe(200);
		await trigger.idle();
		expect(trigger.executions[0].items.map((item) => item.json)).toEqual([
			expect.objectContaining({ type: 'unknown', payload: body, people: [] }),
		]);
	});
});

describe('Apollo Webhook Trigger: payload shapes and output', () => {
	it('turns a phone reveal into one item per person', async () => {
		const trigger = await host();
		const reply = await client.post(bareUrl(trigger, { secret: SECRET }), phone);
		expect(reply).toMatchObject({ status: 200, body: { received: true, duplicate: false, dedupeKey: expect.stringMatching(/^no-request-id:/) } });
		await trigger.idle();
		const items = trigger.executions[0].items.map((item) => item.json);
		expect(items).toHaveLength(2);
		expect(items[0]).toMatchObject({
			apolloPersonId: DEFAULT_PEOPLE[0].id,
			// Flat fields as Apollo Enrich's Simplify picks them; a phone reveal carries no name or email.
			name: null,
			email: null,
			mobilePhone: DEFAULT_PEOPLE[0].mobile_phone?.sanitized_number,
			requestId: null,
			type: 'phone',
			phoneNumbers: [expect.objectContaining({ number: expect.stringMatching(/^\+/), type: 'mobile' })],
			delivery: { duplicate: false, type: 'phone', peopleCount: 2, dedupeKey: (reply.body as { dedupeKey: string }).dedupeKey },
		});
	});

	it('turns a waterfall into items with the exact request id and emails', async () => {
		const trigger = await host();
		await client.post(bareUrl(trigger, { secret: SECRET }), waterfall.body);
		await trigger.idle();
		const items = trigger.executions[0].items.map((item) => item.json);
		expect(items).toHaveLength(2);
		const person = (waterfall.body.people as Array<{ id: string }>)[0];
		const known = DEFAULT_PEOPLE.find((candidate) => candidate.id === person.id);
		expect(items[0]).toMatchObject({
			apolloPersonId: person.id,
			email: known?.email,
			mobilePhone: known?.mobile_phone?.sanitized_number ?? null,
			requestId: waterfall.requestId,
			type: 'waterfall',
			emails: [expect.objectContaining({ email: expect.stringContaining('@') })],
		});
		expect(String((items[0].delivery as { dedupeKey: string }).dedupeKey)).toMatch(new RegExp(`^${waterfall.requestId}:`));
	});

	it('keeps a raw 64-bit request_id exact even though n8n parsed the body', async () => {
		const trigger = await host();
		const text = JSON.stringify({ ...waterfall.body, request_id: 0 }).replace('"request_id":0', '"request_id":-1039995589705121901');
		await client.send('POST', bareUrl(trigger, { secret: SECRET }), text);
		await trigger.idle();
		expect(trigger.executions[0].items[0].json.requestId).toBe('-1039995589705121901');
	});

	it('can output the whole delivery as one item', async () => {
		const trigger = await host({ output: 'wholeDelivery' });
		await client.post(bareUrl(trigger, { secret: SECRET }), waterfall.body);
		await trigger.idle();
		const items = trigger.executions[0].items.map((item) => item.json);
		expect(items).toEqual([
			expect.objectContaining({ requestId: waterfall.requestId, type: 'waterfall', payload: waterfall.body, people: expect.any(Array) }),
		]);
	});
});
