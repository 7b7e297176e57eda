/**
 * Reading and checking every input item before the first (billable) call, for every resource.
 * The resource supplies how an item's fields are read and how they become Apollo's parameters.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BuildResult, ItemProblem } from '../protocol/itemProblems';
import { itemError, tagItems } from './itemErrors';

export interface PreparedItem<D> {
	itemIndex: number;
	details: D;
	/** The call group (the same reveal and waterfall flags); absent when every item can share a call. */
	group?: string;
}

export interface PreparedItems<D> {
	records: Array<PreparedItem<D>>;
	/** Items that cannot be sent, with the reason; only non-empty with Continue On Fail. */
	rejected: Map<number, NodeOperationError>;
}

function problemError(ctx: IExecuteFunctions, itemIndex: number, problem: ItemProblem) {
	return itemError(ctx.getNode(), problem.message, itemIndex, `Field: ${problem.field}. ${problem.hint}`);
}

/**
 * Reads and checks every item before anything is sent. Without Continue On Fail the first bad
 * item stops the run here, before Apollo has billed anything; with it, bad items are set aside.
 */
export function prepareItems<I, D>(
	ctx: IExecuteFunctions,
	itemCount: number,
	read: (itemIndex: number) => I,
	build: (input: I) => BuildResult<D>,
): PreparedItems<D> {
	const records: Array<PreparedItem<D>> = [];
	const rejected = new Map<number, NodeOperationError>();
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		let error: NodeOperationError | undefined;
		try {
			const result = build(read(itemIndex));
			if (result.ok) records.push({ itemIndex, details: result.details, group: result.group });
			else error = problemError(ctx, itemIndex, result.problem);
		} catch (cause) {
			// A parameter expression that fails to resolve for this item.
			error = tagItems(new NodeOperationError(ctx.getNode(), cause as Error, { itemIndex }), [itemIndex]);
		}
		if (error === undefined) continue;
		if (!ctx.continueOnFail()) {
			const others = countProblems(read, build, itemIndex + 1, itemCount);
			if (others > 0) {
				error.description =
					`${error.description ?? ''} ${others} more item(s) after it have problems too.`.trim();
			}
			throw error;
		}
		rejected.set(itemIndex, error);
	}
	return { records, rejected };
}

function countProblems<I, D>(
	read: (itemIndex: number) => I,
	build: (input: I) => BuildResult<D>,
	from: number,
	to: number,
): number {
	let count = 0;
	for (let itemIndex = from; itemIndex < to; itemIndex++) {
		try {
			if (!build(read(itemIndex)).ok) count++;
		} catch {
			count++;
		}
	}
	return count;
}
