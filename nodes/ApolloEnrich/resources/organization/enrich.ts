/**
 * Organization → Enrich: one `GET /api/v1/organizations/enrich` per input item (per distinct
 * organization when repeated inputs are collapsed), sent concurrently through the shared run's
 * scheduler. A miss is `200 {}`, flagged rather than failed.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { classifyOrganization, organizationCallMetaOf } from '../../protocol/organizationResults';
import { apolloObjectRequest } from '../../shared/transport';
import { executeOrganizationEnrichment, type SendOrganizationCall } from './organizationExecution';

const sendOne: SendOrganizationCall = async (ctx, unit, gate, settings) => {
	const record = unit.lookups[0].items[0];
	// Apollo documents these as query parameters of a GET.
	const response = await apolloObjectRequest(
		ctx,
		{ method: 'GET', path: '/api/v1/organizations/enrich', qs: { ...record.details } },
		{ itemIndex: record.itemIndex, retryPolicy: settings.retryPolicy, gate, timeoutMs: settings.timeoutMs, answers: 'an organization' },
	);
	return {
		meta: organizationCallMetaOf(response.body),
		classifications: [classifyOrganization(response.body.organization)],
	};
};

export async function executeOrganizationEnrich(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await executeOrganizationEnrichment(this, 'enrich', sendOne);
}
