/**
 * Failures as n8n shows them, for every resource: error items in an item's own place (Continue On
 * Fail), and the note a stopped run adds about what it had already done.
 */
import type { INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { itemTag, progressNote } from '../protocol/errorTexts';

/**
 * The node's own check failing for one item: "message [item N]", the project's one style. The
 * message is set again after construction: n8n swaps a message that happens to contain a socket
 * code's letters (a value such as "eperm…") for its generic network advice.
 */
export function itemError(
	node: INode,
	message: string,
	itemIndex: number,
	description?: string,
): NodeOperationError {
	const error = new NodeOperationError(node, message, { itemIndex, description });
	error.message = `${message} ${itemTag([itemIndex])}`;
	return error;
}

/** Names in the message the items an error is about, e.g. every item sharing one request id. */
export function tagItems<T extends NodeApiError | NodeOperationError>(
	error: T,
	itemIndexes: readonly number[],
): T {
	if (itemIndexes.length === 0 || /\[items? [^\]]*\]$/.test(error.message)) return error;
	error.message = `${error.message} ${itemTag(itemIndexes)}`;
	error.context.itemIndex = Math.min(...itemIndexes);
	return error;
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

export function withItemIndex<T extends NodeApiError | NodeOperationError>(
	error: T,
	itemIndex: number,
): T {
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
	const note = progressNote(enrichedItems, notEnrichedItems);
	error.description = error.description ? `${error.description} ${note}` : note;
}

export function isNodeError(error: unknown): error is NodeApiError | NodeOperationError {
	return error instanceof NodeApiError || error instanceof NodeOperationError;
}
