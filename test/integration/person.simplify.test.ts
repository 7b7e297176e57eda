import { PERSON_COLUMNS } from '../support/simplify-columns';
import { jsonOf, runEnrich, useFakeApollo } from './support';
import { DEAD_WEBHOOK_URL, QUICK_POLLS, withMobile } from './waitSupport';

const emails = { email: '={{ $json.email }}' };

describe('Person → Options → Simplify', () => {
	const fake = useFakeApollo({ webhook: { delayMs: 30, ...QUICK_POLLS } });

	it('outputs one flat record per item: matched, unmatched, and error items left as they are', async () => {
		const person = fake().directory.find((entry) => entry.personal_emails.length > 0)!;
		const run = await runEnrich(
			fake(),
			{ operation: 'enrich', ...emails, options: { simplify: true, revealPersonalEmails: true } },
			[{ email: person.email }, { email: 'nobody@nowhere.example' }, { email: 'not-an-email' }],
			{ continueOnFail: true },
		);
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
		const [matched, unmatched, failed] = run.items.map((item) => item.json);

		expect(Object.keys(matched)).toEqual(PERSON_COLUMNS);
		expect(matched).toMatchObject({
			id: person.id,
			name: person.name,
			firstName: person.first_name,
			lastName: person.last_name,
			title: person.title,
			email: person.email,
			emailStatus: person.email_status,
			personalEmails: person.personal_emails,
			linkedinUrl: person.linkedin_url,
			city: person.city,
			country: person.country,
			seniority: person.seniority,
			departments: person.departments,
			companyName: person.organization.name,
			companyDomain: person.organization.primary_domain,
			companyWebsite: person.organization.website_url,
			companyIndustry: person.organization.industry,
			companyEmployeeCount: person.organization.estimated_num_employees,
			apollo: { operation: 'enrich', matched: true, noMatchReason: null },
		});
		// Flat: nothing but the apollo block is an object.
		const nested = Object.entries(matched).filter(([key, value]) => key !== 'apollo' && value !== null && typeof value === 'object' && !Array.isArray(value));
		expect(nested).toEqual([]);

		expect(Object.keys(unmatched)).toEqual(PERSON_COLUMNS);
		expect(unmatched).toMatchObject({ id: null, name: null, email: null, companyName: null, personalEmails: [] });
		expect(unmatched.apollo).toMatchObject({ matched: false, noMatchReason: 'match_confidence_none' });

		expect(Object.keys(failed)).toEqual(['error', 'description', 'httpCode']);
	});

	it('flattens what Wait for Results merged in: the waterfall email and the revealed mobile', async () => {
		const people = withMobile(fake()).slice(0, 3);
		const run = await runEnrich(
			fake(),
			{
				operation: 'bulkEnrich',
				...emails,
				options: {
					runWaterfallEmail: true,
					revealPhoneNumber: true,
					webhookUrl: DEAD_WEBHOOK_URL,
					waitForResults: true,
					simplify: true,
				},
			},
			people.map((person) => ({ email: person.email })),
		);
		expect(run.error).toBeUndefined();
		run.items.forEach((item, index) => {
			const person = people[index];
			expect(Object.keys(item.json)).toEqual(PERSON_COLUMNS);
			expect(item.json).toMatchObject({
				id: person.id,
				email: person.email,
				emailStatus: 'verified',
				mobilePhone: person.mobile_phone?.sanitized_number,
				phoneNumbers: [person.mobile_phone?.sanitized_number],
				apollo: { asyncResult: { status: 'delivered', requestType: 'waterfall' } },
			});
			expect(item.pairedItem).toEqual({ item: index });
		});
	});

	it('keeps the full Apollo record when off (the default)', async () => {
		const person = fake().directory[0];
		const run = await runEnrich(fake(), { operation: 'bulkEnrich', ...emails }, [{ email: person.email }]);
		expect(Object.keys(run.items[0].json)).toEqual(['person', 'apollo']);
		expect(jsonOf(run.items[0]).person).toMatchObject({
			id: person.id,
			organization: { name: person.organization.name },
			employment_history: expect.any(Array),
		});
	});
});
