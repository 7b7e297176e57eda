import { callsFor, chunk, groupRepeats, identityKey } from '../../nodes/ApolloEnrich/protocol/repeatedInputs';

describe('identityKey', () => {
	it('gives the same identifiers one key, in any key order, letter case or spacing', () => {
		const a = identityKey({ email: 'Jane.Doe@Acme.com', first_name: 'Jane', last_name: 'Doe', domain: 'acme.com' });
		const b = identityKey({ domain: 'acme.com', last_name: 'DOE', first_name: ' jane ', email: 'jane.doe@acme.com' });
		expect(a).toBe(b);
		expect(identityKey({ name: 'Jane  van   Doe', organization_name: 'Acme' })).toBe(
			identityKey({ organization_name: 'ACME', name: 'jane van doe' }),
		);
	});

	it('reads LinkedIn URLs the way Apollo does', () => {
		const key = identityKey({ linkedin_url: 'https://www.linkedin.com/in/jane-doe/' });
		expect(identityKey({ linkedin_url: 'http://linkedin.com/in/Jane-Doe?trk=x' })).toBe(key);
		expect(identityKey({ linkedin_url: 'https://www.linkedin.com/in/jane-doe-2' })).not.toBe(key);
	});

	it('keeps different identifier sets apart, even for the same person', () => {
		const email = identityKey({ email: 'jane@acme.com' });
		expect(identityKey({ email: 'jane@acme.com', first_name: 'Jane', last_name: 'Doe' })).not.toBe(email);
		expect(identityKey({ hashed_email: 'a'.repeat(32) })).not.toBe(email);
		expect(identityKey({ email: 'jane@acme.com', domain: undefined })).toBe(email);
	});

	it('treats Apollo person ids as case-sensitive', () => {
		expect(identityKey({ id: 'AbC123' })).not.toBe(identityKey({ id: 'abc123' }));
	});

	it('cannot be fooled by a value that contains another key', () => {
		expect(identityKey({ email: 'a@b.co', name: 'x' })).not.toBe(identityKey({ email: 'a@b.co\u0000name=x' }));
	});
});

describe('groupRepeats', () => {
	const person = (itemIndex: number, email: string) => ({ itemIndex, details: { email } });

	it('groups repeats under their first item, in order of first appearance', () => {
		const people = [person(0, 'a@x.co'), person(1, 'b@x.co'), person(2, 'A@X.CO'), person(3, 'c@x.co'), person(4, 'b@x.co')];
		const lookups = groupRepeats(people, true);
		expect(lookups.map((lookup) => lookup.items.map((item) => item.itemIndex))).toEqual([[0, 2], [1, 4], [3]]);
	});

	it('makes every item a lookup of its own when switched off', () => {
		const people = [person(0, 'a@x.co'), person(1, 'a@x.co')];
		expect(groupRepeats(people, false).map((lookup) => lookup.items.length)).toEqual([1, 1]);
	});

	it('counts calls as ceil(lookups / batch size)', () => {
		expect(callsFor(0, 10)).toBe(0);
		expect(callsFor(95, 10)).toBe(10);
		expect(callsFor(7, 1)).toBe(7);
	});
});

describe('chunk', () => {
	it('makes ceil(n / size) groups in order', () => {
		expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
		expect(chunk(Array.from({ length: 101 }, (_, i) => i), 10)).toHaveLength(11);
		expect(chunk([], 10)).toEqual([]);
		expect(() => chunk([1], 0)).toThrow(RangeError);
	});
});
