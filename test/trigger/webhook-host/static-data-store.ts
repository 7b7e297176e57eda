import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IDataObject } from 'n8n-workflow';

/**
 * Where the host keeps a workflow's static data: the stand-in for the `staticData` column of
 * n8n's `workflow_entity` row. n8n reads the whole JSON on every production webhook request and
 * writes the whole JSON back (`UPDATE ... SET staticData = ?`, no version check), so the
 * interface is deliberately just "load all" and "overwrite all".
 */
export interface StaticDataStore {
	/** A fresh copy of the stored data (never an object shared with an earlier caller). */
	load(): Promise<IDataObject>;
	/** Replaces the stored data with `data`. Serializes `data` before it returns control. */
	save(data: IDataObject): Promise<void>;
}

/** One load or save as it happened, for tests that reason about overlapping requests. */
export interface StoreOperation {
	op: 'load' | 'save';
	startedAt: number;
	finishedAt: number;
	/** The JSON read or written. */
	json: string;
}

// Serializing at call time matches a DB driver: the UPDATE statement carries the JSON as it was
// when `save` was called, whatever the caller mutates while the query is in flight.
// `__dataChanged` (n8n's ObservableObject flag) is non-enumerable, so it never reaches the JSON.
function serialize(data: IDataObject): string {
	return JSON.stringify(data ?? {});
}

function parse(json: string): IDataObject {
	const value = JSON.parse(json) as unknown;
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: {};
}

/** Keeps the JSON in memory, like a database row, so every load returns a new object. */
export class InMemoryStaticDataStore implements StaticDataStore {
	private json: string;

	constructor(initial: IDataObject = {}) {
		this.json = serialize(initial);
	}

	async load(): Promise<IDataObject> {
		return parse(this.json);
	}

	async save(data: IDataObject): Promise<void> {
		this.json = serialize(data);
	}
}

/**
 * Keeps the JSON in a file, so a second process (a restarted n8n) sees what the first saved.
 * Each write goes to a temporary file that is then renamed over the target: a reader never sees
 * half a file, and concurrent writers still end as "last rename wins", like the real UPDATE.
 */
export class JsonFileStaticDataStore implements StaticDataStore {
	private writeCounter = 0;

	constructor(readonly filePath: string) {}

	async load(): Promise<IDataObject> {
		try {
			return parse(await fs.promises.readFile(this.filePath, 'utf8'));
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
			throw error;
		}
	}

	async save(data: IDataObject): Promise<void> {
		const json = serialize(data);
		await fs.promises.mkdir(path.dirname(this.filePath), { recursive: true });
		const tmp = `${this.filePath}.${process.pid}.${++this.writeCounter}.tmp`;
		await fs.promises.writeFile(tmp, json, 'utf8');
		await fs.promises.rename(tmp, this.filePath);
	}
}

/**
 * Wraps a store so each load and save takes `latencyMs` longer, imitating a database round
 * trip. Widening that window is what makes n8n's read-modify-write races show up reliably in
 * tests. A save's JSON is captured before the wait, as a driver would, and written after it.
 * Every operation is also logged, so a test can see which writes overlapped.
 */
export class ObservedStaticDataStore implements StaticDataStore {
	readonly operations: StoreOperation[] = [];

	constructor(
		private readonly inner: StaticDataStore,
		private readonly latencyMs = 0,
	) {}

	async load(): Promise<IDataObject> {
		const startedAt = Date.now();
		await this.delay();
		const data = await this.inner.load();
		this.operations.push({ op: 'load', startedAt, finishedAt: Date.now(), json: serialize(data) });
		return data;
	}

	async save(data: IDataObject): Promise<void> {
		const startedAt = Date.now();
		const json = serialize(data);
		const snapshot = parse(json);
		await this.delay();
		await this.inner.save(snapshot);
		this.operations.push({ op: 'save', startedAt, finishedAt: Date.now(), json });
	}

	private async delay(): Promise<void> {
		if (this.latencyMs > 0) await sleep(this.latencyMs);
	}
}
