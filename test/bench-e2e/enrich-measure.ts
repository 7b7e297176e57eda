/**
 * One measured run of the Enrich workflow in a real n8n: wall times from n8n's run data and the
 * fake's request log (one clock, Date.now()), CPU and RSS of n8n's main process and of its task
 * runner from /proc, and the heap of the main process (V8 inspector) before and after.
 */
import type { IDataObject } from 'n8n-workflow';

import { callFigures, windowFigures, type CallFigures, type WindowFigures } from '../bench/call-log';
import type { LogEntry } from '../bench/fake-process';
import type { RemoteFake } from '../bench/remote-fake';
import type { FakeApolloOptions } from '../fake-apollo';
import { sleep, type Execution } from '../e2e/support/n8n-api';
import { ENRICH_NODE } from '../e2e/support/workflows';
import type { BenchInstance } from './support/bench-instance';
import type { Inspector } from './support/inspector';
import { loadAverage, type LoadAverage } from './support/report';
import { CODE_NODE, enrichWorkflow, TRIGGER_NODE } from './enrich-workflow';

export interface ScenarioSpec {
	label: string;
	count: number;
	parameters: IDataObject;
	fake: FakeApolloOptions;
	route: 'match' | 'bulk_match';
	/** Calls the run makes when all goes well: the bench watches the fake for them. */
	expectedCalls: number;
	/** The rate-limit window when it is the constraint. */
	window?: { ms: number; limit: number };
}

export interface MemoryFigures {
	beforeBytes: number;
	peakBytes: number;
	afterBytes: number;
}

export interface HeapFigures {
	/** heapUsed after the warm-up and a forced GC: n8n's own heap at rest. */
	baseBytes: number;
	/** heapUsed right before the run (earlier runs' garbage included). */
	beforeBytes: number;
	/** heapUsed right after the run (live data plus garbage not yet collected). */
	afterBytes: number;
	/** heapUsed after the run and a forced GC: what n8n still holds. Only for a session's last run. */
	retainedBytes?: number;
}

/**
 * How the bench reads the main process's heap around a run. A forced GC throws away compiled code
 * too: the run after one used about 0.25 ms more CPU per item in its call phase (measured
 * 2026-12-04, 1,000 people), so only a session's last run gets one, afterwards.
 */
export interface HeapProbe {
	inspector: Inspector;
	collectAfter: boolean;
	baseBytes: number;
}

export interface ScenarioFigures {
	spec: ScenarioSpec;
	load: LoadAverage;
	executionId: string;
	status: string;
	/** Run requested → n8n's main process quiet again after the last answer. */
	runMs: number;
	/** Status requests the bench sent n8n before the run was seen finished (1 when all went well). */
	statusPolls: number;
	codeNodeMs: number;
	nodeStart: number;
	nodeMs: number;
	firstCallAt: number | null;
	lastAnswerAt: number | null;
	log: LogEntry[];
	calls: CallFigures;
	windows?: WindowFigures;
	/** Window (1-based) of each 429, in order. */
	rejectionWindows: number[];
	/** Main-process CPU, idle CPU (measured before the run, polling included) subtracted. */
	cpu: { wholeMs: number; beforeNodeMs: number; prepMs: number; callsMs: number; afterNodeMs: number; idlePerSecondMs: number };
	runnerCpuMs: number;
	main: MemoryFigures;
	runner: MemoryFigures;
	heap?: HeapFigures;
	items: number;
	errorItems: number;
	pairedInOrder: boolean;
	/** JSON size of the node's output items, as n8n returns them over its API. */
	outputJsonBytes: number;
}

const IDLE_MS = 3_000;
const AFTER_MS = 2_000;
/**
 * Asking n8n for a run's status costs its main process about 20 ms of CPU and MBs of garbage, so
 * the bench asks only when the fake has seen no new answer for this long (a run that failed).
 */
const STALLED_MS = 30_000;

interface RunData {
	startTime: number;
	executionTime: number;
	data?: { main: Array<Array<{ json: IDataObject; pairedItem?: { item: number } | Array<{ item: number }> }>> };
}

function runDataOf(execution: Execution, node: string): RunData | undefined {
	const runData = execution.data?.resultData.runData as unknown as Record<string, RunData[]> | undefined;
	return runData?.[node]?.[0];
}

