/**
 * `npm run bench`: Apollo Enrich's throughput against Apollo's rate limit, through n8n-core, on the
 * fake Apollo (127.0.0.1, its own process). Side by side:
 * - baseline: one people/match call per record, one at a time, repeats sent (Enrich with Max
 *   Concurrent Requests 1 and Enrich Repeated Inputs Once off), which is what Apollo's own n8n
 *   node or an HTTP Request loop does. Measured on a sample and extrapolated (it would take half
 *   an hour at 10,000 records);
 * - ours: Bulk Enrich with its defaults.
 *
 * Options: --latency MS (200), --jitter MS (50), --baseline-sample N (50), --window-ms MS (20000)
 * and --window-limit N (334) for the scaled rate-limit window of the 10,000-record run.
 * No figure here is a test assertion.
 */
import * as os from 'node:os';

import type { IDataObject } from 'n8n-workflow';

import {
	callFigures,
	MAPPED_FIELDS,
	profiledRun,
	runNode,
	windowFigures,
	type CpuShare,
	type RunFigures,
} from './measure';
import { RemoteFake } from './remote-fake';
import { cpuOf, cpuSection, goalTable, num, percent, perItem, section, seconds, table, times, type Goal } from './report';
import { benchWebhookDedupe, WEBHOOK_DEDUPE_GOALS, type WebhookDedupeFigures } from './webhook-dedupe';
import { buildWorkload, type Workload } from './workloads';

function option(name: string, fallback: number): number {
	const index = process.argv.indexOf(name);
	const value = index === -1 ? undefined : Number(process.argv[index + 1]);
	return value !== undefined && Number.isFinite(value) ? value : fallback;
}

const LATENCY_MS = option('--latency', 200);
const JITTER_MS = option('--jitter', 50);
const BASELINE_SAMPLE = option('--baseline-sample', 50);
const WINDOW_MS = option('--window-ms', 20_000);
const WINDOW_LIMIT = option('--window-limit', 334);
const PAID_PLAN = { minute: { limit: 1_000 } };
const UNLIMITED = {};

const OURS: IDataObject = { operation: 'bulkEnrich', ...MAPPED_FIELDS };
const BASELINE: IDataObject = {
	operation: 'enrich',
	...MAPPED_FIELDS,
	options: { enrichRepeatedInputsOnce: false }, tuning: { maxConcurrentRequests: 1 },
};

interface Scenario {
	workload: Workload;
	ours: RunFigures;
	zeroLatency: RunFigures;
	baselinePerRecordMs: number;
	window?: { ms: number; limit: number };
}

function scenarioTable(scenario: Scenario): string {
	const { workload, ours } = scenario;
	const records = workload.records.length;
	const mine = callFigures(ours.log, 'bulk_match');
	const baselineWall = scenario.baselinePerRecordMs * records;
	const oursRate = records / (ours.wallMs / 1000);
	const baselineRate = records / (baselineWall / 1000);
	const windows = scenario.window ? windowFigures(ours.log, 'bulk_match', scenario.window.ms) : undefined;
	const boundRate = scenario.window ? scenario.window.limit / (scenario.window.ms / 1000) : undefined;
	const sustained = windows?.sustainedPerSecond;
	const ofBound =
		sustained != null && boundRate !== undefined
			? `${percent(sustained / boundRate)} (${num(sustained, 1)} of ${num(boundRate, 1)} calls/s)`
			: '—';
	const retained = ours.retainedHeapMb === null ? 'n/a' : `${num(ours.retainedHeapMb)} MB`;
	return table([
		['', 'baseline*', 'ours', 'ours / baseline'],
		['Apollo calls', num(records), num(mine.calls), percent(mine.calls / records)],
		['credits spent', num(workload.recordsKnown), num(mine.credits), percent(mine.credits / workload.recordsKnown)],
		['wall time', `${seconds(baselineWall)}*`, seconds(ours.wallMs), ''],
		['items per second', num(baselineRate, 1), num(oursRate, 0), times(oursRate / baselineRate)],
		['throughput vs. rate-limit bound', '', ofBound, ''],
		['windows (calls each)', '', windows ? windows.counts.join(' + ') : '', ''],
		['429s received', '0', num(mine.rateLimited), ''],
		['node CPU per item, zero latency', '', `${num(perItem(scenario.zeroLatency), 3)} ms`, ''],
		['peak memory (RSS / heap)', '', `${num(ours.peakRssMb)} / ${num(ours.peakHeapMb)} MB`, ''],
		['heap held by the output after the run', '', retained, ''],
		['items out (error items)', '', `${num(ours.items)} (${ours.errorItems})`, ''],
	]);
}

