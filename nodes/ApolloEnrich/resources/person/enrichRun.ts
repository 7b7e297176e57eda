/**
 * The run Enrich and Bulk Enrich share, for people: the resource-independent run
 * (shared/enrichmentRun.ts) with the person's output item, no-match error and credit estimate.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { deepCopy } from 'n8n-workflow';

import {
	creditsPerMatch,
	type CallMeta,
	type PersonClassification,
	type PersonOperation,
} from '../../protocol/personResults';
import { runConcurrentEnrichment, type RunAnswer, type RunUnit } from '../../shared/enrichmentRun';
import type { RequestGate } from '../../shared/requestGate';
import type { EnrichSettings } from './optionFields';
import { noMatchError, personItem, type PreparedPerson, type PreparedRun } from './personExecution';

/** The lookups that travel in one Apollo call. */
export type CallUnit = RunUnit<PreparedPerson>;

/** Apollo's answer to one call: call-level facts, and one classification per lookup, in order. */
export type CallAnswer = RunAnswer<PersonClassification, CallMeta>;

export type SendCall = (unit: CallUnit, gate: RequestGate) => Promise<CallAnswer>;

export async function runEnrichment(
	ctx: IExecuteFunctions,
	operation: PersonOperation,
	settings: EnrichSettings,
	prepared: PreparedRun,
	sendCall: SendCall,
): Promise<INodeExecutionData[]> {
	return await runConcurrentEnrichment(
		ctx,
		settings,
		{ records: prepared.people, rejected: prepared.rejected },
		{
			perCall: operation === 'bulkEnrich' ? settings.batchSize : 1,
			send: sendCall,
			outputItem: (person, classification, meta, dedupe) =>
				personItem(operation, person, classification, meta, dedupe),
			noMatchError: (person, classification) => noMatchError(ctx, person, classification.reason),
			copyForRepeat: (classification) =>
				classification.matched
					? { matched: true, person: deepCopy(classification.person) }
					: classification,
			creditsPerMatch,
		},
	);
}
