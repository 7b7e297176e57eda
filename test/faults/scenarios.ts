/**
 * Fault injection against Apollo Enrich, run through n8n-core against the fake Apollo. Each
 * scenario sends the same 100 distinct people through Bulk Enrich (10 calls) while the fake
 * misbehaves, then counts what came out. Shared by the invariant tests and `npm run faults`,
 * which prints the table quoted in docs/rate-limits-and-reliability.md (Reliability under faults).
 */
import type { IDataObject } from 'n8n-workflow';

import type { FakeApollo, FaultSpec } from '../fake-apollo';
import { MAPPED_IDENTIFIERS, runEnrich, withFake } from '../integration/support';

export interface FaultScenario {
	name: string;
	faults?: (fake: FakeApollo) => FaultSpec[];
	/** Fake options for scenarios that misbehave through configuration (rate-limit windows). */
	configure?: (fake: FakeApollo) => void;
	/** Extra Throughput and Retries settings (e.g. a short timeout). */
	tuning?: IDataObject;
	/** Whether the run, without Continue On Fail, must stop with a clear error. */
	expectStop: boolean;
}

export interface FaultRow {
	scenario: string;
	itemsIn: number;
	enriched: number;
	noMatch: number;
	errors: number;
	itemsLost: number;
	apolloCalls: number;
	answered2xx: number;
	faultsSeen: number;
	resentAfter2xx: number;
	stoppedClearly: string;
}

export const ITEM_COUNT = 100;

/** A fault on every `period`-th bulk call, starting with call `offset` (0-based). */
function every(period: number, offset: number, spec: Omit<FaultSpec, 'skip' | 'times'>, calls = 40): FaultSpec[] {
	const faults: FaultSpec[] = [];
	let previous = -1;
	for (let call = offset; call < calls; call += period) {
		faults.push({ route: 'bulk_match', ...spec, skip: call - previous - 1, times: 1 });
		previous = call;
	}
	return faults;
}

export const SCENARIOS: FaultScenario[] = [
	{ name: 'none (control)', expectStop: false },
	{
		name: '429 on ~30% of calls, retry-after: 0',
		faults: () => every(3, 0, { kind: 'status', status: 429, headers: { 'retry-after': '0' }, body: { message: 'The maximum number of api calls allowed for api/v1/people/bulk_match is 2 times per minute.' } }),
		expectStop: false,
	},
	{
		name: '429 on ~30% of calls, no retry-after',
		faults: () => every(3, 1, { kind: 'status', status: 429, body: { message: 'Too many requests' } }),
		expectStop: false,
	},
	{ name: '500 on calls 3 and 7', faults: () => [{ route: 'bulk_match', kind: 'status', status: 500, skip: 2 }, { route: 'bulk_match', kind: 'status', status: 500, skip: 3 }], expectStop: true },
	{ name: '502 on call 4', faults: () => [{ route: 'bulk_match', kind: 'status', status: 502, skip: 3 }], expectStop: true },
	{ name: '503 on ~30% of calls', faults: () => every(3, 2, { kind: 'status', status: 503 }), expectStop: false },
	{ name: 'connection dropped on call 5', faults: () => [{ route: 'bulk_match', kind: 'drop', skip: 4 }], expectStop: true },
	{
		name: 'slow response past the timeout on call 2',
		faults: () => [{ route: 'bulk_match', kind: 'delay', delayMs: 3_000, skip: 1 }],
		tuning: { timeoutSeconds: 1 },
		expectStop: true,
	},
	{ name: 'invalid JSON body on call 6', faults: () => [{ route: 'bulk_match', kind: 'invalidJson', skip: 5 }], expectStop: true },
	{
		name: 'daily window exhausted after 6 calls',
		configure: (fake) => fake.configure({ rateLimits: { minute: { limit: 1_000 }, day: { limit: 6 } } }),
		expectStop: true,
	},
];

function inputs(fake: FakeApollo): IDataObject[] {
	// Distinct people only, so "re-sent" can be read off the request log; every 5th is unknown.
	return Array.from({ length: ITEM_COUNT }, (_, i) =>
		i % 5 === 4 || i >= fake.directory.length ? { email: `unknown-${i}@nowhere.example` } : { email: fake.directory[i].email },
	);
}

export async function runScenario(scenario: FaultScenario): Promise<{ row: FaultRow; stopMessage?: string }> {
	const fake = await withFake();
	try {
		const parameters = { operation: 'bulkEnrich', ...MAPPED_IDENTIFIERS, tuning: scenario.tuning ?? {} };
		const arm = () => {
			fake.clearLog();
			fake.resetWindows();
			fake.configure({ rateLimits: { minute: { limit: 1_000 } } });
			scenario.configure?.(fake);
			if (scenario.faults) fake.injectFaults(scenario.faults(fake));
		};

		// Without Continue On Fail: does the run stop with a clear, item-naming error where it must?
		arm();
		const strict = await runEnrich(fake, parameters, inputs(fake));
		const stopMessage = strict.error ? `${strict.error.message} [item ${String((strict.error as unknown as { context?: IDataObject }).context?.itemIndex)}]` : undefined;

		// With Continue On Fail: count every item.
		arm();
		const kept = await runEnrich(fake, parameters, inputs(fake), { continueOnFail: true });
		const items = kept.items.map((item) => item.json as IDataObject & { apollo?: IDataObject });
		const calls = fake.requestLog.filter((entry) => entry.route === 'bulk_match');
		const answered = calls.filter((entry) => entry.status >= 200 && entry.status < 300);
		const bodies = answered.map((entry) => JSON.stringify(entry.body));
		const row: FaultRow = {
			scenario: scenario.name,
			itemsIn: ITEM_COUNT,
			enriched: items.filter((item) => item.apollo?.matched === true).length,
			noMatch: items.filter((item) => item.apollo?.matched === false).length,
			errors: items.filter((item) => item.error !== undefined).length,
			itemsLost: ITEM_COUNT - items.length,
			apolloCalls: calls.length,
			answered2xx: answered.length,
			faultsSeen: calls.filter((entry) => entry.fault !== undefined || entry.status === 429).length,
			resentAfter2xx: bodies.length - new Set(bodies).size,
			stoppedClearly: stopMessage === undefined ? (scenario.expectStop ? 'NO (expected a stop)' : 'no stop needed') : 'yes',
		};
		return { row, stopMessage };
	} finally {
		await fake.close();
	}
}

export function formatTable(rows: FaultRow[]): string {
	const header = '| Fault | In | Enriched | No match | Error items | Lost | Calls | 2xx | Faults hit | Re-sent after 2xx | Clear stop without Continue On Fail |';
	const rule = '|---|---|---|---|---|---|---|---|---|---|---|';
	const lines = rows.map((row) =>
		`| ${row.scenario} | ${row.itemsIn} | ${row.enriched} | ${row.noMatch} | ${row.errors} | ${row.itemsLost} | ${row.apolloCalls} | ${row.answered2xx} | ${row.faultsSeen} | ${row.resentAfter2xx} | ${row.stoppedClearly} |`,
	);
	return [header, rule, ...lines].join('\n');
}
