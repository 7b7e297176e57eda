/**
 * Person → Get Webhook Result: `GET /api/v1/webhook_result/{request_id}`, the polling side of
 * Apollo's asynchronous phone reveal and waterfall (0 credits).
 *
 * Typically fed by Enrich or Bulk Enrich: each distinct request id is polled once, each item gets
 * its own person's share, and items that say nothing is coming for them are output flagged
 * without a call (protocol/webhookResultItems.ts). Every Request ID is checked before any call.
 *
 * "Not ready yet" (404 `result_pending`) is a normal state, output as `status: "pending"` with
 * Apollo's `retry_after_seconds`; only the terminal codes are errors.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apolloErrorCode, isSignedInt64Text } from '../../../shared/apollo/json';
import { readWebhookResult, type WebhookResultOutput } from '../../protocol/webhookResult';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../protocol/rateLimit';
import { looksLikeHexId, looksRounded } from '../../protocol/requestIds';
import {
	apolloIdOf,
	nothingPending,
	nothingPendingItem,
	resultItem,
	type WebhookResultItem,
} from '../../protocol/webhookResultItems';
import type { RequestGate } from '../../shared/requestGate';
import { apiError } from '../../shared/apolloErrors';
import { apolloRequest } from '../../shared/transport';
import { errorItem, isNodeError, itemError, tagItems } from '../../shared/itemErrors';

export const getWebhookResultProperties: INodeProperties[] = [
	{
		displayName: 'Request ID',
		name: 'requestId',
		type: 'string',
		required: true,
		default: '={{ $json.requestId ?? $json.apollo?.requestId }}',
		placeholder: 'e.g. {{ $json.requestId }}',
		description:
			'The request ID of an earlier Enrich or Bulk Enrich with Reveal Phone Number or a waterfall option; Apollo Enrich outputs it as requestId (apollo.requestId with Simplify off). Pass it as text: as a number it loses digits.',
		displayOptions: { show: { resource: ['person'], operation: ['getWebhookResult'] } },
	},
];

const EXAMPLE_ID = '-1039995589705121901';

/** Apollo's 404/410/400 codes that will never turn into a result, with what the user can do. */
const TERMINAL_CODES: Record<string, { message: string; hint: (requestId: string) => string }> = {
	request_id_unknown: {
		message: 'Apollo does not know this request ID',
		hint: (requestId) =>
			looksRounded(requestId)
				? `It looks rounded: it ends in zeros, as a 64-bit number does after passing through a JavaScript number or a spreadsheet, which keep only 15 to 17 digits. Map requestId (or apollo.requestId) from Apollo Enrich as it is (text), without converting it.`
				: 'Apollo keeps a result only for a call that matched someone and asked for phone numbers or a waterfall, for the Apollo account whose key made the call. If you typed or copied the ID, compare it with the requestId Apollo Enrich output.',
	},
	request_id_expired: {
		message: 'This request ID has expired',
		hint: () => 'Apollo keeps webhook results for 30 days. Run the enrichment again to get a fresh result.',
	},
	invalid_request_id: {
		message: 'Apollo rejected the request ID as invalid',
		hint: () => `A request ID is a whole number such as ${EXAMPLE_ID}, passed as text.`,
	},
};

/** The Request ID as text, or an error saying what to map instead. No call is made here. */
function checkRequestId(ctx: IExecuteFunctions, raw: unknown, itemIndex: number): string {
	const node = ctx.getNode();
	if (typeof raw === 'number' && !Number.isSafeInteger(raw)) {
		throw itemError(
			node,
			`Request ID ${raw} has lost digits`,
			itemIndex,
			'Apollo request IDs are 64-bit whole numbers, and a JavaScript number keeps only about 16 of their digits. Map requestId (or apollo.requestId) from Apollo Enrich as it is: it is text.',
		);
	}
	const requestId = String(raw ?? '').trim();
	if (isSignedInt64Text(requestId)) return requestId;
	if (requestId === '') {
		throw itemError(
			node,
			'Request ID is empty',
			itemIndex,
			'Map the request ID of an Enrich or Bulk Enrich that asked for phone numbers or a waterfall: {{ $json.requestId }} (Simplify on) or {{ $json.apollo.requestId }}.',
		);
	}
	const hint = looksLikeHexId(requestId)
		? `That looks like an Apollo record or job ID (hexadecimal), such as a person's id or apollo.phoneEnrichment.requestId. Use the call's request ID, requestId (apollo.requestId with Simplify off): a whole number such as ${EXAMPLE_ID}.`
		: `A request ID is a whole number such as ${EXAMPLE_ID}, passed as text. Map requestId from Apollo Enrich: {{ $json.requestId }} (or {{ $json.apollo.requestId }} with Simplify off).`;
	throw itemError(node, `Request ID "${requestId}" is not an Apollo request ID`, itemIndex, hint);
}

