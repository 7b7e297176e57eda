/**
 * Person → Bulk Enrich: any number of input items, sent in chunks of at most 10 to
 * `POST /api/v1/people/bulk_match`, each match mapped back to its own input item.
 *
 * Flags go in the query string (Apollo's documented form) and `{details}` in the body. A chunk
 * is sent exactly once unless Apollo turned it away unbilled (see protocol/rateLimit.ts), so
 * n distinct people cost ceil(n / batch size) calls. Chunks go out concurrently (enrichRun.ts).
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isJsonObject } from '../../../shared/apollo/json';
import type { FlagsQuery } from '../../protocol/enrichOptions';
import { alignBulkMatches, BulkResponseError, callMetaOf, classifyPerson } from '../../protocol/personResults';
import type { RequestGate } from '../../shared/requestGate';
import { apiError, apolloRequest } from '../../shared/transport';
import { runEnrichment, type CallAnswer, type CallUnit } from './enrichRun';
import { readEnrichSettings, type EnrichSettings } from './optionFields';
import { finishPersonItems } from './outputOptions';
import { flagsQueryOrThrow, preparePeople } from './personExecution';

async function enrichChunk(
	ctx: IExecuteFunctions,
	unit: CallUnit,
	gate: RequestGate,
	settings: EnrichSettings,
	flagsQuery: FlagsQuery,
): Promise<CallAnswer> {
	const firstItem = unit.firstItem;
	// One entry per lookup: repeated inputs share their first item's details.
	const details = unit.lookups.map((lookup) => lookup.items[0].details);
	const response = await apolloRequest(
		ctx,
		{ method: 'POST', path: '/api/v1/people/bulk_match', qs: flagsQuery, body: { details } },
		{ itemIndex: firstItem, retryPolicy: settings.retryPolicy, gate, timeoutMs: settings.timeoutMs },
	);
	if (!isJsonObject(response.body)) {
		throw apiError(ctx, firstItem, {
			message: 'Apollo answered bulk_match without a JSON object',
			description: 'The response could not be read as match results.',
			httpCode: response.statusCode,
			stopReason: 'invalid_response',
		});
	}
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
}

export async function executeBulkEnrich(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const settings = readEnrichSettings(this, 0);
	const flagsQuery = flagsQueryOrThrow(this, settings);
	const prepared = preparePeople(this, this.getInputData().length);
	const results = await runEnrichment(this, 'bulkEnrich', settings, prepared, (unit, gate) =>
		enrichChunk(this, unit, gate, settings, flagsQuery),
	);
	return await finishPersonItems(this, settings, results);
}
