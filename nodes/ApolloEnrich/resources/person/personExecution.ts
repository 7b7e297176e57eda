/**
 * What Person → Enrich and Bulk Enrich share around their Apollo calls: every item read and
 * checked before the first (billable) call, its reveal and waterfall flags included (they may
 * differ per item, and items are grouped into calls by them); the shared run
 * (shared/enrichmentRun.ts); then the finish: Wait for Results first (it adds to the person
 * record), then Simplify (it flattens that record). The operation files hold only their call.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { worstCasePerLookup } from '../../protocol/credits';
import type { EnrichOperation } from '../../protocol/enrichOutput';
import { problem, type BuildResult } from '../../protocol/itemProblems';
import {
	buildPersonDetails,
	type ApolloPersonDetails,
	type PersonIdentifierInput,
} from '../../protocol/personIdentifiers';
import { buildFlagsQuery, type EnrichFlags, type FlagsQuery } from '../../protocol/personFlags';
import { creditsPerMatch, type CallMeta, type NoMatchReason } from '../../protocol/personResults';
import { simplifyPerson } from '../../protocol/simplifyPerson';
import { runConcurrentEnrichment, type SendCall } from '../../shared/enrichmentRun';
import { prepareItems } from '../../shared/prepareItems';
import { simplifyItems } from '../../shared/simplifyOutput';
import { flagsReader, readEnrichSettings, type EnrichSettings } from './enrichFields';
import { identifierReader } from './identifierFields';
import { waitForAsyncResults } from './waitForResults';

/** What one person call needs besides its lookups: the run's settings and its group's flags. */
export interface PersonCallContext {
	settings: EnrichSettings;
	flagsQuery: FlagsQuery;
}

export type SendPersonCall = SendCall<ApolloPersonDetails, NoMatchReason, CallMeta, PersonCallContext>;

/** The call groups met so far: their flags, by the group key items carry. */
type Groups = Map<string, { flags: EnrichFlags; query: FlagsQuery; memoryFlags: string }>;

/** Reads an item's identifiers and flags; checks both, before anything is sent. */
function itemBuilder(ctx: IExecuteFunctions, groups: Groups) {
	const identifiers = identifierReader(ctx);
	const flags = flagsReader(ctx);
	const read = (itemIndex: number) => ({ identifiers: identifiers(itemIndex), flags: flags(itemIndex) });
	const build = (input: { identifiers: PersonIdentifierInput; flags: EnrichFlags }): BuildResult<ApolloPersonDetails> => {
		const details = buildPersonDetails(input.identifiers);
		if (!details.ok) return details;
		const query = buildFlagsQuery(input.flags);
		if (!query.ok) return problem(query.problem.field, query.problem.message, query.problem.hint);
		if (!groups.has(query.group)) {
			groups.set(query.group, { flags: input.flags, query: query.query, memoryFlags: query.memoryFlags });
		}
		return { ok: true, details: details.details, group: query.group };
	};
	return { read, build };
}

export async function executePersonEnrichment(
	ctx: IExecuteFunctions,
	operation: EnrichOperation,
	sendCall: SendPersonCall,
): Promise<INodeExecutionData[]> {
	const settings = readEnrichSettings(ctx);
	const groups: Groups = new Map();
	const { read, build } = itemBuilder(ctx, groups);
	// Without Continue On Fail the first bad item stops the run here, before anything is billed.
	const prepared = prepareItems(ctx, ctx.getInputData().length, read, build);
	const groupOf = (group: string | undefined) => groups.get(group ?? '');
	const results = await runConcurrentEnrichment(ctx, settings, prepared, {
		recordKey: 'person',
		operation,
		perCall: operation === 'bulkEnrich' ? settings.batchSize : 1,
		send: async (unit, gate) =>
			await sendCall(ctx, unit, gate, { settings, flagsQuery: groupOf(unit.group)?.query ?? {} }),
		creditsPerMatch,
		worstCasePerLookup: (group) => worstCasePerLookup(groupOf(group)?.flags ?? {}),
		memoryFlags: (group) => groupOf(group)?.memoryFlags ?? 'plain',
	});
	if (settings.waitForResults) {
		const groupByItem = new Map(prepared.records.map((record) => [record.itemIndex, record.group]));
		const flagsOf = (itemIndex: number) => groupOf(groupByItem.get(itemIndex))?.flags;
		await waitForAsyncResults(ctx, settings, results, flagsOf);
	}
	return settings.simplify ? simplifyItems(results, 'person', simplifyPerson, settings) : results;
}
