/**
 * `npm run bench:credits`: credits spent for the same final result, measured against the fake
 * Apollo, which charges by Apollo's pricing (1 credit per matched person, 8 more per mobile it
 * finds for a phone reveal; nothing for a miss). Through n8n-core, as `npm run bench` does.
 *
 * (a) a naive re-run of a list, (b) the same re-run with Skip People Enriched Before, (c) a run
 * stopped half way by a failure, then re-run, with and without the memory, (d) Reveal Phone
 * Number for everyone against per item on a list where 60% already have a phone, (e) Max Credits
 * per Run with 8 calls in flight. A real crash (n8n killed) is the e2e suite's job
 * (test/e2e/n8n2.memory.e2e.ts, test/e2e/queue). No figure here is a test assertion.
 */
import type { IDataObject } from 'n8n-workflow';

import { startFakeApollo, type FakeApollo } from '../fake-apollo';
import { harnessDeduplication } from '../harness';
import { runEnrich } from '../integration/support';
import { directoryPerson, identityOf } from './workloads';

const PEOPLE = 1_000;
const MISS_EVERY = 5;
const DEAD_WEBHOOK = 'http://127.0.0.1:9/apollo-webhook';
const BULK = { operation: 'bulkEnrich', email: '={{ $json.email }}', tuning: { maxConcurrentRequests: 8 } };
const REMEMBER = { skipEnrichedWithinDays: 30 };

/** Person k, or an address Apollo does not know (one in five). */
function list(count: number): IDataObject[] {
	return Array.from({ length: count }, (_, k) =>
		k % MISS_EVERY === MISS_EVERY - 1 ? { email: `left.${k}@nowhere.example` } : { email: identityOf(k).email },
	);
}

interface Spend {
	credits: number;
	calls: number;
	/** Matched people whose credit was charged more than once across the scenario's runs. */
	billedTwice: number;
}

/** Charges by person across runs: each answered bulk call's matched entries, by email. */
class Ledger {
	private readonly charged = new Map<string, number>();
	credits = 0;
	calls = 0;

	constructor(private readonly fake: FakeApollo) {}

	/** Adds what the fake charged since its log was last cleared, then clears it. */
	take(): void {
		const known = new Set(this.fake.directory.map((person) => person.email.toLowerCase()));
		for (const call of this.fake.requestLog.filter((entry) => entry.route === 'bulk_match')) {
			this.calls++;
			if (call.status < 200 || call.status >= 300) continue;
			for (const detail of (call.body as { details: Array<{ email?: string }> }).details) {
				const email = detail.email?.toLowerCase() ?? '';
				if (known.has(email)) this.charged.set(email, (this.charged.get(email) ?? 0) + 1);
			}
		}
		this.credits += this.fake.creditsCharged();
		this.fake.clearLog();
	}

	spend(): Spend {
		const billedTwice = [...this.charged.values()].filter((count) => count > 1).length;
		return { credits: this.credits, calls: this.calls, billedTwice };
	}
}

async function scenario(fake: FakeApollo, runs: Array<() => Promise<unknown>>): Promise<Spend> {
	harnessDeduplication.clear();
	fake.clearLog();
	fake.resetWindows();
	const ledger = new Ledger(fake);
	for (const run of runs) {
		await run();
		// Mobiles are charged when the reveal's async work finds them.
		await new Promise((resolve) => setTimeout(resolve, 300));
		ledger.take();
	}
	return ledger.spend();
}

async function main(): Promise<void> {
	const people = Array.from({ length: PEOPLE }, (_, k) => directoryPerson(k));
	const fake = await startFakeApollo({ seed: 7, latencyMs: 20, people, webhook: { delayMs: 0, repeats: 0 } });
	const inputs = list(PEOPLE);
	const once = (parameters: IDataObject, items = inputs) => async () => await runEnrich(fake, { ...BULK, ...parameters }, items);
	const crashing = (parameters: IDataObject) => async () => {
		// Apollo answers 30 calls, then a 500 stops the run (calls in flight finish).
		fake.injectFaults([{ route: 'bulk_match', kind: 'status', status: 500, skip: 30 }]);
		return await runEnrich(fake, { ...BULK, ...parameters }, inputs);
	};
	try {
		const rows: Array<[string, Spend, string]> = [];
		const single = await scenario(fake, [once({})]);
		rows.push(['one run of the list (the result every row aims at)', single, 'the list, once']);
		rows.push(['(a) the list run twice, no memory', await scenario(fake, [once({}), once({})]), 'naive re-run']);
		rows.push(['(b) the list run twice, Skip People Enriched Before', await scenario(fake, [once({ options: REMEMBER }), once({ options: REMEMBER })]), '2nd run: 0 calls']);
		rows.push(['(c) stopped by a 500 after 30 calls, re-run, no memory', await scenario(fake, [crashing({}), once({})]), 'answered chunks paid twice']);
		rows.push(['(c) stopped by a 500 after 30 calls, re-run, with memory', await scenario(fake, [crashing({ options: REMEMBER }), once({ options: REMEMBER })]), 're-run sends the rest']);

		// (d) 60% of the sheet already has a phone.
		const withPhones = inputs.slice(0, 200).map((input, k) => ({ ...input, phone: k % 5 < 3 ? '+1 555 0100' : '' }));
		const reveal = { asyncResults: { webhookUrl: DEAD_WEBHOOK } };
		rows.push(['(d) 200 people, Reveal Phone Number for everyone', await scenario(fake, [once({ ...reveal, revealPhoneNumber: true }, withPhones)]), '']);
		rows.push(['(d) 200 people, Reveal Phone Number = {{ !$json.phone }}', await scenario(fake, [once({ ...reveal, revealPhoneNumber: '={{ !$json.phone }}' }, withPhones)]), '']);

		// (e) the cap, with the reveal (worst case 9 a person) and 8 calls in flight.
		for (const cap of [100, 500, 1_000]) {
			const run = await scenario(fake, [once({ ...reveal, revealPhoneNumber: true, options: { maxCreditsPerRun: cap } })]);
			rows.push([`(e) Max Credits per Run ${cap}, Reveal Phone Number, 8 in flight`, run, run.credits <= cap ? 'within the cap' : 'PAST THE CAP']);
		}
		console.log(`Credits spent for the same final result (${PEOPLE} people, one in five unknown to Apollo; fake Apollo priced as Apollo: 1 a match, 8 a mobile)\n`);
		console.log('| Scenario | Credits | Calls | People billed twice | Note |');
		console.log('|---|---:|---:|---:|---|');
		for (const [name, spend, note] of rows) {
			console.log(`| ${name} | ${spend.credits} | ${spend.calls} | ${spend.billedTwice} | ${note} |`);
		}
	} finally {
		await fake.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
