import type { IDataObject, INode } from 'n8n-workflow';

import { personByName } from '../fake-apollo/directory';
import { startReceiver } from '../fake-apollo/test-helpers';
import { closedAfterEach } from '../support/lifecycle';
import { apolloCalls, fakePerTest, loadExample, runExample } from './support';
import { asyncResultOf, personOf, polls, QUICK_POLLS } from './waitSupport';

describe('examples/waterfall-wait-for-results.workflow.json', () => {
	const startFake = fakePerTest();
	const receiverPerTest = closedAfterEach(startReceiver);

	it('finds the emails with the waterfall and outputs them in the same run', async () => {
		const workflow = loadExample('waterfall-wait-for-results.workflow.json');
		const fake = await startFake({ webhook: { delayMs: 50, ...QUICK_POLLS } });
		// Stands in for the Apollo Webhook Trigger the user would point the URL at.
		const receiver = await receiverPerTest();
		// The one edit a user makes: their own webhook URL.
		const enrich = workflow.nodes.find((node) => node.name === 'Apollo Enrich') as INode;
		const options = enrich.parameters.options as IDataObject;
		expect(options).toMatchObject({ runWaterfallEmail: true, waitForResults: true });
		options.webhookUrl = receiver.url;

		const { items, error } = await runExample(fake, workflow);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));

		const expected = ['Priya Raman', 'Marcus Bell', 'Nathan Brooks'].map((name) => personByName(fake.directory, name)!);
		expected.forEach((person, index) => {
			expect(personOf(items[index])).toMatchObject({ id: person.id, email: person.email, email_status: 'verified' });
			expect(asyncResultOf(items[index])).toMatchObject({ status: 'delivered', requestType: 'waterfall' });
		});
		expect(asyncResultOf(items[3])).toMatchObject({ status: 'none', reason: 'no_match' });

		const [call] = apolloCalls(fake, 'bulk_match');
		expect(apolloCalls(fake, 'bulk_match')).toHaveLength(1);
		expect(call.query).toMatchObject({ run_waterfall_email: 'true', webhook_url: receiver.url });
		expect(polls(fake).every(([id]) => id === call.requestId)).toBe(true);
		expect(receiver.received).toHaveLength(1);
	});
});
