import { buildOrganizationDetails } from '../../nodes/ApolloEnrich/protocol/organizationIdentifiers';

describe('buildOrganizationDetails', () => {
	it("sends Apollo's names, with the domain reduced and the LinkedIn scheme added", () => {
		expect(
			buildOrganizationDetails({
				domain: ' https://WWW.Acme.com/about ',
				name: '  Acme   Robotics ',
				website: 'https://www.acme.com',
				linkedinUrl: 'linkedin.com/company/acme',
			}),
		).toEqual({
			ok: true,
			details: {
				domain: 'acme.com',
				name: 'Acme Robotics',
				website: 'https://www.acme.com',
				linkedin_url: 'https://linkedin.com/company/acme',
			},
		});
		expect(buildOrganizationDetails({ domain: 'jane@acme.com', name: '' })).toEqual({
			ok: true,
			details: { domain: 'acme.com' },
		});
		expect(buildOrganizationDetails({ name: 42 })).toEqual({ ok: true, details: { name: '42' } });
	});

	it.each([
		[{}, 'Domain', 'No identifier to match on: Domain, Organization Name, Website and LinkedIn URL are all empty'],
		[{ domain: ' ', name: null }, 'Domain', 'No identifier to match on: Domain, Organization Name, Website and LinkedIn URL are all empty'],
		[{ domain: 'not a domain' }, 'Domain', 'Domain "not a domain" is not a domain'],
		[{ website: 'jane@acme.com' }, 'Website', 'Website "jane@acme.com" is not a web address'],
		[{ website: 'acme' }, 'Website', 'Website "acme" is not a web address'],
		[{ linkedinUrl: 'https://example.com/acme' }, 'LinkedIn URL', 'LinkedIn URL "https://example.com/acme" is not a linkedin.com address'],
		[{ name: ['Acme'] }, 'Organization Name', 'Organization Name must be text, but the value is a list'],
		[{ domain: { host: 'acme.com' } }, 'Domain', 'Domain must be text, but the value is an object'],
	])('rejects %j, naming the field', (input, field, message) => {
		const result = buildOrganizationDetails(input);
		expect(result).toEqual({ ok: false, problem: { field, message, hint: expect.any(String) } });
	});
});