interface Figures {
	small: Workload;
	large: Workload;
	oursSmall: RunFigures;
	oursLarge: RunFigures;
	baselineSample: RunFigures;
	baselinePerRecordMs: number;
	cpuSmall: RunFigures;
	cpuLarge: RunFigures;
	profiled: { run: RunFigures; share: CpuShare };
	webhook: WebhookDedupeFigures | undefined;
}

async function measureAll(fake: RemoteFake, small: Workload, large: Workload): Promise<Figures> {
	// Warm-up: module loading and JIT, so the first measured run is not penalised.
	await runNode(fake, OURS, small.records.slice(0, 300));
	await runNode(fake, BASELINE, small.records.slice(0, 30));

	await fake.configure({ latencyMs: LATENCY_MS, jitterMs: JITTER_MS, rateLimits: PAID_PLAN });
	const oursSmall = await runNode(fake, OURS, small.records, { sampleMemory: true });
	const baselineSample = await runNode(fake, BASELINE, small.records.slice(0, BASELINE_SAMPLE));

	const scaledMinute = { minute: { limit: WINDOW_LIMIT, windowMs: WINDOW_MS } };
	await fake.configure({ latencyMs: LATENCY_MS, jitterMs: JITTER_MS, rateLimits: scaledMinute });
	const oursLarge = await runNode(fake, OURS, large.records, { sampleMemory: true });

	await fake.configure({ latencyMs: 0, jitterMs: 0, rateLimits: UNLIMITED });
	const cpuSmall = await runNode(fake, OURS, small.records);
	const cpuLarge = await runNode(fake, OURS, large.records);
	const fixed = {
		operation: 'bulkEnrich',
		email: 'alex.morgan.0@acme-robotics.example',
		options: { enrichRepeatedInputsOnce: false },
	};
	const profiled = await profiledRun(fake, fixed, large.records);
	return {
		small,
		large,
		oursSmall,
		oursLarge,
		baselineSample,
		baselinePerRecordMs: baselineSample.wallMs / BASELINE_SAMPLE,
		cpuSmall,
		cpuLarge,
		profiled,
		webhook: await benchWebhookDedupe(),
	};
}

function printHeader(): void {
	const cpus = os.cpus();
	const machine = `${cpus.length} CPU cores (${cpus[0]?.model.trim() ?? 'unknown'}) · ${os.platform()} ${os.arch()}`;
	console.log('Apollo Enrich benchmark (npm run bench)');
	console.log(`${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${machine}`);
	console.log(`Fake Apollo on 127.0.0.1 in its own process; latency ${LATENCY_MS} ms + 0–${JITTER_MS} ms jitter.`);
	console.log('The node runs in a workflow (Manual Trigger → Apollo Enrich) through n8n-core, as n8n runs it,');
	console.log('with Email, First Name, Last Name, Company Domain and LinkedIn URL mapped by expressions.');
}

function printScenarios(f: Figures): void {
	const { small, large, baselinePerRecordMs } = f;
	console.log(
		section(
			`1,000 records: ${num(small.distinct)} distinct people, ${num(small.repeats)} repeats spelled differently; ` +
				`${num(small.distinctKnown)} distinct people known to Apollo`,
		),
	);
	console.log('Rate limit: Apollo paid plan, 1,000 calls per (real) minute.\n');
	console.log(scenarioTable({ workload: small, ours: f.oursSmall, zeroLatency: f.cpuSmall, baselinePerRecordMs }));
	console.log(section(`10,000 records: all distinct; ${num(large.distinctKnown)} known to Apollo`));
	const perMinute = num((WINDOW_LIMIT * 60_000) / WINDOW_MS);
	console.log(
		`Rate limit: ${num(WINDOW_LIMIT)} calls per ${num(WINDOW_MS / 1000)} s window, Apollo's paid-plan rate ` +
			`(${perMinute} calls/min) in a scaled "minute".\n`,
	);
	const window = { ms: WINDOW_MS, limit: WINDOW_LIMIT };
	console.log(scenarioTable({ workload: large, ours: f.oursLarge, zeroLatency: f.cpuLarge, baselinePerRecordMs, window }));
	console.log(
		[
			'',
			'* baseline: Enrich, one people/match call per record, one at a time, repeats sent (Max Concurrent',
			`  Requests 1, Enrich Repeated Inputs Once off). Wall time measured on the first ${BASELINE_SAMPLE} records`,
			`  (${seconds(f.baselineSample.wallMs)}, ${num(baselinePerRecordMs)} ms per record) and extrapolated linearly; calls = records,`,
			'  credits = records Apollo knows (one credit each, repeats paid again). At about',
			`  ${num(60_000 / baselinePerRecordMs)} calls/min the baseline stays under either rate limit, so the extrapolation holds.`,
			"  Throughput vs. bound: calls per second over every full window, against the window's limit per",
			'  second; "—" where the run fits in one window, so the limit is not the constraint.',
			"  Wall time includes n8n resolving every item's expressions before the first call (checks before billing).",
		].join('\n'),
	);
}

