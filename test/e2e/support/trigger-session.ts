/**
 * What the trigger test files share: an n8n 2.x with an activated Apollo Webhook Trigger
 * workflow, an undici client, and the delivery simulator feeding a ledger.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import {
	apolloDeliveries,
	simulateDeliveries,
	type SimulateDeliveriesOptions,
	type SimulationReport,
} from '../../trigger/webhook-host';
import { createClient, type TestClient } from '../../trigger/webhook-host/test-helpers';
import { N8N2, NODE24_BIN } from '../setup/versions';
import { DeliveryLedger } from './deliveries';
import { sleep, type SavedWorkflow } from './n8n-api';
import { productionUrl, startInstance, stopInstance, triggerWorkflow, type Instance } from './workflows';

/** Apollo-shaped bodies: two people each, so byte-identical phone payloads stay rare but occur. */
export function deliveryBodies(count: number, seed: number): Array<Record<string, unknown>> {
	return apolloDeliveries({ count, seed, peoplePerDelivery: 2 }).map((delivery) => delivery.body);
}

export interface TriggerWorkflow {
	workflow: SavedWorkflow;
	webhookId: string;
	secret: string;
	url: string;
}

export class TriggerSession {
	readonly client: TestClient = createClient();
	readonly ledger = new DeliveryLedger();

	private constructor(
		readonly instance: Instance,
		private readonly ownsInstance = true,
	) {}

	static async start(name: string): Promise<TriggerSession> {
		return new TriggerSession(await startInstance(N8N2, NODE24_BIN, name));
	}

	/** A session over an n8n someone else started and stops (queue mode's main process). */
	static attach(instance: Instance): TriggerSession {
		return new TriggerSession(instance, false);
	}

	async stop(): Promise<void> {
		await this.client.close();
		if (this.ownsInstance) await stopInstance(this.instance);
	}

	/** The same trigger at another n8n process of the same database (queue mode). */
	at(trigger: TriggerWorkflow, baseUrl: string): TriggerWorkflow {
		return { ...trigger, url: productionUrl(baseUrl, trigger.webhookId, trigger.secret) };
	}

	/** Imports and activates a workflow that is only the trigger, and waits until it answers. */
	async addTrigger(name: string): Promise<TriggerWorkflow> {
		const secret = `e2e-${randomBytes(16).toString('hex')}`;
		const webhookId = randomUUID();
		const workflow = await this.instance.api.createWorkflow(triggerWorkflow(name, webhookId, secret));
		await this.instance.api.activate(workflow, true);
		const trigger = { workflow, webhookId, secret, url: productionUrl(this.instance.n8n.baseUrl, webhookId, secret) };
		await this.waitUntilLive(trigger);
		return trigger;
	}

	/**
	 * After activation or a restart, n8n answers 404 until the webhook is registered. A call
	 * without a secret to the bare …/apollo gets the trigger's own 401 once it is live, and starts
	 * nothing.
	 */
	async waitUntilLive(trigger: TriggerWorkflow): Promise<void> {
		// The trigger's bare …/apollo (its URL without the secret), on whichever process trigger.url names.
		const probe = trigger.url.replace(/\/[^/]*$/, '');
		const deadline = Date.now() + 60_000;
		while ((await this.client.post(probe, {}).catch(() => undefined))?.status !== 401) {
			if (Date.now() > deadline) throw new Error(`Webhook not live after 60 s:\n${this.instance.n8n.logTail()}`);
			await sleep(250);
		}
	}

	/** simulateDeliveries with the suite's defaults: 30% repeated, 40% of repeats concurrent. */
	async simulate(
		trigger: TriggerWorkflow,
		payloads: Array<Record<string, unknown>>,
		phase: string,
		options: Partial<SimulateDeliveriesOptions> = {},
	): Promise<SimulationReport> {
		const report = await simulateDeliveries({
			url: trigger.url,
			payloads,
			repeatRatio: 0.3,
			maxRepeats: 2,
			concurrentDuplicateRatio: 0.4,
			concurrency: 6,
			timeoutMs: 240_000,
			requestTimeoutMs: 30_000,
			...options,
		});
		this.ledger.add(payloads, report, phase);
		return report;
	}

	/** Sends each payload once, one after another or (`concurrent`) all at the same moment. */
	async sendOnce(
		trigger: TriggerWorkflow,
		payloads: Array<Record<string, unknown>>,
		options: { concurrent?: boolean } = {},
	): Promise<Array<boolean | undefined>> {
		const send = async (body: Record<string, unknown>) => {
			const answer = await this.client.post(trigger.url, body);
			return answer.status === 200 ? (answer.body as { duplicate?: boolean }).duplicate : undefined;
		};
		if (options.concurrent) return await Promise.all(payloads.map(send));
		const flags: Array<boolean | undefined> = [];
		for (const body of payloads) flags.push(await send(body));
		return flags;
	}
}
