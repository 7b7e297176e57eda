import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IDataObject, INode } from 'n8n-workflow';

import { runWorkflow, type WorkflowJson } from '../harness';
import { withFake } from '../integration/support';
import { startWebhookHost } from './webhook-host';

const load = (name: string) =>
	JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'examples', name), 'utf8')) as WorkflowJson;

describe('examples/reveal-phone-pair.*.workflow.json', () => {
	it('imports as two workflows that together deliver each revealed person once', async () => {
		const triggerWorkflow = load('reveal-phone-pair.trigger.workflow.json');
		const enrichWorkflow = load('reveal-phone-pair.enrich.workflow.json');
		const [triggerNode, ...downstream] = triggerWorkflow.nodes;
		const host = await startWebhookHost({
			node: triggerNode,
			downstreamNodes: downstream,
			connections: triggerWorkflow.connections,
			workflowId: 'example-pair',
		});
		const fake = await withFake({ webhook: { delayMs: 30, repeats: 2, repeatDelayMs: 5 } });
		try {
			// The one edit a user makes: their trigger's URL (secret included) in the enrich node.
			const secret = String(triggerNode.parameters.secret);
			const enrich = enrichWorkflow.nodes.find((node) => node.name === 'Apollo Enrich') as INode;
			const options = enrich.parameters.options as IDataObject;
			expect(String(options.webhookUrl)).toContain(`/webhook/${String(triggerNode.webhookId)}/apollo/${secret}`);
			options.webhookUrl = host.productionUrl();

			const enriched = await runWorkflow({
				workflow: enrichWorkflow,
				credentials: { apolloEnrichApi: { apiKey: fake.apiKey, baseUrl: fake.url } },
			});
			expect(enriched.error).toBeUndefined();
			expect(enriched.output('Apollo Enrich')).toHaveLength(3);

			await fake.waitForDeliveries(3, 10_000);
			await host.idle();
			expect(host.executions).toHaveLength(1);
			const [execution] = host.executions;
			expect(execution.items).toHaveLength(3);
			expect(Object.keys(execution.run?.data.resultData.runData ?? {})).toEqual(['Apollo Webhook Trigger', 'Save the numbers here']);
		} finally {
			await fake.close();
			await host.close();
		}
	});
});
