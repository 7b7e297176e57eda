/**
 * What Enrich and Bulk Enrich share around the Apollo calls: reading and checking every item
 * before the first (billable) call, and turning failures into n8n errors or error items.
 */
import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { buildFlagsQuery, type FlagsQuery } from '../../protocol/enrichOptions';
import {
	buildPersonDetails,
	type ApolloPersonDetails,
	type IdentifierProblem,
	type PersonIdentifierInput,
} from '../../protocol/identifiers';
import { describeItemRanges } from '../../protocol/itemRanges';
import {
	personOutput,
	type CallMeta,
	type DedupeMeta,
	type NoMatchReason,
	type PersonClassification,
	type PersonOperation,
} from '../../protocol/personResults';
import { identifierReader } from './identifierFields';
import type { EnrichSettings } from './optionFields';

export interface PreparedPerson {
	itemIndex: number;
	details: ApolloPersonDetails;
}

export interface PreparedRun {
	people: PreparedPerson[];
	/** Items that cannot be sent, with the reason; only non-empty with Continue On Fail. */
	rejected: Map<number, NodeOperationError>;
}

function problemError(ctx: IExecuteFunctions, itemIndex: number, problem: IdentifierProblem) {
	return new NodeOperationError(ctx.getNode(), `${problem.message} (item ${itemIndex})`, {
		itemIndex,
		description: `Field: ${problem.field}. ${problem.hint}`,
	});
}

/**
 * Reads and checks every item before anything is sent. Without Continue On Fail the first bad
 * item stops the run here, before Apollo has billed anything; with it, bad items are set aside.
 */
export function preparePeople(ctx: IExecuteFunctions, itemCount: number): PreparedRun {
	const people: PreparedPerson[] = [];
	const rejected = new Map<number, NodeOperationError>();
	const readIdentifierInput = identifierReader(ctx);
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		let error: NodeOperationError | undefined;
		try {
			const result = buildPersonDetails(readIdentifierInput(itemIndex));
			if (result.ok) people.push({ itemIndex, details: result.details });
			else error = problemError(ctx, itemIndex, result.problem);
		} catch (cause) {
			// A parameter expression that fails to resolve for this item.
			error = new NodeOperationError(ctx.getNode(), cause as Error, { itemIndex });
		}
		if (error === undefined) continue;
		if (!ctx.continueOnFail()) {
			const others = countProblems(readIdentifierInput, itemIndex + 1, itemCount);
			if (others > 0) {
				error.description = `${error.description ?? ''} ${others} more item(s) after it have problems too.`.trim();
			}
			throw error;
		}
		rejected.set(itemIndex, error);
	}
	return { people, rejected };
}

function countProblems(read: (itemIndex: number) => PersonIdentifierInput, from: number, to: number): number {
	let count = 0;
	for (let itemIndex = from; itemIndex < to; itemIndex++) {
		try {
			if (!buildPersonDetails(read(itemIndex)).ok) count++;
		} catch {
			count++;
		}
	}
	return count;
}

/** Flags are node-wide: checked once, before any call, against the first item's options. */
export function flagsQueryOrThrow(ctx: IExecuteFunctions, settings: EnrichSettings): FlagsQuery {
	const flags = buildFlagsQuery(settings.flags);
	if (flags.ok) return flags.query;
	throw new NodeOperationError(ctx.getNode(), flags.message, { itemIndex: 0, description: flags.hint });
}

export function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const withDetails = error as Partial<NodeApiError>;
	return {
		json: {
			error: error.message,
			description: withDetails.description ?? null,
			httpCode: withDetails.httpCode ?? null,
		},
		pairedItem: { item: itemIndex },
	};
}

export function withItemIndex<T extends NodeApiError | NodeOperationError>(error: T, itemIndex: number): T {
	error.context.itemIndex = itemIndex;
	return error;
}

/**
 * Describes what was already done when a failure stops a run without Continue On Fail: how many
 * items other calls enriched (and Apollo may have billed), and which items were not enriched.
 */
export function noteProgress(
	error: NodeApiError | NodeOperationError,
	enrichedItems: number,
	notEnrichedItems: readonly number[] = [],
): void {
	if (enrichedItems === 0) return;
	const notEnriched =
		notEnrichedItems.length > 0
			? ` Not enriched: item(s) ${describeItemRanges(notEnrichedItems)} (${notEnrichedItems.length} in all).`
			: '';
	const note = `${enrichedItems} item(s) had already been enriched by other calls in this run (Apollo may have billed them).${notEnriched} To keep partial results next time, set Settings → On Error → Continue.`;
	error.description = error.description ? `${error.description} ${note}` : note;
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

export function isNodeError(error: unknown): error is NodeApiError | NodeOperationError {
	return error instanceof NodeApiError || error instanceof NodeOperationError;
}
