import type { IDataObject, INode } from 'n8n-workflow';

import { fakePerTest, loadExample, runExample } from '../integration/support';
import { closedAfterEach } from '../support/lifecycle';
import { startWebhookHost } from './webhook-host';

describe('examples/reveal-phone-pair.*.workflow.json', () => {
	const startFake = fakePerTest();
	const startHost = closedAfterEach(startWebhookHost);

	it('imports as two workflows that together deliver each revealed person once', async () => {
		const triggerWorkflow = loadExample('reveal-phone-pair.trigger.workflow.json');
		const enrichWorkflow = loadExample('reveal-phone-pair.enrich.workflow.json');
		const [triggerNode, ...downstream] = triggerWorkflow.nodes;
		const host = await startHost({
			node: triggerNode,
			downstreamNodes: downstream,
			connections: triggerWorkflow.connections,
			workflowId: 'example-pair',
		});
		const fake = await startFake({ webhook: { delayMs: 30, repeats: 2, repeatDelayMs: 5 } });
		// The one edit a user makes: their trigger's URL (secret included) in the enrich node.
		const secret = String(triggerNode.parameters.secret);
		const enrich = enrichWorkflow.nodes.find((node) => node.name === 'Apollo Enrich') as INode;
		const asyncResults = enrich.parameters.asyncResults as IDataObject;
		expect(String(asyncResults.webhookUrl)).toContain(`/webhook/${String(triggerNode.webhookId)}/apollo/${secret}`);
		asyncResults.webhookUrl = host.productionUrl();

		const enriched = await runExample(fake, enrichWorkflow);
		expect(enriched.error).toBeUndefined();
		expect(enriched.items).toHaveLength(3);

		await fake.waitForDeliveries(3, 10_000);
		await host.idle();
		expect(host.executions).toHaveLength(1);
		const [execution] = host.executions;
		expect(execution.items).toHaveLength(3);
		expect(Object.keys(execution.run?.data.resultData.runData ?? {})).toEqual(['Apollo Webhook Trigger', 'Save the numbers here']);
	});
});
