/**
 * The Enrich bench's tables and its goals (issue 13), each goal with what holds it when missed.
 */
import type { ScenarioFigures } from './enrich-measure';
import { goalTable, loadText, mb, mbDelta, ms, num, percent, seconds, table, times, type Goal } from './support/report';

export interface Baseline {
	/** The measured sample run (Enrich, one call per item, one at a time). */
	sample: ScenarioFigures;
	/** Node time per item, extrapolated to the scenario's size. */
	perItemMs: number;
}

export function beforeFirstCallMs(run: ScenarioFigures): number {
	return run.firstCallAt === null ? run.nodeMs : run.firstCallAt - run.nodeStart;
}

export function callPhaseMs(run: ScenarioFigures): number {
	return run.firstCallAt === null || run.lastAnswerAt === null ? 0 : run.lastAnswerAt - run.firstCallAt;
}

/** Calls per second over every full window, against the window's limit per second. */
export function boundShare(run: ScenarioFigures): number | null {
	const window = run.spec.window;
	const sustained = run.windows?.sustainedPerSecond;
	if (!window || sustained == null) return null;
	return sustained / (window.limit / (window.ms / 1000));
}

export function cpuPerItem(run: ScenarioFigures): number {
	return run.cpu.wholeMs / run.spec.count;
}

export function rssGrowth(run: ScenarioFigures): number {
	return run.main.peakBytes - run.main.beforeBytes;
}

function rejectionsText(run: ScenarioFigures): string {
	const windows = run.rejectionWindows;
	if (windows.length === 0) return '0';
	const counts = new Map<number, number>();
	for (const window of windows) counts.set(window, (counts.get(window) ?? 0) + 1);
	return `${windows.length} (${[...counts].map(([window, count]) => `${count} in window ${window}`).join(', ')})`;
}

function memoryText(figures: { beforeBytes: number; peakBytes: number; afterBytes: number }): string {
	const { beforeBytes, peakBytes, afterBytes } = figures;
	return `${mb(beforeBytes)} / ${mb(peakBytes)} / ${mb(afterBytes)} (${mbDelta(peakBytes - beforeBytes)})`;
}

/** One scenario: Bulk Enrich, and the one-call-at-a-time baseline beside it when there is one. */
export function scenarioTable(run: ScenarioFigures, baseline?: Baseline): string {
	const count = run.spec.count;
	const baselineNodeMs = baseline ? baseline.perItemMs * count : undefined;
	const share = boundShare(run);
	const rows: string[][] = [
		['', baseline ? 'baseline*' : '', 'Bulk Enrich', baseline ? 'Bulk / baseline' : ''],
		['Apollo calls', baseline ? num(count) : '', num(run.calls.calls), baseline ? percent(run.calls.calls / count) : ''],
		['credits spent', '', num(run.calls.credits), ''],
		['time before the first call', baseline ? seconds(beforeFirstCallMs(baseline.sample)) + '†' : '', `${seconds(beforeFirstCallMs(run))} (${percent(beforeFirstCallMs(run) / run.nodeMs)})`, ''],
		['call phase (first call → last answer)', '', seconds(callPhaseMs(run)), ''],
		['whole node time', baselineNodeMs !== undefined ? `${seconds(baselineNodeMs)}*` : '', seconds(run.nodeMs), baselineNodeMs !== undefined ? times(baselineNodeMs / run.nodeMs) + ' faster' : ''],
		['Code node (emits the people)', '', seconds(run.codeNodeMs), ''],
	];
	if (run.spec.window) {
		rows.push(['throughput vs. rate-limit bound', '', share === null ? '—' : percent(share), '']);
		rows.push(['windows (calls each)', '', run.windows?.counts.join(' + ') ?? '', '']);
	}
	rows.push(
		['429s (window they fell in)', '', rejectionsText(run), ''],
		['main CPU per item, whole run‡', '', ms(cpuPerItem(run)), ''],
		['main RSS before / peak / after', '', memoryText(run.main), ''],
		['task runner RSS before / peak / after', '', memoryText(run.runner), ''],
		['task runner CPU, whole run', '', seconds(run.runnerCpuMs), ''],
	);
	if (run.heap) {
		const { baseBytes, beforeBytes, afterBytes, retainedBytes } = run.heap;
		rows.push(['main heap used before / at the end', '', `${mb(beforeBytes)} / ${mb(afterBytes)}`, '']);
		if (retainedBytes !== undefined) {
			rows.push(["main heap after a GC: n8n's own / after the runs", '', `${mb(baseBytes)} / ${mb(retainedBytes)} (${mbDelta(retainedBytes - baseBytes)})`, '']);
		}
	}
	rows.push(
		['output JSON (all items)', '', `${mb(run.outputJsonBytes)}`, ''],
		['items out (error items), pairedItem in order', '', `${num(run.items)} (${run.errorItems}), ${run.pairedInOrder ? 'yes' : 'NO'}`, ''],
	);
	const polls = run.statusPolls > 1 ? `; ${run.statusPolls} status requests inside the measurement` : '';
	return [table(rows), `(${loadText(run.load)} when the run started; execution ${run.status}${polls})`].join('\n');
}

