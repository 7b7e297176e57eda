/**
 * Options → Simplify, for every resource: the option field, and the step that flattens the
 * output items once the run is done. What a flat record holds is the resource's own pure
 * function (protocol/simplifyPerson.ts, protocol/simplifyOrganization.ts).
 */
import type { INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';

import { isJsonObject, type JsonObject as ApolloObject } from '../../shared/apollo/json';

/** `noun` is what one output item stands for; `fields` sums up what the flat record holds. */
export function simplifyOptionField(noun: string, fields: string): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: `Whether to output a flat record with the fields CRMs and sheets use (${fields}) instead of Apollo's full ${noun} record`,
	};
}

export type Simplifier = (record: ApolloObject | null, apollo: ApolloObject) => object;

/**
 * Replaces each `{[recordKey], apollo}` item by its flat record, keeping `pairedItem`. Error
 * items (Continue On Fail) have neither key and stay as they are.
 */
export function simplifyItems(
	results: INodeExecutionData[],
	recordKey: string,
	simplify: Simplifier,
): INodeExecutionData[] {
	return results.map((item) => {
		const { [recordKey]: record, apollo } = item.json;
		if (!isJsonObject(apollo) || !(record === null || isJsonObject(record))) return item;
		return { ...item, json: simplify(record, apollo) as unknown as JsonObject };
	});
}
