/**
 * `npm run bench:e2e:enrich`: Apollo Enrich's Bulk Enrich measured where users run it, in a real
 * n8n 2.x (the e2e suite's install, the packed package installed as a community package), on the
 * fake Apollo in a process of its own (its request log is not in n8n's memory):
 *
 * - 1,000 distinct people at 200 ms latency, against the one-call-at-a-time baseline (Apollo
 *   Enrich's Enrich with Max Concurrent Requests 1, Enrich Repeated Inputs Once and Skip People
 *   Enriched Before off: one people/match per item, in order, as Apollo's own package works),
 *   measured on a sample and
 *   extrapolated; and the same 1,000 with the fields written so that n8n must evaluate them;
 * - 10,000 distinct people under Apollo's paid-plan rate in a scaled window (334 calls per 20 s).
 *
 * Options: --latency MS (200), --jitter MS (0), --baseline-sample N (100), --window-ms MS (20000),
 * --window-limit N (334), --small N (1000), --large N (10000, 0 to skip), --profile (a CPU
 * profile of n8n's main process during the Bulk Enrich runs, printed by phase; it slows them).
 * No figure here is a test assertion.
 */
import type { IDataObject } from 'n8n-workflow';

import { RemoteFake } from '../bench/remote-fake';
import { N8N2 } from '../e2e/setup/versions';
import { freePort } from '../e2e/support/n8n-process';
import { CREDENTIAL_TYPE } from '../e2e/support/workflows';
import { cpuPhaseTable, goals, goalsText, scenarioTable, type Baseline } from './enrich-report';
import { createScenarioWorkflow, runScenario, type ScenarioFigures, type ScenarioSpec } from './enrich-measure';
import { checkPeopleCode, MAPPED_FIELDS } from './enrich-workflow';
import { runnerCommands, startBench, stopBench, type BenchInstance } from './support/bench-instance';
import { summarise, summaryText } from './support/cpu-profile';
import { Inspector } from './support/inspector';
import { machineText, num, section, seconds, stamp } from './support/report';

function option(name: string, fallback: number): number {
	const index = process.argv.indexOf(name);
	const value = index === -1 ? undefined : Number(process.argv[index + 1]);
	return value !== undefined && Number.isFinite(value) ? value : fallback;
}

const LATENCY_MS = option('--latency', 200);
const JITTER_MS = option('--jitter', 0);
const BASELINE_SAMPLE = option('--baseline-sample', 100);
const WINDOW_MS = option('--window-ms', 20_000);
const WINDOW_LIMIT = option('--window-limit', 334);
const SMALL = option('--small', 1_000);
const LARGE = option('--large', 10_000);
const PROFILE = process.argv.includes('--profile');

const PAID_PLAN = { minute: { limit: 1_000 } };
const LATENCY = { latencyMs: LATENCY_MS, jitterMs: JITTER_MS };
const BULK: IDataObject = { operation: 'bulkEnrich', ...MAPPED_FIELDS };

/** The same fields, each written so that it is no plain field reference: n8n evaluates it. */
const EVALUATED_FIELDS: IDataObject = Object.fromEntries(
	Object.entries(MAPPED_FIELDS).map(([name, value]) => [name, String(value).replace(/\{\{ (.*) \}\}/, '{{ ($1) }}')]),
);

