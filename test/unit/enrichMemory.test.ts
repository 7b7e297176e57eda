import {
	blockDays,
	blockOf,
	checkValues,
	earliestEnrichedOn,
	lookupKeys,
	recordValues,
} from '../../nodes/ApolloEnrich/protocol/enrichMemory';

const DAY = 86_400_000;
const person = { resource: 'person', flags: 'plain' };

describe('enrichMemory', () => {
	it('counts in blocks of half the window', () => {
		expect(blockDays(30)).toBe(15);
		expect(blockDays(1)).toBe(1);
		expect(blockOf(45 * DAY, 30)).toBe(3);
		expect(blockOf(45 * DAY - 1, 30)).toBe(2);
	});

	it('keys a lookup by its identifiers, and by the Apollo id once known', () => {
		const keys = lookupKeys({ email: 'Jane@Acme.com' });
		expect(keys).toHaveLength(1);
		expect(lookupKeys({ email: 'jane@acme.com' })).toEqual(keys);
		expect(lookupKeys({ email: 'jane@acme.com' }, 'p1')).toEqual([...keys, 'id:p1']);
		expect(lookupKeys({ id: 'p1' })).toContain('id:p1');
	});

	it('skips a person for at least the window and at most one and a half windows', () => {
		const windowDays = 30;
		const keys = lookupKeys({ email: 'jane@acme.com' });
		for (const enrichedOnDay of [0, 7, 14]) {
			const recorded = new Set(recordValues(person, keys, blockOf(enrichedOnDay * DAY, windowDays)));
			const seenOn = (day: number) => checkValues(person, keys, blockOf(day * DAY, windowDays)).some((v) => recorded.has(v));
			for (let day = enrichedOnDay; day < enrichedOnDay + windowDays; day++) expect(seenOn(day)).toBe(true);
			expect(seenOn(enrichedOnDay + 46)).toBe(false);
		}
	});

	it('keeps resources and paid flags apart', () => {
		const keys = lookupKeys({ email: 'jane@acme.com' });
		const recorded = new Set(recordValues(person, keys, 10));
		expect(checkValues({ ...person, flags: 'revealPhoneNumber' }, keys, 10).some((v) => recorded.has(v))).toBe(false);
		expect(checkValues({ ...person, resource: 'organization' }, keys, 10).some((v) => recorded.has(v))).toBe(false);
		expect(checkValues(person, keys, 10).every((v) => recorded.has(v))).toBe(true);
	});

	it('says from which day a value can stand for an enrichment', () => {
		expect(earliestEnrichedOn(blockOf(Date.UTC(2026, 11, 4), 30), 30)).toMatch(/^2026-1[01]-\d\d$/);
	});
});
