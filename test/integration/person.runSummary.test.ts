/**
 * The run summary: one line above the output, and figures a downstream node can use. The per-item
 * `credits` column sums to what Apollo charged; run-level figures sit under `apollo.run`.
 */
import { hintsOf, MAPPED_IDENTIFIERS, runEnrich, summaryOf, useFakeApollo } from './support';

describe('Person: run summary', () => {
	const fake = useFakeApollo({ latencyMs: 5, rateLimits: { minute: { limit: 1000 } } });

	it('says in one line what happened, and the credits column sums to what Apollo charged', async () => {
		const people = fake().directory.slice(0, 8).map((person) => ({ email: person.email }));
		const inputs = [...people, { email: people[0].email.toUpperCase() }, { email: 'nobody@nowhere.example' }];
		const run = await runEnrich(fake(), { operation: 'bulkEnrich', ...MAPPED_IDENTIFIERS }, inputs);
		expect(run.error).toBeUndefined();
		const hints = [summaryOf(run) ?? '', ...hintsOf(run)];
		expect(hints).toContain('10 items: 9 matched, 1 no match · 1 Apollo call · 8 credits · saved: 1 repeated item (~1 credit)');
		const credits = run.items.reduce((sum, item) => sum + Number(item.json.credits), 0);
		expect(credits).toBe(fake().creditsCharged());
		expect(run.items[8].json).toMatchObject({ matched: true, credits: 0 });
	});

	it('puts the run-level figures under apollo.run with Include Apollo Details, once per item and not for summing', async () => {
		const inputs = fake().directory.slice(0, 3).map((person) => ({ email: person.email }));
		const run = await runEnrich(fake(), { operation: 'bulkEnrich', ...MAPPED_IDENTIFIERS, options: { includeApolloDetails: true } }, inputs);
		const apollo = run.items[0].json.apollo as { run: Record<string, unknown> };
		expect(apollo.run).toMatchObject({ items: 3, matched: 3, noMatch: 0, calls: 1, credits: 3, skippedEnrichedBefore: 0, skippedCreditCap: 0 });
	});

	it('Simplify gives flat rows: matched and lookedUpBy first, no call details', async () => {
		const run = await runEnrich(fake(), { operation: 'bulkEnrich', ...MAPPED_IDENTIFIERS, simplify: true }, [{ email: fake().directory[0].email }, { email: 'nobody@nowhere.example' }]);
		const [hit, miss] = run.items.map((item) => item.json);
		expect(Object.keys(hit).slice(0, 3)).toEqual(['matched', 'lookedUpBy', 'name']);
		expect(hit).not.toHaveProperty('apollo');
		expect(hit).toMatchObject({ matched: true, email: fake().directory[0].email, apolloId: fake().directory[0].id, credits: 1 });
		expect(miss).toMatchObject({ matched: false, noMatchReason: 'no_person_returned', lookedUpBy: 'email=nobody@nowhere.example', name: null });
		expect(Object.keys(miss)).toEqual(Object.keys(hit));
	});
});
