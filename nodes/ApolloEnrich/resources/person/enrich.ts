/**
 * Person → Enrich: one `POST /api/v1/people/match` per input item (per distinct person when
 * repeated inputs are collapsed), sent concurrently through the shared run's scheduler.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { callMetaOf, classifyPerson } from '../../protocol/personResults';
import { apolloObjectRequest } from '../../shared/transport';
import { executePersonEnrichment, type SendPersonCall } from './personExecution';

const sendOne: SendPersonCall = async (ctx, unit, gate, { settings, flagsQuery }) => {
	const person = unit.lookups[0].items[0];
	// Apollo documents every people/match parameter as a query parameter; there is no body.
	const response = await apolloObjectRequest(
		ctx,
		{ method: 'POST', path: '/api/v1/people/match', qs: { ...person.details, ...flagsQuery } },
		{ itemIndex: person.itemIndex, retryPolicy: settings.retryPolicy, gate, timeoutMs: settings.timeoutMs, answers: 'a match result' },
	);
	return { meta: callMetaOf(response.body), classifications: [classifyPerson(response.body.person)] };
};

export async function executeEnrich(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await executePersonEnrichment(this, 'enrich', sendOne);
}
