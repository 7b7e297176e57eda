import { Agent, request } from 'undici';

import { stringifyJson } from '../../fake-apollo';
import { Prng } from '../../fake-apollo/random';

// Replays Apollo-style webhook deliveries against a local receiver, with the retries Apollo warns
// about: some deliveries are sent again later (after the first attempt was answered) and some
// duplicates arrive at the same moment as the original. Everything random comes from `seed`,
// so a plan is reproducible; only response timing is left to the machine.

export interface SimulateDeliveriesOptions {
	/** Receiver URL; must point at 127.0.0.1. */
	url: string;
	/** One body per distinct delivery: objects are sent as JSON (RawInt64-aware), strings as-is. */
	payloads: readonly unknown[];
	/** Share of deliveries that are sent more than once. Default 0.3. */
	repeatRatio?: number;
	/** Extra copies of a repeated delivery: 1..maxRepeats. Default 1. */
	maxRepeats?: number;
	/** Share of extra copies fired together with the original instead of after it. Default 0. */
	concurrentDuplicateRatio?: number;
	/** Parallel lanes working through the plan. Default 4. */
	concurrency?: number;
	seed?: number;
	headers?: Record<string, string>;
	/** Refuses plans with more requests than this. Default 2000. */
	maxRequests?: number;
	/** Stops sending after this long; unsent requests are dropped. Default 30 000 ms. */
	timeoutMs?: number;
	/** Per request (headers and body). Default 10 000 ms. */
	requestTimeoutMs?: number;
}

export interface PlannedRequest {
	/** Index into `payloads`. */
	delivery: number;
	/** 0 for the first attempt, 1.. for the repeats. */
	copy: number;
	/** True for a repeat fired at the same moment as the original. */
	concurrentWithOriginal: boolean;
}

/** A unit of work for one lane: requests fired together, maybe after an original is answered. */
export interface PlannedJob {
	requests: PlannedRequest[];
	/** For a later repeat: the delivery whose first attempt must have been answered. */
	after?: number;
}

export interface DeliveryResult extends PlannedRequest {
	status?: number;
	body?: unknown;
	error?: string;
}

export interface SimulationReport {
	sent: number;
	distinctDeliveries: number;
	duplicatesSent: number;
	concurrentDuplicates: number;
	/** HTTP status -> count; transport failures are counted under 'error'. */
	statusCounts: Record<string, number>;
	errors: Array<{ delivery: number; copy: number; message: string }>;
	elapsedMs: number;
	results: DeliveryResult[];
}

/** The deterministic part: which deliveries repeat, how, and in what order jobs start. */
export function planDeliveries(options: SimulateDeliveriesOptions): PlannedJob[] {
	const rng = new Prng(options.seed ?? 1);
	const repeatRatio = options.repeatRatio ?? 0.3;
	const maxRepeats = Math.max(1, Math.floor(options.maxRepeats ?? 1));
	const concurrentRatio = options.concurrentDuplicateRatio ?? 0;
	const jobs: PlannedJob[] = [];
	const later: PlannedJob[] = [];
	options.payloads.forEach((_payload, delivery) => {
		const repeats = rng.next() < repeatRatio ? 1 + Math.floor(rng.next() * maxRepeats) : 0;
		const group: PlannedRequest[] = [{ delivery, copy: 0, concurrentWithOriginal: false }];
		for (let copy = 1; copy <= repeats; copy++) {
			if (rng.next() < concurrentRatio) {
				group.push({ delivery, copy, concurrentWithOriginal: true });
			} else {
				const retry: PlannedRequest = { delivery, copy, concurrentWithOriginal: false };
				later.push({ requests: [retry], after: delivery });
			}
		}
		jobs.push({ requests: group });
	});
	// A retry comes some time after its original: slot each one in at a random later position.
	for (const job of later) {
		const originalAt = jobs.findIndex(
			(j) => j.after === undefined && j.requests[0].delivery === job.after,
		);
		const position = originalAt + 1 + Math.floor(rng.next() * (jobs.length - originalAt));
		jobs.splice(position, 0, job);
	}
	const total = jobs.reduce((sum, job) => sum + job.requests.length, 0);
	if (total > (options.maxRequests ?? 2000)) {
		throw new Error(`[simulator] Plan has ${total} requests, over maxRequests`);
	}
	return jobs;
}

