/**
 * Running the node the way n8n does (a workflow through n8n-core, see test/harness) and measuring
 * the run: wall time, this process's CPU, peak memory, and what the fake's request log says.
 */
import { Session } from 'node:inspector/promises';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runWorkflow } from '../harness';
import type { LogEntry } from './fake-process';
import type { RemoteFake } from './remote-fake';

// The call-log readers moved to call-log.ts (the real-n8n bench uses them without n8n-core).
export { callFigures, windowFigures, type CallFigures, type WindowFigures } from './call-log';

const TRIGGER = 'Manual Trigger';
const ENRICH = 'Apollo Enrich';

/** The identifier fields mapped with expressions, as a user maps a sheet's columns. */
export const MAPPED_FIELDS: IDataObject = {
	email: '={{ $json.email }}',
	firstName: '={{ $json.first_name }}',
	lastName: '={{ $json.last_name }}',
	domain: '={{ $json.domain }}',
	linkedinUrl: '={{ $json.linkedin_url }}',
};

export interface RunFigures {
	items: number;
	errorItems: number;
	failed?: string;
	wallMs: number;
	cpuMs: number;
	peakRssMb: number;
	peakHeapMb: number;
	/** Heap still held once the run is over, with the output items alive (needs --expose-gc). */
	retainedHeapMb: number | null;
	log: LogEntry[];
}

function megabytes(bytes: number): number {
	return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

const collectGarbage = (globalThis as { gc?: () => void }).gc;

/**
 * Runs the workflow once. Memory is sampled only when asked: reading it costs CPU, which would
 * otherwise show up in the CPU figure.
 */
export async function runNode(
	fake: RemoteFake,
	parameters: IDataObject,
	records: IDataObject[],
	options: { sampleMemory: boolean } = { sampleMemory: false },
): Promise<RunFigures> {
	await fake.reset();
	collectGarbage?.();
	const before = process.memoryUsage();
	let peakRss = before.rss;
	let peakHeap = before.heapUsed;
	const sampler = options.sampleMemory
		? setInterval(() => {
				const now = process.memoryUsage();
				peakRss = Math.max(peakRss, now.rss);
				peakHeap = Math.max(peakHeap, now.heapUsed);
			}, 50)
		: undefined;
	const cpuBefore = process.cpuUsage();
	const started = performance.now();
	const result = await runWorkflow({
		workflow: {
			nodes: [
				{ id: 'trigger', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: 'enrich',
					name: ENRICH,
					type: 'n8n-nodes-apollo-enrich.apolloEnrich',
					typeVersion: 1,
					position: [200, 0],
					parameters: { resource: 'person', ...parameters },
					credentials: { apolloEnrichApi: { id: '1', name: 'Apollo (fake)' } },
					onError: 'continueRegularOutput',
				},
			],
			connections: { [TRIGGER]: { main: [[{ node: ENRICH, type: 'main', index: 0 }]] } },
			pinData: { [TRIGGER]: records.map((json) => ({ json })) },
			settings: { executionOrder: 'v1' },
		},
		credentials: { apolloEnrichApi: { apiKey: fake.apiKey, baseUrl: fake.url } },
	});
	const wallMs = performance.now() - started;
	const cpu = process.cpuUsage(cpuBefore);
	if (sampler) clearInterval(sampler);
	const end = process.memoryUsage();
	peakRss = Math.max(peakRss, end.rss);
	peakHeap = Math.max(peakHeap, end.heapUsed);
	const items: INodeExecutionData[] = result.error ? [] : result.output(ENRICH);
	collectGarbage?.();
	const retained = collectGarbage ? megabytes(process.memoryUsage().heapUsed - before.heapUsed) : null;
	return {
		items: items.length,
		errorItems: items.filter((item) => item.json.error !== undefined).length,
		failed: result.error?.message,
		wallMs,
		cpuMs: (cpu.user + cpu.system) / 1000,
		peakRssMb: megabytes(peakRss),
		peakHeapMb: megabytes(peakHeap),
		retainedHeapMb: retained,
		log: await fake.log(),
	};
}

/** Where sampled CPU time went, by who owns the code. */
export type CpuShare = Record<'node' | 'n8nExpressions' | 'n8nEngine' | 'http' | 'gc' | 'other', number>;

interface ProfileNode {
	id: number;
	callFrame: { url: string; functionName: string };
	children?: number[];
}

function ownerOf(url: string): keyof CpuShare | 'profiler' {
	if (url.startsWith('node:inspector')) return 'profiler';
	if (url.includes('/dist/nodes/ApolloEnrich/')) return 'node';
	if (/n8n-workflow\/dist\/cjs\/(expression|workflow-data-proxy|extensions)|\/luxon\/|@n8n\/tournament|jmespath/.test(url)) {
		return 'n8nExpressions';
	}
	if (/\/n8n-(core|workflow)\/|\/@n8n\/(?!backend-network)/.test(url)) return 'n8nEngine';
	if (/axios|follow-redirects|backend-network|proxy-from-env|form-data|\/qs\/|^node:(_http|http|net|events|url|internal\/(streams|stream_base|url))/.test(url)) {
		return 'http';
	}
	return 'other';
}

/**
 * The run under V8's sampling profiler, with its CPU split by owner: this package's compiled code,
 * n8n's expression engine, the rest of n8n, the HTTP stack. Native frames (socket calls, JSON
 * parsing) count for the code that called them. The profiler itself adds a little.
 */
export async function profiledRun(
	fake: RemoteFake,
	parameters: IDataObject,
	records: IDataObject[],
): Promise<{ run: RunFigures; share: CpuShare }> {
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.start');
	const run = await runNode(fake, parameters, records);
	const { profile } = (await session.post('Profiler.stop')) as {
		profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
	};
	session.disconnect();
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const parents = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
	const owner = (id: number): keyof CpuShare | 'profiler' | 'idle' => {
		const name = nodes.get(id)?.callFrame.functionName;
		if (name === '(idle)') return 'idle';
		if (name === '(garbage collector)') return 'gc';
		if (name === '(program)') return 'other';
		for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
			const url = nodes.get(at)?.callFrame.url ?? '';
			if (url !== '') return ownerOf(url);
		}
		return 'other';
	};
	const share: CpuShare = { node: 0, n8nExpressions: 0, n8nEngine: 0, http: 0, gc: 0, other: 0 };
	profile.samples.forEach((id, index) => {
		const who = owner(id);
		if (who !== 'idle' && who !== 'profiler') share[who] += (profile.timeDeltas[index] ?? 0) / 1000;
	});
	return { run, share };
}
