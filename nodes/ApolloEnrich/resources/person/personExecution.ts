/**
 * What Enrich and Bulk Enrich share around the Apollo calls: reading and checking every item
 * before the first (billable) call, and turning failures into n8n errors or error items.
 */
import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DedupeMeta } from '../../protocol/dedupeKeys';
import { buildFlagsQuery, type FlagsQuery } from '../../protocol/enrichOptions';
import { buildPersonDetails, type ApolloPersonDetails } from '../../protocol/identifiers';
import {
	personOutput,
	type CallMeta,
	type NoMatchReason,
	type PersonClassification,
	type PersonOperation,
} from '../../protocol/personResults';
import { prepareItems } from '../../shared/prepareItems';
import { identifierReader } from './identifierFields';
import type { EnrichSettings } from './optionFields';

// The helpers every resource shares now live in shared/; re-exported for the person modules.
export { errorItem, isNodeError, noteProgress, withItemIndex } from '../../shared/itemErrors';

export interface PreparedPerson {
	itemIndex: number;
	details: ApolloPersonDetails;
}

export interface PreparedRun {
	people: PreparedPerson[];
	/** Items that cannot be sent, with the reason; only non-empty with Continue On Fail. */
	rejected: Map<number, NodeOperationError>;
}

/**
 * Reads and checks every item before anything is sent. Without Continue On Fail the first bad
 * item stops the run here, before Apollo has billed anything; with it, bad items are set aside.
 */
export function preparePeople(ctx: IExecuteFunctions, itemCount: number): PreparedRun {
	const read = identifierReader(ctx);
	const { records, rejected } = prepareItems(ctx, itemCount, read, buildPersonDetails);
	return { people: records, rejected };
}

/** Flags are node-wide: checked once, before any call, against the first item's options. */
export function flagsQueryOrThrow(ctx: IExecuteFunctions, settings: EnrichSettings): FlagsQuery {
	const flags = buildFlagsQuery(settings.flags);
	if (flags.ok) return flags.query;
	// Polling does not lift Apollo's rule: it refuses these flags without a webhook_url.
	const hint =
		settings.waitForResults && settings.flags.webhookUrl.trim() === ''
			? `${flags.hint} Wait for Results still needs one, because Apollo refuses these options without it: any http(s) URL passes Apollo's check, and an Apollo Webhook Trigger's URL also receives the results.`
			: flags.hint;
	throw new NodeOperationError(ctx.getNode(), flags.message, { itemIndex: 0, description: hint });
}

/** The output item for one person's result, matched or flagged as a no-match. */
export function personItem(
	operation: PersonOperation,
	person: PreparedPerson,
	classification: PersonClassification,
	meta: CallMeta,
	dedupe: DedupeMeta | null = null,
): INodeExecutionData {
	return {
		json: personOutput(operation, classification, meta, dedupe) as unknown as JsonObject,
		pairedItem: { item: person.itemIndex },
	};
}

/** For Options → Error on No Match: names the item and what was sent for it. */
export function noMatchError(
	ctx: IExecuteFunctions,
	person: PreparedPerson,
	reason: NoMatchReason,
): NodeOperationError {
	const sent = Object.entries(person.details)
		.map(([key, value]) => `${key}=${String(value)}`)
		.join(', ');
	return new NodeOperationError(ctx.getNode(), `Apollo found no person for item ${person.itemIndex}`, {
		itemIndex: person.itemIndex,
		description: `Sent: ${sent} (${reason}). Turn off Options → Error on No Match to output unmatched items flagged with apollo.matched = false instead.`,
	});
}