const specs = {
	// As many people as the small run: a smaller warm-up left the first measured run's calls about
	// 60 % dearer in CPU than the same calls in later runs (JIT, n8n's first HTTP requests).
	warmUp: {
		label: 'warm-up',
		count: SMALL,
		parameters: BULK,
		fake: { latencyMs: 0, jitterMs: 0, rateLimits: {} },
		route: 'bulk_match',
		expectedCalls: Math.ceil(SMALL / 10),
	},
	rewarm: {
		label: 'warm-up after the GC',
		count: 200,
		parameters: BULK,
		fake: { latencyMs: 0, jitterMs: 0, rateLimits: {} },
		route: 'bulk_match',
		expectedCalls: 20,
	},
	small: {
		label: `${num(SMALL)} people`,
		count: SMALL,
		parameters: BULK,
		fake: { ...LATENCY, rateLimits: PAID_PLAN },
		route: 'bulk_match',
		expectedCalls: Math.ceil(SMALL / 10),
	},
	evaluated: {
		label: `${num(SMALL)}, n8n evaluates`,
		count: SMALL,
		parameters: { operation: 'bulkEnrich', ...EVALUATED_FIELDS },
		fake: { ...LATENCY, rateLimits: PAID_PLAN },
		route: 'bulk_match',
		expectedCalls: Math.ceil(SMALL / 10),
	},
	baseline: {
		label: `baseline, ${num(BASELINE_SAMPLE)} people`,
		count: BASELINE_SAMPLE,
		// Apollo's own package has no memory of earlier runs either.
		parameters: {
			operation: 'enrich',
			...MAPPED_FIELDS,
			options: { enrichRepeatedInputsOnce: false, skipEnrichedWithinDays: 0 },
			tuning: { maxConcurrentRequests: 1 },
		},
		fake: { ...LATENCY, rateLimits: PAID_PLAN },
		route: 'match',
		expectedCalls: BASELINE_SAMPLE,
	},
	large: {
		label: `${num(LARGE)} people`,
		count: LARGE,
		parameters: BULK,
		fake: { ...LATENCY, rateLimits: { minute: { limit: WINDOW_LIMIT, windowMs: WINDOW_MS } } },
		route: 'bulk_match',
		expectedCalls: Math.ceil(LARGE / 10),
		window: { ms: WINDOW_MS, limit: WINDOW_LIMIT },
	},
} satisfies Record<string, ScenarioSpec>;

interface Session {
	bench: BenchInstance;
	/** Reads the heap around each measured run. */
	inspector?: Inspector;
	/** heapUsed after the warm-up and a forced GC. */
	baseHeapBytes: number;
	credential: { id: string; name: string };
}

interface MeasureOptions {
	/** The session's last run: a forced GC afterwards shows what n8n retains. */
	last?: boolean;
}

async function openSession(name: string, fake: RemoteFake): Promise<Session> {
	const port = await freePort();
	const bench = await startBench(name, { NODE_OPTIONS: `--inspect-port=127.0.0.1:${port}` });
	const credential = await bench.api.createCredential('Apollo (fake)', CREDENTIAL_TYPE, { apiKey: fake.apiKey, baseUrl: fake.url });
	// Module loading, the task runner's first start and the JIT first; then a forced GC, so that
	// the first measured run starts from a collected heap (RSS before = n8n at rest), and a short
	// second warm-up, since the GC also discards compiled code.
	const inspector = await Inspector.attach(bench.mainPid, port);
	const session = { bench, credential, baseHeapBytes: 0 };
	await measure(session, fake, specs.warmUp);
	await inspector.collectGarbage();
	session.baseHeapBytes = (await inspector.memoryUsage()).heapUsed;
	await measure(session, fake, specs.rewarm);
	return { ...session, inspector };
}

async function measure(session: Session, fake: RemoteFake, spec: ScenarioSpec, options: MeasureOptions = {}): Promise<ScenarioFigures> {
	const workflowId = await createScenarioWorkflow(session.bench, spec, session.credential);
	const profiler = PROFILE && spec.route === 'bulk_match' ? session.inspector : undefined;
	await profiler?.startProfiling(1000);
	const heap = session.inspector
		? { inspector: session.inspector, collectAfter: options.last === true, baseBytes: session.baseHeapBytes }
		: undefined;
	const run = await runScenario(session.bench, fake, workflowId, spec, heap);
	if (profiler) printProfile(run, await profiler.stopProfiling());
	return run;
}

function printProfile(run: ScenarioFigures, profile: Awaited<ReturnType<Inspector['stopProfiling']>>): void {
	const nodeEnd = run.nodeStart + run.nodeMs;
	const firstCall = run.firstCallAt ?? nodeEnd;
	console.log(section(`CPU profile of n8n's main process, ${run.spec.label} (--profile; sampled every 1 ms)`));
	console.log('The node, before the first call:\n' + summaryText(summarise(profile, run.nodeStart, firstCall, 20), run.spec.count));
	console.log('\nThe node, from the first call to its end:\n' + summaryText(summarise(profile, firstCall, nodeEnd, 15), run.spec.count));
}

async function closeSession(session: Session | undefined): Promise<void> {
	session?.inspector?.close();
	await stopBench(session?.bench);
}

