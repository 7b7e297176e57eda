/**
 * ─── HOOK: Apollo Webhook Trigger dedupe figures ────────────────────────────────────────────────
 *
 * The issue asks the benchmark to measure the webhook trigger's dedupe decision once the trigger
 * exists: deliveries per second through the handler, and the size of the persisted dedupe state
 * at its cap. The trigger (nodes/ApolloWebhookTrigger/) is written separately; this file is where
 * its measurement goes. run-bench.ts prints whatever `benchWebhookDedupe` returns next to the goals
 * below, and "not measured" while it returns undefined.
 *
 * To fill it in: drive the trigger's delivery handler (e.g. through test/webhook-host, as n8n's
 * webhook server would) with Apollo-shaped deliveries, half of them repeats; time the decisions;
 * then fill the state to its key cap and measure JSON.stringify(staticData) in bytes.
 */

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

export async function benchWebhookDedupe(): Promise<WebhookDedupeFigures | undefined> {
	// Not measured yet: see the comment at the top.
	return undefined;
}
