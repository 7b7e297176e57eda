/** Person → Enrich: one `POST /api/v1/people/match` per input item. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { isJsonObject } from '../../protocol/apolloJson';
import type { FlagsQuery } from '../../protocol/enrichOptions';
import { callMetaOf, classifyPerson } from '../../protocol/personResults';
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
	withItemIndex,
	type PreparedPerson,
} from './personExecution';

async function enrichOne(
	ctx: IExecuteFunctions,
	person: PreparedPerson,
	settings: EnrichSettings,
	flagsQuery: FlagsQuery,
): Promise<INodeExecutionData> {
	// Apollo documents every people/match parameter as a query parameter; there is no body.
	const response = await apolloRequest(
		ctx,
		{ method: 'POST', path: '/api/v1/people/match', qs: { ...person.details, ...flagsQuery } },
		{ itemIndex: person.itemIndex, retryPolicy: settings.retryPolicy },
	);
	if (!isJsonObject(response.body)) {
		throw apiError(ctx, person.itemIndex, {
			message: 'Apollo answered people/match without a JSON object',
			description: 'The response could not be read as a match result.',
			httpCode: response.statusCode,
			stopReason: 'invalid_response',
		});
	}
	const classification = classifyPerson(response.body.person);
	if (!classification.matched && settings.errorOnNoMatch) {
		throw noMatchError(ctx, person, classification.reason);
	}
	return personItem('enrich', person, classification, callMetaOf(response.body));
}

export async function executeEnrich(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const itemCount = this.getInputData().length;
	const settings = readEnrichSettings(this, 0);
	const flagsQuery = flagsQueryOrThrow(this, settings);
	const { people, rejected } = preparePeople(this, itemCount);

	const results: INodeExecutionData[] = new Array(itemCount);
	for (const [itemIndex, error] of rejected) results[itemIndex] = errorItem(error, itemIndex);

	let enriched = 0;
	let stopError: NodeApiError | undefined;
	for (const person of people) {
		if (stopError) {
			// The daily window is gone: further calls would only collect more 429s.
			results[person.itemIndex] = errorItem(stopError, person.itemIndex);
			continue;
		}
		try {
			results[person.itemIndex] = await enrichOne(this, person, settings, flagsQuery);
			enriched++;
		} catch (error) {
			if (stopReasonOf(error) === 'daily_limit_exhausted') stopError = error as NodeApiError;
			if (this.continueOnFail()) {
				results[person.itemIndex] = errorItem(error as Error, person.itemIndex);
				continue;
			}
			if (isNodeError(error)) {
				noteProgress(error, enriched);
				throw withItemIndex(error, person.itemIndex);
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: person.itemIndex });
		}
	}
	return results;
}