function assertLocal(url: string): void {
	const { hostname, protocol } = new URL(url);
	if (protocol !== 'http:' || hostname !== '127.0.0.1') {
		throw new Error(`[simulator] Only http://127.0.0.1 targets are allowed, not ${url}`);
	}
}

export async function simulateDeliveries(
	options: SimulateDeliveriesOptions,
): Promise<SimulationReport> {
	assertLocal(options.url);
	const jobs = planDeliveries(options);
	const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
	const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
	const widest = Math.max(...jobs.map((job) => job.requests.length), 1);
	// A private agent, closed at the end, so no socket outlives the simulation.
	const agent = new Agent({ connections: concurrency * widest, keepAliveTimeout: 1_000 });
	const abort = new AbortController();
	const timer = setTimeout(() => abort.abort(), options.timeoutMs ?? 30_000);
	const started = Date.now();
	const results: DeliveryResult[] = [];
	const answered = new Map<number, { promise: Promise<void>; resolve: () => void }>();
	for (const job of jobs) {
		if (job.after !== undefined || answered.has(job.requests[0].delivery)) continue;
		let resolve = () => {};
		const promise = new Promise<void>((r) => (resolve = r));
		answered.set(job.requests[0].delivery, { promise, resolve });
	}

	const send = async (planned: PlannedRequest): Promise<void> => {
		const result: DeliveryResult = { ...planned };
		results.push(result);
		const payload = options.payloads[planned.delivery];
		try {
			const response = await request(options.url, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'user-agent': 'Apollo-Webhooks (webhook-host simulator)',
					...options.headers,
				},
				body: typeof payload === 'string' ? payload : stringifyJson(payload),
				dispatcher: agent,
				signal: abort.signal,
				headersTimeout: requestTimeoutMs,
				bodyTimeout: requestTimeoutMs,
			});
			result.status = response.statusCode;
			const text = await response.body.text();
			try {
				result.body = text === '' ? undefined : (JSON.parse(text) as unknown);
			} catch {
				result.body = text;
			}
		} catch (error) {
			result.error = error instanceof Error ? error.message : String(error);
		}
	};

	let next = 0;
	const lane = async () => {
		while (next < jobs.length && !abort.signal.aborted) {
			const job = jobs[next++];
			if (job.after !== undefined) await answered.get(job.after)?.promise;
			if (abort.signal.aborted) break;
			try {
				await Promise.all(job.requests.map(send));
			} finally {
				if (job.after === undefined) answered.get(job.requests[0].delivery)?.resolve();
			}
		}
	};
	try {
		await Promise.all(Array.from({ length: concurrency }, lane));
	} finally {
		clearTimeout(timer);
		await agent.close();
	}

	const statusCounts: Record<string, number> = {};
	const errors: SimulationReport['errors'] = [];
	for (const result of results) {
		const key = result.status === undefined ? 'error' : String(result.status);
		statusCounts[key] = (statusCounts[key] ?? 0) + 1;
		if (result.error !== undefined) {
			errors.push({ delivery: result.delivery, copy: result.copy, message: result.error });
		}
	}
	return {
		sent: results.length,
		distinctDeliveries: new Set(results.map((r) => r.delivery)).size,
		duplicatesSent: results.filter((r) => r.copy > 0).length,
		concurrentDuplicates: results.filter((r) => r.concurrentWithOriginal).length,
		statusCounts,
		errors,
		elapsedMs: Date.now() - started,
		results,
	};
}
