/**
 * One line above the node's output, n8n's execution hints: the run summary, warnings, what Wait
 * for Results or a search did not get. Older n8n versions have no execution hints; the items
 * carry the same facts anyway.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

export function addHint(ctx: IExecuteFunctions, message: string, type: 'info' | 'warning' = 'info'): void {
	if (typeof ctx.addExecutionHints !== 'function') return;
	ctx.addExecutionHints({ message, type, location: 'outputPane' });
}
