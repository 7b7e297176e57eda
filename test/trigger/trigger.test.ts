import { DEFAULT_PEOPLE, phonePayload } from '../fake-apollo';
import { apolloDeliveries, type WebhookHost } from '../webhook-host';
import { createClient, SECRET, startTrigger } from './support';

const client = createClient();
const hosts: WebhookHost[] = [];
async function host(...args: Parameters<typeof startTrigger>): Promise<WebhookHost> {
	const started = await startTrigger(...args);
	hosts.push(started);
	return started;
}
afterEach(async () => {
	await Promise.all(hosts.splice(0).map(async (started) => await started.close()));
});
afterAll(async () => await client.close());

const [waterfall] = apolloDeliveries({ count: 1, seed: 3, kinds: ['waterfall'], peoplePerDelivery: 2 });
const phone = phonePayload([DEFAULT_PEOPLE[0], DEFAULT_PEOPLE[1]]);

describe('Apollo Webhook Trigger: secret', () => {
	it.each([
		['no secret', {}, 401, 'Missing secret: add ?secret=… to the webhook URL'],
		['an empty secret', { secret: '' }, 401, 'Missing secret: add ?secret=… to the webhook URL'],
		['a wrong secret', { secret: 'nope' }, 403, 'Wrong secret'],
		['a secret differing in case', { secret: SECRET.toUpperCase() }, 403, 'Wrong secret'],
		['a secret one character short', { secret: SECRET.slice(0, -1) }, 403, 'Wrong secret'],
		['a secret one character long', { secret: `${SECRET}x` }, 403, 'Wrong secret'],
	])('refuses %s with %i and starts no run', async (_name, query, status, error) => {
		const trigger = await host();
		const reply = await client.post(trigger.productionUrl(query), phone);
		expect(reply).toMatchObject({ status, body: { error } });
		await trigger.idle();
		expect(trigger.executions).toHaveLength(0);
	});

	it('accepts the secret in a header only when allowed', async () => {
		const strict = await host();
		const refused = await client.post(strict.productionUrl(), phone, { 'x-apollo-webhook-secret': SECRET });
		expect(refused.status).toBe(401);

		const lenient = await host({ options: { acceptSecretHeader: true } });
		const accepted = await client.post(lenient.productionUrl(), phone, { 'X-Apollo-Webhook-Secret': SECRET });
		expect(accepted.status).toBe(200);
		await lenient.idle();
		expect(lenient.executions).toHaveLength(1);
	});

	it('accepts anything when verification is off', async () => {
		const open = await host({ verification: 'none' });
		expect((await client.post(open.productionUrl(), phone)).status).toBe(200);
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
		const reply = await client.send('POST', trigger.productionUrl({ secret: SECRET }), body, { 'content-type': contentType });
		expect(reply.status).toBe(status);
		expect((reply.body as { error: string }).error).toMatch(error);
		await trigger.idle();
		expect(trigger.executions).toHaveLength(0);
	});

	it('refuses invalid JSON (n8n itself answers 422) and hostile nesting, then keeps working', async () => {
		const trigger = await host();
		const invalid = await client.send('POST', trigger.productionUrl({ secret: SECRET }), '{"people": [', {});
		expect(invalid.status).toBe(422);
		const deep = '['.repeat(100) + ']'.repeat(100);
		const nested = await client.send('POST', trigger.productionUrl({ secret: SECRET }), `{"people":[],"x":${deep}}`);
		expect(nested.status).toBe(400);
		expect((nested.body as { error: string }).error).toMatch(/nested more than 64 levels/);
		const hostile = await client.send(
			'POST',
			trigger.productionUrl({ secret: SECRET }),
			'{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"people":[]}',
		);
		expect(hostile.status).toBe(200);
		expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
		expect((await client.post(trigger.productionUrl({ secret: SECRET }), phone)).status).toBe(200);
		await trigger.idle();
		expect(trigger.executions).toHaveLength(2);
	});

	it('passes an unfamiliar but valid JSON object through as one whole-delivery item', async () => {
		const trigger = await host();
		const body = { event: 'contact.updated', data: { id: 'c1' } };
		const reply = await client.post(trigger.productionUrl({ secret: SECRET }), body);
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
		const reply = await client.post(trigger.productionUrl({ secret: SECRET }), phone);
		expect(reply).toMatchObject({ status: 200, body: { received: true, duplicate: false, dedupeKey: expect.stringMatching(/^no-request-id:/) } });
		await trigger.idle();
		const items = trigger.executions[0].items.map((item) => item.json);
		expect(items).toHaveLength(2);
		expect(items[0]).toMatchObject({
			apolloPersonId: DEFAULT_PEOPLE[0].id,
			requestId: null,
			type: 'phone',
			phoneNumbers: [expect.objectContaining({ number: expect.stringMatching(/^\+/), type: 'mobile' })],
			delivery: { duplicate: false, type: 'phone', peopleCount: 2, dedupeKey: (reply.body as { dedupeKey: string }).dedupeKey },
		});
	});

	it('turns a waterfall into items with the exact request id and emails', async () => {
		const trigger = await host();
		await client.post(trigger.productionUrl({ secret: SECRET }), waterfall.body);
		await trigger.idle();
		const items = trigger.executions[0].items.map((item) => item.json);
		expect(items).toHaveLength(2);
		expect(items[0]).toMatchObject({
			requestId: waterfall.requestId,
			type: 'waterfall',
			emails: [expect.objectContaining({ email: expect.stringContaining('@') })],
		});
		expect(String((items[0].delivery as { dedupeKey: string }).dedupeKey)).toMatch(new RegExp(`^${waterfall.requestId}:`));
	});

	it('keeps a raw 64-bit request_id exact even though n8n parsed the body', async () => {
		const trigger = await host();
		const text = JSON.stringify({ ...waterfall.body, request_id: 0 }).replace('"request_id":0', '"request_id":-1039995589705121901');
		await client.send('POST', trigger.productionUrl({ secret: SECRET }), text);
		await trigger.idle();
		expect(trigger.executions[0].items[0].json.requestId).toBe('-1039995589705121901');
	});

	it('can output the whole delivery as one item', async () => {
		const trigger = await host({ output: 'wholeDelivery' });
		await client.post(trigger.productionUrl({ secret: SECRET }), waterfall.body);
		await trigger.idle();
		const items = trigger.executions[0].items.map((item) => item.json);
		expect(items).toEqual([
			expect.objectContaining({ requestId: waterfall.requestId, type: 'waterfall', payload: waterfall.body, people: expect.any(Array) }),
		]);
	});
});
