/**
 * Simplify, for every resource: the step that turns each output item into one flat record once
 * the run is done. What the flat record holds of Apollo's record is the resource's own pure
 * function (protocol/simplifyPerson.ts, protocol/simplifyOrganization.ts); this step puts around
 * it what every row needs to be read at a glance: `matched` and `lookedUpBy` first, Apollo's id,
 * the no-match or skip reason, the item's credits and the request ID last, and the call's details
 * only when Options → Include Apollo Details asks for them.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { isJsonObject, type JsonObject as ApolloObject } from '../../shared/apollo/json';
import { asItemJson } from './runResults';

export type Simplifier = (record: ApolloObject | null) => { id: string | null } & Record<string, unknown>;

export interface SimplifyOptions {
	includeApolloDetails: boolean;
	/** Wait for Results ran: each row says whether the later results arrived. */
	waitForResults?: boolean;
}

/**
 * Replaces each `{matched, …, [recordKey], apollo}` item by its flat record, keeping `pairedItem`.
 * Error items (Continue On Fail) have neither key and stay as they are.
 */
export function simplifyItems(
	results: INodeExecutionData[],
	recordKey: string,
	simplify: Simplifier,
	options: SimplifyOptions,
): INodeExecutionData[] {
	return results.map((item) => {
		const { [recordKey]: record, apollo, matched, lookedUpBy, noMatchReason, skipped, credits } = item.json;
		if (!isJsonObject(apollo) || !(record === null || isJsonObject(record))) return item;
		const { id, ...fields } = simplify(record);
		const asyncResult = isJsonObject(apollo.asyncResult) ? apollo.asyncResult : undefined;
		const flat = {
			matched,
			lookedUpBy,
			...fields,
			apolloId: id,
			noMatchReason,
			skipped,
			credits,
			requestId: apollo.requestId ?? null,
			...(options.waitForResults ? { asyncStatus: asyncResult?.status ?? null } : {}),
			...(options.includeApolloDetails ? { apollo } : {}),
		};
		return { ...item, json: asItemJson(flat) };
	});
}
