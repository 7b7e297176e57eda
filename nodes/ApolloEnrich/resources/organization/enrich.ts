/**
 * Organization → Enrich: one `GET /api/v1/organizations/enrich` per input item (per distinct
 * organization when repeated inputs are collapsed), sent concurrently through the run's
 * scheduler (shared/enrichmentRun.ts). A miss is `200 {}`, flagged rather than failed.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isJsonObject } from '../../../shared/apollo/json';
import { classifyOrganization, organizationCallMetaOf } from '../../protocol/organizationResults';
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

async function enrichOne(
	ctx: IExecuteFunctions,
	unit: OrganizationUnit,
	gate: RequestGate,
	settings: RunSettings,
): Promise<OrganizationAnswer> {
	const record = unit.lookups[0].items[0];
	// Apollo documents these as query parameters of a GET.
	const response = await apolloRequest(
		ctx,
		{ method: 'GET', path: '/api/v1/organizations/enrich', qs: { ...record.details } },
		{
			itemIndex: record.itemIndex,
			retryPolicy: settings.retryPolicy,
			gate,
			timeoutMs: settings.timeoutMs,
		},
	);
	if (!isJsonObject(response.body)) {
		throw apiError(ctx, record.itemIndex, {
			message: 'Apollo answered organizations/enrich without a JSON object',
			description: 'The response could not be read as an organization.',
			httpCode: response.statusCode,
			stopReason: 'invalid_response',
		});
	}
	return {
		meta: organizationCallMetaOf(response.body),
		classifications: [classifyOrganization(response.body.organization)],
	};
}

export async function executeOrganizationEnrich(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[]> {
	const settings = readOrganizationSettings(this);
	const prepared = prepareOrganizations(this);
	return await runOrganizationEnrichment(this, 'enrich', settings, prepared, (unit, gate) =>
		enrichOne(this, unit, gate, settings),
	);
}
