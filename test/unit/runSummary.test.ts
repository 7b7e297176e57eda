import { emptySummary, roundedSummary, summaryLine } from '../../nodes/ApolloEnrich/protocol/runSummary';

describe('summaryLine', () => {
	it('says what happened to the items, the calls and the credits in one line', () => {
		const summary = { ...emptySummary(12), matched: 10, noMatch: 2, calls: 2, credits: 10 };
		expect(summaryLine(summary)).toBe('12 items: 10 matched, 2 no match · 2 Apollo calls · 10 credits');
	});
	it('adds skips, errors, savings and pending mobiles only when there are any', () => {
		const summary = {
			...emptySummary(20),
			matched: 8,
			noMatch: 1,
			errors: 1,
			skippedEnrichedBefore: 6,
			skippedCreditCap: 4,
			repeats: 3,
			calls: 1,
			credits: 5,
			creditsSavedRepeats: 3,
			creditsSavedEnrichedBefore: 6,
			mobilesPending: true,
		};
		expect(summaryLine(summary)).toBe(
			'20 items: 8 matched, 1 no match, 6 skipped (enriched in an earlier run), 4 skipped (credit cap), 1 error · 1 Apollo call · 5 credits (+8 per mobile Apollo delivers later) · saved: 3 repeated items (~3 credits), 6 enriched before (~6 credits)',
		);
	});
	it('rounds credits to cents for reading', () => {
		expect(roundedSummary({ ...emptySummary(1), credits: 1 / 3 }).credits).toBe(0.33);
	});
});
