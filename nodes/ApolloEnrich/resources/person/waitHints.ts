/**
 * What Wait for Results tells the user beyond the items: n8n execution hints above the output for
 * what did not arrive, and the note an error carries when polling stops the node.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { toSeconds, type AsyncResultMeta } from '../../protocol/asyncResults';
import { addHint } from '../../shared/executionHints';

export const NOTHING_TO_WAIT_FOR =
	'Wait for Results has nothing to wait for: it applies with Reveal Phone Number, Run Waterfall Email or Run Waterfall Phone';

/** Hints for what did not arrive; the items carry the details either way. */
export function summariseWait(
	ctx: IExecuteFunctions,
	metas: ReadonlyArray<AsyncResultMeta | undefined>,
	maxWaitMs: number,
): void {
	const count = (test: (meta: AsyncResultMeta) => boolean) =>
		metas.filter((meta) => meta !== undefined && test(meta)).length;
	const pending = count((meta) => meta.status === 'pending');
	const none = count((meta) => meta.status === 'none' && meta.reason !== 'no_match');
	const failed = count((meta) => meta.status === 'error');
	if (pending > 0) {
		addHint(
			ctx,
			`${pending} item(s) were still waiting for Apollo's results when Max Wait (${toSeconds(maxWaitMs)} s) was over (apollo.asyncResult.status "pending"). Fetch them later with Get Webhook Result and apollo.asyncResult.requestId, or receive them with an Apollo Webhook Trigger.`,
			'warning',
		);
	}
	if (none > 0) {
		addHint(
			ctx,
			`${none} item(s) will get no phone or waterfall result from Apollo for this run; apollo.asyncResult.message says why`,
		);
	}
	if (failed > 0) {
		addHint(
			ctx,
			`Apollo's result could not be fetched for ${failed} item(s) (apollo.asyncResult.status "error"); their enrichment is kept`,
			'warning',
		);
	}
}

/** Appended to the error that stops the node: the enrichment before the wait was done. */
export function enrichedNote(enrichedItems: number): string {
	return `The enrichment itself succeeded for ${enrichedItems} item(s), and Apollo may have billed it; its request IDs still work with Get Webhook Result. To keep the items when a result cannot be fetched, set Settings → On Error → Continue.`;
}