/**
 * Main-process CPU per ms while nothing runs (n8n's own timers): the median of a few short
 * stretches, since V8's background threads (compiling, sweeping) sometimes still work after a run
 * and would otherwise be subtracted from the run's figures for its whole length.
 */
async function idleCpuPerMs(bench: BenchInstance): Promise<number> {
	const rates: number[] = [];
	for (let stretch = 0; stretch < 4; stretch++) {
		const start = bench.main.sample();
		await sleep(IDLE_MS / 4);
		const end = bench.main.sample();
		rates.push((end.cpuMs - start.cpuMs) / Math.max(1, end.at - start.at));
	}
	rates.sort((a, b) => a - b);
	return (rates[1] + rates[2]) / 2;
}

/**
 * Waits until the main process has used at most `perSecondMs` of CPU over a whole second, or
 * `timeoutMs` has passed.
 */
async function quietAgain(bench: BenchInstance, perSecondMs: number, timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
	const since = Date.now();
	for (;;) {
		await sleep(250);
		const now = Date.now();
		if (now - since >= 1_000 && bench.main.cpuMsBetween(now - 1_000, now) <= perSecondMs) return;
		if (now - since >= timeoutMs) return;
	}
}

/**
 * Waits for the run's end without asking n8n while it works (a status request would cost its main
 * process CPU and memory inside the measurement): first for the fake to have answered every call
 * the run makes, then for n8n's main process to go quiet (the node's last items, saving the run),
 * and only then asks n8n whether the run has finished. When the fake sees no new answer for
 * STALLED_MS, it asks anyway, so a run that failed early does not keep the bench waiting.
 */
async function waitForRunEnd(bench: BenchInstance, fake: RemoteFake, spec: ScenarioSpec, executionId: string, idlePerMs: number) {
	let statusPolls = 0;
	const status = async () => {
		statusPolls++;
		const execution = await bench.api.call<Execution>('GET', `/api/v1/executions/${executionId}`, undefined, 'apiKey').catch(() => undefined);
		return execution && !['new', 'running', 'waiting', 'unknown'].includes(execution.status) ? execution.status : undefined;
	};
	let finished: string | undefined;
	let answered = 0;
	let progressAt = Date.now();
	for (;;) {
		const now = await fake.answered(spec.route);
		if (now >= spec.expectedCalls) break;
		if (now > answered) [answered, progressAt] = [now, Date.now()];
		if (Date.now() - progressAt >= STALLED_MS) {
			finished = await status();
			if (finished !== undefined) break;
			progressAt = Date.now();
		}
		await sleep(200);
	}
	await quietAgain(bench, 30 + 2_000 * idlePerMs);
	let end = bench.main.sample();
	finished ??= await status();
	while (finished === undefined) {
		await sleep(1_000);
		finished = await status();
		end = bench.main.sample();
	}
	return { status: finished, end, statusPolls };
}

function memoryOf(sampler: BenchInstance['main'], before: number, from: number, to: number, after: number): MemoryFigures {
	return { beforeBytes: before, peakBytes: Math.max(before, sampler.peakRssBytes(from, to), after), afterBytes: after };
}

function itemChecks(execution: Execution, count: number) {
	const items = runDataOf(execution, ENRICH_NODE)?.data?.main[0] ?? [];
	const pairedInOrder =
		items.length === count &&
		items.every((item, index) => {
			const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
			return paired?.item === index;
		});
	return {
		items: items.length,
		errorItems: items.filter((item) => item.json.error !== undefined).length,
		pairedInOrder,
		outputJsonBytes: items.reduce((sum, item) => sum + JSON.stringify(item).length, 0),
	};
}

/** The window each 429 fell in, counting windows as windowFigures does. */
function rejectionWindowsOf(log: LogEntry[], route: string, windowMs: number | undefined): number[] {
	const calls = log.filter((entry) => entry.route === route);
	const admitted = calls.filter((entry) => entry.status === 200).map((entry) => entry.respondedAt ?? entry.receivedAt);
	admitted.sort((a, b) => a - b);
	const starts: number[] = [];
	for (const at of admitted) if (starts.length === 0 || (windowMs !== undefined && at >= starts[starts.length - 1] + windowMs)) starts.push(at);
	return calls
		.filter((entry) => entry.status === 429)
		.map((entry) => Math.max(1, starts.filter((start) => start <= entry.receivedAt).length));
}

