/**
 * Async Results → Wait for Results: after Enrich or Bulk Enrich, poll Get Webhook Result for each
 * distinct request id that expects a result, until Apollo has delivered or Max Wait is over, and
 * merge the delivered phone numbers and emails into each person's item.
 *
 * Polls cost no credits but count against the webhook_result route's own rate limits, which
 * Apollo keeps per endpoint; so they get their own scheduler and gate, with the run's settings,
 * rather than the enrichment route's, whose headers say nothing about this route. Waiting uses
 * n8n-workflow's `sleep` (node code may not use timers), one sleep at a time, and stops when the
 * execution is cancelled.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { deepCopy, NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { isJsonObject } from '../../../shared/apollo/json';
import {
	asyncResultMeta,
	deliveredPeople,
	expectAsyncResult,
	findDelivered,
	groupByRequestId,
	mergeDelivered,
	toSeconds,
	type AsyncExpectation,
	type AsyncResultMeta,
	type PersonItemView,
} from '../../protocol/asyncResults';
import { MOBILE_CREDITS } from '../../protocol/credits';
import { asyncRequested, type EnrichFlags } from '../../protocol/personFlags';
import { DEFAULT_POLL_POLICY, PollSchedule } from '../../protocol/pollSchedule';
import { AdaptiveScheduler } from '../../protocol/scheduler';
import type { WebhookResultOutput } from '../../protocol/webhookResult';
import { RequestGate, RunHaltedError } from '../../shared/requestGate';
import { stopReasonOf } from '../../shared/apolloErrors';
import { addHint } from '../../shared/executionHints';
import { requestWebhookResult } from './getWebhookResult';
import { isNodeError, withItemIndex } from '../../shared/itemErrors';
import type { EnrichSettings } from './enrichFields';
import { enrichedNote, NOTHING_TO_WAIT_FOR, summariseWait } from './waitHints';

type PersonJson = PersonItemView & {
	skipped?: string | null;
	credits?: number;
	apollo: PersonItemView['apollo'] & {
		asyncResult?: AsyncResultMeta;
		dedupe?: { sharedWithItem: number | null } | null;
	};
};

/** A person output item (matched or flagged), not an error item. */
function personJson(item: INodeExecutionData | undefined): PersonJson | undefined {
	const json = item?.json as Partial<PersonJson> | undefined;
	return json && isJsonObject(json.apollo) && 'person' in json ? (json as PersonJson) : undefined;
}

function itemIndexOf(item: INodeExecutionData, fallback: number): number {
	const paired = item.pairedItem;
	if (typeof paired === 'number') return paired;
	if (paired && !Array.isArray(paired)) return paired.item;
	return fallback;
}

