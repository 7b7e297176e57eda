/**
 * What Person → Enrich and Bulk Enrich share around their Apollo calls: the reveal and waterfall
 * flags checked once, every item read and checked before the first (billable) call, the shared
 * run (shared/enrichmentRun.ts), then the finish: Wait for Results first (it adds to the person
 * record), then Simplify (it flattens that record). The operation files hold only their call.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { EnrichOperation } from '../../protocol/enrichOutput';
import { buildPersonDetails, type ApolloPersonDetails } from '../../protocol/personIdentifiers';
import { buildFlagsQuery, type FlagsQuery } from '../../protocol/personFlags';
import { creditsPerMatch, type CallMeta, type NoMatchReason } from '../../protocol/personResults';
import { simplifyPerson } from '../../protocol/simplifyPerson';
import { runConcurrentEnrichment, type RunAnswer, type RunUnit } from '../../shared/enrichmentRun';
import { prepareItems } from '../../shared/prepareItems';
import type { RequestGate } from '../../shared/requestGate';
import { simplifyItems } from '../../shared/simplifyOutput';
import { identifierReader } from './identifierFields';
import { readEnrichSettings, type EnrichSettings } from './optionFields';
import { waitForAsyncResults } from './waitForResults';

export type PersonUnit = RunUnit<ApolloPersonDetails>;
export type PersonAnswer = RunAnswer<NoMatchReason, CallMeta>;

/** What one person call needs besides its lookups: the run's settings and the checked flags. */
export interface PersonCallContext {
	settings: EnrichSettings;
	flagsQuery: FlagsQuery;
}

export type SendPersonCall = (
	ctx: IExecuteFunctions,
	unit: PersonUnit,
	gate: RequestGate,
	call: PersonCallContext,
) => Promise<PersonAnswer>;

/** Flags are node-wide: checked once, before any call, against the first item's options. */
function flagsQueryOrThrow(ctx: IExecuteFunctions, settings: EnrichSettings): FlagsQuery {
	const flags = buildFlagsQuery(settings.flags);
	if (flags.ok) return flags.query;
	// Polling does not lift Apollo's rule: it refuses these flags without a webhook_url.
	const hint =
		settings.waitForResults && settings.flags.webhookUrl.trim() === ''
			? `${flags.hint} Wait for Results still needs one, because Apollo refuses these options without it: any http(s) URL passes Apollo's check, and an Apollo Webhook Trigger's URL also receives the results.`
			: flags.hint;
	throw new NodeOperationError(ctx.getNode(), flags.message, { itemIndex: 0, description: hint });
}

export async function executePersonEnrichment(
	ctx: IExecuteFunctions,
	operation: EnrichOperation,
	sendCall: SendPersonCall,
): Promise<INodeExecutionData[]> {
	const settings = readEnrichSettings(ctx, 0);
	const call: PersonCallContext = { settings, flagsQuery: flagsQueryOrThrow(ctx, settings) };
	// Without Continue On Fail the first bad item stops the run here, before anything is billed.
	const prepared = prepareItems(ctx, ctx.getInputData().length, identifierReader(ctx), buildPersonDetails);
	const results = await runConcurrentEnrichment(ctx, settings, prepared, {
		recordKey: 'person',
		operation,
		perCall: operation === 'bulkEnrich' ? settings.batchSize : 1,
		send: async (unit, gate) => await sendCall(ctx, unit, gate, call),
		creditsPerMatch,
	});
	if (settings.waitForResults) await waitForAsyncResults(ctx, settings, results);
	return settings.simplify ? simplifyItems(results, 'person', simplifyPerson) : results;
}
