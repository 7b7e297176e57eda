/**
 * Person → Bulk Enrich: any number of input items, sent in chunks of at most 10 to
 * `POST /api/v1/people/bulk_match`, each match mapped back to its own input item.
 *
 * Flags go in the query string (Apollo's documented form) and `{details}` in the body. A chunk
 * is sent exactly once unless Apollo turned it away unbilled (see protocol/rateLimit.ts), so
 * n items cost ceil(n / batch size) calls.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { isJsonObject } from '../../protocol/apolloJson';
import { chunk } from '../../protocol/batching';
import type { FlagsQuery } from '../../protocol/enrichOptions';
import {
	alignBulkMatches,
	BulkResponseError,
	callMetaOf,
	classifyPerson,
	type CallMeta,
	type PersonClassification,
} from '../../protocol/personResults';
import { apiError, apolloRequest, stopReasonOf } from '../../shared/transport';
import { readEnrichSettings, type EnrichSettings } from './optionFields';
import {
	errorItem,
	flagsQueryOrThrow,
	isNodeError,
	noMatchError,
	noteProgress,
	personItem,
	preparePeople,
	type PreparedPerson,
} from './personExecution';

interface BatchResult {
	meta: CallMeta;
	classifications: PersonClassification[];
}

async function enrichBatch(
	ctx: IExecuteFunctions,
	batch: PreparedPerson[],
	batchNumber: number,
	settings: EnrichSettings,
	flagsQuery: FlagsQuery,
): Promise<BatchResult> {
	const firstItem = batch[0].itemIndex;
	const details = batch.map((person) => person.details);
	const response = await apolloRequest(
		ctx,
		{ method: 'POST', path: '/api/v1/people/bulk_match', qs: flagsQuery, body: { details } },
		{ itemIndex: firstItem, retryPolicy: settings.retryPolicy },
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
			meta: callMetaOf(response.body, { number: batchNumber, size: batch.length }),
			classifications: matches.map(classifyPerson),
		};
	} catch (error) {
		if (!(error instanceof BulkResponseError)) throw error;
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
	const itemCount = this.getInputData().length;
	const settings = readEnrichSettings(this, 0);
	const flagsQuery = flagsQueryOrThrow(this, settings);
	const { people, rejected } = preparePeople(this, itemCount);

	const results: INodeExecutionData[] = new Array(itemCount);
	for (const [itemIndex, error] of rejected) results[itemIndex] = errorItem(error, itemIndex);

	let enriched = 0;
	let stopError: NodeApiError | undefined;
	const batches = chunk(people, settings.batchSize);
	for (const [batchIndex, batch] of batches.entries()) {
		if (stopError) {
			// The daily window is gone: further calls would only collect more 429s.
			for (const person of batch) results[person.itemIndex] = errorItem(stopError, person.itemIndex);
			continue;
		}
		let outcome: BatchResult;
		try {
			outcome = await enrichBatch(this, batch, batchIndex + 1, settings, flagsQuery);
		} catch (error) {
			if (stopReasonOf(error) === 'daily_limit_exhausted') stopError = error as NodeApiError;
			if (this.continueOnFail()) {
				// A failed call fails every item it carried, each with its own error item.
				for (const person of batch) results[person.itemIndex] = errorItem(error as Error, person.itemIndex);
				continue;
			}
			if (isNodeError(error)) {
				noteProgress(error, enriched);
				throw error;
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: batch[0].itemIndex });
		}
		batch.forEach((person, position) => {
			const classification = outcome.classifications[position];
			if (!classification.matched && settings.errorOnNoMatch) {
				const error = noMatchError(this, person, classification.reason);
				if (!this.continueOnFail()) {
					noteProgress(error, enriched + batch.length);
					throw error;
				}
				results[person.itemIndex] = errorItem(error, person.itemIndex);
				return;
			}
			results[person.itemIndex] = personItem('bulkEnrich', person, classification, outcome.meta);
		});
		enriched += batch.length;
	}
	return results;
}
