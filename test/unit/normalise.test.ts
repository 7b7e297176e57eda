import { bareLinkedinUrl, normaliseDomain, normaliseLinkedinUrl } from '../../nodes/ApolloEnrich/protocol/normalise';

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

describe('bareLinkedinUrl', () => {
	it('keeps only what tells profiles apart, so one profile written several ways is one key', () => {
		const forms = [
			'https://www.linkedin.com/in/jane-doe/',
			'http://linkedin.com/in/jane-doe',
			'www.linkedin.com/in/jane-doe?trk=x#top',
			'linkedin.com/in/jane-doe//',
		];
		expect(new Set(forms.map(bareLinkedinUrl))).toEqual(new Set(['linkedin.com/in/jane-doe']));
		// Folding the case is the caller's choice (it passes lower-cased text); the path stays.
		expect(bareLinkedinUrl('linkedin.com/in/jane-doe-2')).toBe('linkedin.com/in/jane-doe-2');
	});
});