function printHeader(versions: { versionCli: string; nodeJsVersion: string }, runner: string[]): void {
	console.log('Apollo Enrich in a real n8n (npm run bench:e2e:enrich)');
	console.log(stamp());
	console.log(machineText());
	console.log(
		`n8n ${versions.versionCli} (pinned ${N8N2.version}) on Node ${versions.nodeJsVersion}, SQLite, task runner internal; ` +
			'the package packed and installed as a community package.',
	);
	console.log(`Task runner: ${runner.join('; ') || '(none running)'}`);
	console.log('Workflow: Manual Trigger → Code (emits N people) → Apollo Enrich, with Email, First Name, Last Name,');
	console.log('Company Domain and LinkedIn URL mapped by {{ $json.… }}, every option at its default; each run has a');
	console.log("workflow of its own, so Skip People Enriched Before starts empty. One person in five is unknown to Apollo.");
	console.log(`Fake Apollo on 127.0.0.1 in its own process; latency ${LATENCY_MS} ms + 0–${JITTER_MS} ms jitter.`);
}

function baselineOf(sample: ScenarioFigures): Baseline {
	return { sample, perItemMs: sample.nodeMs / sample.spec.count };
}

function printFootnotes(baseline: Baseline): void {
	console.log(
		[
			'',
			`* baseline: Enrich with Max Concurrent Requests 1, Enrich Repeated Inputs Once and Skip People Enriched`,
			`  Before off, one people/match per item, one at a time. Its node time measured on ${num(baseline.sample.spec.count)} people (${seconds(baseline.sample.nodeMs)},`,
			`  ${num(baseline.perItemMs, 1)} ms per person) and extrapolated linearly; --baseline-sample ${num(SMALL)} runs it in full.`,
			'† the baseline also checks every item before its first call.',
			"‡ from /proc: user + system CPU of n8n's main process from the run's start until it is quiet again after the",
			'  last answer, minus its idle CPU measured for 3 s before the run. The bench watches the fake, not n8n, while',
			'  the run goes on: asking n8n for a run status costs its main process about 20 ms of CPU and MBs of garbage.',
			'  The task runner (Code node) is counted apart.',
		].join('\n'),
	);
}

async function main(): Promise<void> {
	const started = Date.now();
	checkPeopleCode(SMALL);
	if (LARGE > 0) checkPeopleCode(LARGE);
	const fake = await RemoteFake.start(Math.max(SMALL, LARGE), { seed: 7, rateLimits: {} });
	let session: Session | undefined;
	try {
		session = await openSession('bench-enrich-small', fake);
		printHeader(await session.bench.api.settings(), runnerCommands(session.bench));
		const small = await measure(session, fake, specs.small);
		const evaluated = await measure(session, fake, specs.evaluated);
		const baseline = baselineOf(await measure(session, fake, specs.baseline, { last: true }));
		await closeSession(session);
		session = undefined;

		let large: ScenarioFigures | undefined;
		if (LARGE > 0) {
			// A fresh n8n, so that the smaller runs' leftovers are not in its memory figures.
			session = await openSession('bench-enrich-large', fake);
			large = await measure(session, fake, specs.large, { last: true });
			await closeSession(session);
			session = undefined;
		}

		console.log(section(`${num(SMALL)} distinct people, Apollo's paid plan (1,000 calls a minute; not the constraint)`));
		console.log(scenarioTable(small, baseline));
		printFootnotes(baseline);
		console.log(section(`${num(SMALL)} distinct people, fields written {{ ($json.email) }} …: n8n's expression engine evaluates each`));
		console.log(scenarioTable(evaluated, baseline));
		if (large) {
			console.log(section(`${num(LARGE)} distinct people, ${num(WINDOW_LIMIT)} calls per ${num(WINDOW_MS / 1000)} s window (Apollo's paid-plan rate, scaled minute)`));
			console.log(scenarioTable(large));
		}
		console.log(section("Where n8n's main process spends its CPU"));
		console.log(cpuPhaseTable([small, evaluated, ...(large ? [large] : [])]));
		console.log(section('Goals (issue 13)'));
		console.log(goalsText(goals(small, baseline, large)));
		console.log(`\nBench took ${seconds(Date.now() - started)}.`);
	} finally {
		await closeSession(session);
		await fake.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
