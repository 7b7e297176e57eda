import type { NormalisedEmail, NormalisedPhone } from '../../nodes/shared/apollo/deliveries';
import { bestEmail, bestMobile, personName, phonesByPreference } from '../../nodes/shared/apollo/people';

const phone = (number: string, type: string | null, status: string | null, position: number | null = null): NormalisedPhone => ({
	number,
	raw: number,
	type,
	status,
	confidence: null,
	dncStatus: null,
	position,
});
const email = (address: string, status: string | null, position: number | null = null): NormalisedEmail => ({
	email: address,
	status,
	source: null,
	position,
});

describe('people: the number and address to use', () => {
	it('prefers mobiles, then valid numbers, then Apollo\'s position, and keeps Apollo\'s order among equals', () => {
		const phones = [
			phone('+1 work', 'work_hq', 'valid_number', 0),
			phone('+1 bad mobile', 'mobile', 'invalid_number', 0),
			phone('+1 second mobile', 'mobile', 'valid_number', 2),
			phone('+1 first mobile', 'mobile', 'valid_number', 1),
			phone('+1 unknown', null, null),
		];
		expect(phonesByPreference(phones).map((p) => p.number)).toEqual(['+1 first mobile', '+1 second mobile', '+1 bad mobile', '+1 work', '+1 unknown']);
		expect(bestMobile(phones)).toBe('+1 first mobile');
		expect(bestMobile([phone('+1 work', 'work_hq', 'valid_number')])).toBeNull();
		expect(bestMobile([])).toBeNull();
	});

	it('prefers verified addresses, then Apollo\'s position', () => {
		expect(bestEmail([email('guess@x.io', 'Unverified', 0), email('b@x.io', 'Verified', 2), email('a@x.io', 'verified', 1)])).toBe('a@x.io');
		expect(bestEmail([email('only@x.io', null)])).toBe('only@x.io');
		expect(bestEmail([])).toBeNull();
	});

	it('names a person by name, or first and last name', () => {
		expect(personName({ name: ' Ada Lovelace ' })).toBe('Ada Lovelace');
		expect(personName({ first_name: 'Ada', last_name: 'Lovelace' })).toBe('Ada Lovelace');
		expect(personName({ first_name: 'Ada' })).toBe('Ada');
		expect(personName({ id: 'p1' })).toBeNull();
	});
});
