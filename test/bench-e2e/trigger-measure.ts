/**
 * One n8n 2.x for the trigger bench (one expression-engine set-up), its three workflows, and the
 * runs measured in it: the Apollo Webhook Trigger with 100 and with 10,000 remembered deliveries
 * and n8n's Webhook node, each sent the same deliveries, interleaved in rounds so that the load of
 * a shared machine falls on all three alike; then, optionally, a sustained minute and a growth run.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { installAll } from '../e2e/setup/install';
import { N8N2, NODE24_BIN } from '../e2e/setup/versions';
import { gracefulShutdown } from '../e2e/queue/support/left-running';
import { sleep, type SavedWorkflow } from '../e2e/support/n8n-api';
import { startInstance } from '../e2e/support/workflows';
import { combine, sendDeliveries, type LoadResult } from './trigger-load';
import { seededStaticData, writeStaticData } from './trigger-state';
import { apolloWorkflow, webhookWorkflow, type BenchWorkflow } from './trigger-workflows';
import { startBench, stopBench, type BenchInstance } from './support/bench-instance';
import { summarise, summaryText } from './support/cpu-profile';
import { Inspector } from './support/inspector';
import { descendantsOf, ProcSampler } from './support/proc-sampler';
import { freePort } from '../e2e/support/n8n-process';

export type ReceiverName = 'webhook' | 'apollo100' | 'apollo10k' | 'before100' | 'before10k';

export interface Variant {
	name: string;
	label: string;
	env: Record<string, string>;
}

export interface Bodies {
	seed100: string[];
	seed10k: string[];
	warmUp: string[];
	measured: string[];
	minute: string[];
	growth: string[];
	profiled: string[];
}

export interface VariantResult {
	variant: Variant;
	/** The before* receivers only with --before. */
	results: Record<'webhook' | 'apollo100' | 'apollo10k', LoadResult> & Partial<Record<ReceiverName, LoadResult>>;
	/** Whether a seeded delivery came back as a duplicate (the seeded state is live). */
	seededStateLive: boolean;
	minute?: LoadResult;
	/** 1,000-delivery blocks sent to a trigger that started empty. */
	growth?: LoadResult[];
	/** CPU profiles of n8n's main process (--profile), by receiver, as text. */
	profiles?: Partial<Record<ReceiverName, string>>;
	/** How long n8n's graceful shutdown took, and the executions it said it waited for. */
	shutdown: { ms: number; waitedFor: number };
}

export interface MeasureOptions {
	rounds: number;
	concurrency: number;
	minuteMs: number;
	growth: boolean;
	/** Another build of the package (e.g. main's) instead of this one's. */
	tarball?: string;
	/** Seed the state in version 1's form (for a build of before the packed form). */
	legacyState: boolean;
	/** Profile n8n's main process during extra runs (not the measured ones). */
	profile: boolean;
	/** An older build installed beside this one under another name, measured in the same rounds. */
	before?: string;
}

async function start(variant: Variant, tarball: string | undefined, inspectPort?: number): Promise<BenchInstance> {
	const name = `bench-trigger-${variant.name}`;
	const env = inspectPort === undefined ? variant.env : { ...variant.env, NODE_OPTIONS: `--inspect-port=127.0.0.1:${inspectPort}` };
	if (!tarball) return await startBench(name, env);
	await installAll();
	process.env.E2E_TARBALL = tarball;
	const instance = await startInstance(N8N2, NODE24_BIN, name, env);
	const mainPid = instance.n8n.pid as number;
	return { ...instance, mainPid, main: ProcSampler.of(mainPid).start(), runner: new ProcSampler(() => descendantsOf(mainPid)).start() };
}

interface Live {
	flow: BenchWorkflow;
	saved: SavedWorkflow;
	url: string;
}

/** Creates, seeds (before activation) and activates a workflow, and waits until it answers. */
async function deploy(bench: BenchInstance, flow: BenchWorkflow, staticData?: Record<string, unknown>): Promise<Live> {
	const saved = await bench.api.createWorkflow(flow.json);
	if (staticData) writeStaticData(bench.n8n.userFolder, saved.id, staticData);
	await bench.api.activate(saved, true);
	const url = `${bench.n8n.baseUrl}${flow.path}`;
	// Live once the trigger answers a call without a secret itself (401), or the Webhook node
	// anything but 404.
	const probe = flow.receiver === 'apollo' ? url.replace(/\/apollo\/[^/]+$/, '/apollo') : url;
	const deadline = Date.now() + 60_000;
	for (;;) {
		const response = await fetch(probe, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"probe":true}' }).catch(() => undefined);
		if (response && response.status !== 404) break;
		if (Date.now() > deadline) throw new Error(`${flow.json.name} not live after 60 s`);
		await sleep(250);
	}
	return { flow, saved, url };
}

/**
 * Installs an older build of the package beside this one, as `n8n-nodes-apollo-enrich-before`
 * (its own node types), and restarts n8n so that it loads both; returns the restarted instance.
 */
