/**
 * The Apollo Webhook Trigger's dedupe figures for `npm run bench`:
 * - decisions per second through the trigger's own `webhook()` handler (secret check, body check,
 *   canonical hashing, the dedupe decision, items), called in-process with a minimal webhook
 *   context, half of the deliveries repeats, static data kept between calls as in one n8n process;
 * - the size of the persisted dedupe state at its key cap, as n8n would store it (JSON);
 * - for scale, deliveries per second through the whole webhook path (HTTP, n8n's per-request
 *   static-data load and save, and a workflow run per new delivery) via test/webhook-host.
 */
import * as path from 'node:path';

import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { apolloDeliveries, simulateDeliveries, startWebhookHost } from '../trigger/webhook-host';

export const WEBHOOK_DEDUPE_GOALS = {
	decisionsPerSecond: 20_000,
	stateBytesAtCap: 1024 * 1024,
};

export interface WebhookDedupeFigures {
	/** Dedupe decisions per second through the trigger's delivery handler. */
	decisionsPerSecond: number;
	/** Size of the persisted dedupe state (workflow static data, as JSON) at its key cap. */
	stateBytesAtCap: number;
	/** What was measured, e.g. "10,000 deliveries, 50 % repeats, cap 10,000 keys". */
	description: string;
}

const SECRET = 'bench-secret';
const CAP = 10_000;

type Handler = { webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> };

function loadTrigger(): Handler {
	const file = path.resolve(__dirname, '..', '..', 'dist', 'nodes', 'ApolloWebhookTrigger', 'ApolloWebhookTrigger.node.js');
	const { ApolloWebhookTrigger } = require(file) as { ApolloWebhookTrigger: new () => Handler };
	return new ApolloWebhookTrigger();
}

/** Just what the handler reads; n8n's WebhookContext provides the same methods. */
function contextFor(body: IDataObject, staticData: IDataObject): IWebhookFunctions {
	const parameters: IDataObject = { verification: 'secret', secret: SECRET, output: 'perPerson', options: { maxKeys: CAP } };
	const response = { status: () => ({ json: () => undefined }) };
	return {
		getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
		getQueryData: () => ({ secret: SECRET }),
		getHeaderData: () => ({ 'content-type': 'application/json' }),
		getBodyData: () => body,
		getRequestObject: () => ({}),
		getResponseObject: () => response,
		getMode: () => 'webhook',
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: 'bench-workflow' }),
		getNode: () => ({ id: 'bench-trigger', name: 'Apollo Webhook Trigger' }),
		helpers: { returnJsonArray: (items: IDataObject[]) => items.map((json) => ({ json })) },
	} as unknown as IWebhookFunctions;
}

async function handlerFigures(trigger: Handler): Promise<{ perSecond: number; stateBytes: number; runs: number; calls: number }> {
	const deliveries = apolloDeliveries({ count: CAP, seed: 5, kinds: ['waterfall'], peoplePerDelivery: 2 }).map((d) => d.body as IDataObject);
	const staticData: IDataObject = {};
	// Every delivery once, then every other one again: 15,000 decisions, a third of them repeats.
	const sequence = [...deliveries, ...deliveries.filter((_, index) => index % 2 === 0)];
	let runs = 0;
	// CPU time, not wall time: on a shared 2-core machine other processes' load would otherwise
	// be counted as the handler's.
	const cpuBefore = process.cpuUsage();
	for (const body of sequence) {
		const result = await trigger.webhook.call(contextFor(body, staticData));
		if (result.workflowData) runs++;
	}
	const cpu = process.cpuUsage(cpuBefore);
	const seconds = (cpu.user + cpu.system) / 1e6;
	return { perSecond: sequence.length / seconds, stateBytes: Buffer.byteLength(JSON.stringify(staticData)), runs, calls: sequence.length };
}

async function httpFigures(): Promise<{ perSecond: number; sent: number; runs: number }> {
	const host = await startWebhookHost({
		node: {
			id: 'bench-trigger',
			name: 'Apollo Webhook Trigger',
			type: 'n8n-nodes-apollo-enrich.apolloWebhookTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: 'bench-webhook',
			parameters: { verification: 'secret', secret: SECRET },
		},
		workflowId: 'bench-http',
	});
	try {
		const payloads = apolloDeliveries({ count: 1_000, seed: 8, kinds: ['waterfall'], peoplePerDelivery: 2 }).map((d) => d.body);
		const report = await simulateDeliveries({
			url: host.productionUrl({ secret: SECRET }),
			payloads,
			repeatRatio: 0.5,
			concurrentDuplicateRatio: 0.3,
			concurrency: 8,
			seed: 3,
			timeoutMs: 120_000,
		});
		await host.idle();
		return { perSecond: report.sent / (report.elapsedMs / 1000), sent: report.sent, runs: host.executions.length };
	} finally {
		await host.close();
	}
}

export async function benchWebhookDedupe(): Promise<WebhookDedupeFigures | undefined> {
	const trigger = loadTrigger();
	const handler = await handlerFigures(trigger);
	const http = await httpFigures();
	const fmt = (value: number) => Math.round(value).toLocaleString('en-US');
	return {
		decisionsPerSecond: handler.perSecond,
		stateBytesAtCap: handler.stateBytes,
		description: [
			`Through the trigger's webhook() handler, in-process: ${fmt(handler.calls)} deliveries (${fmt(CAP)} distinct, ${fmt(handler.calls - CAP)} repeats) → ${fmt(handler.runs)} runs, ${fmt(handler.perSecond)} decisions per CPU-second (each run's items built too).`,
			`Persisted dedupe state at its cap of ${fmt(CAP)} keys: ${fmt(handler.stateBytes / 1024)} KB of static data.`,
			`Through n8n's whole webhook path (HTTP, static data loaded and saved per request, a run per new delivery): ${fmt(http.sent)} deliveries → ${fmt(http.runs)} runs, ${fmt(http.perSecond)} deliveries/s.`,
		].join('\n'),
	};
}