export async function createScenarioWorkflow(bench: BenchInstance, spec: ScenarioSpec, credential: { id: string; name: string }): Promise<string> {
	const workflow = await bench.api.createWorkflow(enrichWorkflow(`Bench: ${spec.label}`, spec.count, spec.parameters, credential));
	return workflow.id;
}

/**
 * Runs the workflow once and measures it; `heap`, when given, reads the main process's heap too.
 */
export async function runScenario(
	bench: BenchInstance,
	fake: RemoteFake,
	workflowId: string,
	spec: ScenarioSpec,
	heap?: HeapProbe,
): Promise<ScenarioFigures> {
	await fake.configure(spec.fake);
	await fake.reset();
	// n8n can be busy for seconds after a run (background work after the previous one).
	await quietAgain(bench, 30, 30_000);
	const idlePerMs = await idleCpuPerMs(bench);
	const heapBefore = heap ? (await heap.inspector.memoryUsage()).heapUsed : 0;
	const load = loadAverage();
	const mainBefore = bench.main.sample();
	const runnerBefore = bench.runner.sample();
	const executionId = await bench.api.runManually(workflowId, TRIGGER_NODE);
	const { status, end: mainEnd, statusPolls } = await waitForRunEnd(bench, fake, spec, executionId, idlePerMs);
	const runnerEnd = bench.runner.sample();
	await sleep(AFTER_MS);
	const mainAfter = bench.main.sample();
	const runnerAfter = bench.runner.sample();
	let heapFigures: HeapFigures | undefined;
	if (heap) {
		heapFigures = { baseBytes: heap.baseBytes, beforeBytes: heapBefore, afterBytes: (await heap.inspector.memoryUsage()).heapUsed };
		if (heap.collectAfter) {
			await heap.inspector.collectGarbage();
			heapFigures.retainedBytes = (await heap.inspector.memoryUsage()).heapUsed;
		}
	}

	// Everything below reads what the run left; n8n's CPU and memory were measured above.
	const execution = await bench.api.execution(executionId);
	const node = runDataOf(execution, ENRICH_NODE);
	const code = runDataOf(execution, CODE_NODE);
	const log = await fake.log();
	const calls = log.filter((entry) => entry.route === spec.route);
	const firstCallAt = calls.length > 0 ? Math.min(...calls.map((entry) => entry.receivedAt)) : null;
	const lastAnswerAt = calls.length > 0 ? Math.max(...calls.map((entry) => entry.respondedAt ?? entry.receivedAt)) : null;
	const nodeStart = node?.startTime ?? mainBefore.at;
	const nodeEnd = nodeStart + (node?.executionTime ?? 0);
	const cpuIn = (from: number, to: number) => Math.max(0, bench.main.cpuMsBetween(from, to) - idlePerMs * Math.max(0, to - from));
	const split = firstCallAt ?? nodeEnd;
	return {
		spec,
		load,
		executionId,
		status,
		runMs: mainEnd.at - mainBefore.at,
		statusPolls,
		codeNodeMs: code?.executionTime ?? 0,
		nodeStart,
		nodeMs: node?.executionTime ?? 0,
		firstCallAt,
		lastAnswerAt,
		log,
		calls: callFigures(log, spec.route),
		windows: spec.window ? windowFigures(log, spec.route, spec.window.ms) : undefined,
		rejectionWindows: rejectionWindowsOf(log, spec.route, spec.window?.ms),
		cpu: {
			wholeMs: cpuIn(mainBefore.at, mainEnd.at),
			beforeNodeMs: cpuIn(mainBefore.at, nodeStart),
			prepMs: cpuIn(nodeStart, split),
			callsMs: cpuIn(split, nodeEnd),
			afterNodeMs: cpuIn(nodeEnd, mainEnd.at),
			idlePerSecondMs: idlePerMs * 1000,
		},
		runnerCpuMs: runnerEnd.cpuMs - runnerBefore.cpuMs,
		main: memoryOf(bench.main, mainBefore.rssBytes, mainBefore.at, mainAfter.at, mainAfter.rssBytes),
		runner: memoryOf(bench.runner, runnerBefore.rssBytes, runnerBefore.at, runnerAfter.at, runnerAfter.rssBytes),
		heap: heapFigures,
		...itemChecks(execution, spec.count),
	};
}
