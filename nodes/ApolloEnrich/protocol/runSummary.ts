/**
 * The run summary: one line above the node's output (n8n's execution hints) and one record a
 * downstream node can read. Pure.
 */

export interface RunSummary {
	/** Input items. */
	items: number;
	matched: number;
	noMatch: number;
	/** Items that became error items (Continue On Fail). */
	errors: number;
	skippedEnrichedBefore: number;
	skippedCreditCap: number;
	/** Items that shared an earlier item's lookup (Enrich Repeated Inputs Once). */
	repeats: number;
	calls: number;
	/** Credits charged for this run's lookups (Apollo's counters where sent, 1 per match else). */
	credits: number;
	/** Estimates: what the repeats and the skipped items would have cost. */
	creditsSavedRepeats: number;
	creditsSavedEnrichedBefore: number;
	/** Phone reveals: 8 more credits for each mobile Apollo delivers later (not yet counted). */
	mobilesPending: boolean;
}

export function emptySummary(items: number): RunSummary {
	return {
		items,
		matched: 0,
		noMatch: 0,
		errors: 0,
		skippedEnrichedBefore: 0,
		skippedCreditCap: 0,
		repeats: 0,
		calls: 0,
		credits: 0,
		creditsSavedRepeats: 0,
		creditsSavedEnrichedBefore: 0,
		mobilesPending: false,
	};
}

function round(value: number): number {
	return Math.round(value * 100) / 100;
}

function plural(count: number, one: string, many = `${one}s`): string {
	return `${count} ${count === 1 ? one : many}`;
}

/** The line above the output, e.g. "12 items: 10 matched, 2 no match · 2 Apollo calls · 10 credits". */
export function summaryLine(summary: RunSummary): string {
	const outcome = [`${summary.matched} matched`, `${summary.noMatch} no match`];
	if (summary.skippedEnrichedBefore > 0) outcome.push(`${summary.skippedEnrichedBefore} skipped (enriched in an earlier run)`);
	if (summary.skippedCreditCap > 0) outcome.push(`${summary.skippedCreditCap} skipped (credit cap)`);
	if (summary.errors > 0) outcome.push(plural(summary.errors, 'error'));
	const credits = `${plural(round(summary.credits), 'credit')}${summary.mobilesPending ? ' (+8 per mobile Apollo delivers later)' : ''}`;
	const parts = [`${plural(summary.items, 'item')}: ${outcome.join(', ')}`, plural(summary.calls, 'Apollo call'), credits];
	const saved: string[] = [];
	if (summary.repeats > 0) saved.push(`${plural(summary.repeats, 'repeated item')} (~${plural(round(summary.creditsSavedRepeats), 'credit')})`);
	if (summary.skippedEnrichedBefore > 0) saved.push(`${summary.skippedEnrichedBefore} enriched before (~${plural(round(summary.creditsSavedEnrichedBefore), 'credit')})`);
	if (saved.length > 0) parts.push(`saved: ${saved.join(', ')}`);
	return parts.join(' · ');
}

export function roundedSummary(summary: RunSummary): RunSummary {
	return {
		...summary,
		credits: round(summary.credits),
		creditsSavedRepeats: round(summary.creditsSavedRepeats),
		creditsSavedEnrichedBefore: round(summary.creditsSavedEnrichedBefore),
	};
}
