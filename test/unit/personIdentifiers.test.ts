import { buildPersonDetails } from '../../nodes/ApolloEnrich/protocol/personIdentifiers';

describe('buildPersonDetails', () => {
	it("uses Apollo's documented parameter names", () => {
		const result = buildPersonDetails({
			email: ' jane@acme.com ',
			firstName: 'Jane',
			lastName: 'Doe',
			name: 'Jane Doe',
			domain: 'https://www.acme.com',
			organizationName: 'Acme',
			apolloId: '5f2a0b1c9d8e7f6a5b4c3d2e',
			linkedinUrl: 'linkedin.com/in/jane',
			hashedEmail: 'D41D8CD98F00B204E9800998ECF8427E',
		});
		expect(result).toEqual({
			ok: true,
			details: {
				email: 'jane@acme.com',
				first_name: 'Jane',
				last_name: 'Doe',
				name: 'Jane Doe',
				domain: 'acme.com',
				organization_name: 'Acme',
				id: '5f2a0b1c9d8e7f6a5b4c3d2e',
				linkedin_url: 'https://linkedin.com/in/jane',
				hashed_email: 'd41d8cd98f00b204e9800998ecf8427e',
			},
		});
		// The official package's trap: `organization_domain` is not an Apollo parameter.
		if (result.ok) expect(Object.keys(result.details)).not.toContain('organization_domain');
	});

	it('accepts a name with a company', () => {
		expect(buildPersonDetails({ firstName: 'Jane', lastName: 'Doe', domain: 'acme.com' }).ok).toBe(true);
		expect(buildPersonDetails({ name: 'Jane Doe', organizationName: 'Acme' }).ok).toBe(true);
	});

	it('leaves empty, null and undefined fields out', () => {
		expect(buildPersonDetails({ email: 'a@b.co', firstName: '', lastName: null, domain: undefined })).toEqual({
			ok: true,
			details: { email: 'a@b.co' },
		});
	});

	it.each([
		[{}, 'Email', /No identifier to match on/],
		[{ name: 'Jane Doe' }, 'Company Domain', /name alone cannot be matched/],
		[{ firstName: 'Jane', domain: 'acme.com' }, 'Last Name', /Last Name is missing/],
		[{ email: 'jane at acme' }, 'Email', /"jane at acme" is not an email address/],
		[{ email: 'a@b.co', domain: 'acme' }, 'Company Domain', /"acme" is not a domain/],
		[{ linkedinUrl: 'https://example.com/jane' }, 'LinkedIn URL', /not a linkedin.com address/],
		[{ hashedEmail: 'abc' }, 'Hashed Email', /MD5/],
		[{ apolloId: 'has spaces' }, 'Apollo Person ID', /not an Apollo ID/],
		[{ email: { nested: true } }, 'Email', /must be text, but the value is an object/],
		[{ email: ['a@b.co'] }, 'Email', /must be text, but the value is a list/],
	])('reports %j as a problem with %s', (input, field, message) => {
		const result = buildPersonDetails(input);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.problem.field).toBe(field);
			expect(result.problem.message).toMatch(message);
			expect(result.problem.hint.length).toBeGreaterThan(10);
		}
	});
});
