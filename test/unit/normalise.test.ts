import { normaliseDomain, normaliseLinkedinUrl } from '../../nodes/ApolloEnrich/protocol/normalise';

describe('normaliseDomain', () => {
	it.each([
		['acme.com', 'acme.com'],
		['  ACME.com ', 'acme.com'],
		['www.acme.com', 'acme.com'],
		['https://www.acme.com/about?x=1#team', 'acme.com'],
		['http://acme.co.uk:8080/', 'acme.co.uk'],
		['jane@acme.com', 'acme.com'],
		['@acme.com', 'acme.com'],
		['acme.com.', 'acme.com'],
		['bücher.de', 'xn--bcher-kva.de'],
	])('%s → %s', (input, expected) => {
		expect(normaliseDomain(input)).toBe(expected);
	});

	it.each(['', 'acme', 'not a domain', 'https://', 'acme..com', '-acme.com'])(
		'rejects %p',
		(input) => {
			expect(normaliseDomain(input)).toBeUndefined();
		},
	);
});

describe('normaliseLinkedinUrl', () => {
	it('adds a missing scheme and keeps linkedin.com profile URLs', () => {
		expect(normaliseLinkedinUrl('linkedin.com/in/jane')).toBe('https://linkedin.com/in/jane');
		expect(normaliseLinkedinUrl('http://www.linkedin.com/in/jane')).toBe('http://www.linkedin.com/in/jane');
	});
	it('rejects other sites', () => {
		expect(normaliseLinkedinUrl('https://example.com/in/jane')).toBeUndefined();
		expect(normaliseLinkedinUrl('https://notlinkedin.com/in/jane')).toBeUndefined();
	});
});
