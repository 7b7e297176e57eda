/** Hostile bodies for the trigger: each is refused clearly or handled safely, and state stays sound. */
import type { IDataObject } from 'n8n-workflow';

import { oncePerFile } from '../support/lifecycle';
import { apolloDeliveries } from './webhook-host';
import { bareUrl, createClient, SECRET, startTrigger, storedDigests } from './support';

const client = createClient();
const trigger = oncePerFile(async () => await startTrigger());
afterAll(async () => await client.close());

const send = async (body: string, contentType = 'application/json') =>
	await client.send('POST', bareUrl(trigger(), { secret: SECRET }), body, { 'content-type': contentType });

describe('Apollo Webhook Trigger against hostile bodies', () => {
	it.each([
		['deeply nested arrays', `{"people":[],"x":${'['.repeat(5_000)}${']'.repeat(5_000)}}`, 400, /nested more than 64 levels/],
		['deeply nested objects', `{"people":[],"x":${'{"a":'.repeat(200)}1${'}'.repeat(200)}}`, 400, /nested more than 64 levels/],
		['a huge people array', JSON.stringify({ people: Array.from({ length: 5_000 }, (_, i) => ({ id: `p${i}` })) }), 413, /Too many people in one delivery \(5000; at most 1000\)/],
		['a people object', '{"people":{"length":5}}', 400, /`people` must be a list/],
	])('refuses %s with a clear %i', async (_name, body, status, reason) => {
		const reply = await send(body);
		expect(reply.status).toBe(status);
		expect((reply.body as { error: string }).error).toMatch(reason);
	});

	it.each([
		['text/plain', 'people=1'],
		['application/xml', '<people><id>1</id></people>'],
		['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'],
	])('refuses the content type %s with 415', async (contentType, body) => {
		const reply = await send(body, contentType);
		expect(reply.status).toBe(415);
	});

	it('handles a large but flat payload and prototype-pollution keys safely', async () => {
		const big = await send(JSON.stringify({ people: [], data: Array.from({ length: 100_000 }, (_, i) => i) }));
		expect(big.status).toBe(200);
		const proto = await send('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}},"people":[{"id":"p1","__proto__":{"x":1}}]}');
		expect(proto.status).toBe(200);
		expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
		await trigger().idle();
		const item = trigger().executions.at(-1)?.items[0].json as IDataObject;
		expect(item.apolloPersonId).toBe('p1');
	});

	it('keeps working, with a sound dedupe state, for the deliveries that follow', async () => {
		const before = trigger().executions.length;
		const [delivery] = apolloDeliveries({ count: 1, seed: 404, kinds: ['waterfall'] });
		expect((await send(JSON.stringify(delivery.body))).body).toMatchObject({ duplicate: false });
		expect((await send(JSON.stringify(delivery.body))).body).toMatchObject({ duplicate: true });
		await trigger().idle();
		expect(trigger().executions.length).toBe(before + 1);
		expect(storedDigests(await trigger().staticData())).toHaveLength(3);
	});
});