async function installBefore(bench: BenchInstance, tarball: string): Promise<BenchInstance> {
	const nodesDir = path.join(bench.n8n.userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', BEFORE_PACKAGE);
	fs.mkdirSync(target, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
	const manifest = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8')) as Record<string, unknown>;
	delete manifest.devDependencies;
	delete manifest.peerDependencies;
	fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify({ ...manifest, name: BEFORE_PACKAGE }, null, 2));
	const installed = JSON.parse(fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
	installed.dependencies[BEFORE_PACKAGE] = String(manifest.version);
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify(installed, null, 2));
	bench.main.stop();
	bench.runner.stop();
	await bench.n8n.restart();
	await bench.api.logIn();
	const mainPid = bench.n8n.pid as number;
	return { ...bench, mainPid, main: ProcSampler.of(mainPid).start(), runner: new ProcSampler(() => descendantsOf(mainPid)).start() };
}

const BEFORE_PACKAGE = 'n8n-nodes-apollo-enrich-before';

async function send(bench: BenchInstance, url: string, bodies: readonly string[], options: MeasureOptions, durationMs?: number): Promise<LoadResult> {
	return await sendDeliveries({ url, bodies, concurrency: options.concurrency, samplers: [bench.main, bench.runner], durationMs });
}


/** Where n8n's main process spends its time on these deliveries (slower while profiled). */
async function profileRuns(bench: BenchInstance, port: number, live: Record<'webhook' | 'apollo10k', Live>, bodies: readonly string[], options: MeasureOptions) {
	const inspector = await Inspector.attach(bench.mainPid, port);
	const profiles: Partial<Record<ReceiverName, string>> = {};
	try {
		for (const receiver of ['webhook', 'apollo10k'] as const) {
			await inspector.startProfiling(1000);
			const from = Date.now();
			await send(bench, live[receiver].url, bodies, options);
			const to = Date.now();
			profiles[receiver] = summaryText(summarise(await inspector.stopProfiling(), from, to, 20), bodies.length);
		}
	} finally {
		inspector.close();
	}
	return profiles;
}

export async function measureVariant(variant: Variant, bodies: Bodies, options: MeasureOptions): Promise<VariantResult> {
	const inspectPort = options.profile ? await freePort() : undefined;
	let bench = await start(variant, options.tarball, inspectPort);
	let shutdown: VariantResult['shutdown'] = { ms: 0, waitedFor: 0 };
	try {
		if (options.before) bench = await installBefore(bench, options.before);
		const format = { legacyFormat: options.legacyState };
		const live: Partial<Record<ReceiverName, Live>> & Record<'webhook' | 'apollo100' | 'apollo10k', Live> = {
			webhook: await deploy(bench, webhookWorkflow('Bench: n8n Webhook node')),
			apollo100: await deploy(bench, apolloWorkflow('Bench: Apollo trigger, 100 keys'), seededStaticData(bodies.seed100, format)),
			apollo10k: await deploy(bench, apolloWorkflow('Bench: Apollo trigger, 10,000 keys'), seededStaticData(bodies.seed10k, format)),
		};
		if (options.before) {
			const node = { type: `${BEFORE_PACKAGE}.apolloWebhookTrigger`, typeVersion: 1 };
			const legacyFormat = { legacyFormat: true };
			live.before100 = await deploy(bench, apolloWorkflow('Bench: before, 100 keys', node), seededStaticData(bodies.seed100, legacyFormat));
			live.before10k = await deploy(bench, apolloWorkflow('Bench: before, 10,000 keys', node), seededStaticData(bodies.seed10k, legacyFormat));
		}
		const seededAgain = await send(bench, live.apollo10k.url, [bodies.seed10k[bodies.seed10k.length - 1]], options);
		const seededStateLive = seededAgain.duplicates === 1;
		const receivers = Object.keys(live) as ReceiverName[];
		const urlOf = (receiver: ReceiverName) => (live[receiver] as Live).url;
		for (const receiver of receivers) await send(bench, urlOf(receiver), bodies.warmUp, options);

		const runs: Partial<Record<ReceiverName, LoadResult[]>> = {};
		const perRound = Math.floor(bodies.measured.length / options.rounds);
		for (let round = 0; round < options.rounds; round++) {
			const slice = bodies.measured.slice(round * perRound, (round + 1) * perRound);
			// A different order each round, so no receiver always runs first or last.
			const order = receivers.map((_, index) => receivers[(index + round) % receivers.length]);
			for (const receiver of order) (runs[receiver] ??= []).push(await send(bench, urlOf(receiver), slice, options));
		}
		const combined = Object.fromEntries(receivers.map((receiver) => [receiver, combine(runs[receiver] ?? [])]));
		const result: VariantResult = {
			variant,
			results: combined as VariantResult['results'],
			seededStateLive,
			shutdown,
		};
		if (inspectPort !== undefined) result.profiles = await profileRuns(bench, inspectPort, live, bodies.profiled, options);
		if (options.minuteMs > 0) result.minute = await send(bench, live.apollo10k.url, bodies.minute, options, options.minuteMs);
		if (options.growth) {
			const empty = await deploy(bench, apolloWorkflow('Bench: Apollo trigger, growing'));
			result.growth = [];
			for (let block = 0; block * 1_000 < bodies.growth.length; block++) {
				result.growth.push(await send(bench, empty.url, bodies.growth.slice(block * 1_000, (block + 1) * 1_000), options));
			}
		}
		// Let the last runs finish before the shutdown is timed: it should then wait for nothing.
		await sleep(3_000);
		const report = await gracefulShutdown(bench.n8n);
		shutdown = { ms: report.ms, waitedFor: report.waitedFor };
		return { ...result, shutdown };
	} finally {
		await stopBench(bench);
	}
}
