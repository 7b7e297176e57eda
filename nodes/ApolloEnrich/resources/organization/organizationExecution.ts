/**
 * What Organization → Enrich and Bulk Enrich share around their Apollo calls: every item read and
 * checked before the first (billable) call, the shared run (shared/enrichmentRun.ts), then
 * Simplify. The operation files hold only their call.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { EnrichOperation } from '../../protocol/enrichOutput';
import {
	buildOrganizationDetails,
	type ApolloOrganizationDetails,
} from '../../protocol/organizationIdentifiers';
import type {
	OrganizationCallMeta,
	OrganizationNoMatchReason,
} from '../../protocol/organizationResults';
import { simplifyOrganization } from '../../protocol/simplifyOrganization';
import { runConcurrentEnrichment, type RunSettings, type SendCall } from '../../shared/enrichmentRun';
import { prepareItems } from '../../shared/prepareItems';
import { simplifyItems } from '../../shared/simplifyOutput';
import { organizationIdentifierReader } from './identifierFields';
import { readOrganizationSettings } from './enrichFields';

export type SendOrganizationCall = SendCall<
	ApolloOrganizationDetails,
	OrganizationNoMatchReason,
	OrganizationCallMeta,
	RunSettings
>;

export async function executeOrganizationEnrichment(
	ctx: IExecuteFunctions,
	operation: EnrichOperation,
	sendCall: SendOrganizationCall,
): Promise<INodeExecutionData[]> {
	const settings = readOrganizationSettings(ctx);
	// Without Continue On Fail the first bad item stops the run here, before anything is billed.
	const prepared = prepareItems(
		ctx,
		ctx.getInputData().length,
		organizationIdentifierReader(ctx),
		buildOrganizationDetails,
	);
	const results = await runConcurrentEnrichment(ctx, settings, prepared, {
		recordKey: 'organization',
		operation,
		perCall: operation === 'bulkEnrich' ? settings.batchSize : 1,
		send: async (unit, gate) => await sendCall(ctx, unit, gate, settings),
		// Apollo bills 1 credit per organization found, in either endpoint.
		creditsPerMatch: () => 1,
		worstCasePerLookup: () => 1,
		memoryFlags: () => 'plain',
	});
	return settings.simplify ? simplifyItems(results, 'organization', simplifyOrganization, settings) : results;
}
