/**
 * Organization → Bulk Enrich: any number of input items, sent in chunks of at most 10 to
 * `POST /api/v1/organizations/bulk_enrich` as `{details: [...]}`, each organization mapped back
 * to its own input item (protocol/organizationResults.ts says how, since Apollo does not
 * document the order of its answer). A chunk is sent exactly once unless Apollo turned it away
 * unbilled, so n distinct organizations cost ceil(n / batch size) calls.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { alignBulkOrganizations, organizationCallMetaOf } from '../../protocol/organizationResults';
import { apiError } from '../../shared/apolloErrors';
import { apolloObjectRequest } from '../../shared/transport';
import { executeOrganizationEnrichment, type SendOrganizationCall } from './organizationExecution';

const sendChunk: SendOrganizationCall = async (ctx, unit, gate, settings) => {
	const firstItem = unit.firstItem;
	// One entry per lookup: repeated inputs share their first item's details.
	const details = unit.lookups.map((lookup) => lookup.items[0].details);
	const response = await apolloObjectRequest(
		ctx,
		{ method: 'POST', path: '/api/v1/organizations/bulk_enrich', body: { details } },
		{ itemIndex: firstItem, retryPolicy: settings.retryPolicy, gate, timeoutMs: settings.timeoutMs, answers: 'organizations' },
	);
	const aligned = alignBulkOrganizations(response.body, details);
	if (!aligned.ok) {
		throw apiError(ctx, firstItem, {
			message: aligned.message,
			description: 'The chunk was not re-sent, since Apollo may have billed it.',
			httpCode: response.statusCode,
			body: response.body,
			stopReason: 'invalid_response',
		});
	}
	const batch = { number: unit.number, size: details.length, alignedBy: aligned.alignedBy };
	return { meta: organizationCallMetaOf(response.body, batch), classifications: aligned.classifications };
};

export async function executeOrganizationBulkEnrich(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await executeOrganizationEnrichment(this, 'bulkEnrich', sendChunk);
}
