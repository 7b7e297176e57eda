/**
 * Person → Bulk Enrich: any number of input items, sent in chunks of at most 10 to
 * `POST /api/v1/people/bulk_match`, each match mapped back to its own input item.
 *
 * Flags go in the query string (Apollo's documented form) and `{details}` in the body. A chunk
 * is sent exactly once unless Apollo turned it away unbilled (see protocol/rateLimit.ts), so
 * n distinct people cost ceil(n / batch size) calls. Chunks go out concurrently (the shared run).
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { alignBulkMatches, BulkResponseError, callMetaOf, classifyPerson } from '../../protocol/personResults';
import { apiError } from '../../shared/apolloErrors';
import { apolloObjectRequest } from '../../shared/transport';
import { executePersonEnrichment, type SendPersonCall } from './personExecution';

const sendChunk: SendPersonCall = async (ctx, unit, gate, { settings, flagsQuery }) => {
	const firstItem = unit.firstItem;
	// One entry per lookup: repeated inputs share their first item's details.
	const details = unit.lookups.map((lookup) => lookup.items[0].details);
	const response = await apolloObjectRequest(
		ctx,
		{ method: 'POST', path: '/api/v1/people/bulk_match', qs: flagsQuery, body: { details } },
		{ itemIndex: firstItem, retryPolicy: settings.retryPolicy, gate, timeoutMs: settings.timeoutMs, answers: 'match results' },
	);
	try {
		const matches = alignBulkMatches(response.body, details);
		return {
			meta: callMetaOf(response.body, { number: unit.number, size: details.length }),
			classifications: matches.map(classifyPerson),
		};
	} catch (error) {
		if (!(error instanceof BulkResponseError)) {
			throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: firstItem });
		}
		throw apiError(ctx, firstItem, {
			message: error.message,
			description: 'The chunk was not re-sent, since Apollo may have billed it.',
			httpCode: response.statusCode,
			body: response.body,
			stopReason: 'invalid_response',
		});
	}
};

export async function executeBulkEnrich(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await executePersonEnrichment(this, 'bulkEnrich', sendChunk);
}
