import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { apolloDeliveries } from './apollo-deliveries';
import { planDeliveries, simulateDeliveries } from './delivery-simulator';
import { testHostPerTest } from './test-helpers';

// The naive test trigger saves its keys only in n8n 1.x's order (the default here).
const start = testHostPerTest();

describe('Apollo delivery bodies', () => {
	it('builds the documented phone (§3a) and waterfall (§3b) shapes, reproducibly', () => {
		const deliveries = apolloDeliveries({ count: 4, seed: 5, peoplePerDelivery: 2 });

		expect(deliveries.map((d) => d.kind)).toEqual(['phone', 'waterfall', 'phone', 'waterfall']);
		const [phone, waterfall] = deliveries;
		expect(phone.body).toMatchObject({ status: 'success', total_requested_enrichments: 2 });
		expect(phone.body).not.toHaveProperty('request_id');
		expect(phone.body.people).toEqual([
			expect.objectContaining({ id: expect.any(String), phone_numbers: expect.any(Array) }),
			expect.objectContaining({ id: expect.any(String), phone_numbers: expect.any(Array) }),
		]);
		expect(waterfall.body).toMatchObject({
			request_id: waterfall.requestId,
			target_fields: ['emails', 'phone_numbers'],
		});
		expect(apolloDeliveries({ count: 4, seed: 5, peoplePerDelivery: 2 })).toEqual(deliveries);
		expect(new Set(deliveries.map((d) => d.requestId)).size).toBe(4);
	});
});

describe('delivery plan', () => {
	const payloads = apolloDeliveries({ count: 200, seed: 3, kinds: ['waterfall'] }).map(
		(d) => d.body,
	);

	it('is the same for the same seed and different for another', () => {
		const options = { url: 'http://127.0.0.1:1/', payloads, concurrentDuplicateRatio: 0.5 };
		const plan = planDeliveries({ ...options, seed: 42 });
		expect(planDeliveries({ ...options, seed: 42 })).toEqual(plan);
		expect(planDeliveries({ ...options, seed: 43 })).not.toEqual(plan);
	});

	it('repeats about repeatRatio of the deliveries, each retry after its original', () => {
		const jobs = planDeliveries({
			url: 'http://127.0.0.1:1/',
			payloads,
			seed: 9,
			repeatRatio: 0.3,
			concurrentDuplicateRatio: 0.5,
		});
		const requests = jobs.flatMap((job) => job.requests);
		const repeats = requests.filter((r) => r.copy > 0);
		expect(requests.filter((r) => r.copy === 0)).toHaveLength(200);
		expect(repeats.length).toBeGreaterThan(40);
		expect(repeats.length).toBeLessThan(80);
		for (const [index, job] of jobs.entries()) {
			if (job.after === undefined) {
				// Concurrent copies travel in the same job as their original.
				expect(job.requests.slice(1).every((r) => r.concurrentWithOriginal)).toBe(true);
				continue;
			}
			const original = jobs.findIndex(
				(j) => j.after === undefined && j.requests[0].delivery === job.after,
			);
			expect(original).toBeLessThan(index);
		}
	});

	it('only targets 127.0.0.1 and refuses oversized plans', async () => {
		await expect(simulateDeliveries({ url: 'http://localhost:1/', payloads })).rejects.toThrow(
			/Only http:\/\/127\.0\.0\.1/,
		);
		await expect(
			simulateDeliveries({ url: 'http://127.0.0.1:1/', payloads, maxRequests: 10 }),
		).rejects.toThrow(/over maxRequests/);
	});
});

describe('simulateDeliveries against the host', () => {
	it('counts sequential deliveries and their retries exactly', async () => {
		const host = await start();
		const payloads = apolloDeliveries({ count: 30, seed: 21, kinds: ['waterfall'] }).map(
			(d) => d.body,
		);

		const report = await simulateDeliveries({
			url: host.productionUrl(),
			payloads,
			seed: 21,
			repeatRatio: 0.3,
			concurrency: 1,
		});
		await host.idle();

		expect(report.distinctDeliveries).toBe(30);
		expect(report.duplicatesSent).toBeGreaterThan(0);
		expect(report.sent).toBe(report.distinctDeliveries + report.duplicatesSent);
		expect(report.statusCounts).toEqual({ '200': report.sent });
		expect(report.errors).toEqual([]);
		expect(host.responses).toHaveLength(report.sent);
		// One run per distinct delivery; every retry was acknowledged as a duplicate.
		expect(host.executions).toHaveLength(30);
		const acks = report.results.filter((r) => (r.body as { duplicate?: boolean })?.duplicate);
		expect(acks).toHaveLength(report.duplicatesSent);
		expect(acks.every((r) => r.copy > 0)).toBe(true);
	});

	it('shows concurrent duplicates slipping past naive static-data dedup', async () => {
		const host = await start({ storeLatencyMs: 20 });
		const payloads = apolloDeliveries({ count: 12, seed: 8, kinds: ['waterfall'] }).map(
			(d) => d.body,
		);

		const report = await simulateDeliveries({
			url: host.productionUrl(),
			payloads,
			seed: 8,
			repeatRatio: 0.5,
			concurrentDuplicateRatio: 1,
			concurrency: 3,
		});
		await host.idle();

		expect(report.concurrentDuplicates).toBe(report.duplicatesSent);
		expect(report.duplicatesSent).toBeGreaterThan(0);
		expect(report.statusCounts['200']).toBe(report.sent);
		expect(host.executions.length).toBeGreaterThan(report.distinctDeliveries);
		expect(host.executions.length).toBeLessThanOrEqual(report.sent);
	});

	it('gives up on a receiver that never answers, within its time bounds', async () => {
		const server = http.createServer(() => undefined);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		try {
			const report = await simulateDeliveries({
				url: `http://127.0.0.1:${port}/hook`,
				payloads: [{ request_id: 1 }, { request_id: 2 }],
				repeatRatio: 0,
				requestTimeoutMs: 200,
			});
			expect(report.statusCounts).toEqual({ error: 2 });
			expect(report.errors).toHaveLength(2);
		} finally {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	});
});
