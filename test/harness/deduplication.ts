/**
 * n8n's deduplication store for nodes (`this.helpers.checkProcessedAndRecord` and its siblings),
 * in memory. A real n8n keeps it in its `processed_data` table (packages/cli/src/deduplication/
 * deduplication-helper.ts); this is a line-by-line port of that helper's `entries` mode onto a
 * Map, with the same MD5 digests, the same one list per workflow and context (`n:<node id>` for
 * scope `node`), the same read-modify-write of the whole list per call, and the same `maxEntries`
 * trimming from the oldest end. The real store is exercised by the e2e suite.
 */
import { createHash } from 'node:crypto';

import { DataDeduplicationService } from 'n8n-core';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

function contextOf(scope: DeduplicationScope, data: ICheckProcessedContextData): string {
	if (scope === 'node') {
		if (!data.node) throw new Error("No node information has been provided and so cannot use scope 'node'");
		return `n:${data.node.id}`;
	}
	return '';
}

function hash(value: DeduplicationItemTypes): string {
	return createHash('md5').update(value.toString()).digest('base64');
}

export class InMemoryDeduplicator implements IDataDeduplicator {
	/** `<workflow id>|<context>` → the stored list, as n8n's `processed_data.value.data`. */
	readonly rows = new Map<string, string[]>();
	/** Every call, for tests that count writes. */
	calls = 0;

	private key(scope: DeduplicationScope, data: ICheckProcessedContextData): string {
		if (!data.workflow.id) throw new Error('The workflow has no id');
		return `${data.workflow.id}|${contextOf(scope, data)}`;
	}

	private static assertEntries(options: ICheckProcessedOptions): void {
		if (options.mode !== 'entries') throw new Error(`The harness store only models mode "entries", not "${options.mode}"`);
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		data: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		InMemoryDeduplicator.assertEntries(options);
		this.calls++;
		const key = this.key(scope, data);
		const hashed = items.map(hash);
		const stored = this.rows.get(key);
		if (stored === undefined) {
			if (options.maxEntries) hashed.splice(0, hashed.length - options.maxEntries);
			this.rows.set(key, hashed);
			return { new: items, processed: [] };
		}
		const seen = new Set(stored);
		const output: IDeduplicationOutput = { new: [], processed: [] };
		hashed.forEach((value, index) => {
			if (seen.has(value)) output.processed.push(items[index]);
			else {
				output.new.push(items[index]);
				stored.push(value);
			}
		});
		if (options.maxEntries) stored.splice(0, stored.length - options.maxEntries);
		return output;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		data: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		InMemoryDeduplicator.assertEntries(options);
		this.calls++;
		const stored = this.rows.get(this.key(scope, data));
		if (!stored) return;
		for (const value of items.map(hash)) {
			const index = stored.indexOf(value);
			if (index !== -1) stored.splice(index, 1);
		}
	}

	async clearAllProcessedItems(scope: DeduplicationScope, data: ICheckProcessedContextData): Promise<void> {
		this.calls++;
		this.rows.delete(this.key(scope, data));
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		data: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<number> {
		InMemoryDeduplicator.assertEntries(options);
		return this.rows.get(this.key(scope, data))?.length ?? 0;
	}

	clear(): void {
		this.rows.clear();
		this.calls = 0;
	}
}

/** The store every workflow the harness runs uses (one per test process, as n8n has one). */
export const harnessDeduplication = new InMemoryDeduplicator();

let initialised = false;

export async function ensureDeduplicationStore(): Promise<void> {
	if (initialised) return;
	initialised = true;
	await DataDeduplicationService.init(harnessDeduplication);
}