/**
 * One poll of one request id. A pending result is an answer; Apollo's terminal codes (unknown,
 * expired, invalid) are NodeApiErrors. Wait for Results polls through here as well.
 */
export async function requestWebhookResult(
	ctx: IExecuteFunctions,
	requestId: string,
	options: { itemIndex: number; retryPolicy: RetryPolicy; gate?: RequestGate; timeoutMs?: number },
): Promise<WebhookResultOutput> {
	const { itemIndex } = options;
	const response = await apolloRequest(
		ctx,
		{ method: 'GET', path: `/api/v1/webhook_result/${requestId}` },
		{
			...options,
			acceptError: (status, body) => {
				const code = apolloErrorCode(body);
				return code === 'result_pending' || (code !== undefined && code in TERMINAL_CODES);
			},
		},
	);
	const code = apolloErrorCode(response.body);
	const terminal = code !== undefined && response.statusCode >= 400 ? TERMINAL_CODES[code] : undefined;
	if (terminal) {
		throw apiError(ctx, itemIndex, {
			message: `${terminal.message}: ${requestId}`,
			description: terminal.hint(requestId),
			httpCode: response.statusCode,
			body: response.body,
		});
	}
	return readWebhookResult(requestId, response.body);
}

function output(itemIndex: number, json: WebhookResultItem): INodeExecutionData {
	return { json: json as unknown as JsonObject, pairedItem: { item: itemIndex } };
}

interface Plan {
	results: Array<INodeExecutionData | undefined>;
	/** Request id → the items waiting for it, in input order. */
	polls: Map<string, number[]>;
	apolloIds: Array<string | null>;
}

/** Reads every item: flagged right away, an error (before any call), or waiting for a poll. */
function planItems(ctx: IExecuteFunctions, continueOnFail: boolean): Plan {
	const items = ctx.getInputData();
	const plan: Plan = { results: [], polls: new Map(), apolloIds: [] };
	items.forEach((item, itemIndex) => {
		const apolloId = apolloIdOf(item.json);
		plan.apolloIds.push(apolloId);
		try {
			const raw = ctx.getNodeParameter('requestId', itemIndex, '') as unknown;
			const text = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : null;
			const why = nothingPending(item.json, text ?? (typeof raw === 'number' ? String(raw) : null));
			if (why) {
				plan.results[itemIndex] = output(itemIndex, nothingPendingItem(text, apolloId, why));
				return;
			}
			const requestId = checkRequestId(ctx, raw, itemIndex);
			const waiting = plan.polls.get(requestId);
			if (waiting) waiting.push(itemIndex);
			else plan.polls.set(requestId, [itemIndex]);
		} catch (cause) {
			const error = isNodeError(cause)
				? cause
				: tagItems(new NodeOperationError(ctx.getNode(), cause as Error, { itemIndex }), [itemIndex]);
			if (!continueOnFail) throw error;
			plan.results[itemIndex] = errorItem(error, itemIndex);
		}
	});
	return plan;
}

export async function executeGetWebhookResult(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const { results, polls, apolloIds } = planItems(this, continueOnFail);
	for (const [requestId, itemIndexes] of polls) {
		let answer: WebhookResultOutput;
		try {
			answer = await requestWebhookResult(this, requestId, {
				itemIndex: itemIndexes[0],
				retryPolicy: DEFAULT_RETRY_POLICY,
			});
		} catch (cause) {
			const error = tagItems(
				isNodeError(cause) ? cause : new NodeOperationError(this.getNode(), cause as Error),
				itemIndexes,
			);
			if (!continueOnFail) throw error;
			for (const itemIndex of itemIndexes) results[itemIndex] = errorItem(error, itemIndex);
			continue;
		}
		for (const itemIndex of itemIndexes) results[itemIndex] = output(itemIndex, resultItem(answer, apolloIds[itemIndex]));
	}
	return results.filter((result): result is INodeExecutionData => result !== undefined);
}
