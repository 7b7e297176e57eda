import { canonicalJson, MAX_JSON_DEPTH, PayloadTooDeepError, shortDigest } from '../../../nodes/ApolloWebhookTrigger/protocol/canonicalJson';

describe('canonicalJson', () => {
	it('ignores key order at every level', () => {
		expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
			canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
		);
	});
	it('treats __proto__ arriving as data as a plain key', () => {
		const hostile = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
		expect(canonicalJson(hostile)).toBe('{"__proto__":{"polluted":true},"a":1}');
		expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
	});
	it('refuses bodies nested deeper than any Apollo payload', () => {
		let deep: unknown = 1;
		for (let level = 0; level <= MAX_JSON_DEPTH + 1; level++) deep = [deep];
		expect(() => canonicalJson(deep)).toThrow(PayloadTooDeepError);
	});
});

describe('shortDigest', () => {
	it('is 22 URL-safe characters, the same for the same text and different for another', () => {
		const digest = shortDigest('{"a":1}');
		expect(digest).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(shortDigest('{"a":1}')).toBe(digest);
		expect(shortDigest('{"a":2}')).not.toBe(digest);
	});
});
