import { PERSON_COLUMNS, rowColumns } from '../support/simplify-columns';
import { jsonOf, runEnrich, useFakeApollo } from './support';
import { DEAD_WEBHOOK_URL, QUICK_POLLS, withMobile } from './waitSupport';

const emails = { email: '={{ $json.email }}' };

const ROW = rowColumns(PERSON_COLUMNS);

describe('Person → Simplify', () => {
	const fake = useFakeApollo({ webhook: { delayMs: 30, ...QUICK_POLLS } });

	it('outputs one flat record per item: matched, unmatched, and error items left as they are', async () => {
		const person = fake().directory.find((entry) => entry.personal_emails.length > 0)!;
		const run = await runEnrich(
			fake(),
			{ operation: 'enrich', ...emails, simplify: true, revealPersonalEmails: true },
			[{ email: person.email }, { email: 'nobody@nowhere.example' }, { email: 'not-an-email' }],
			{ continueOnFail: true },
		);
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
		const [matched, unmatched, failed] = run.items.map((item) => item.json);

		expect(Object.keys(matched)).toEqual(ROW);
		expect(matched).toMatchObject({
			matched: true,
			lookedUpBy: `email=${person.email}`,
			apolloId: person.id,
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
			noMatchReason: null,
			skipped: null,
			credits: 1,
			requestId: expect.any(String),
		});
		// Flat: nothing is an object (the apollo block only comes with Include Apollo Details).
		const nested = Object.values(matched).filter((value) => value !== null && typeof value === 'object' && !Array.isArray(value));
		expect(nested).toEqual([]);

		expect(Object.keys(unmatched)).toEqual(ROW);
		expect(unmatched).toMatchObject({
			matched: false,
			noMatchReason: 'match_confidence_none',
			lookedUpBy: 'email=nobody@nowhere.example',
			apolloId: null,
			name: null,
			email: null,
			companyName: null,
			personalEmails: [],
		});

		expect(Object.keys(failed)).toEqual(['error', 'description', 'httpCode']);
	});

	it('flattens what Wait for Results merged in: the waterfall email and the revealed mobile', async () => {
		const people = withMobile(fake()).slice(0, 3);
		const run = await runEnrich(
			fake(),
			{
				operation: 'bulkEnrich',
				...emails,
				runWaterfallEmail: true, revealPhoneNumber: true, simplify: true, asyncResults: { webhookUrl: DEAD_WEBHOOK_URL, waitForResults: true },
			},
			people.map((person) => ({ email: person.email })),
		);
		expect(run.error).toBeUndefined();
		run.items.forEach((item, index) => {
			const person = people[index];
			expect(Object.keys(item.json)).toEqual(rowColumns(PERSON_COLUMNS, { waitForResults: true }));
			expect(item.json).toMatchObject({
				apolloId: person.id,
				email: person.email,
				emailStatus: 'verified',
				mobilePhone: person.mobile_phone?.sanitized_number,
				phoneNumbers: [person.mobile_phone?.sanitized_number],
				asyncStatus: 'delivered',
			});
			expect(item.pairedItem).toEqual({ item: index });
		});
	});

	it('keeps the call details with Include Apollo Details', async () => {
		const person = fake().directory[0];
		const run = await runEnrich(fake(), { operation: 'bulkEnrich', ...emails, simplify: true, options: { includeApolloDetails: true } }, [{ email: person.email }]);
		expect(Object.keys(run.items[0].json)).toEqual(rowColumns(PERSON_COLUMNS, { apollo: true }));
		expect(run.items[0].json.apollo).toMatchObject({ operation: 'bulkEnrich', matched: true, call: { batchNumber: 1 } });
	});

	it('keeps the full Apollo record when off', async () => {
		const person = fake().directory[0];
		const run = await runEnrich(fake(), { operation: 'bulkEnrich', ...emails, simplify: false }, [{ email: person.email }]);
		expect(Object.keys(run.items[0].json)).toEqual(['matched', 'noMatchReason', 'skipped', 'lookedUpBy', 'credits', 'person', 'apollo']);
		expect(jsonOf(run.items[0]).person).toMatchObject({
			id: person.id,
			organization: { name: person.organization.name },
			employment_history: expect.any(Array),
		});
	});
});
