/**
 * The options that shape Enrich and Bulk Enrich's output once the Apollo calls are done: Wait for
 * Results first (it adds to the person record), then Simplify (it flattens that record).
 */
import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';

import { isJsonObject } from '../../protocol/apolloJson';
import { simplifyPerson } from '../../protocol/simplifyPerson';
import type { EnrichSettings } from './optionFields';
import { waitForAsyncResults } from './waitForResults';

function simplifyItem(item: INodeExecutionData): INodeExecutionData {
	const { person, apollo } = item.json;
	// Error items (Continue On Fail) stay as they are.
	if (!isJsonObject(apollo) || !(person === null || isJsonObject(person))) return item;
	return { ...item, json: simplifyPerson(person, apollo) as unknown as JsonObject };
}

export async function finishPersonItems(
	ctx: IExecuteFunctions,
	settings: EnrichSettings,
	results: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	if (settings.waitForResults) await waitForAsyncResults(ctx, settings, results);
	return settings.simplify ? results.map(simplifyItem) : results;
}
