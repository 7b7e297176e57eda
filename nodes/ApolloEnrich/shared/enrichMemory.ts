/**
 * Options → Skip People Enriched Before, wired to n8n's own deduplication store
 * (`this.helpers.checkProcessedAndRecord` and its siblings: the `processed_data` table, SQLite or
 * Postgres, regular or queue mode), scoped to this node. protocol/enrichMemory.ts says which
 * values stand for a lookup.
 *
 * The store has no plain "check": every check also records. So the run checks once, before the
 * first call, and at once removes what the check recorded for people not seen before; a marker
 * travels with those values, so that a check cut short (or one racing another execution) is
 * detected by the next run, which then clears the memory rather than trust it.
 *
 * Lookups are recorded only after Apollo answered their call with a 2xx, as the run goes: a run
 * that stops halfway has recorded what it was answered. n8n rewrites the node's whole list on each
 * write, so writes are chained and coalesced: at most one is in flight, and it carries every
 * lookup answered since the one before.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	blockOf,
	CHECK_IN_PROGRESS,
	checkValues,
	lookupKeys,
	recordValues,
	VALUES_PER_LOOKUP,
	type MemoryScope,
} from '../protocol/enrichMemory';
import type { IdentifierDetails } from '../protocol/repeatedInputs';

export interface MemorySettings {
	/** 0 = off. */
	windowDays: number;
	/** Lookups kept at most; the oldest are forgotten first. */
	maxLookups: number;
	/** Clear the node's memory before this run. */
	forget: boolean;
}

export const DEFAULT_MEMORY_MAX_LOOKUPS = 10_000;

const ENTRIES = { mode: 'entries' } as const;

export interface MemoryCheck {
	/** Positions (in the list checked) of the lookups answered in an earlier run. */
	seen: Set<number>;
	/** The memory was found half-written and cleared. */
	reset: boolean;
}

export class EnrichMemory {
	private readonly block: number;
	private pending: string[] = [];
	private writing: Promise<void> = Promise.resolve();
	private failure: Error | undefined;

	private constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly settings: MemorySettings,
		nowMs: number,
	) {
		this.block = blockOf(nowMs, settings.windowDays);
	}

	/** The run's memory, or undefined when the option is off. */
	static async open(ctx: IExecuteFunctions, settings: MemorySettings): Promise<EnrichMemory | undefined> {
		if (settings.windowDays <= 0) return undefined;
		if (typeof ctx.helpers.checkProcessedAndRecord !== 'function') {
			throw new NodeOperationError(ctx.getNode(), 'Skip People Enriched Before needs a newer n8n', {
				itemIndex: 0,
				description: 'This n8n has no deduplication store for nodes (the one n8n\'s Remove Duplicates node uses). Turn the option off, or update n8n.',
			});
		}
		if (!ctx.getWorkflow().id) {
			throw new NodeOperationError(ctx.getNode(), 'Save the workflow to use Skip People Enriched Before', {
				itemIndex: 0,
				description: "n8n keeps this node's memory of enriched people with the saved workflow; an unsaved workflow has none yet.",
			});
		}
		const memory = new EnrichMemory(ctx, settings, Date.now());
		if (settings.forget) await ctx.helpers.clearAllProcessedItems('node', ENTRIES);
		return memory;
	}

	/** Which lookups an earlier run was answered for. Records nothing that stays. */
	async check(lookups: ReadonlyArray<{ scope: MemoryScope; details: IdentifierDetails }>): Promise<MemoryCheck> {
		const valuesOf = lookups.map(({ scope, details }) => checkValues(scope, lookupKeys(details), this.block));
		const values = [...new Set(valuesOf.flat()), CHECK_IN_PROGRESS];
		// No cap on this write: it must not push remembered values out.
		const answer = await this.ctx.helpers.checkProcessedAndRecord(values, 'node', ENTRIES);
		const processed = new Set(answer.processed.map(String));
		if (processed.has(CHECK_IN_PROGRESS)) {
			await this.ctx.helpers.clearAllProcessedItems('node', ENTRIES);
			return { seen: new Set(), reset: true };
		}
		await this.ctx.helpers.removeProcessed(answer.new, 'node', ENTRIES);
		const seen = new Set<number>();
		valuesOf.forEach((own, position) => {
			if (own.some((value) => processed.has(value))) seen.add(position);
		});
		return { seen, reset: false };
	}

	/** Remembers an answered lookup; the write follows the ones before it. */
	record(scope: MemoryScope, details: IdentifierDetails, apolloId: string | null): void {
		this.pending.push(...recordValues(scope, lookupKeys(details, apolloId), this.block));
		if (this.pending.length > 0) this.writing = this.writing.then(async () => await this.write());
	}

	/** Waits for every write; a failed write is reported once, here. */
	async flush(): Promise<Error | undefined> {
		await this.writing;
		return this.failure;
	}

	private async write(): Promise<void> {
		if (this.pending.length === 0 || this.failure) return;
		const values = this.pending;
		this.pending = [];
		try {
			await this.ctx.helpers.checkProcessedAndRecord(values, 'node', {
				...ENTRIES,
				maxEntries: this.settings.maxLookups * VALUES_PER_LOOKUP,
			});
		} catch (error) {
			this.failure = error as Error;
		}
	}
}
