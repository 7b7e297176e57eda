/**
 * The options that shape Enrich and Bulk Enrich's output once the Apollo calls are done: Wait for
 * Results first (it adds to the person record), then Simplify (it flattens that record).
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { simplifyPerson } from '../../protocol/simplifyPerson';
import { simplifyItems } from '../../shared/simplifyOutput';
import type { EnrichSettings } from './optionFields';
import { waitForAsyncResults } from './waitForResults';

export async function finishPersonItems(
	ctx: IExecuteFunctions,
	settings: EnrichSettings,
	results: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	if (settings.waitForResults) await waitForAsyncResults(ctx, settings, results);
	return settings.simplify ? simplifyItems(results, 'person', simplifyPerson) : results;
}
