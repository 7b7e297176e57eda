import type { IDataObject, INode } from 'n8n-workflow';

import { personByName } from '../fake-apollo/directory';
import { startReceiver } from '../fake-apollo/test-helpers';
import { closedAfterEach } from '../support/lifecycle';
import { apolloCalls, fakePerTest, loadExample, runExample } from './support';
import { polls, QUICK_POLLS } from './waitSupport';

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
		expect(enrich.parameters).toMatchObject({ runWaterfallEmail: true, asyncResults: { waitForResults: true } });
		(enrich.parameters.asyncResults as IDataObject).webhookUrl = receiver.url;

		const { items, error } = await runExample(fake, workflow);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));

		const expected = ['Priya Raman', 'Marcus Bell', 'Nathan Brooks'].map((name) => personByName(fake.directory, name)!);
		// Simplify is on by default: the waterfall's email lands in the flat record.
		expected.forEach((person, index) => {
			expect(items[index].json).toMatchObject({ apolloId: person.id, email: person.email, emailStatus: 'verified', asyncStatus: 'delivered' });
		});
		expect(items[3].json).toMatchObject({ matched: false, asyncStatus: 'none' });

		const [call] = apolloCalls(fake, 'bulk_match');
		expect(apolloCalls(fake, 'bulk_match')).toHaveLength(1);
		expect(call.query).toMatchObject({ run_waterfall_email: 'true', webhook_url: receiver.url });
		expect(polls(fake).every(([id]) => id === call.requestId)).toBe(true);
		expect(receiver.received).toHaveLength(1);
	});
});
