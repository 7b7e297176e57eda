import { apolloCalls, jsonOf, MAPPED_IDENTIFIERS, runEnrich, useFakeApollo } from './support';

describe('Person → Enrich, run through n8n-core against the fake Apollo', () => {
	const fake = useFakeApollo();

	const alex = () => fake().directory[0];
	const priya = () => fake().directory[1];

	it('enriches one person per item, with pairedItem and an exact request id', async () => {
		const { items, error } = await runEnrich(fake(), { operation: 'enrich', ...MAPPED_IDENTIFIERS }, [
			{ email: alex().email },
			{ first_name: priya().first_name, last_name: priya().last_name, domain: `https://www.${priya().organization?.primary_domain}/team` },
		]);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(jsonOf(items[0]).person?.id).toBe(alex().id);
		expect(jsonOf(items[1]).person?.id).toBe(priya().id);

		const calls = apolloCalls(fake(), 'match');
		expect(calls).toHaveLength(2);
		// The documented names, in the query string; the domain reduced from the URL.
		expect(calls[1].query).toEqual({
			first_name: priya().first_name,
			last_name: priya().last_name,
			domain: priya().organization?.primary_domain,
		});
		expect(calls[1].body).toBeUndefined();
		// The id Apollo wrote as a raw int64 arrives as the exact same digits.
		expect(jsonOf(items[0]).apollo.requestId).toBe(calls[0].requestId);
		expect(Number.isSafeInteger(Number(calls[0].requestId))).toBe(false);
		expect(jsonOf(items[0]).apollo).toMatchObject({ operation: 'enrich', matched: true, noMatchReason: null });
	});

	it('flags the no-match stub instead of passing it off as a person', async () => {
		const { items } = await runEnrich(fake(), { operation: 'enrich', ...MAPPED_IDENTIFIERS }, [
			{ email: `nobody@${alex().organization?.primary_domain}` },
		]);
		expect(jsonOf(items[0]).person).toBeNull();
		expect(jsonOf(items[0]).apollo).toMatchObject({ matched: false, noMatchReason: 'match_confidence_none' });
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('can make a no-match an error, or an error item with Continue On Fail', async () => {
		const parameters = { operation: 'enrich', ...MAPPED_IDENTIFIERS, options: { errorOnNoMatch: true } };
		const inputs = [{ email: alex().email }, { email: 'ghost@nowhere.example' }];
		const failed = await runEnrich(fake(), parameters, inputs);
		expect(failed.error?.message).toBe('Apollo found no person [item 1]');
		expect(failed.error?.description).toMatch(/Sent: email=ghost@nowhere.example/);
		expect(failed.error?.description).toMatch(/1 item\(s\) were enriched by calls sent before this failure was known/);

		const kept = await runEnrich(fake(), parameters, inputs, { continueOnFail: true });
		expect(kept.items).toHaveLength(2);
		expect(jsonOf(kept.items[0]).person?.id).toBe(alex().id);
		expect(kept.items[1].json.error).toBe('Apollo found no person [item 1]');
		expect(kept.items[1].pairedItem).toEqual({ item: 1 });
	});

	it('stops on an item without a usable identifier before calling Apollo, naming item and field', async () => {
		const { error } = await runEnrich(fake(), { operation: 'enrich', ...MAPPED_IDENTIFIERS }, [
			{ email: alex().email },
			{ first_name: 'Jane', last_name: 'Doe' },
			{ email: 'not-an-email' },
		]);
		expect(error?.message).toBe('A name alone cannot be matched: Company Domain or Company Name is missing [item 1]');
		expect(error?.description).toMatch(/^Field: Company Domain\. /);
		expect(error?.description).toMatch(/1 more item\(s\) after it have problems too/);
		expect(apolloCalls(fake())).toHaveLength(0);
	});

	it('with Continue On Fail, sets bad items aside as error items and enriches the rest', async () => {
		const { items } = await runEnrich(
			fake(),
			{ operation: 'enrich', ...MAPPED_IDENTIFIERS },
			[{ email: 'jane at acme' }, { email: alex().email }, { linkedin_url: 'https://example.com/jane' }],
			{ continueOnFail: true },
		);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.error).toBe('Email "jane at acme" is not an email address [item 0]');
		expect(jsonOf(items[1]).person?.id).toBe(alex().id);
		expect(items[2].json.error).toMatch(/LinkedIn URL .* is not a linkedin.com address \[item 2\]/);
		expect(apolloCalls(fake())).toHaveLength(1);
	});

	it('sends reveal flags, and the webhook URL only when a flag needs it', async () => {
		const webhookUrl = 'https://hooks.example/apollo?secret=s3cr3t&x=1';
		const personal = await runEnrich(
			fake(),
			{ operation: 'enrich', email: alex().email, revealPersonalEmails: true, asyncResults: { webhookUrl: webhookUrl } },
			[{}],
		);
		expect(apolloCalls(fake(), 'match')[0].query).toEqual({ email: alex().email, reveal_personal_emails: 'true' });
		expect(jsonOf(personal.items[0]).person?.personal_emails).toEqual(expect.any(Array));

		fake().clearLog();
		const phone = await runEnrich(
			fake(),
			{ operation: 'enrich', email: alex().email, revealPhoneNumber: true, asyncResults: { webhookUrl: webhookUrl } },
			[{}],
		);
		expect(apolloCalls(fake(), 'match')[0].query).toEqual({
			email: alex().email,
			reveal_phone_number: 'true',
			webhook_url: webhookUrl,
		});
		expect(jsonOf(phone.items[0]).apollo.phoneEnrichment).toMatchObject({ status: 'pending' });
	});

	it.each([
		[{ revealPhoneNumber: true }, 'Reveal Phone Number needs a Webhook URL [item 0]'],
		[{ runWaterfallEmail: true, runWaterfallPhone: true }, 'Run Waterfall Email and Run Waterfall Phone needs a Webhook URL [item 0]'],
		[{ runWaterfallPhone: true, asyncResults: { webhookUrl: 'hooks.example/x' } }, 'Webhook URL "hooks.example/x" is not an http(s) URL [item 0]'],
	])('refuses %j before calling Apollo', async (flags, message) => {
		const { error } = await runEnrich(fake(), { operation: 'enrich', email: alex().email, ...flags }, [{}]);
		expect(error?.message).toBe(message);
		expect(error?.description).toMatch(/Apollo Webhook Trigger/);
		expect(apolloCalls(fake())).toHaveLength(0);
	});

	it('runs the email waterfall and reports its status', async () => {
		const { items } = await runEnrich(
			fake(),
			{ operation: 'enrich', email: alex().email, runWaterfallEmail: true, asyncResults: { webhookUrl: 'http://127.0.0.1:9/none' } },
			[{}],
		);
		expect(apolloCalls(fake(), 'match')[0].query).toMatchObject({ run_waterfall_email: 'true' });
		expect(jsonOf(items[0]).apollo.waterfall).toMatchObject({ status: 'accepted' });
		expect(jsonOf(items[0]).person?.email).toBeUndefined();
	});
});