/** Where the main process's CPU went, per item, by phase of the run. */
export function cpuPhaseTable(runs: ScenarioFigures[]): string {
	const per = (run: ScenarioFigures, value: number) => ms(value / run.spec.count);
	return table([
		['main-process CPU per item‡', ...runs.map((run) => run.spec.label)],
		['before the node (Manual Trigger, Code node, items from the task runner)', ...runs.map((run) => per(run, run.cpu.beforeNodeMs))],
		['the node, before the first call (reading and checking every item)', ...runs.map((run) => per(run, run.cpu.prepMs))],
		['the node, from the first call to its end', ...runs.map((run) => per(run, run.cpu.callsMs))],
		['after the node (n8n finishing and saving the run)', ...runs.map((run) => per(run, run.cpu.afterNodeMs))],
		['whole run', ...runs.map((run) => per(run, run.cpu.wholeMs))],
		['(idle CPU subtracted, per second of the run)', ...runs.map((run) => ms(run.cpu.idlePerSecondMs, 1))],
	]);
}

export const GOALS = { speedup: 70, boundShare: 0.9, beforeFirstCallShare: 0.1, cpuPerItemMs: 0.5, rssGrowthBytes: 150 * 1024 * 1024 };

/** The issue's goals, each with what holds it back when it is not met. */
export function goals(small: ScenarioFigures, baseline: Baseline, large: ScenarioFigures | undefined): Array<Goal & { holds: string }> {
	const speedup = (baseline.perItemMs * small.spec.count) / small.nodeMs;
	const list: Array<Goal & { holds: string }> = [
		{
			goal: `≥ ${GOALS.speedup}× the baseline, ${num(small.spec.count)} people`,
			figure: times(speedup),
			met: speedup >= GOALS.speedup,
			holds: roundsText(small),
		},
		{
			goal: `main CPU per item ≤ ${GOALS.cpuPerItemMs} ms, ${small.spec.label}`,
			figure: ms(cpuPerItem(small)),
			met: cpuPerItem(small) <= GOALS.cpuPerItemMs,
			holds: phaseText(small),
		},
	];
	if (!large) return list;
	const share = boundShare(large);
	const first = beforeFirstCallMs(large) / large.nodeMs;
	const late = large.rejectionWindows.filter((window) => window > 1).length;
	list.push(
		{
			goal: `≥ ${percent(GOALS.boundShare)} of the rate-limit bound, ${large.spec.label}`,
			figure: share === null ? '—' : percent(share),
			met: share !== null && share >= GOALS.boundShare,
			holds: `windows ${large.windows?.counts.join(' + ') ?? '—'}`,
		},
		{
			goal: `time before the first call ≤ ${percent(GOALS.beforeFirstCallShare)} of the run, ${large.spec.label}`,
			figure: `${seconds(beforeFirstCallMs(large))} of ${seconds(large.nodeMs)} (${percent(first)})`,
			met: first <= GOALS.beforeFirstCallShare,
			holds: `${ms(beforeFirstCallMs(large) / large.spec.count)} per item before the first call`,
		},
		{
			goal: `429s only in the first window, ${large.spec.label}`,
			figure: `${large.rejectionWindows.length} in all, ${late} later`,
			met: late === 0,
			holds: late > 0 ? `429s in windows ${[...new Set(large.rejectionWindows)].join(', ')}` : '',
		},
		{
			goal: `main CPU per item ≤ ${GOALS.cpuPerItemMs} ms, ${large.spec.label}`,
			figure: ms(cpuPerItem(large)),
			met: cpuPerItem(large) <= GOALS.cpuPerItemMs,
			holds: phaseText(large),
		},
		{
			goal: `main RSS growth ≤ ${mb(GOALS.rssGrowthBytes)}, ${large.spec.label}`,
			figure: mbDelta(rssGrowth(large)),
			met: rssGrowth(large) <= GOALS.rssGrowthBytes,
			holds: large.heap ? heapText(large.heap, large.outputJsonBytes) : '',
		},
	);
	return list;
}

/** Bulk Enrich's default: calls in flight once the first call has answered (slow start). */
const IN_FLIGHT = 8;

/**
 * The call phase against its floor: one call alone, then waves of 8, each at least the fake's
 * latency; what a wave takes beyond that is n8n's main process handling 8 answers and 8 calls.
 */
function roundsText(run: ScenarioFigures): string {
	const calls = run.calls.calls;
	const rounds = 1 + Math.ceil(Math.max(0, calls - 1) / IN_FLIGHT);
	const latency = run.spec.fake.latencyMs ?? 0;
	const perRound = callPhaseMs(run) / rounds;
	const cpuPerCall = run.cpu.callsMs / Math.max(1, calls);
	return (
		`${num(rounds)} rounds of calls (1, then ${IN_FLIGHT} at a time) took ${num(perRound)} ms each at ${num(latency)} ms latency; ` +
		`n8n's main process spent ${num(cpuPerCall, 1)} ms of CPU per call; before the first call ${seconds(beforeFirstCallMs(run))}`
	);
}

function heapText(heap: NonNullable<ScenarioFigures['heap']>, outputBytes: number): string {
	const retained = heap.retainedBytes === undefined ? '' : `, ${mbDelta(heap.retainedBytes - heap.baseBytes)} kept after a GC`;
	return `heap ${mb(heap.afterBytes)} at the end${retained}: garbage, not data; output JSON ${mb(outputBytes)}`;
}

function phaseText(run: ScenarioFigures): string {
	const per = (value: number) => num(value / run.spec.count, 3);
	return `before node ${per(run.cpu.beforeNodeMs)} + checks ${per(run.cpu.prepMs)} + calls ${per(run.cpu.callsMs)} + after ${per(run.cpu.afterNodeMs)} ms`;
}

export function goalsText(list: Array<Goal & { holds: string }>): string {
	const verdicts = goalTable(list).split('\n');
	return verdicts.map((line, index) => (index === 0 ? `${line}   what holds it` : `${line}   ${list[index - 1].met ? '' : list[index - 1].holds}`.trimEnd())).join('\n');
}
