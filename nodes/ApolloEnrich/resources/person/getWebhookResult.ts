/**
 * Person → Get Webhook Result: `GET /api/v1/webhook_result/{request_id}`, the polling side of
 * Apollo's asynchronous phone reveal and waterfall (0 credits).
 *
 * "Not ready yet" (404 `result_pending`) is a normal state, output as `status: "pending"` with
 * Apollo's `retry_after_seconds`; only the terminal codes are errors.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apolloErrorCode, isSignedInt64Text } from '../../../shared/apollo/json';
import { readWebhookResult, type WebhookResultOutput } from '../../protocol/webhookResult';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../protocol/rateLimit';
import type { RequestGate } from '../../shared/requestGate';
import { apiError } from '../../shared/apolloErrors';
import { apolloRequest } from '../../shared/transport';
import { errorItem, isNodeError, withItemIndex } from '../../shared/itemErrors';

export const getWebhookResultProperties: INodeProperties[] = [
	{
		displayName: 'Request ID',
		name: 'requestId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.apollo.requestId }}',
		description:
			"The request ID of an earlier Enrich or Bulk Enrich with Reveal Phone Number or a waterfall option; this node outputs it as apollo.requestId. Pass it as text: as a number it loses digits.",
		displayOptions: { show: { resource: ['person'], operation: ['getWebhookResult'] } },
	},
];

/** 404/410/400 codes that will never turn into a result, with what the user can do. */
const TERMINAL_CODES: Record<string, { message: string; hint: string }> = {
	request_id_unknown: {
		message: 'Apollo does not know this request ID',
		hint: 'Check that it is the exact apollo.requestId of an Enrich or Bulk Enrich that asked for phone numbers or a waterfall, from the same Apollo account.',
	},
	request_id_expired: {
		message: 'This request ID has expired',
		hint: 'Apollo keeps webhook results for 30 days. Run the enrichment again to get a fresh result.',
	},
	invalid_request_id: {
		message: 'Apollo rejected the request ID as invalid',
		hint: 'A request ID is a whole number such as -1039995589705121901, passed as text.',
	},
};

function readRequestId(ctx: IExecuteFunctions, itemIndex: number): string {
	const raw = ctx.getNodeParameter('requestId', itemIndex, '') as unknown;
	if (typeof raw === 'number' && !Number.isSafeInteger(raw)) {
		throw new NodeOperationError(ctx.getNode(), `Request ID ${raw} has lost digits (item ${itemIndex})`, {
			itemIndex,
			description:
				'Apollo request IDs are 64-bit numbers that JavaScript rounds. Map the text value apollo.requestId from Apollo Enrich instead of a number.',
		});
	}
	const requestId = String(raw ?? '').trim();
	if (!isSignedInt64Text(requestId)) {
		throw new NodeOperationError(
			ctx.getNode(),
			requestId === ''
				? `Request ID is empty (item ${itemIndex})`
				: `Request ID "${requestId}" is not an Apollo request ID (item ${itemIndex})`,
			{ itemIndex, description: TERMINAL_CODES.invalid_request_id.hint },
		);
	}
	return requestId;
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
			description: terminal.hint,
			httpCode: response.statusCode,
			body: response.body,
		});
	}
	return readWebhookResult(requestId, response.body);
}

async function fetchResult(ctx: IExecuteFunctions, itemIndex: number): Promise<WebhookResultOutput> {
	const requestId = readRequestId(ctx, itemIndex);
	return await requestWebhookResult(ctx, requestId, { itemIndex, retryPolicy: DEFAULT_RETRY_POLICY });
}

export async function executeGetWebhookResult(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const results: INodeExecutionData[] = [];
	const itemCount = this.getInputData().length;
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const output = await fetchResult(this, itemIndex);
			results.push({ json: output as unknown as JsonObject, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) {
				results.push(errorItem(error as Error, itemIndex));
				continue;
			}
			if (isNodeError(error)) throw withItemIndex(error, itemIndex);
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	return results;
}
