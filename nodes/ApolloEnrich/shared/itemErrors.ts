/**
 * Failures as n8n shows them, for every resource: error items in an item's own place (Continue On
 * Fail), and the note a stopped run adds about what it had already done.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { describeItemRanges } from '../protocol/errorTexts';

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
	if (enrichedItems === 0) return;
	const notEnriched =
		notEnrichedItems.length > 0
			? ` Not enriched: item(s) ${describeItemRanges(notEnrichedItems)} (${notEnrichedItems.length} in all).`
			: '';
	const note = `${enrichedItems} item(s) had already been enriched by other calls in this run (Apollo may have billed them).${notEnriched} To keep partial results next time, set Settings → On Error → Continue.`;
	error.description = error.description ? `${error.description} ${note}` : note;
}

export function isNodeError(error: unknown): error is NodeApiError | NodeOperationError {
	return error instanceof NodeApiError || error instanceof NodeOperationError;
}
