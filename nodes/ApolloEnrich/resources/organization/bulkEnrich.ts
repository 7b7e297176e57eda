/**
 * Organization → Bulk Enrich: any number of input items, sent in chunks of at most 10 to
 * `POST /api/v1/organizations/bulk_enrich` as `{details: [...]}`, each organization mapped back
 * to its own input item (protocol/organizationResults.ts says how, since Apollo does not
 * document the order of its answer). A chunk is sent exactly once unless Apollo turned it away
 * unbilled, so n distinct organizations cost ceil(n / batch size) calls.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isJsonObject } from '../../../shared/apollo/json';
import { alignBulkOrganizations, organizationCallMetaOf } from '../../protocol/organizationResults';
import type { RunSettings } from '../../shared/enrichmentRun';
import type { RequestGate } from '../../shared/requestGate';
import { apiError, apolloRequest } from '../../shared/transport';
import { readOrganizationSettings } from './optionFields';
import {
	prepareOrganizations,
	runOrganizationEnrichment,
	type OrganizationAnswer,
	type OrganizationUnit,
} from './organizationExecution';

async function enrichChunk(
	ctx: IExecuteFunctions,
	unit: OrganizationUnit,
	gate: RequestGate,
	settings: RunSettings,
): Promise<OrganizationAnswer> {
	const firstItem = unit.firstItem;
	// One entry per lookup: repeated inputs share their first item's details.
	const details = unit.lookups.map((lookup) => lookup.items[0].details);
	const response = await apolloRequest(
		ctx,
		{ method: 'POST', path: '/api/v1/organizations/bulk_enrich', body: { details } },
		{
			itemIndex: firstItem,
			retryPolicy: settings.retryPolicy,
			gate,
			timeoutMs: settings.timeoutMs,
		},
	);
	if (!isJsonObject(response.body)) {
		throw apiError(ctx, firstItem, {
			message: 'Apollo answered organizations/bulk_enrich without a JSON object',
			description: 'The response could not be read as organizations.',
			httpCode: response.statusCode,
			stopReason: 'invalid_response',
		});
	}
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
	return {
		meta: organizationCallMetaOf(response.body, {
			number: unit.number,
			size: details.length,
			alignedBy: aligned.alignedBy,
		}),
		classifications: aligned.classifications,
	};
}

export async function executeOrganizationBulkEnrich(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[]> {
	const settings = readOrganizationSettings(this);
	const prepared = prepareOrganizations(this);
	return await runOrganizationEnrichment(this, 'bulkEnrich', settings, prepared, (unit, gate) =>
		enrichChunk(this, unit, gate, settings),
	);
}
