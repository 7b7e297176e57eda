/**
 * What organization Enrich and Bulk Enrich share around their Apollo calls: checking every item
 * before the first (billable) call, and the organization's side of the shared run
 * (shared/enrichmentRun.ts): output items, the no-match error and the credit estimate; then
 * Options → Simplify, once every item has its result.
 */
import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { deepCopy, NodeOperationError } from 'n8n-workflow';

import {
	buildOrganizationDetails,
	type ApolloOrganizationDetails,
} from '../../protocol/organizationIdentifiers';
import {
	organizationOutput,
	type OrganizationCallMeta,
	type OrganizationClassification,
	type OrganizationNoMatchReason,
	type OrganizationOperation,
} from '../../protocol/organizationResults';
import type { DedupeMeta } from '../../protocol/dedupeKeys';
import { simplifyOrganization } from '../../protocol/simplifyOrganization';
import { runConcurrentEnrichment, type RunAnswer, type RunUnit } from '../../shared/enrichmentRun';
import { prepareItems, type PreparedItem, type PreparedItems } from '../../shared/prepareItems';
import type { RequestGate } from '../../shared/requestGate';
import { simplifyItems } from '../../shared/simplifyOutput';
import { organizationIdentifierReader } from './identifierFields';
import type { OrganizationSettings } from './optionFields';

export type PreparedOrganization = PreparedItem<ApolloOrganizationDetails>;
export type OrganizationUnit = RunUnit<PreparedOrganization>;
export type OrganizationAnswer = RunAnswer<OrganizationClassification, OrganizationCallMeta>;
export type SendOrganizationCall = (
	unit: OrganizationUnit,
	gate: RequestGate,
) => Promise<OrganizationAnswer>;

/**
 * Reads and checks every item before anything is sent. Without Continue On Fail the first bad
 * item stops the run here, before Apollo has billed anything; with it, bad items are set aside.
 */
export function prepareOrganizations(
	ctx: IExecuteFunctions,
): PreparedItems<ApolloOrganizationDetails> {
	const itemCount = ctx.getInputData().length;
	return prepareItems(ctx, itemCount, organizationIdentifierReader(ctx), buildOrganizationDetails);
}

function organizationItem(
	operation: OrganizationOperation,
	record: PreparedOrganization,
	classification: OrganizationClassification,
	meta: OrganizationCallMeta,
	dedupe: DedupeMeta | null,
): INodeExecutionData {
	return {
		json: organizationOutput(operation, classification, meta, dedupe) as unknown as JsonObject,
		pairedItem: { item: record.itemIndex },
	};
}

/** For Options → Error on No Match: names the item and what was sent for it. */
function noMatchError(
	ctx: IExecuteFunctions,
	record: PreparedOrganization,
	reason: OrganizationNoMatchReason,
): NodeOperationError {
	const sent = Object.entries(record.details)
		.map(([key, value]) => `${key}=${String(value)}`)
		.join(', ');
	const message = `Apollo found no organization for item ${record.itemIndex}`;
	return new NodeOperationError(ctx.getNode(), message, {
		itemIndex: record.itemIndex,
		description: `Sent: ${sent} (${reason}). Turn off Options → Error on No Match to output unmatched items flagged with apollo.matched = false instead.`,
	});
}

export async function runOrganizationEnrichment(
	ctx: IExecuteFunctions,
	operation: OrganizationOperation,
	settings: OrganizationSettings,
	prepared: PreparedItems<ApolloOrganizationDetails>,
	send: SendOrganizationCall,
): Promise<INodeExecutionData[]> {
	const results = await runConcurrentEnrichment(ctx, settings, prepared, {
		perCall: operation === 'bulkEnrich' ? settings.batchSize : 1,
		send,
		outputItem: (record, classification, meta, dedupe) =>
			organizationItem(operation, record, classification, meta, dedupe),
		noMatchError: (record, classification) => noMatchError(ctx, record, classification.reason),
		copyForRepeat: (classification) =>
			classification.matched
				? { matched: true, organization: deepCopy(classification.organization) }
				: classification,
		// Apollo bills 1 credit per organization found, in either endpoint.
		creditsPerMatch: () => 1,
	});
	return settings.simplify ? simplifyItems(results, 'organization', simplifyOrganization) : results;
}
