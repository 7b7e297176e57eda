/**
 * What the user sees of a run beyond the items: the summary line above the output (n8n's
 * execution hints), the repeats' savings on each item's `apollo.dedupe.run`, and the run's figures
 * as `apollo.run` for a downstream node. Both are run-level: the same on every item, so they are
 * for reading, not for summing; the per-item `credits` column is the one that sums.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { groupRepeats, planCalls, type DedupeMeta, type Lookup, type RunSavings } from '../protocol/repeatedInputs';
import { roundedSummary, summaryLine } from '../protocol/runSummary';
import type { RunSettings } from './enrichmentRun';
import { addHint } from './executionHints';
import type { PreparedItem } from './prepareItems';
import type { RunState, RunUnit } from './runResults';

interface RunShape<D extends object> {
	lookups: Array<Lookup<PreparedItem<D>>>;
	units: Array<RunUnit<D>>;
	perCall: number;
	memoryFailure?: Error;
	/** Whether any call group asked for phone numbers (8 more credits per mobile, charged later). */
	reveal: { worstCasePerLookup: (group: string | undefined) => number | null };
}

export function reportRun<D extends object>(ctx: IExecuteFunctions, state: RunState, settings: RunSettings, run: RunShape<D>): void {
	const summary = state.summary;
	summary.mobilesPending = run.units.some((unit) => (run.reveal.worstCasePerLookup(unit.group) ?? 0) > 1);
	if (settings.enrichRepeatedInputsOnce) attachSavings(state, run);
	const figures = roundedSummary(summary);
	for (const item of state.results) {
		const apollo = (item.json as { apollo?: { run?: unknown } }).apollo;
		if (apollo && typeof apollo === 'object') apollo.run = { ...figures };
	}
	addHint(ctx, summaryLine(summary));
	if (summary.skippedCreditCap > 0) {
		addHint(
			ctx,
			`${summary.skippedCreditCap} item(s) were not sent: their calls could have passed Options → Max Credits per Run (${settings.maxCreditsPerRun}). They are output with skipped = "credit_cap".`,
			'warning',
		);
	}
	if (run.memoryFailure) {
		addHint(
			ctx,
			`The enrichment worked, but this run could not be remembered for Skip … Enriched Before (${run.memoryFailure.message}); a re-run would enrich these items again.`,
			'warning',
		);
	}
}

/** Every item tells what collapsing repeated inputs saved in the whole run. */
function attachSavings<D extends object>(state: RunState, run: RunShape<D>): void {
	const records = run.lookups.flatMap((lookup) => lookup.items);
	const savings: RunSavings = {
		repeatedItems: state.summary.repeats,
		callsSaved: planCalls(groupRepeats(records, false), run.perCall).length - planCalls(run.lookups, run.perCall).length,
		creditsSaved: Math.round(state.summary.creditsSavedRepeats * 100) / 100,
	};
	for (const item of state.results) {
		const apollo = (item.json as { apollo?: { dedupe?: DedupeMeta | null } }).apollo;
		if (apollo?.dedupe) apollo.dedupe.run = { ...savings };
	}
}
