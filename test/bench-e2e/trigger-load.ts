/**
 * Sends deliveries to one webhook URL at a fixed concurrency (closed loop: each lane sends the
 * next one when its answer is in) and measures what came back: deliveries per second, n8n's CPU
 * per delivery (main process and task runner, from /proc), answer times, statuses, duplicates.
 * Every delivery is sent once: the bench measures throughput, not duplicate removal.
 */
import { Agent, request } from 'undici';

import type { ProcSampler } from './support/proc-sampler';
import { loadAverage } from './support/report';

export interface LoadResult {
	sent: number;
	elapsedMs: number;
	perSecond: number;
	/** n8n's CPU (main process and task runner), ms per delivery. */
	cpuMsPerDelivery: number;
	statuses: Record<string, number>;
	/** Answers saying `duplicate: true`. */
	duplicates: number;
	p50Ms: number;
	p95Ms: number;
	/** Every answer time, sorted (ms). */
	durationsMs: number[];
	/** Deliveries per second of each run combined (the rounds). */
	rounds: number[];
	/** Deliveries answered in each window of `windowMs` (the sustained run). */
	windows: number[];
	loadAverage: number;
}

export interface LoadOptions {
	url: string;
	bodies: readonly string[];
	concurrency: number;
	/** n8n's main process and its task runner. */
	samplers: ProcSampler[];
	/** Keep sending (cycling through `bodies` is not allowed: each is sent once) until this long. */
	durationMs?: number;
	windowMs?: number;
}

function percentile(sorted: number[], share: number): number {
	return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))];
}

export async function sendDeliveries(options: LoadOptions): Promise<LoadResult> {
	const agent = new Agent({ connections: options.concurrency, keepAliveTimeout: 4_000 });
	const statuses: Record<string, number> = {};
	const durations: number[] = [];
	const answeredAt: number[] = [];
	let duplicates = 0;
	let next = 0;
	const started = Date.now();
	const cpuBefore = options.samplers.map((sampler) => sampler.sample().cpuMs);
	const deadline = options.durationMs === undefined ? Infinity : started + options.durationMs;
	const lane = async () => {
		while (next < options.bodies.length && Date.now() < deadline) {
			const body = options.bodies[next++];
			const sentAt = performance.now();
			let status: string;
			try {
				const response = await request(options.url, {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'user-agent': 'Apollo-Webhooks (bench)' },
					body,
					dispatcher: agent,
					headersTimeout: 60_000,
					bodyTimeout: 60_000,
				});
				const text = await response.body.text();
				status = String(response.statusCode);
				if (text.includes('"duplicate":true')) duplicates++;
			} catch (error) {
				status = `error: ${error instanceof Error ? error.message : String(error)}`.slice(0, 60);
			}
			durations.push(performance.now() - sentAt);
			answeredAt.push(Date.now());
			statuses[status] = (statuses[status] ?? 0) + 1;
		}
	};
	await Promise.all(Array.from({ length: options.concurrency }, lane));
	const elapsedMs = Date.now() - started;
	const cpuMs = options.samplers.reduce((sum, sampler, index) => sum + sampler.sample().cpuMs - cpuBefore[index], 0);
	await agent.close();
	if (options.durationMs !== undefined && next >= options.bodies.length) {
		throw new Error(`Ran out of deliveries after ${elapsedMs} ms: give the sustained run more bodies`);
	}
	const windowMs = options.windowMs ?? 10_000;
	const windows = Array.from({ length: Math.max(1, Math.floor(elapsedMs / windowMs)) }, () => 0);
	for (const at of answeredAt) {
		const index = Math.floor((at - started) / windowMs);
		if (index < windows.length) windows[index]++;
	}
	durations.sort((a, b) => a - b);
	const sent = durations.length;
	return {
		sent,
		elapsedMs,
		perSecond: sent / (elapsedMs / 1000),
		cpuMsPerDelivery: cpuMs / sent,
		statuses,
		duplicates,
		p50Ms: percentile(durations, 0.5),
		p95Ms: percentile(durations, 0.95),
		durationsMs: durations,
		rounds: [sent / (elapsedMs / 1000)],
		windows,
		loadAverage: loadAverage().one,
	};
}

/** Adds runs of the same receiver together (the bench interleaves receivers in rounds). */
export function combine(results: readonly LoadResult[]): LoadResult {
	const sent = results.reduce((sum, result) => sum + result.sent, 0);
	const elapsedMs = results.reduce((sum, result) => sum + result.elapsedMs, 0);
	const statuses: Record<string, number> = {};
	for (const result of results) for (const [status, count] of Object.entries(result.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
	const weighted = (pick: (result: LoadResult) => number) => results.reduce((sum, result) => sum + pick(result) * result.sent, 0) / sent;
	const durationsMs = results.flatMap((result) => result.durationsMs).sort((a, b) => a - b);
	return {
		sent,
		elapsedMs,
		perSecond: sent / (elapsedMs / 1000),
		cpuMsPerDelivery: weighted((result) => result.cpuMsPerDelivery),
		statuses,
		duplicates: results.reduce((sum, result) => sum + result.duplicates, 0),
		p50Ms: percentile(durationsMs, 0.5),
		p95Ms: percentile(durationsMs, 0.95),
		durationsMs,
		rounds: results.flatMap((result) => result.rounds),
		windows: results.flatMap((result) => result.windows),
		loadAverage: weighted((result) => result.loadAverage),
	};
}
