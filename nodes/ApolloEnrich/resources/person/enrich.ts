/**
 * Person → Enrich: one `POST /api/v1/people/match` per input item (per distinct person when
 * repeated inputs are collapsed), sent concurrently through the run's scheduler (enrichRun.ts).
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isJsonObject } from '../../../shared/apollo/json';
import type { FlagsQuery } from '../../protocol/enrichOptions';
import { callMetaOf, classifyPerson } from '../../protocol/personResults';
import type { RequestGate } from '../../shared/requestGate';
import { apiError, apolloRequest } from '../../shared/transport';
import { runEnrichment, type CallAnswer, type CallUnit } from './enrichRun';
import { readEnrichSettings, type EnrichSettings } from './optionFields';
import { finishPersonItems } from './outputOptions';
import { flagsQueryOrThrow, preparePeople } from './personExecution';

async function enrichOne(
	ctx: IExecuteFunctions,
	unit: CallUnit,
	gate: RequestGate,
	settings: EnrichSettings,
	flagsQuery: FlagsQuery,
): Promise<CallAnswer> {
	const person = unit.lookups[0].items[0];
	// Apollo documents every people/match parameter as a query parameter; there is no body.
	const response = await apolloRequest(
		ctx,
		{ method: 'POST', path: '/api/v1/people/match', qs: { ...person.details, ...flagsQuery } },
		{ itemIndex: person.itemIndex, retryPolicy: settings.retryPolicy, gate, timeoutMs: settings.timeoutMs },
	);
	if (!isJsonObject(response.body)) {
		throw apiError(ctx, person.itemIndex, {
			message: 'Apollo answered people/match without a JSON object',
			description: 'The response could not be read as a match result.',
			httpCode: response.statusCode,
			stopReason: 'invalid_response',
		});
	}
	return { meta: callMetaOf(response.body), classifications: [classifyPerson(response.body.person)] };
}

export async function executeEnrich(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const settings = readEnrichSettings(this, 0);
	const flagsQuery = flagsQueryOrThrow(this, settings);
	const prepared = preparePeople(this, this.getInputData().length);
	const results = await runEnrichment(this, 'enrich', settings, prepared, (unit, gate) =>
		enrichOne(this, unit, gate, settings, flagsQuery),
	);
	return await finishPersonItems(this, settings, results);
}