function goalsOf(f: Figures): Goal[] {
	const smallCalls = callFigures(f.oursSmall.log, 'bulk_match');
	const largeCalls = callFigures(f.oursLarge.log, 'bulk_match');
	const windows = windowFigures(f.oursLarge.log, 'bulk_match', WINDOW_MS);
	const boundShare = (windows.sustainedPerSecond ?? 0) / (WINDOW_LIMIT / (WINDOW_MS / 1000));
	const speedup = (f.baselinePerRecordMs * f.small.records.length) / f.oursSmall.wallMs;
	const ownCode = cpuOf(f.profiled.run, f.profiled.share, 'node');
	const callsGoal = (calls: number, workload: Workload, run: RunFigures): Goal => ({
		goal: `Apollo calls = ceil(unique / 10), ${num(workload.records.length)} records`,
		figure: `${num(calls)} = ceil(${num(workload.distinct)} / 10)`,
		met: calls === Math.ceil(workload.distinct / 10) && run.items === workload.records.length,
	});
	const webhook = f.webhook;
	return [
		callsGoal(smallCalls.calls, f.small, f.oursSmall),
		callsGoal(largeCalls.calls, f.large, f.oursLarge),
		{ goal: '≥ 20× the baseline, 1,000 records at 200 ms', figure: times(speedup), met: speedup >= 20 },
		{ goal: '≥ 90 % of the rate-limit bound when it is the constraint', figure: percent(boundShare), met: boundShare >= 0.9 },
		{
			goal: '429s only in the first window, if at all',
			figure: `${largeCalls.rateLimited} in all, ${windows.lateRejections} after the first window`,
			met: windows.lateRejections === 0,
		},
		{ goal: "< 0.2 ms node CPU per item at 10,000: the node's own code", figure: `${num(ownCode, 3)} ms`, met: ownCode < 0.2 },
		{
			goal: '  whole n8n run, identifiers as fixed values',
			figure: `${num(perItem(f.profiled.run), 3)} ms`,
			met: perItem(f.profiled.run) < 0.2,
		},
		{
			goal: '  whole n8n run, 5 fields mapped by expression',
			figure: `${num(perItem(f.cpuLarge), 3)} ms`,
			met: perItem(f.cpuLarge) < 0.2,
		},
		{
			goal: '≥ 20,000 dedupe decisions per second (trigger)',
			figure: webhook ? num(webhook.decisionsPerSecond) : '—',
			met: webhook ? webhook.decisionsPerSecond >= WEBHOOK_DEDUPE_GOALS.decisionsPerSecond : undefined,
		},
		{
			goal: '≤ 1 MB persisted dedupe state at its cap (trigger)',
			figure: webhook ? `${num(webhook.stateBytesAtCap / 1024)} KB` : '—',
			met: webhook ? webhook.stateBytesAtCap <= WEBHOOK_DEDUPE_GOALS.stateBytesAtCap : undefined,
		},
	];
}

async function main(): Promise<void> {
	const started = performance.now();
	printHeader();
	const small = buildWorkload(1_000, 0.15);
	const large = buildWorkload(10_000, 0);
	const fake = await RemoteFake.start(Math.max(small.distinct, large.distinct), { seed: 7, rateLimits: UNLIMITED });
	try {
		const figures = await measureAll(fake, small, large);
		printScenarios(figures);
		console.log(cpuSection(figures.cpuLarge, figures.profiled.run, figures.profiled.share));
		console.log(section('Webhook trigger dedupe (test/bench/webhook-dedupe.ts)'));
		console.log(
			figures.webhook?.description ??
				'Not measured: the benchmark hook for the Apollo Webhook Trigger is not filled in yet.',
		);
		console.log(section('Goals (from issue 4)'));
		console.log(goalTable(goalsOf(figures)));
		console.log(`\nBenchmark took ${seconds(performance.now() - started)}.`);
	} finally {
		await fake.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