/** Resolves after `ms`, or as soon as the execution is cancelled. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
	if (!signal) return await sleep(ms);
	if (signal.aborted) return;
	let onAbort = () => {};
	const aborted = new Promise<void>((resolve) => {
		onAbort = resolve;
		signal.addEventListener('abort', onAbort, { once: true });
	});
	await Promise.race([sleep(ms), aborted]);
	signal.removeEventListener('abort', onAbort);
}

class ResultWaiter {
	private readonly schedule: PollSchedule;
	private readonly gate: RequestGate;
	private readonly continueOnFail: boolean;
	private failure?: NodeApiError | NodeOperationError;
	/** The daily limit on the poll route: every id not yet fetched gets this error. */
	private stopError?: Error;
	/** Request ids whose poll was not sent because the run stopped. */
	private readonly halted: string[] = [];

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly settings: EnrichSettings,
		private readonly results: INodeExecutionData[],
		private readonly groups: Map<string, number[]>,
		private readonly flagsOf: (itemIndex: number) => EnrichFlags | undefined,
	) {
		this.schedule = new PollSchedule(groups.keys(), Date.now(), {
			...DEFAULT_POLL_POLICY,
			maxWaitMs: settings.maxWaitMs,
		});
		const scheduler = new AdaptiveScheduler({ maxConcurrent: settings.maxConcurrentRequests });
		this.continueOnFail = ctx.continueOnFail();
		this.gate = new RequestGate(scheduler, settings.retryPolicy.maxWaitMs, Date.now, !this.continueOnFail);
	}

	async run(): Promise<void> {
		const signal =
			typeof this.ctx.getExecutionCancelSignal === 'function'
				? this.ctx.getExecutionCancelSignal()
				: undefined;
		while (!this.schedule.isDone && this.failure === undefined) {
			const now = Date.now();
			if (signal?.aborted) {
				this.schedule.stopAll(now);
				break;
			}
			const due = this.schedule.due(now);
			if (due.length > 0) {
				await Promise.all(due.map(async (requestId) => await this.pollOnce(requestId)));
				continue;
			}
			const wakeAt = this.schedule.nextWakeAt();
			if (wakeAt === null) break;
			await pause(Math.max(1, wakeAt - now), signal);
		}
		if (this.failure) throw this.failure;
		for (const requestId of this.halted) {
			const error = this.stopError ?? new RunHaltedError();
			this.markError(requestId, this.groups.get(requestId) ?? [], error);
		}
		const now = Date.now();
		for (const [requestId, positions] of this.groups) {
			const outcome = this.schedule.outcome(requestId, now);
			if (outcome.state !== 'timedOut') continue;
			this.mark(positions, {
				status: 'pending',
				requestId,
				message: `Apollo had not delivered the result when the node stopped waiting. Fetch it later with Get Webhook Result and this request ID, or receive it with an Apollo Webhook Trigger.`,
				waitedSeconds: toSeconds(outcome.waitedMs),
				polls: outcome.polls,
			});
		}
	}

	private async pollOnce(requestId: string): Promise<void> {
		const positions = this.groups.get(requestId) ?? [];
		const itemIndex = itemIndexOf(this.results[positions[0]], positions[0]);
		this.schedule.sent(requestId);
		let answer: WebhookResultOutput;
		try {
			answer = await requestWebhookResult(this.ctx, requestId, {
				itemIndex,
				retryPolicy: this.settings.retryPolicy,
				gate: this.gate,
				timeoutMs: this.settings.timeoutMs,
			});
		} catch (error) {
			this.schedule.settle(requestId, Date.now());
			this.fail(requestId, positions, itemIndex, error as Error);
			return;
		}
		const now = Date.now();
		if (answer.pending && !isJsonObject(answer.result)) {
			this.schedule.pending(requestId, now, answer.retryAfterSeconds);
			return;
		}
		this.schedule.settle(requestId, now);
		this.deliver(requestId, positions, answer);
	}

	private deliver(requestId: string, positions: number[], answer: WebhookResultOutput): void {
		const people = deliveredPeople(answer.result);
		const outcome = this.schedule.outcome(requestId, Date.now());
		const message = !isJsonObject(answer.result)
			? `Apollo reported webhook_status "${answer.status ?? 'none'}" without a result`
			: answer.failureReason
				? `Apollo could not POST the result to the Webhook URL (${answer.failureReason}); this node fetched it by polling.`
				: null;
		for (const position of positions) {
			const json = personJson(this.results[position]);
			if (!json || json.person === null) continue;
			const delivered = findDelivered(json.person, people);
			json.person = mergeDelivered(json.person, delivered);
			// Apollo charges a revealed mobile when it delivers it; a repeat shares its lead's.
			const revealed = this.flagsOf(itemIndexOf(this.results[position], position))?.revealPhoneNumber === true;
			const isLead = (json.apollo.dedupe?.sharedWithItem ?? null) === null;
			if (revealed && isLead && delivered?.phoneNumbers.some((phone) => phone.type?.toLowerCase() === 'mobile')) {
				json.credits = (typeof json.credits === 'number' ? json.credits : 0) + MOBILE_CREDITS;
			}
			json.apollo.asyncResult = asyncResultMeta({
				status: 'delivered',
				requestId,
				message,
				waitedSeconds: toSeconds(outcome.waitedMs),
				polls: outcome.polls,
				webhookStatus: answer.status,
				requestType: answer.requestType,
				personInResult: delivered !== undefined,
				// Each item gets its own copies, so that a later node changing one leaves the others be.
				emails: deepCopy(delivered?.emails ?? []),
				phoneNumbers: deepCopy(delivered?.phoneNumbers ?? []),
			});
		}
	}

	private fail(requestId: string, positions: number[], itemIndex: number, error: Error): void {
		// Not sent because the run stopped: marked at the end, with the stop's own error.
		if (error instanceof RunHaltedError) {
			this.halted.push(requestId);
			return;
		}
		if (stopReasonOf(error) === 'daily_limit_exhausted') this.stopError ??= error;
		if (!this.continueOnFail) {
			if (this.failure === undefined) {
				this.failure = isNodeError(error)
					? withItemIndex(error, itemIndex)
					: new NodeOperationError(this.ctx.getNode(), error, { itemIndex });
				const enriched = this.results.filter((item) => personJson(item)?.apollo.matched).length;
				const note = enrichedNote(enriched);
				this.failure.description = `${this.failure.description ?? ''} ${note}`.trim();
			}
			// Polls already in flight finish; nothing further is sent.
			this.gate.halt();
			return;
		}
		this.markError(requestId, positions, error);
	}

	private markError(requestId: string, positions: number[], error: Error): void {
		const details = error as Partial<NodeApiError>;
		const code = isNodeError(error) ? error.context.apolloErrorCode : undefined;
		const outcome = this.schedule.outcome(requestId, Date.now());
		this.mark(positions, {
			status: 'error',
			requestId,
			reason: typeof code === 'string' ? code : (stopReasonOf(error) ?? 'poll_failed'),
			message: details.description ? `${error.message}. ${details.description}` : error.message,
			waitedSeconds: toSeconds(outcome.waitedMs),
			polls: outcome.polls,
		});
	}

	private mark(positions: number[], fields: Parameters<typeof asyncResultMeta>[0]): void {
		for (const position of positions) {
			const json = personJson(this.results[position]);
			if (json) json.apollo.asyncResult = asyncResultMeta(fields);
		}
	}
}

/**
 * Waits for and merges the async results into `results` (the run's output, one item per input
 * item, in place), each item by its own flags. Items that expect nothing say why in
 * `apollo.asyncResult`; skipped and error items are left as they are.
 */
export async function waitForAsyncResults(
	ctx: IExecuteFunctions,
	settings: EnrichSettings,
	results: INodeExecutionData[],
	flagsOf: (itemIndex: number) => EnrichFlags | undefined,
): Promise<void> {
	const expectations: Array<{ position: number; expectation: AsyncExpectation }> = [];
	results.forEach((item, position) => {
		const json = personJson(item);
		const flags = flagsOf(itemIndexOf(item, position));
		if (!json || json.skipped || !flags || !asyncRequested(flags)) return;
		const expectation = expectAsyncResult(json, flags);
		expectations.push({ position, expectation });
		if (expectation.kind !== 'none') return;
		const { requestId, reason, message } = expectation;
		json.apollo.asyncResult = asyncResultMeta({ status: 'none', requestId, reason, message });
	});
	if (expectations.length === 0) {
		addHint(ctx, NOTHING_TO_WAIT_FOR);
		return;
	}
	await new ResultWaiter(ctx, settings, results, groupByRequestId(expectations), flagsOf).run();
	const metas = results.map((item) => personJson(item)?.apollo.asyncResult);
	summariseWait(ctx, metas, settings.maxWaitMs);
}
